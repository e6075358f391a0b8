// Exports: a paper as a Markdown, HTML, DOCX or PDF file behind a short-lived download link.
import { badInput } from "@accord/domain";
import type { RequestContext } from "../context.ts";
import { exportPaper } from "../exports/paper-export.ts";
import type { MutationResolvers } from "../generated/resolvers.ts";

/**
 * Requests that already exported: an export may take seconds of CPU, and one operation could
 * otherwise alias exportPaper hundreds of times within its cost limit.
 */
const exported = new WeakSet<RequestContext>();

export const exportMutations: Pick<MutationResolvers, "exportPaper"> = {
  async exportPaper(_parent, args, context) {
    if (!context.exports) {
      throw new Error("This server was started without a place for exports (Exports).");
    }
    if (exported.has(context)) {
      throw badInput("exportPaper", "One export per request: send each export on its own.");
    }
    exported.add(context);
    return exportPaper(context, context.exports, {
      paperId: args.paperId,
      format: args.format,
      includeComments: args.includeComments ?? false,
    });
  },
};
