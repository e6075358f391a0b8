// Compaction on the serverless path runs wherever a Lambda happens to be: the last $disconnect
// of a paper and a $default that finds a long tail can compact at the same moment, while other
// edits are appended. Nothing may be lost, on DynamoDB Local.
import { encodeTextFrames, encodeUpdate } from "@accord/protocol";
import { withLimits } from "@accord/domain";
import type { ConnectionRecord, Store } from "@accord/storage";
import type { APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCollabLambdas } from "../src/lambda/core.ts";
import type { ManagementApi } from "../src/lambda/management.ts";
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
    role: "EDITOR",
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

describe("compaction races on the serverless path", () => {
  it("two last-one-out compactions racing with an edit lose nothing", async () => {
    store = await stores.create();
    await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
    // Both $disconnects read the document before either writes a snapshot: a true race, and an
    // edit lands between their reads and their writes.
    let arrivals: (() => void)[] = [];
    let midRace: (() => Promise<void>) | null = null;
    /** Resolves once two callers wait on it, after running `between`. */
    let waiting: (() => void)[] = [];
    const together = () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 2) {
          for (const go of waiting) go();
          waiting = [];
        }
      });
    const outcomes: string[] = [];
    const racing: Store = {
      ...store,
      connections: {
        ...store.connections,
        get: store.connections.get.bind(store.connections),
        listByPaper: store.connections.listByPaper.bind(store.connections),
        // Both leave before either looks who is left: each finds itself the last one out.
        async remove(connectionId) {
          await store.connections.remove(connectionId);
          await together();
        },
      },
      documents: {
        ...store.documents,
        append: store.documents.append.bind(store.documents),
        tailLength: store.documents.tailLength.bind(store.documents),
        purgeExpired: store.documents.purgeExpired.bind(store.documents),
        async load(paperId) {
          const state = await store.documents.load(paperId);
          await new Promise<void>((resolve) => {
            arrivals.push(resolve);
            if (arrivals.length === 2) {
              const release = arrivals;
              arrivals = [];
              void (midRace?.() ?? Promise.resolve()).then(() => {
                for (const go of release) go();
              });
            }
          });
          return state;
        },
        async compact(paperId, input) {
          try {
            const result = await store.documents.compact(paperId, input);
            outcomes.push("won");
            return result;
          } catch (error) {
            outcomes.push((error as { code?: string }).code ?? "error");
            throw error;
          }
        },
      },
    };
    const lambdas = createCollabLambdas({
      store: racing,
      authenticate: fakeAuthenticate,
      management: () => nobody,
      limits,
    });
    const writer = new Y.Doc();
    const expected: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < COMPACT_AFTER + 5; i++) {
        const text = `round ${round} line ${i}`;
        await store.documents.append("p1", paragraphUpdate(writer, text), {
          memberId: "ada",
          at: new Date().toISOString(),
        });
        expected.push(text);
      }
      const late = `round ${round} late edit`;
      expected.push(late);
      midRace = async () => {
        await store.documents.append("p1", paragraphUpdate(writer, late), {
          memberId: "bo",
          at: new Date().toISOString(),
        });
      };
      await store.connections.put(connection(`a${round}`, "ada"));
      await store.connections.put(connection(`b${round}`, "bo"));
      await Promise.all([
        lambdas.disconnect(event("$disconnect", `a${round}`)),
        lambdas.disconnect(event("$disconnect", `b${round}`)),
      ]);
      expect(outcomes.splice(0).sort()).toEqual(["CONFLICT", "won"]);
      expect(bodyText(await storedDoc(store, "p1")).split("\n")).toEqual(expected);
    }
    expect((await store.documents.load("p1")).snapshotVersion).toBe(3);
  }, 60_000);

  it("compactions from $default on two instances at once lose nothing", async () => {
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
    // Every edit past the threshold compacts; pairs of them land on two instances at once.
    for (let i = 0; i < 3 * COMPACT_AFTER; i++) {
      const a = `ada ${i}`;
      const b = `bo ${i}`;
      expected.add(a);
      expected.add(b);
      await Promise.all([
        one.default(event("$default", "ca", updateFrame(paragraphUpdate(ada, a)))),
        two.default(event("$default", "cb", updateFrame(paragraphUpdate(bo, b)))),
      ]);
    }
    const stored = new Set(bodyText(await storedDoc(store, "p1")).split("\n"));
    expect(stored).toEqual(expected);
    expect((await store.documents.load("p1")).snapshotVersion).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
