// Exports: a paper as a Markdown, HTML, DOCX or PDF file behind a short-lived download link.
import { badInput, unavailable } from "@accord/domain";
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
      // A deployment without a place for the files (no exports bucket): say so, not a masked
      // internal error, and leave the operator a trace.
      context.logger.warn("exportPaper refused: exports are not configured", {
        requestId: context.requestId,
      });
      throw unavailable("Exports are not configured on this server.", { feature: "exports" });
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
