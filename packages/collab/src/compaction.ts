// The one compaction policy of live editing: when a paper's log is long enough to merge, and how
// it is merged. The local host runs it in the background of a room; on AWS the compaction
// Lambda runs it for the papers a DynamoDB stream batch touched. No keystroke waits for it.
import type { Limits } from "@accord/domain";
import type { DocumentStore } from "@accord/storage";
import { compactDocument, documentFromState } from "./document.ts";

/** Is a tail of `tailEntries` log entries long enough to be merged into the snapshot? */
export function compactionDue(tailEntries: number, limits: Limits): boolean {
  return tailEntries >= limits.collab.compactAfterEntries;
}

export interface CompactionResult {
  /**
   * compacted: the tail was merged into a new snapshot; conflict: another compactor won the
   * snapshot version check (its snapshot holds everything this one would have merged);
   * not-due: the tail is too short to be worth a load.
   */
  outcome: "compacted" | "conflict" | "not-due";
  /** Log entries merged into the snapshot (0 unless compacted). */
  mergedEntries: number;
}

/**
 * Compact `paperId` if its tail is due. The tail length is asked first (cheap) so that a batch
 * full of papers with short logs costs no document load. Idempotent: running it twice, or in two
 * places at once, merges each entry once and loses nothing (the store's version check decides).
 * Errors other than a lost version check are the store's, and are thrown for the caller to retry.
 */
export async function compactPaper(
  documents: DocumentStore,
  paperId: string,
  options: { limits: Limits; now: string },
): Promise<CompactionResult> {
  const notDue: CompactionResult = { outcome: "not-due", mergedEntries: 0 };
  if (!compactionDue(await documents.tailLength(paperId), options.limits)) return notDue;
  const loaded = documentFromState(await documents.load(paperId));
  try {
    // The tail may have been merged between the two reads (another compactor): look again.
    if (!compactionDue(loaded.tail.length, options.limits)) return notDue;
    // An entry that could not be applied is not in the document: it stays in the log, where
    // it can be looked at, instead of being retired as if merged.
    const skipped = new Set(loaded.skipped);
    const tail = loaded.tail.filter((entry) => !skipped.has(entry.id));
    const result = await compactDocument(documents, paperId, {
      doc: loaded.doc,
      snapshotVersion: loaded.snapshotVersion,
      tail,
      now: options.now,
      retainMs: options.limits.collab.retainMergedMs,
    });
    if (result === null) return { outcome: "conflict", mergedEntries: 0 };
    // Nothing to merge (the newest entry always stays, so that the last edit's time survives).
    if (result.snapshotBytes === null) return notDue;
    return { outcome: "compacted", mergedEntries: tail.length - result.tail.length };
  } finally {
    loaded.doc.destroy();
  }
}
