// The activity feed of a paper, newest first.
import type { ActivityEventResolvers, PositionPaperResolvers } from "../generated/resolvers.ts";
import { pageRequest, toConnection } from "../paging.ts";

export const activityPaperFields: Pick<PositionPaperResolvers, "activity"> = {
  async activity(paper, args, context) {
    return toConnection(
      await context.store.activity.listByPaper(paper.id, pageRequest(context.limits.graphql, args)),
    );
  },
};

export const activityFields: ActivityEventResolvers = {
  actor: (event, _args, context) => context.loaders.members.load(event.actorId),
  details: (event) =>
    Object.entries(event.detail).map(([name, value]) => ({
      name,
      value: value === null ? null : String(value),
    })),
};
