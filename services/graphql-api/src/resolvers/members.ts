// Members: the caller's own profile, the directory, and coordinators.
import {
  badInput,
  COMMUNITIES,
  countryCode,
  type Member,
  notFound,
  oneOf,
  TEXT_LIMITS,
  text,
} from "@accord/domain";
import type { RequestContext } from "../context.ts";
import type { MemberResolvers, MutationResolvers, QueryResolvers } from "../generated/resolvers.ts";
import { loadExisting } from "../loaders.ts";
import { pageRequest, toConnection } from "../paging.ts";
import { refreshPagesOfAuthor } from "../publication.ts";
import { notNull, searchText, topicIds } from "./input.ts";

export const memberQueries: Pick<QueryResolvers, "me" | "member" | "members" | "coordinators"> = {
  me: (_parent, _args, context) => context.viewer(),
  async member(_parent, { id }, context) {
    await context.requireViewer();
    const member = await context.loaders.members.load(id);
    if (!member) throw notFound("member", id);
    return member;
  },
  async members(_parent, args, context) {
    await context.requireViewer();
    const search = searchText(args.search);
    const page = await context.store.members.list(
      { search },
      pageRequest(context.limits.graphql, args),
    );
    for (const member of page.items) context.loaders.members.prime(member.id, member);
    return toConnection(page);
  },
  async coordinators(_parent, _args, context) {
    await context.requireViewer();
    return listCoordinators(context);
  },
};

/**
 * Coordinators are few; the member port has no role index, so this walks the directory in
 * its largest pages. Fine for thousands of members; an index is the next step beyond that.
 */
async function listCoordinators(context: RequestContext): Promise<Member[]> {
  const coordinators: Member[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await context.store.members.list(
      {},
      { first: context.limits.graphql.maxPageSize, after },
    );
    coordinators.push(...page.items.filter((m) => m.platformRole === "COORDINATOR"));
    if (!page.hasNextPage) return coordinators;
    after = page.cursors.at(-1) ?? null;
  }
}

export const memberMutations: Pick<MutationResolvers, "updateMe"> = {
  async updateMe(_parent, { input }, context) {
    const member = await context.requireViewer();
    if (Object.keys(input).length === 0) {
      throw badInput("input", "Give at least one field to change.");
    }
    const displayName = notNull("displayName", input.displayName);
    const next: Member = {
      ...member,
      displayName:
        displayName === undefined
          ? member.displayName
          : text("displayName", displayName, TEXT_LIMITS.displayName),
      affiliation:
        input.affiliation === undefined
          ? member.affiliation
          : input.affiliation === null
            ? null
            : text("affiliation", input.affiliation, TEXT_LIMITS.affiliation) || null,
      country:
        input.country === undefined
          ? member.country
          : input.country === null || input.country.trim() === ""
            ? null
            : countryCode("country", input.country),
      community:
        input.community === undefined
          ? member.community
          : input.community === null
            ? null
            : oneOf("community", input.community, COMMUNITIES),
      expertiseTopicIds:
        input.expertiseTopicIds === undefined
          ? member.expertiseTopicIds
          : await topicIds(context, "expertiseTopicIds", input.expertiseTopicIds),
      version: member.version + 1,
      updatedAt: context.now(),
    };
    await context.store.members.update(next);
    context.loaders.members.clear(next.id).prime(next.id, next);
    if (next.displayName !== member.displayName || next.affiliation !== member.affiliation) {
      // Authors are named, with their affiliation, on published papers' public pages.
      await refreshPagesOfAuthor(context, next.id);
    }
    return next;
  },
};

export const memberFields: MemberResolvers = {
  async expertise(member, _args, context) {
    return loadExisting(context.loaders.topics, member.expertiseTopicIds);
  },
  async workingGroups(member, _args, context) {
    const viewer = await context.viewer();
    if (!viewer || (viewer.id !== member.id && viewer.platformRole !== "COORDINATOR")) return [];
    return context.store.workingGroups.listGroupsOfMember(member.id);
  },
};
