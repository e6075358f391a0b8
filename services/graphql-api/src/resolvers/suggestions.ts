// Open suggestions (track changes), read from the paper's live document as stored.
import type { OpenSuggestion } from "@accord/collab";
import { documentOf } from "../documents.ts";
import type { PositionPaperResolvers, SuggestionResolvers } from "../generated/resolvers.ts";

export const suggestionPaperFields: Pick<PositionPaperResolvers, "suggestions"> = {
  suggestions: async (paper, _args, context) => (await documentOf(context, paper.id)).suggestions(),
};

/** The document holds what its editors wrote: an instant that does not parse reads as 1970. */
function instant(at: string): string {
  const time = Date.parse(at);
  return new Date(Number.isNaN(time) ? 0 : time).toISOString();
}

export const suggestionFields: SuggestionResolvers = {
  author: (suggestion: OpenSuggestion, _args, context) =>
    context.loaders.members.load(suggestion.author),
  createdAt: (suggestion) => instant(suggestion.at),
};
