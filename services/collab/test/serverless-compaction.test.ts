// Compaction on the serverless path runs in the compactor, never in a keystroke's Lambda: while
// it merges a paper's log, edits keep arriving through $default on other instances. Nothing may
// be lost, on DynamoDB Local.
import { compactPaper } from "@accord/collab";
import { withLimits } from "@accord/domain";
import type { ManagementApi } from "@accord/live-apigateway";
import { encodeTextFrames, encodeUpdate } from "@accord/protocol";
import type { ConnectionRecord, Store } from "@accord/storage";
import type { APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCollabLambdas } from "../src/lambda/core.ts";
import { bodyText, fakeAuthenticate, seedPaper } from "./local-helpers.ts";
import { dynamoStores, storedDoc } from "./serverless-helpers.ts";

const stores = dynamoStores();
beforeAll(() => stores.start(), 120_000);
afterAll(() => stores.stop());

const COMPACT_AFTER = 20;
const limits = withLimits({ collab: { compactAfterEntries: COMPACT_AFTER } });

/** Nobody is listening in these tests: every post answers Gone. */
const nobody: ManagementApi = {
  post: async () => "gone",
  delete: async () => "gone",
};

function event(routeKey: string, connectionId: string, body?: string) {
  const now = Date.now();
  return {
    requestContext: {
      routeKey,
      eventType: routeKey === "$disconnect" ? "DISCONNECT" : "MESSAGE",
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
    ...(body !== undefined ? { body } : {}),
  } as APIGatewayProxyWebsocketEventV2;
}

function connection(connectionId: string, memberId: string): ConnectionRecord {
  return {
    connectionId,
    paperId: "p1",
    memberId,
    platformRole: "MEMBER",
    role: "EDITOR",
    paperStatus: "DRAFT",
    connectedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

/** Paragraph `text` appended by `doc`'s client, as the update that carries it. */
function paragraphUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  const body = doc.getXmlFragment("body");
  body.insert(body.length, [p]);
  return Y.encodeStateAsUpdate(doc, before);
}

/** A y-websocket update message as the client transport frames it (small: one frame). */
function updateFrame(update: Uint8Array): string {
  const [frame] = encodeTextFrames(encodeUpdate(update), 32 * 1024);
  return frame!;
}

let store: Store;
afterEach(async () => {
  await store?.close();
});

describe("compaction on the serverless path", () => {
  it("leaves the log to the compactor: neither $default nor the last $disconnect compacts", async () => {
    store = await stores.create();
    await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
    const lambdas = createCollabLambdas({
      store,
      authenticate: fakeAuthenticate,
      management: () => nobody,
      limits,
    });
    await store.connections.put(connection("ca", "ada"));
    const ada = new Y.Doc();
    for (let i = 0; i < 2 * COMPACT_AFTER; i++) {
      const result = await lambdas.default(
        event("$default", "ca", updateFrame(paragraphUpdate(ada, `line ${i}`))),
      );
      expect(result.statusCode).toBe(200);
    }
    await lambdas.disconnect(event("$disconnect", "ca"));
    const state = await store.documents.load("p1");
    expect(state.snapshotVersion).toBe(0);
    expect(state.tail).toHaveLength(2 * COMPACT_AFTER);
    expect(bodyText(await storedDoc(store, "p1"))).toBe(bodyText(ada));
  }, 60_000);

  it("loses nothing when compactors run while two instances take edits", async () => {
    store = await stores.create();
    await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
    const instance = () =>
      createCollabLambdas({
        store,
        authenticate: fakeAuthenticate,
        management: () => nobody,
        limits,
      });
    const [one, two] = [instance(), instance()];
    await store.connections.put(connection("ca", "ada"));
    await store.connections.put(connection("cb", "bo"));
    const ada = new Y.Doc();
    const bo = new Y.Doc();
    const expected = new Set<string>();
    const outcomes: string[] = [];
    const compact = async () => {
      const result = await compactPaper(store.documents, "p1", {
        limits,
        now: new Date().toISOString(),
      });
      outcomes.push(result.outcome);
    };
    // Pairs of edits land on two instances at once, and every few pairs two compactors (a
    // retried stream batch and the next one, say) take the paper at the same moment.
    for (let i = 0; i < 3 * COMPACT_AFTER; i++) {
      const a = `ada ${i}`;
      const b = `bo ${i}`;
      expected.add(a);
      expected.add(b);
      await Promise.all([
        one.default(event("$default", "ca", updateFrame(paragraphUpdate(ada, a)))),
        two.default(event("$default", "cb", updateFrame(paragraphUpdate(bo, b)))),
        ...(i % 5 === 4 ? [compact(), compact()] : []),
      ]);
    }
    await compact();
    expect(outcomes).toContain("compacted");
    const stored = new Set(bodyText(await storedDoc(store, "p1")).split("\n"));
    expect(stored).toEqual(expected);
    const state = await store.documents.load("p1");
    expect(state.snapshotVersion).toBeGreaterThanOrEqual(1);
    expect(state.tail.length).toBeLessThan(COMPACT_AFTER);
  }, 120_000);
});
