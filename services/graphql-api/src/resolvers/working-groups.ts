// Working groups: the teams papers belong to. Conveners and coordinators administer them.
import {
  conflict,
  decideWorkingGroupAction,
  longText,
  newId,
  notFound,
  oneOf,
  TEXT_LIMITS,
  text,
  WORKING_GROUP_ROLES,
  type WorkingGroup,
  type WorkingGroupMembership,
  type WorkingGroupRole,
} from "@accord/domain";
import { groupFor, groupRoleOf } from "../access.ts";
import type { RequestContext } from "../context.ts";
import type {
  MutationResolvers,
  QueryResolvers,
  WorkingGroupMembershipResolvers,
  WorkingGroupResolvers,
} from "../generated/resolvers.ts";
import { loadExisting } from "../loaders.ts";
import { pageRequest, toConnection } from "../paging.ts";
import { expectVersion, notNull, recordGroupActivity, topicIds } from "./input.ts";
import { visiblePapers } from "./papers.ts";

export const workingGroupQueries: Pick<QueryResolvers, "workingGroups" | "workingGroup"> = {
  async workingGroups(_parent, args, context) {
    await context.requireViewer();
    const page = await context.store.workingGroups.list(pageRequest(context.limits.graphql, args));
    for (const group of page.items) context.loaders.workingGroups.prime(group.id, group);
    return toConnection(page);
  },
  async workingGroup(_parent, { id }, context) {
    return (await groupFor(context, id, "read")).group;
  },
};

export const workingGroupMutations: Pick<
  MutationResolvers,
  | "createWorkingGroup"
  | "updateWorkingGroup"
  | "addWorkingGroupMember"
  | "changeWorkingGroupMemberRole"
  | "removeWorkingGroupMember"
> = {
  async createWorkingGroup(_parent, { input }, context) {
    const creator = await context.requireViewer();
    const now = context.now();
    const group: WorkingGroup = {
      id: newId(),
      name: text("name", input.name, TEXT_LIMITS.workingGroupName),
      description: longText(
        "description",
        input.description ?? "",
        TEXT_LIMITS.workingGroupDescription,
      ),
      topicIds: await topicIds(context, "topicIds", input.topicIds),
      createdBy: creator.id,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await context.store.workingGroups.create(group, {
      workingGroupId: group.id,
      memberId: creator.id,
      role: "CONVENER",
      addedAt: now,
    });
    context.loaders.workingGroups.prime(group.id, group);
    await recordGroupActivity(context, group.id, "GROUP_CREATED", { name: group.name });
    return group;
  },

  async updateWorkingGroup(_parent, { input }, context) {
    const { group } = await groupFor(context, input.id, "administer");
    expectVersion("working group", group, input.expectedVersion);
    const name = notNull("name", input.name);
    const description = notNull("description", input.description);
    const next: WorkingGroup = {
      ...group,
      name: name === undefined ? group.name : text("name", name, TEXT_LIMITS.workingGroupName),
      description:
        description === undefined
          ? group.description
          : longText("description", description, TEXT_LIMITS.workingGroupDescription),
      topicIds:
        input.topicIds === undefined
          ? group.topicIds
          : await topicIds(context, "topicIds", input.topicIds),
      version: group.version + 1,
      updatedAt: context.now(),
    };
    const changed = (["name", "description", "topicIds"] as const).filter(
      (field) => JSON.stringify(next[field]) !== JSON.stringify(group[field]),
    );
    await context.store.workingGroups.update(next);
    context.loaders.workingGroups.clear(next.id).prime(next.id, next);
    if (changed.length > 0) {
      await recordGroupActivity(context, group.id, "GROUP_UPDATED", {
        fields: changed.join(","),
        ...(changed.includes("name") ? { from: group.name, name: next.name } : {}),
      });
    }
    return next;
  },

  async addWorkingGroupMember(_parent, { input }, context) {
    const { group } = await groupFor(context, input.workingGroupId, "administer");
    const role = oneOf("role", input.role ?? "MEMBER", WORKING_GROUP_ROLES);
    const member = await context.loaders.members.load(input.memberId);
    if (!member) throw notFound("member", input.memberId);
    await context.store.workingGroups.addMembership({
      workingGroupId: group.id,
      memberId: member.id,
      role,
      addedAt: context.now(),
    });
    context.loaders.membershipsByGroup.clear(group.id);
    await recordGroupActivity(context, group.id, "GROUP_MEMBER_ADDED", {
      memberId: member.id,
      role,
    });
    return group;
  },

  async changeWorkingGroupMemberRole(_parent, { input }, context) {
    const { group } = await groupFor(context, input.workingGroupId, "administer");
    const role = oneOf("role", input.role, WORKING_GROUP_ROLES);
    const memberships = await context.loaders.membershipsByGroup.load(group.id);
    const membership = findMembership(memberships, input.memberId);
    if (membership.role === role) return group;
    if (role !== "CONVENER") keepAConvener(memberships, membership);
    await context.store.workingGroups.setMembershipRole(group.id, membership.memberId, role);
    context.loaders.membershipsByGroup.clear(group.id);
    await recordGroupActivity(context, group.id, "GROUP_MEMBER_ROLE_CHANGED", {
      memberId: membership.memberId,
      from: membership.role,
      to: role,
    });
    return group;
  },

  async removeWorkingGroupMember(_parent, { input }, context) {
    const viewer = await context.requireViewer();
    const leaving = input.memberId === viewer.id;
    const { group } = await groupFor(
      context,
      input.workingGroupId,
      leaving ? "read" : "administer",
    );
    const memberships = await context.loaders.membershipsByGroup.load(group.id);
    const membership = findMembership(memberships, input.memberId);
    keepAConvener(memberships, membership);
    await context.store.workingGroups.removeMembership(group.id, membership.memberId);
    context.loaders.membershipsByGroup.clear(group.id);
    await recordGroupActivity(context, group.id, "GROUP_MEMBER_REMOVED", {
      memberId: membership.memberId,
      role: membership.role,
      left: leaving,
    });
    return group;
  },
};

function findMembership(
  memberships: readonly WorkingGroupMembership[],
  memberId: string,
): WorkingGroupMembership {
  const membership = memberships.find((m) => m.memberId === memberId);
  if (!membership) throw notFound("member in this working group", memberId);
  return membership;
}

/** A group keeps at least one convener, so somebody can always administer it. */
function keepAConvener(
  memberships: readonly WorkingGroupMembership[],
  leaving: WorkingGroupMembership,
) {
  if (leaving.role !== "CONVENER") return;
  if (memberships.filter((m) => m.role === "CONVENER").length > 1) return;
  throw conflict("A working group keeps at least one convener; make someone else convener first.");
}

async function viewerGroupRole(
  context: RequestContext,
  group: WorkingGroup,
): Promise<WorkingGroupRole | null> {
  const viewer = await context.viewer();
  return viewer ? groupRoleOf(context, group.id, viewer.id) : null;
}

export const workingGroupFields: WorkingGroupResolvers = {
  async topics(group, _args, context) {
    return loadExisting(context.loaders.topics, group.topicIds);
  },
  createdBy: (group, _args, context) => context.loaders.members.load(group.createdBy),
  memberships: (group, _args, context) => context.loaders.membershipsByGroup.load(group.id),
  async conveners(group, _args, context) {
    const memberships = await context.loaders.membershipsByGroup.load(group.id);
    return loadExisting(
      context.loaders.members,
      memberships.filter((m) => m.role === "CONVENER").map((m) => m.memberId),
    );
  },
  viewerRole: (group, _args, context) => viewerGroupRole(context, group),
  async viewerCanAdminister(group, _args, context) {
    const actor = await context.actor();
    const role = await viewerGroupRole(context, group);
    return decideWorkingGroupAction(actor, role, "administer") === "ALLOW";
  },
  async viewerCanCreatePaper(group, _args, context) {
    const actor = await context.actor();
    const role = await viewerGroupRole(context, group);
    return decideWorkingGroupAction(actor, role, "createPaper") === "ALLOW";
  },
  papers: (group, args, context) =>
    visiblePapers(context, { ...args.filter, workingGroupId: group.id }, args),
};

export const membershipFields: WorkingGroupMembershipResolvers = {
  async workingGroup(membership, _args, context) {
    const group = await context.loaders.workingGroups.load(membership.workingGroupId);
    if (!group) throw notFound("working group", membership.workingGroupId);
    return group;
  },
  async member(membership, _args, context) {
    const member = await context.loaders.members.load(membership.memberId);
    if (!member) throw notFound("member", membership.memberId);
    return member;
  },
};
