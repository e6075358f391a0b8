// What a COMMENTER's keystroke costs on the serverless host, counted on DynamoDB Local: it is the
// one keystroke that loads the document (to check the suggestion against it); an EDITOR's keeps
// the document-free path. The figures are printed for docs/ARCHITECTURE.md.
import { connectStateless, receiveStateless } from "@accord/collab";
import { encodeTextFrames, encodeUpdate } from "@accord/protocol";
import type { Store } from "@accord/storage";
import { createDynamoClient, createDynamoStore } from "@accord/storage-dynamodb";
import {
  type DynamoDbLocal,
  recordRequests,
  startDynamoDbLocal,
} from "@accord/storage-dynamodb/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { authenticate, conformanceLimits, seedPaper } from "./conformance-drivers.ts";

let local: DynamoDbLocal;
// DynamoDB Local is a JVM: its start is slow on a busy machine.
beforeAll(async () => {
  local = await startDynamoDbLocal();
}, 120_000);
afterAll(async () => {
  await local?.stop();
});

const limits = conformanceLimits({ maxDocumentBytes: 10_000_000 });

/** A paper whose stored text is `paragraphs` paragraphs of about 500 characters. */
async function paperOf(paragraphs: number) {
  const client = createDynamoClient({ endpoint: local.endpoint });
  const recorder = recordRequests(client, { consumedCapacity: true });
  const store: Store = createDynamoStore({ client, tableName: await local.createTable() });
  await seedPaper(store, "p", { ada: "LEAD", bo: "EDITOR", cy: "COMMENTER" });
  const doc = new Y.Doc();
  const body = doc.getXmlFragment("body");
  for (let i = 0; i < paragraphs; i++) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`Paragraph ${i}: ${"ocean data ".repeat(45)}`)]);
    body.push([paragraph]);
  }
  const state = Y.encodeStateAsUpdate(doc);
  await store.documents.append("p", state, { memberId: "ada", at: new Date().toISOString() });
  const keystroke = async (memberId: string, edit: (text: Y.XmlText) => void) => {
    const connected = await connectStateless({
      store,
      authenticate,
      connectionId: `c-${memberId}`,
      paperId: "p",
      token: `user:${memberId}`,
      limits,
    });
    if (!connected.ok) throw new Error(`refused ${connected.close.code}`);
    const client = new Y.Doc();
    Y.applyUpdate(client, state);
    const before = Y.encodeStateVector(client);
    edit((client.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText);
    const [frame] = encodeTextFrames(
      encodeUpdate(Y.encodeStateAsUpdate(client, before)),
      limits.framing.maxFrameBytes,
    );
    recorder.take();
    const started = performance.now();
    const result = await receiveStateless({
      store,
      connectionId: `c-${memberId}`,
      frame: frame ?? "",
      arrivedAt: Date.now(),
      limits,
    });
    const ms = performance.now() - started;
    expect(result.broadcast).toHaveLength(1);
    const requests = recorder.take();
    return {
      ms,
      operations: requests.map((r) => r.operation),
      readUnits: requests
        .filter((r) => r.operation === "Query" || r.operation === "GetItem")
        .reduce((sum, r) => sum + (r.capacity ?? 0), 0),
    };
  };
  return { bytes: state.length, keystroke };
}

const suggestion = (text: Y.XmlText) =>
  text.insert(0, "New ", {
    suggestionInsert: { id: "s1", author: "cy", authorName: "Cy", at: new Date().toISOString() },
  });

describe("a keystroke on the serverless host, counted on DynamoDB Local", () => {
  it.each([
    ["a short paper", 2],
    ["a paper of about 250 KB", 500],
  ])(
    "on %s: an EDITOR's appends without reading the document, a COMMENTER's reads it once",
    {
      timeout: 60_000,
    },
    async (what, paragraphs) => {
      const { bytes, keystroke } = await paperOf(paragraphs);
      const editor = await keystroke("bo", (text) => text.insert(0, "New "));
      const commenter = await keystroke("cy", suggestion);
      expect(editor.operations).toEqual(["UpdateItem", "TransactWriteItems"]);
      expect(commenter.operations).toEqual(["UpdateItem", "Query", "TransactWriteItems"]);
      console.log(
        `${what} (${bytes} bytes stored): EDITOR keystroke ${editor.operations.join(" + ")}, ` +
          `${editor.readUnits} read units, ${editor.ms.toFixed(1)} ms; COMMENTER keystroke ` +
          `${commenter.operations.join(" + ")}, ${commenter.readUnits} read units, ` +
          `${commenter.ms.toFixed(1)} ms (the Lambda core adds one consistent connections Query to both)`,
      );
    },
  );
});
