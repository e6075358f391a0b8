// Exports: a paper as a Markdown, HTML, DOCX or PDF file behind a short-lived download link.
import { exportPaper } from "../exports/paper-export.ts";
import type { MutationResolvers } from "../generated/resolvers.ts";

export const exportMutations: Pick<MutationResolvers, "exportPaper"> = {
  async exportPaper(_parent, args, context) {
    if (!context.exports) {
      throw new Error("This server was started without a place for exports (Exports).");
    }
    return exportPaper(context, context.exports, {
      paperId: args.paperId,
      format: args.format,
      includeComments: args.includeComments ?? false,
    });
  },
};
