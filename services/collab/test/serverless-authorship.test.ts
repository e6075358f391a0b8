// On the serverless path a keystroke's Lambda only appends; the compactor, fed the table's
// stream, is where entries lose their memberId. It must leave who wrote and who deleted what in
// the paper's attribution map, and each author's editing session in the activity feed, on
// DynamoDB Local.
import { authorOf, compareStates, decodeAttribution, loadAuthorship } from "@accord/collab";
import { withLimits } from "@accord/domain";
import type { ManagementApi } from "@accord/live-apigateway";
import { encodeTextFrames, encodeUpdate } from "@accord/protocol";
import type { ConnectionRecord, Store } from "@accord/storage";
import type { APIGatewayProxyWebsocketEventV2, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCompactor } from "../src/lambda/compactor.ts";
import { createCollabLambdas } from "../src/lambda/core.ts";
import { fakeAuthenticate, seedPaper } from "./local-helpers.ts";
import { dynamoStores } from "./serverless-helpers.ts";

const stores = dynamoStores();
beforeAll(() => stores.start(), 120_000);
afterAll(() => stores.stop());

const limits = withLimits({ collab: { compactAfterEntries: 10 } });
const nobody: ManagementApi = { post: async () => "gone", delete: async () => "gone" };

function message(connectionId: string, update: Uint8Array) {
  const now = Date.now();
  const [body] = encodeTextFrames(encodeUpdate(update), 32 * 1024);
  return {
    requestContext: {
      routeKey: "$default",
      eventType: "MESSAGE",
      messageId: "m",
      extendedRequestId: "x",
      requestTime: "",
      messageDirection: "IN",
      stage: "test",
      connectedAt: now,
      requestTimeEpoch: now,
      requestId: "r",
      domainName: "localhost",
      connectionId,
      apiId: "api",
    },
    isBase64Encoded: false,
    body,
  } as APIGatewayProxyWebsocketEventV2;
}

const connection = (connectionId: string, memberId: string): ConnectionRecord => ({
  connectionId,
  paperId: "p1",
  memberId,
  platformRole: "MEMBER",
  role: memberId === "ada" ? "LEAD" : "EDITOR",
  paperStatus: "DRAFT",
  connectedAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
});

/** A stream batch naming one log append of the paper (what the compactor needs of it). */
async function streamBatch(store: Store): Promise<DynamoDBStreamEvent> {
  const [entry] = (await store.documents.load("p1")).tail;
  return {
    Records: [
      {
        eventName: "INSERT",
        dynamodb: {
          Keys: { pk: { S: "PAPER#p1" }, sk: { S: `DOC#LOG#${entry!.id}` } },
          SequenceNumber: "1",
        },
      },
    ],
  };
}

let store: Store;
afterEach(async () => {
  await store?.close();
});

describe("authorship on the serverless path", () => {
  it("is recorded by the compactor: attribution, comparison and editing sessions", async () => {
    store = await stores.create();
    await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
    const lambdas = createCollabLambdas({
      store,
      authenticate: fakeAuthenticate,
      management: () => nobody,
      limits,
    });
    await store.connections.put(connection("ca", "ada"));
    await store.connections.put(connection("cb", "bo"));
    const ada = new Y.Doc();
    const bo = new Y.Doc();
    const send = async (from: Y.Doc, to: Y.Doc, connectionId: string, edit: () => void) => {
      const updates: Uint8Array[] = [];
      const listener = (update: Uint8Array) => updates.push(update);
      from.on("update", listener);
      edit();
      from.off("update", listener);
      for (const update of updates) {
        Y.applyUpdate(to, update);
        expect((await lambdas.default(message(connectionId, update))).statusCode).toBe(200);
      }
    };
    const textOf = (doc: Y.Doc) =>
      (doc.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText;

    await send(ada, bo, "ca", () => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText()]);
      ada.getXmlFragment("body").insert(0, [paragraph]);
    });
    for (const char of "carbon border levy ") {
      await send(ada, bo, "ca", () => textOf(ada).insert(textOf(ada).length, char));
    }
    const version = Y.encodeStateAsUpdate(ada);
    await send(bo, ada, "cb", () => textOf(bo).delete(7, 7)); // "border "
    for (const char of "applies now ") {
      await send(bo, ada, "cb", () => textOf(bo).insert(textOf(bo).length, char));
    }

    const compactor = createCompactor({ store, limits });
    expect(await compactor(await streamBatch(store))).toEqual({ batchItemFailures: [] });
    expect((await store.documents.load("p1")).tail).toHaveLength(1);

    const stored = decodeAttribution((await store.attribution.get("p1"))?.data ?? null);
    expect(authorOf(stored, "inserted", ada.clientID, 2)).toBe("ada");
    expect(authorOf(stored, "inserted", bo.clientID, 0)).toBe("bo");
    expect(authorOf(stored, "deleted", ada.clientID, 9)).toBe("bo");

    const { attribution, current } = await loadAuthorship(store, "p1");
    const comparison = compareStates(version, current, attribution);
    expect(comparison.blocks[0]?.runs).toEqual([
      { text: "carbon ", change: "SAME", authorId: null },
      { text: "border ", change: "DELETED", authorId: "bo" },
      { text: "levy ", change: "SAME", authorId: null },
      { text: "applies now ", change: "ADDED", authorId: "bo" },
    ]);

    const sessions = (await store.activity.listByPaper("p1", { first: 20 })).items.filter(
      (e) => e.kind === "EDITING_SESSION",
    );
    const byActor = Object.fromEntries(
      sessions.map((s) => [s.actorId, [s.detail.wordsAdded, s.detail.wordsRemoved]]),
    );
    expect(byActor).toEqual({ ada: [3, 0], bo: [2, 1] });
  }, 120_000);
});
