import { createMemoryStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  CloseCode,
  connectStateless,
  decodeMessage,
  disconnectStateless,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
  handleStatelessMessage,
  readContent,
  receiveTextFrame,
} from "../src/index.ts";
import { authenticate, hostLimits, seed } from "./host-helpers.ts";
import { awarenessMessage, statelessPaper } from "./stateless-helpers.ts";

function paragraphUpdate(doc: Y.Doc, text: string) {
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("body").push([paragraph]);
  return Y.encodeStateAsUpdate(doc, before);
}

const types = (messages: Uint8Array[]) => messages.map((m) => decodeMessage(m).type);

describe("connectStateless", () => {
  it.each([
    ["a bad token", "forged", "p", CloseCode.unauthenticated],
    ["an unknown paper", "valid-ada", "nope", CloseCode.notFound],
    ["a non-collaborator", "valid-stranger", "p", CloseCode.forbidden],
  ])("refuses %s", async (_case, token, paperId, code) => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD" });
    const result = await connectStateless({
      store,
      authenticate,
      connectionId: "c",
      paperId,
      token,
    });
    expect(result.ok ? null : result.close.code).toBe(code);
    expect(await store.connections.get("c")).toBeNull();
  });

  it("registers the connection, and enforces the per-paper limit", async () => {
    const { store, connect } = await statelessPaper(hostLimits({ maxConnectionsPerPaper: 2 }));
    const first = await connect("ada");
    expect(await store.connections.get(first.connectionId)).toMatchObject({
      paperId: "p",
      memberId: "ada",
      role: "LEAD",
    });
    await connect("bo");
    await expect(connect("vi")).rejects.toThrow(`refused ${CloseCode.rateLimited}`);
    await disconnectStateless({ store, connectionId: first.connectionId });
    await connect("vi");
  });
});

describe("handleStatelessMessage", () => {
  it("answers sync step 1 from snapshot + tail and asks for the client's state", async () => {
    const { store, connect, limits } = await statelessPaper();
    const ada = await connect("ada");
    const doc = new Y.Doc();
    const update = paragraphUpdate(doc, "stored text");
    await handleStatelessMessage({ store, connection: ada, message: encodeUpdate(update), limits });

    const bo = await connect("bo");
    const result = await handleStatelessMessage({
      store,
      connection: bo,
      message: encodeSyncStep1(Y.encodeStateVector(new Y.Doc())),
      limits,
    });
    expect(types(result.replies)).toEqual(["syncStep2", "syncStep1"]);
    expect(types(result.broadcast)).toEqual(["queryAwareness"]);
    const answer = decodeMessage(result.replies[0]!);
    const replica = new Y.Doc();
    if (answer.type === "syncStep2") Y.applyUpdate(replica, answer.update);
    expect(readContent(replica).text).toBe("stored text");
  });

  it("stores an editor's update before returning the broadcast", async () => {
    const { store, connect, limits } = await statelessPaper();
    const bo = await connect("bo");
    const update = paragraphUpdate(new Y.Doc(), "hello");
    const result = await handleStatelessMessage({
      store,
      connection: bo,
      message: encodeUpdate(update),
      limits,
    });
    expect(types(result.broadcast)).toEqual(["update"]);
    expect(result.replies).toEqual([]);
    const stored = await store.documents.load("p");
    expect(stored.tail.map((e) => e.memberId)).toEqual(["bo"]);
  });

  it("stores nothing for a sync step 2 that brings nothing new", async () => {
    const { store, connect, limits } = await statelessPaper();
    const bo = await connect("bo");
    const doc = new Y.Doc();
    const update = paragraphUpdate(doc, "once");
    await handleStatelessMessage({ store, connection: bo, message: encodeUpdate(update), limits });
    const again = await handleStatelessMessage({
      store,
      connection: bo,
      message: encodeSyncStep2(Y.encodeStateAsUpdate(doc)),
      limits,
    });
    expect(again).toEqual({ replies: [], broadcast: [] });
    expect((await store.documents.load("p")).tail).toHaveLength(1);
  });

  it("refuses a viewer's update with permission-denied and stores nothing", async () => {
    const { store, connect, limits } = await statelessPaper();
    const vi = await connect("vi");
    const result = await handleStatelessMessage({
      store,
      connection: vi,
      message: encodeUpdate(paragraphUpdate(new Y.Doc(), "nope")),
      limits,
    });
    expect(result.broadcast).toEqual([]);
    expect(result.replies.map(decodeMessage)).toEqual([
      {
        type: "permissionDenied",
        reason: "read-only: your role on this paper cannot edit its text",
      },
    ]);
    expect((await store.documents.load("p")).tail).toHaveLength(0);
  });

  it("refuses updates once the paper is published, whatever the role", async () => {
    const { store, connect, limits } = await statelessPaper();
    const ada = await connect("ada");
    const paper = (await store.papers.get("p"))!;
    await store.papers.update({ ...paper, status: "PUBLISHED", version: paper.version + 1 });
    const result = await handleStatelessMessage({
      store,
      connection: ada,
      message: encodeUpdate(paragraphUpdate(new Y.Doc(), "late")),
      limits,
    });
    expect(types(result.replies)).toEqual(["permissionDenied"]);
    expect((await store.documents.load("p")).tail).toHaveLength(0);
  });

  it("echoes and passes on awareness", async () => {
    const { store, connect, limits } = await statelessPaper();
    const vi = await connect("vi");
    const message = awarenessMessage("Vi");
    expect(await handleStatelessMessage({ store, connection: vi, message, limits })).toEqual({
      replies: [message],
      broadcast: [message],
    });
  });

  it.each([
    ["malformed", new Uint8Array([9, 9]), CloseCode.badRequest],
    ["too large", new Uint8Array(600), CloseCode.tooLarge],
  ])("closes on a %s message", async (_case, message, code) => {
    const { store, connect } = await statelessPaper();
    const limits = hostLimits({ maxMessageBytes: 500 });
    const bo = await connect("bo");
    const result = await handleStatelessMessage({ store, connection: bo, message, limits });
    expect(result.close?.code).toBe(code);
  });

  it("closes an expired connection with 4401", async () => {
    const { store, connect, limits } = await statelessPaper();
    const bo = await connect("bo");
    const result = await handleStatelessMessage({
      store,
      connection: { ...bo, expiresAt: new Date(Date.now() - 1).toISOString() },
      message: encodeSyncStep1(new Uint8Array([0])),
      limits,
    });
    expect(result.close?.code).toBe(CloseCode.unauthenticated);
  });

  it("compacts once the tail is long, without losing anything", async () => {
    const limits = hostLimits({ compactAfterEntries: 10 });
    const { store, connect } = await statelessPaper(limits);
    const bo = await connect("bo");
    const doc = new Y.Doc();
    for (let i = 0; i < 25; i++) {
      await handleStatelessMessage({
        store,
        connection: bo,
        message: encodeUpdate(paragraphUpdate(doc, `line ${i}`)),
        limits,
      });
    }
    const stored = await store.documents.load("p");
    expect(stored.snapshotVersion).toBeGreaterThan(0);
    expect(stored.tail.length).toBeLessThanOrEqual(11);
    const replica = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(replica, stored.snapshot);
    for (const entry of stored.tail) Y.applyUpdate(replica, entry.update);
    expect(readContent(replica).text).toBe(readContent(doc).text);
  });

  it("lets two clients converge through it", async () => {
    const { store, connect, limits } = await statelessPaper();
    const clients = await Promise.all(
      ["ada", "bo"].map(async (memberId) => ({
        doc: new Y.Doc(),
        connection: await connect(memberId),
      })),
    );
    const deliver = async (from: (typeof clients)[number], message: Uint8Array) => {
      const result = await handleStatelessMessage({
        store,
        connection: from.connection,
        message,
        limits,
      });
      for (const reply of result.replies) apply(from.doc, reply);
      for (const other of clients)
        if (other !== from) for (const m of result.broadcast) apply(other.doc, m);
    };
    const apply = (doc: Y.Doc, message: Uint8Array) => {
      const decoded = decodeMessage(message);
      if (decoded.type === "update" || decoded.type === "syncStep2")
        Y.applyUpdate(doc, decoded.update);
    };
    const [ada, bo] = clients as [(typeof clients)[0], (typeof clients)[0]];
    await deliver(ada, encodeUpdate(paragraphUpdate(ada.doc, "from ada")));
    await deliver(bo, encodeUpdate(paragraphUpdate(bo.doc, "from bo")));
    // A third client, offline until now, catches up with one sync step 1.
    const late = { doc: new Y.Doc(), connection: await connect("ada") };
    const result = await handleStatelessMessage({
      store,
      connection: late.connection,
      message: encodeSyncStep1(Y.encodeStateVector(late.doc)),
      limits,
    });
    for (const reply of result.replies) apply(late.doc, reply);
    expect(readContent(ada.doc).text).toBe(readContent(bo.doc).text);
    expect(readContent(late.doc).text).toBe(readContent(ada.doc).text);
    expect(readContent(late.doc).text.split("\n").sort()).toEqual(["from ada", "from bo"]);
  });
});

describe("receiveTextFrame", () => {
  it("reassembles a chunked message whichever instance receives each chunk", async () => {
    const { store, limits } = await statelessPaper();
    const message = encodeUpdate(paragraphUpdate(new Y.Doc(), "x".repeat(3_000)));
    const frames = encodeTextFrames(message, 512, 77);
    const results = [];
    // Out of order, as separate invocations would see them.
    for (const text of [...frames].reverse()) {
      results.push(await receiveTextFrame({ store, connectionId: "c", text, limits }));
    }
    const whole = results.filter((r) => "message" in r && r.message !== null);
    expect(whole).toHaveLength(1);
    expect((whole[0] as { message: Uint8Array }).message).toEqual(message);
  });

  it("closes on bad or oversized frames", async () => {
    const { store } = await statelessPaper();
    const limits = hostLimits({ maxMessageBytes: 1_000 });
    expect(await receiveTextFrame({ store, connectionId: "c", text: "%%%", limits })).toEqual({
      close: { code: CloseCode.badRequest, reason: "malformed frame" },
    });
    const frames = encodeTextFrames(new Uint8Array(5_000).fill(1), 512, 5);
    expect(await receiveTextFrame({ store, connectionId: "c", text: frames[0]!, limits })).toEqual({
      close: { code: CloseCode.tooLarge, reason: "message too large" },
    });
  });
});
