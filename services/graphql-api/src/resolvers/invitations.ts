// Invitations by username or email, and requests to join working groups. Who may invite is the
// domain's role table: whoever manages a paper's collaborators, whoever administers a group.
import {
  badInput,
  closeInvitation,
  conflict,
  decideJoinRequest,
  forbidden,
  type GroupActivityEvent,
  type Invitation,
  type InvitationTarget,
  type InviteeKind,
  invitationExpiry,
  invitationRole,
  invitationStatus,
  isDomainError,
  isOpenInvitation,
  type JoinRequest,
  joinRequestMessage,
  newId,
  normaliseInvitee,
  notFound,
  unauthenticated,
} from "@accord/domain";
import { acceptInvitation, invitationNames, openInvitationsOf } from "@accord/identity";
import { groupFor, paperFor } from "../access.ts";
import type { RequestContext } from "../context.ts";
import type {
  InvitationResolvers,
  JoinRequestResolvers,
  MutationResolvers,
  QueryResolvers,
} from "../generated/resolvers.ts";
import { pageRequest, toConnection } from "../paging.ts";
import { notifyInvitation } from "./inbox.ts";
import { recordActivity, recordGroupActivity } from "./input.ts";

const DAY_MS = 86_400_000;

/** Exactly one of username and email, normalised. */
function inviteeOf(input: {
  username?: string | null | undefined;
  email?: string | null | undefined;
}): { kind: InviteeKind; invitee: string } {
  const username = input.username?.trim() || null;
  const email = input.email?.trim() || null;
  if ((username === null) === (email === null)) {
    throw badInput("username", "Give either a username or an email address (one of them).");
  }
  return username !== null
    ? { kind: "USERNAME", invitee: normaliseInvitee("USERNAME", username) }
    : { kind: "EMAIL", invitee: normaliseInvitee("EMAIL", email ?? "") };
}

/** May the caller manage this target (invite, revoke, see email addresses)? Throws otherwise. */
async function manageTarget(context: RequestContext, target: InvitationTarget, targetId: string) {
  if (target === "PAPER") return (await paperFor(context, targetId, "manageCollaborators")).actor;
  return (await groupFor(context, targetId, "administer")).actor;
}

async function mayManageTarget(context: RequestContext, invitation: Invitation) {
  try {
    await manageTarget(context, invitation.target, invitation.targetId);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

/** Invitations are recorded in the paper's feed, or in the group's own feed. */
async function recordInvitationActivity(
  context: RequestContext,
  invitation: Invitation,
  kind: GroupActivityEvent["kind"],
) {
  // Email addresses are personal data: the feed says only that one was used.
  const detail = {
    invitationId: invitation.id,
    role: invitation.role,
    inviteeKind: invitation.inviteeKind,
    invitee: invitation.inviteeKind === "USERNAME" ? invitation.invitee : null,
  };
  if (invitation.target === "PAPER") {
    await recordActivity(context, invitation.targetId, kind, detail);
    return;
  }
  await recordGroupActivity(context, invitation.targetId, kind, detail);
}

async function invite(
  context: RequestContext,
  target: InvitationTarget,
  targetId: string,
  input: {
    username?: string | null | undefined;
    email?: string | null | undefined;
    role: string;
    expiresInDays?: number | null | undefined;
  },
): Promise<Invitation> {
  const viewer = await context.requireViewer();
  await manageTarget(context, target, targetId);
  const role = invitationRole(target, input.role);
  const { kind, invitee } = inviteeOf(input);
  const now = context.now();
  const expiresAt = invitationExpiry(
    now,
    input.expiresInDays === null || input.expiresInDays === undefined
      ? undefined
      : input.expiresInDays * DAY_MS,
  );
  // A local username is the member's subject: someone already in is said so, not invited.
  if (kind === "USERNAME") {
    const existing = await context.store.members.getBySubject(invitee);
    const already =
      existing &&
      (target === "PAPER"
        ? await context.store.collaborators.get(targetId, existing.id)
        : await context.store.workingGroups.getMembership(targetId, existing.id));
    if (already) {
      throw conflict(
        target === "PAPER"
          ? `${invitee} is already a collaborator on this paper.`
          : `${invitee} is already a member of this working group.`,
      );
    }
  }
  const invitation: Invitation = {
    id: newId(),
    target,
    targetId,
    role,
    inviteeKind: kind,
    invitee,
    status: "PENDING",
    invitedBy: viewer.id,
    expiresAt,
    acceptedBy: null,
    closedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await context.store.invitations.create(invitation);
  await recordInvitationActivity(context, invitation, "INVITATION_SENT");
  await notifyInvitation(context, invitation);
  return invitation;
}

const pendingOnly = (context: RequestContext, list: Invitation[], includeClosed: boolean) =>
  includeClosed ? list : list.filter((i) => isOpenInvitation(i, context.now()));

async function joinRequestFor(context: RequestContext, id: string): Promise<JoinRequest> {
  await context.requireViewer();
  const request = await context.store.joinRequests.get(id);
  if (!request) throw notFound("join request", id);
  return request;
}

export const invitationQueries: Pick<
  QueryResolvers,
  | "paperInvitations"
  | "workingGroupInvitations"
  | "myInvitations"
  | "joinRequests"
  | "myJoinRequests"
  | "workingGroupActivity"
> = {
  async paperInvitations(_parent, { paperId, includeClosed }, context) {
    const { paper } = await paperFor(context, paperId, "manageCollaborators");
    const list = await context.store.invitations.listByTarget("PAPER", paper.id);
    return pendingOnly(context, list, includeClosed ?? false);
  },
  async workingGroupInvitations(_parent, { workingGroupId, includeClosed }, context) {
    const { group } = await groupFor(context, workingGroupId, "administer");
    const list = await context.store.invitations.listByTarget("WORKING_GROUP", group.id);
    return pendingOnly(context, list, includeClosed ?? false);
  },
  async myInvitations(_parent, _args, context) {
    await context.requireViewer();
    if (!context.identity) return [];
    return openInvitationsOf(context.store, context.identity, context.now());
  },
  async joinRequests(_parent, { workingGroupId, status }, context) {
    const { group } = await groupFor(context, workingGroupId, "administer");
    const list = await context.store.joinRequests.listByGroup(group.id);
    return status ? list.filter((r) => r.status === status) : list;
  },
  async myJoinRequests(_parent, _args, context) {
    const viewer = await context.requireViewer();
    return context.store.joinRequests.listByMember(viewer.id);
  },
  async workingGroupActivity(_parent, args, context) {
    const { group } = await groupFor(context, args.workingGroupId, "read");
    return toConnection(
      await context.store.activity.listByGroup(group.id, pageRequest(context.limits.graphql, args)),
    );
  },
};

export const invitationMutations: Pick<
  MutationResolvers,
  | "inviteCollaborator"
  | "inviteGroupMember"
  | "revokeInvitation"
  | "acceptInvitation"
  | "requestToJoinGroup"
  | "decideJoinRequest"
  | "withdrawJoinRequest"
> = {
  inviteCollaborator: (_parent, { input }, context) =>
    invite(context, "PAPER", input.paperId, { ...input, role: input.role ?? "VIEWER" }),
  inviteGroupMember: (_parent, { input }, context) =>
    invite(context, "WORKING_GROUP", input.workingGroupId, {
      ...input,
      role: input.role ?? "MEMBER",
    }),

  async revokeInvitation(_parent, { id }, context) {
    const viewer = await context.requireViewer();
    const invitation = await context.store.invitations.get(id);
    if (!invitation) throw notFound("invitation", id);
    if (invitation.invitedBy !== viewer.id) {
      // Someone who may not even see the target learns nothing about the invitation.
      try {
        await manageTarget(context, invitation.target, invitation.targetId);
      } catch (error) {
        if (isDomainError(error) && error.code === "FORBIDDEN") {
          throw forbidden(
            "Only the inviter, the paper's LEADs or the group's conveners can revoke it.",
          );
        }
        if (isDomainError(error) && error.code === "NOT_FOUND") throw notFound("invitation", id);
        throw error;
      }
    }
    const revoked = closeInvitation(invitation, "REVOKED", context.now());
    await context.store.invitations.update(revoked);
    await recordInvitationActivity(context, revoked, "INVITATION_REVOKED");
    return revoked;
  },

  async acceptInvitation(_parent, { id }, context) {
    const viewer = await context.requireViewer();
    if (!context.identity) throw unauthenticated();
    const invitation = await context.store.invitations.get(id);
    // An invitation for someone else is not the caller's business.
    if (!invitation || !invitationNames(invitation, context.identity)) {
      throw notFound("invitation", id);
    }
    const accepted = await acceptInvitation(context.store, invitation, viewer.id, context.now());
    if (!accepted) throw conflict("This invitation was closed meanwhile; reload it.");
    context.loaders.collaboratorsByPaper.clear(invitation.targetId);
    context.loaders.membershipsByGroup.clear(invitation.targetId);
    return accepted;
  },

  async requestToJoinGroup(_parent, { input }, context) {
    const { group, groupRole, actor } = await groupFor(context, input.workingGroupId, "read");
    if (groupRole !== null) throw conflict("You are already a member of this working group.");
    const now = context.now();
    const request: JoinRequest = {
      id: newId(),
      workingGroupId: group.id,
      memberId: actor.memberId,
      message: joinRequestMessage(input.message),
      status: "PENDING",
      decidedBy: null,
      decidedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await context.store.joinRequests.create(request);
    await recordGroupActivity(context, group.id, "JOIN_REQUESTED", { joinRequestId: request.id });
    return request;
  },

  async decideJoinRequest(_parent, { input }, context) {
    const request = await joinRequestFor(context, input.id);
    const { group, actor } = await groupFor(context, request.workingGroupId, "administer");
    const decided = decideJoinRequest(
      request,
      input.approve ? "APPROVED" : "DECLINED",
      actor.memberId,
      context.now(),
    );
    // The decision is written first: of two conveners deciding at once, exactly one wins.
    await context.store.joinRequests.update(decided);
    if (decided.status === "APPROVED") {
      try {
        await context.store.workingGroups.addMembership({
          workingGroupId: group.id,
          memberId: request.memberId,
          role: "MEMBER",
          addedAt: context.now(),
        });
      } catch (error) {
        // Added meanwhile (an invitation, a convener): they are in, which is what was asked.
        if (!isDomainError(error) || error.code !== "CONFLICT") throw error;
      }
      context.loaders.membershipsByGroup.clear(group.id);
    }
    await recordGroupActivity(
      context,
      group.id,
      decided.status === "APPROVED" ? "JOIN_REQUEST_APPROVED" : "JOIN_REQUEST_DECLINED",
      { joinRequestId: request.id, memberId: request.memberId },
    );
    return decided;
  },

  async withdrawJoinRequest(_parent, { id }, context) {
    const viewer = await context.requireViewer();
    const request = await joinRequestFor(context, id);
    if (request.memberId !== viewer.id) {
      throw forbidden("Only the member who asked can withdraw a join request.");
    }
    const withdrawn = decideJoinRequest(request, "WITHDRAWN", viewer.id, context.now());
    await context.store.joinRequests.update(withdrawn);
    await recordGroupActivity(context, request.workingGroupId, "JOIN_REQUEST_WITHDRAWN", {
      joinRequestId: request.id,
    });
    return withdrawn;
  },
};

export const invitationFields: InvitationResolvers = {
  async targetName(invitation, _args, context) {
    if (invitation.target === "PAPER") {
      return (await context.loaders.papers.load(invitation.targetId))?.title ?? "";
    }
    return (await context.loaders.workingGroups.load(invitation.targetId))?.name ?? "";
  },
  paperRole: (i) => (i.target === "PAPER" ? (i.role as "LEAD") : null),
  groupRole: (i) => (i.target === "WORKING_GROUP" ? (i.role as "MEMBER") : null),
  async invitee(invitation, _args, context) {
    if (invitation.inviteeKind === "USERNAME") return invitation.invitee;
    const viewer = await context.viewer();
    if (!viewer) return null;
    if (invitation.invitedBy === viewer.id) return invitation.invitee;
    if (context.identity && invitationNames(invitation, context.identity))
      return invitation.invitee;
    return (await mayManageTarget(context, invitation)) ? invitation.invitee : null;
  },
  status: (invitation, _args, context) => invitationStatus(invitation, context.now()),
  invitedBy: (i, _args, context) => context.loaders.members.load(i.invitedBy),
  acceptedBy: (i, _args, context) =>
    i.acceptedBy ? context.loaders.members.load(i.acceptedBy) : null,
};

export const joinRequestFields: JoinRequestResolvers = {
  async workingGroup(request, _args, context) {
    const group = await context.loaders.workingGroups.load(request.workingGroupId);
    if (!group) throw notFound("working group", request.workingGroupId);
    return group;
  },
  async member(request, _args, context) {
    const member = await context.loaders.members.load(request.memberId);
    if (!member) throw notFound("member", request.memberId);
    return member;
  },
  decidedBy: (r, _args, context) =>
    r.decidedBy ? context.loaders.members.load(r.decidedBy) : null,
};
