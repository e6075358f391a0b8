// The compaction Lambda's core on DynamoDB Local, fed DynamoDB stream batches shaped as Lambda
// delivers them (KEYS_ONLY records): each paper with a long log is compacted once, everything
// else in the batch is ignored, and only the papers that failed come back for a retry.
import { withLimits } from "@accord/domain";
import type { DocumentStore, LogEntry, Store } from "@accord/storage";
import { createDynamoStore } from "@accord/storage-dynamodb";
import { type DynamoDbLocal, startDynamoDbLocal } from "@accord/test-support";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCompactor, papersInBatch } from "../src/lambda/compactor.ts";

const COMPACT_AFTER = 8;
const limits = withLimits({ collab: { compactAfterEntries: COMPACT_AFTER } });
const STREAM_ARN =
  "arn:aws:dynamodb:eu-west-1:123456789012:table/Accord-dev-Data-AccordTable/stream/2025-03-01T12:00:00.000";

let dynamo: DynamoDbLocal;
let store: Store;
beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
}, 120_000);
afterAll(() => dynamo?.stop());
beforeEach(async () => {
  store = createDynamoStore({ client: dynamo.client, tableName: await dynamo.createTable() });
});

let sequence = 4_000_000_000_000_000_000n;

/** One stream record, as the table's KEYS_ONLY stream delivers it to Lambda. */
function streamRecord(
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  keys: { pk: string; sk: string },
  /** null: a record without one. */
  sequenceNumber: string | null = String(sequence++),
): DynamoDBRecord {
  return {
    eventID: `${sequenceNumber ?? "unnumbered"}-id`,
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "eu-west-1",
    dynamodb: {
      ApproximateCreationDateTime: 1_740_830_400,
      Keys: { pk: { S: keys.pk }, sk: { S: keys.sk } },
      ...(sequenceNumber === null ? {} : { SequenceNumber: sequenceNumber }),
      SizeBytes: keys.pk.length + keys.sk.length,
      StreamViewType: "KEYS_ONLY",
    },
    eventSourceARN: STREAM_ARN,
  };
}

/** The INSERT a log append produced (its first item: pk PAPER#<id>, sk DOC#LOG#<entry id>). */
const appended = (paperId: string, entry: LogEntry) =>
  streamRecord("INSERT", { pk: `PAPER#${paperId}`, sk: `DOC#LOG#${entry.id}` });

/** Append `count` paragraphs to the paper, one log entry each; returns the stream's records. */
async function writeParagraphs(paperId: string, count: number): Promise<DynamoDBRecord[]> {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment("body");
  const records: DynamoDBRecord[] = [];
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`${paperId} paragraph ${i}`)]);
    body.insert(body.length, [paragraph]);
    const entry = await store.documents.append(paperId, Y.encodeStateAsUpdate(doc, before), {
      memberId: "ada",
      at: new Date(Date.UTC(2025, 2, 1, 12, 0, i)).toISOString(),
    });
    records.push(appended(paperId, entry));
  }
  doc.destroy();
  return records;
}

async function bodyOf(paperId: string): Promise<string> {
  const state = await store.documents.load(paperId);
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  const text = doc.getXmlFragment("body").toString();
  doc.destroy();
  return text;
}

const batch = (records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** The store's document port, counting loads and compactions per paper, failing on demand. */
function instrumented(documents: DocumentStore, failing: ReadonlySet<string> = new Set()) {
  const loads: string[] = [];
  const compactions: string[] = [];
  const wrapped: DocumentStore = Object.create(documents) as DocumentStore;
  wrapped.load = (paperId) => {
    loads.push(paperId);
    return documents.load(paperId);
  };
  wrapped.compact = async (paperId, input) => {
    compactions.push(paperId);
    if (failing.has(paperId)) throw new Error("ProvisionedThroughputExceededException");
    return documents.compact(paperId, input);
  };
  return { documents: wrapped, loads, compactions };
}

describe("papersInBatch", () => {
  it("names each paper once, with its earliest log record, and nothing but log appends", () => {
    const p1First = streamRecord("INSERT", {
      pk: "PAPER#p1",
      sk: "DOC#LOG#01JN0000000000000000000001",
    });
    const p2First = streamRecord("INSERT", {
      pk: "PAPER#p2",
      sk: "DOC#LOG#01JN0000000000000000000002",
    });
    const event = batch([
      streamRecord("INSERT", { pk: "PAPER#p3", sk: "CONN#c1" }),
      streamRecord("MODIFY", { pk: "PAPER#p3", sk: "DOC#LOG#01JN0000000000000000000003" }),
      streamRecord("REMOVE", { pk: "PAPER#p3", sk: "DOC#LOG#01JN0000000000000000000004" }),
      p1First,
      streamRecord("INSERT", { pk: "PAPER#p3", sk: "DOC#SNAP#0000000001#abc#0000" }),
      p2First,
      streamRecord("INSERT", { pk: "PAPER#p1", sk: "DOC#LOG#01JN0000000000000000000005" }),
      streamRecord("INSERT", { pk: "MEMBER#ada", sk: "MEMBER" }),
    ]);

    expect(papersInBatch(event)).toEqual([
      { paperId: "p1", sequenceNumber: p1First.dynamodb?.SequenceNumber },
      { paperId: "p2", sequenceNumber: p2First.dynamodb?.SequenceNumber },
    ]);
  });

  it("refuses a log record without a sequence number (it could not be retried alone)", () => {
    const event = batch([
      streamRecord("INSERT", { pk: "PAPER#p1", sk: "DOC#LOG#01JN0000000000000000000001" }, null),
    ]);
    expect(() => papersInBatch(event)).toThrow(/SequenceNumber/);
  });
});

describe("createCompactor", () => {
  it("compacts each paper with a long log once per batch, and leaves short logs unread", async () => {
    const long = await writeParagraphs("long", COMPACT_AFTER + 4);
    const short = await writeParagraphs("short", 3);
    const before = { long: await bodyOf("long"), short: await bodyOf("short") };
    const { documents, loads, compactions } = instrumented(store.documents);
    const compactor = createCompactor({ store: { documents }, limits });

    const response = await compactor(batch([...long.slice(0, 6), ...short, ...long.slice(6)]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(loads).toEqual(["long"]);
    expect(compactions).toEqual(["long"]);
    const state = await store.documents.load("long");
    expect(state.snapshotVersion).toBeGreaterThan(0);
    expect(state.tail).toHaveLength(1);
    expect((await store.documents.load("short")).snapshotVersion).toBe(0);
    expect(await bodyOf("long")).toBe(before.long);
    expect(await bodyOf("short")).toBe(before.short);
  });

  it("answers a redelivered batch without changing anything (idempotent)", async () => {
    const records = await writeParagraphs("p1", COMPACT_AFTER);
    const compactor = createCompactor({ store, limits });
    await compactor(batch(records));
    const after = await store.documents.load("p1");

    const again = await compactor(batch(records));

    expect(again).toEqual({ batchItemFailures: [] });
    const state = await store.documents.load("p1");
    expect(state.snapshotVersion).toBe(after.snapshotVersion);
    expect(state.tail.map((e) => e.id)).toEqual(after.tail.map((e) => e.id));
  });

  it("loses nothing when two compactors take the same paper at once", async () => {
    const records = await writeParagraphs("p1", COMPACT_AFTER * 2);
    const before = await bodyOf("p1");
    const compactor = createCompactor({ store, limits });

    const responses = await Promise.all([
      compactor(batch(records.slice(0, COMPACT_AFTER))),
      compactor(batch(records.slice(COMPACT_AFTER))),
    ]);

    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(await bodyOf("p1")).toBe(before);
    expect(await store.documents.tailLength("p1")).toBeLessThan(COMPACT_AFTER);
  });

  it("reports only the failed paper, by its earliest record in the batch", async () => {
    const p1 = await writeParagraphs("p1", COMPACT_AFTER);
    const p2 = await writeParagraphs("p2", COMPACT_AFTER);
    const errors: string[] = [];
    const { documents } = instrumented(store.documents, new Set(["p2"]));
    const compactor = createCompactor({
      store: { documents },
      limits,
      logger: { info() {}, warn() {}, error: (message) => errors.push(message) },
    });

    const response = await compactor(batch([p1[0]!, p2[0]!, ...p1.slice(1), ...p2.slice(1)]));

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: p2[0]?.dynamodb?.SequenceNumber }],
    });
    expect(errors).toEqual(["collab.compaction_failed"]);
    expect((await store.documents.load("p1")).snapshotVersion).toBeGreaterThan(0);
    expect(await store.documents.tailLength("p2")).toBe(COMPACT_AFTER);

    // The retry (the records from p2's first on, as Lambda redelivers them) succeeds.
    const retry = await createCompactor({ store, limits })(
      batch([p2[0]!, ...p1.slice(1), ...p2.slice(1)]),
    );
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(await store.documents.tailLength("p2")).toBe(1);
  });
});
