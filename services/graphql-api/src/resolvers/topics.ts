import { notFound } from "@accord/domain";
import type { QueryResolvers } from "../generated/resolvers.ts";

export const topicQueries: Pick<QueryResolvers, "topics" | "topic"> = {
  topics: (_parent, _args, context) => context.loaders.allTopics(),
  async topic(_parent, { id }, context) {
    const topic = await context.loaders.topics.load(id);
    if (!topic) throw notFound("topic", id);
    return topic;
  },
};
