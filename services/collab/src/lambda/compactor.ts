// The compaction Lambda's core: a DynamoDB stream batch of log appends in, each paper it names
// compacted once (the policy of @accord/collab), and the records of the papers that failed
// reported back so that only those are retried. The keystroke that appended never waits for it.
// With the attribution and activity stores, each compaction also records who wrote what and the
// editing sessions of the entries it merged.
import { type CollabLogger, compactPaper, silentLogger } from "@accord/collab";
import { DEFAULT_LIMITS, type Limits } from "@accord/domain";
import type { ActivityStore, AttributionStore, DocumentStore } from "@accord/storage";
import { isLogEntryKey } from "@accord/storage-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

export interface CompactorDeps {
  store: {
    documents: DocumentStore;
    attribution?: AttributionStore;
    activity?: Pick<ActivityStore, "upsert">;
  };
  limits?: Limits;
  logger?: CollabLogger;
  now?: () => number;
  /** Papers compacted at once (each holds its document in memory while it is merged). */
  concurrency?: number;
}

export type Compactor = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** A paper named by a batch, with the earliest of its records (where a retry starts). */
export interface PaperInBatch {
  paperId: string;
  sequenceNumber: string;
}

/**
 * The paper whose log a stream record appended to, or null for anything else (the event source
 * mapping's filter leaves those out already; one that slips through costs nothing).
 */
function paperOf(record: DynamoDBRecord): string | null {
  if (record.eventName !== "INSERT") return null;
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (pk === undefined || sk === undefined) return null;
  return isLogEntryKey({ pk, sk });
}

/**
 * The distinct papers of a batch, in the order they first appear, each with its first record's
 * sequence number. Throws when a log record has no sequence number: it could not be reported
 * on its own, so the whole batch fails and is retried (and bisected).
 */
export function papersInBatch(event: DynamoDBStreamEvent): PaperInBatch[] {
  const papers = new Map<string, PaperInBatch>();
  for (const record of event.Records) {
    const paperId = paperOf(record);
    if (paperId === null || papers.has(paperId)) continue;
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (sequenceNumber === undefined) {
      throw new Error(`A log record of paper ${paperId} has no SequenceNumber.`);
    }
    papers.set(paperId, { paperId, sequenceNumber });
  }
  return [...papers.values()];
}

export function createCompactor(deps: CompactorDeps): Compactor {
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const log = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  const concurrency = Math.max(1, deps.concurrency ?? 4);
  const { attribution, activity } = deps.store;
  const record = attribution && activity ? { attribution, activity } : undefined;

  async function compactOne(paper: PaperInBatch): Promise<boolean> {
    try {
      const result = await compactPaper(deps.store.documents, paper.paperId, {
        limits,
        now: new Date(now()).toISOString(),
        record,
      });
      if (result.outcome === "compacted") {
        log.info("collab.compacted", {
          paperId: paper.paperId,
          mergedEntries: result.mergedEntries,
        });
        if (result.recordError !== undefined) {
          // The merge is done; retrying the batch would not bring the entries back.
          log.error("collab.attribution_failed", {
            paperId: paper.paperId,
            error: String(result.recordError),
          });
        }
      } else if (result.outcome === "conflict") {
        // Another compactor won the version check: its snapshot holds everything.
        log.info("collab.compaction_conflict", { paperId: paper.paperId });
      }
      return true;
    } catch (error) {
      log.error("collab.compaction_failed", { paperId: paper.paperId, error: String(error) });
      return false;
    }
  }

  return async (event) => {
    const papers = papersInBatch(event);
    const failed: PaperInBatch[] = [];
    let next = 0;
    const worker = async () => {
      while (next < papers.length) {
        const paper = papers[next++]!;
        if (!(await compactOne(paper))) failed.push(paper);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, papers.length) }, worker));
    return {
      batchItemFailures: failed.map((paper) => ({ itemIdentifier: paper.sequenceNumber })),
    };
  };
}
