// Compaction on serverless-local runs as on AWS: log appends reach the compaction handler
// through the table's stream (DynamoDB Local), filtered and batched like the event source
// mapping does it, and nobody who appends waits for it.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOG_APPEND_PATTERN } from "@accord/infra/stream-filter";
import { createDynamoClient, createDynamoStore } from "@accord/storage-dynamodb";
import { createTableInput } from "@accord/storage-dynamodb/table";
import { uniqueTableName } from "@accord/storage-dynamodb/testing";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { startStreamPoller } from "../src/dynamodb-streams.ts";
import { type ServerlessLocal, startServerlessLocal } from "../src/serverless-local.ts";

const COMPACT_AFTER = 12;
/** Generous: DynamoDB Local and the handler share two cores with other work. */
const DEADLINE_MS = 60_000;

let local: ServerlessLocal;
beforeAll(async () => {
  local = await startServerlessLocal({
    dataDir: mkdtempSync(join(tmpdir(), "accord-stream-compaction-")),
    compactAfterEntries: COMPACT_AFTER,
  });
}, 180_000);
afterAll(() => local?.close());

function storeOf(local: ServerlessLocal, tableName = local.tableName) {
  return createDynamoStore({
    client: createDynamoClient({ endpoint: local.dynamodbEndpoint }),
    tableName,
  });
}

async function bodyOf(store: ReturnType<typeof storeOf>, paperId: string): Promise<string> {
  const state = await store.documents.load(paperId);
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  const text = doc.getXmlFragment("body").toString();
  doc.destroy();
  return text;
}

/** Resolves once a batch naming `paperId` has been handled and `done()` holds, or fails at the deadline. */
function afterBatchesUntil(paperId: string, done: () => Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no compaction of ${paperId} within ${DEADLINE_MS} ms`));
    }, DEADLINE_MS);
    let checking = Promise.resolve();
    const unsubscribe = local.compaction.onBatch((event: DynamoDBStreamEvent) => {
      if (!event.Records.some((r) => r.dynamodb?.Keys?.pk?.S === `PAPER#${paperId}`)) return;
      checking = checking.then(async () => {
        if (!(await done())) return;
        clearTimeout(deadline);
        unsubscribe();
        resolve();
      }, reject);
    });
  });
}

describe("serverless-local compaction", () => {
  it(
    "compacts a paper whose log grew past compactAfterEntries, off the append path, content unchanged",
    { timeout: 120_000 },
    async () => {
      const store = storeOf(local);
      const paperId = "stream-compacted";
      const entries = COMPACT_AFTER + 8;
      const compacted = afterBatchesUntil(
        paperId,
        async () => (await store.documents.load(paperId)).snapshotVersion > 0,
      );

      const doc = new Y.Doc();
      const body = doc.getXmlFragment("body");
      for (let i = 0; i < entries; i++) {
        const before = Y.encodeStateVector(doc);
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(`paragraph ${i}`)]);
        body.insert(body.length, [paragraph]);
        await store.documents.append(paperId, Y.encodeStateAsUpdate(doc, before), {
          memberId: "ada",
          at: new Date().toISOString(),
        });
      }
      const expected = body.toString();
      doc.destroy();

      await compacted;
      const state = await store.documents.load(paperId);
      expect(state.snapshotVersion).toBeGreaterThan(0);
      expect(state.tail.length).toBeLessThan(entries);
      expect(await bodyOf(store, paperId)).toBe(expected);
      expect(local.compaction.deadLetters).toEqual([]);
    },
  );

  it("leaves a paper with a short log as it is", { timeout: 120_000 }, async () => {
    const store = storeOf(local);
    const paperId = "stream-short";
    let handled = 0;
    const seen = afterBatchesUntil(paperId, async () => ++handled > 0);
    const doc = new Y.Doc();
    for (let i = 0; i < 3; i++) {
      const before = Y.encodeStateVector(doc);
      doc.getText("notes").insert(0, `${i}`);
      await store.documents.append(paperId, Y.encodeStateAsUpdate(doc, before), {
        memberId: "ada",
        at: new Date().toISOString(),
      });
    }
    doc.destroy();

    await seen;
    const state = await store.documents.load(paperId);
    expect(state.snapshotVersion).toBe(0);
    expect(state.tail).toHaveLength(3);
  });
});

describe("the stream poller", () => {
  it(
    "retries a batch from its first failed record, then gives the rest up as a dead letter",
    { timeout: 120_000 },
    async () => {
      const tableName = uniqueTableName();
      const client = createDynamoClient({ endpoint: local.dynamodbEndpoint });
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      const store = storeOf(local, tableName);
      const invocations: string[][] = [];
      const paperOf = (record: DynamoDBStreamEvent["Records"][number]) =>
        record.dynamodb?.Keys?.pk?.S ?? "";
      const stops: (() => Promise<void>)[] = [];
      const given = new Promise<DynamoDBStreamEvent>((resolve, reject) => {
        void startStreamPoller({
          endpoint: local.dynamodbEndpoint,
          tableName,
          filter: LOG_APPEND_PATTERN,
          maxAttempts: 3,
          // Fails every record of PAPER#bad, as the compactor reports a failed paper.
          handler: async (event): Promise<DynamoDBBatchResponse> => {
            invocations.push(event.Records.map(paperOf));
            const failed = event.Records.find((record) => paperOf(record) === "PAPER#bad");
            return {
              batchItemFailures: failed
                ? [{ itemIdentifier: failed.dynamodb?.SequenceNumber ?? "" }]
                : [],
            };
          },
          onDeadLetter: (event) => resolve(event),
        }).then((poller) => {
          stops.push(() => poller.stop());
        }, reject);
      });

      // Each first append also inserts the paper's document head, which the filter drops.
      for (const paperId of ["good", "bad", "good"]) {
        await store.documents.append(paperId, Y.encodeStateAsUpdate(new Y.Doc()), {
          memberId: null,
          at: new Date().toISOString(),
        });
      }

      const deadLetter = await given;
      for (const stop of stops) await stop();
      client.destroy();
      // The dead letter starts at the failed paper's record and holds what followed it.
      expect(deadLetter.Records.map(paperOf)[0]).toBe("PAPER#bad");
      // Every invocation saw log appends only; the failing one was tried maxAttempts times.
      expect(invocations.flat().every((pk) => pk === "PAPER#good" || pk === "PAPER#bad")).toBe(
        true,
      );
      const withBad = invocations.filter((papers) => papers.includes("PAPER#bad"));
      expect(withBad).toHaveLength(3);
      for (const retry of withBad.slice(1)) expect(retry[0]).toBe("PAPER#bad");
    },
  );
});
