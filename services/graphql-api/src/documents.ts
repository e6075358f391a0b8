// What GraphQL needs from the live documents, as one seam: the content of a paper, snapshots
// for named versions, the edit that restores one, and comment anchors over the current text.
import type { OpenSuggestion, PaperContent } from "@accord/collab";
import type { CommentAnchor } from "@accord/domain";
import type { RequestContext } from "./context.ts";

/** One paper's document as stored now (snapshot + tail), read once per request. */
export interface PaperDocument {
  content(): PaperContent;
  /** The whole document as one Yjs update, kept as a named version. */
  snapshot(): Uint8Array;
  /** A new edit that makes the body equal to the body of `versionSnapshot`. */
  restoreUpdate(versionSnapshot: Uint8Array): Uint8Array;
  /** The text an anchor covers now; null when it no longer points into the text. */
  anchorText(anchor: Pick<CommentAnchor, "start" | "end">): string | null;
  /** An anchor over plain-text offsets [from, to) of `content().text`. */
  anchorFor(from: number, to: number): CommentAnchor;
  /** The open suggestions (track changes) in the body, in document order. */
  suggestions(): OpenSuggestion[];
}

export interface PaperDocuments {
  open(paperId: string): Promise<PaperDocument>;
  /** Plain text and markdown of a stored version. */
  read(versionSnapshot: Uint8Array): { text: string; markdown: string };
}

export function documentsOf(context: Pick<RequestContext, "documents">): PaperDocuments {
  if (!context.documents) {
    throw new Error("This server was started without live documents (PaperDocuments).");
  }
  return context.documents;
}

/** The paper's document, opened at most once per request. */
export function documentOf(context: RequestContext, paperId: string): Promise<PaperDocument> {
  documentsOf(context);
  return context.loaders.documents.load(paperId);
}
