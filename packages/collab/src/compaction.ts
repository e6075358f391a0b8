// The one compaction policy of live editing: when a paper's log is long enough to merge, and how
// it is merged. The local host runs it in the background of a room; on AWS the compaction
// Lambda runs it for the papers a DynamoDB stream batch touched. No keystroke waits for it.
// Merging entries into the snapshot is where they lose their memberId, so it is also where
// their authorship is folded into the paper's attribution map and their authors' editing
// sessions are recorded (both hosts, through `recordMerged`).
import type { ActivityEvent, Limits } from "@accord/domain";
import { isDomainError } from "@accord/domain";
import type { ActivityStore, AttributionStore, DocumentStore } from "@accord/storage";
import {
  attributeEffects,
  decodeAttribution,
  type EditingSession,
  type EntryEffect,
  encodeAttribution,
  extendSessions,
} from "./attribution.ts";
import { replayState } from "./attribution-replay.ts";
import { compactDocument } from "./document.ts";

/** Where compaction records what the entries it merged did. */
export interface AuthorshipStores {
  attribution: AttributionStore;
  activity: Pick<ActivityStore, "upsert">;
}

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
  /**
   * Set when the merge was written but its authorship could not be recorded (the snapshot holds
   * the text; attribution and sessions of those entries are missing).
   */
  recordError?: unknown;
}

/** How many times a record is read and written again after another writer got in first. */
const RECORD_ATTEMPTS = 8;

const sessionEvent = (paperId: string, session: EditingSession): ActivityEvent => ({
  id: session.id,
  paperId,
  actorId: session.memberId,
  kind: "EDITING_SESSION",
  detail: {
    wordsAdded: session.wordsAdded,
    wordsRemoved: session.wordsRemoved,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
  },
  at: session.startedAt,
});

/**
 * Fold the effects of entries a compaction merged into the paper's attribution map, and write
 * the editing sessions they start or extend. Call it once the compaction won its version check:
 * only the winner records, so each entry is counted once. The map is read, extended and written
 * under its version; a concurrent writer (a later compaction) makes it start again. Session
 * events are written before the map, by derived ids, so a retry replaces them.
 */
export async function recordMerged(
  stores: AuthorshipStores,
  paperId: string,
  effects: readonly EntryEffect[],
  limits: Limits,
): Promise<void> {
  if (effects.length === 0) return;
  for (let attempt = 1; ; attempt++) {
    const stored = await stores.attribution.get(paperId);
    const attribution = decodeAttribution(stored?.data ?? null);
    attributeEffects(attribution, effects);
    const sessions = extendSessions(attribution, effects, {
      paperId,
      quietMs: limits.collab.editingSessionQuietMs,
    });
    for (const session of sessions) {
      await stores.activity.upsert(sessionEvent(paperId, session));
    }
    try {
      await stores.attribution.put(paperId, encodeAttribution(attribution), stored?.version ?? 0);
      return;
    } catch (error) {
      if (!isDomainError(error) || error.code !== "CONFLICT" || attempt >= RECORD_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** What `mergeReplayed` did. */
export interface MergeResult {
  outcome: "compacted" | "conflict" | "nothing";
  mergedEntryIds: string[];
  snapshotVersion: number;
  snapshotBytes: number;
  recordError?: unknown;
}

/**
 * Merge a replayed state's tail (all but its newest entry, which keeps the time of the last edit)
 * into a new snapshot made from the replayed document, under the snapshot version it was loaded
 * at; then, with `record`, record what every replayed entry did. Every one of them, the newest
 * too: the new snapshot holds them all, so replaying them on top of it later finds nothing new.
 * Both hosts compact through this: the Lambda via `compactPaper`, the local room directly.
 */
export async function mergeReplayed(
  documents: DocumentStore,
  paperId: string,
  loaded: ReturnType<typeof replayState>,
  options: { limits: Limits; now: string; record?: AuthorshipStores | undefined },
): Promise<MergeResult> {
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
  const unchanged = { snapshotVersion: loaded.snapshotVersion, snapshotBytes: 0 };
  if (result === null) return { outcome: "conflict", mergedEntryIds: [], ...unchanged };
  if (result.snapshotBytes === null)
    return { outcome: "nothing", mergedEntryIds: [], ...unchanged };
  const kept = new Set(result.tail.map((entry) => entry.id));
  const merged: MergeResult = {
    outcome: "compacted",
    mergedEntryIds: tail.filter((entry) => !kept.has(entry.id)).map((entry) => entry.id),
    snapshotVersion: result.snapshotVersion,
    snapshotBytes: result.snapshotBytes,
  };
  if (options.record) {
    try {
      await recordMerged(options.record, paperId, loaded.effects, options.limits);
    } catch (error) {
      merged.recordError = error;
    }
  }
  return merged;
}

/**
 * Compact `paperId` if its tail is due. The tail length is asked first (cheap) so that a batch
 * full of papers with short logs costs no document load. Idempotent: running it twice, or in two
 * places at once, merges each entry once and loses nothing (the store's version check decides).
 * Errors other than a lost version check are the store's, and are thrown for the caller to retry.
 * With `record`, the merged entries' authorship and editing sessions are recorded there.
 */
export async function compactPaper(
  documents: DocumentStore,
  paperId: string,
  options: { limits: Limits; now: string; record?: AuthorshipStores | undefined },
): Promise<CompactionResult> {
  const notDue: CompactionResult = { outcome: "not-due", mergedEntries: 0 };
  if (!compactionDue(await documents.tailLength(paperId), options.limits)) return notDue;
  const loaded = replayState(await documents.load(paperId));
  try {
    // The tail may have been merged between the two reads (another compactor): look again.
    if (!compactionDue(loaded.tail.length, options.limits)) return notDue;
    const result = await mergeReplayed(documents, paperId, loaded, options);
    if (result.outcome === "conflict") return { outcome: "conflict", mergedEntries: 0 };
    // Nothing to merge (the newest entry always stays, so that the last edit's time survives).
    if (result.outcome === "nothing") return notDue;
    return {
      outcome: "compacted",
      mergedEntries: result.mergedEntryIds.length,
      ...(result.recordError === undefined ? {} : { recordError: result.recordError }),
    };
  } finally {
    loaded.doc.destroy();
  }
}
