// The serverless host: $connect admits and registers, $default decides one frame from storage
// alone, and a keystroke never loads the document.
import {
  CloseCode,
  decodeMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/protocol";
import { createMemoryStore, type Store } from "@accord/storage";
import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import {
  connectStateless,
  disconnectStateless,
  loadDocument,
  readContent,
  receiveStateless,
} from "../src/index.ts";
import { authenticate, hostLimits, seed } from "./host-helpers.ts";
import { awarenessMessage, statelessPaper, T } from "./stateless-helpers.ts";

function paragraphUpdate(doc: Y.Doc, text: string) {
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("body").push([paragraph]);
  return Y.encodeStateAsUpdate(doc, before);
}

const types = (messages: Uint8Array[]) => messages.map((m) => decodeMessage(m).type);

const storedText = async (store: Store) => {
  const doc = await loadDocument(store.documents, "p");
  const text = readContent(doc).text;
  doc.destroy();
  return text;
};

/** Counts what a frame asks of the document port. */
function documentCalls(store: Store) {
  return {
    load: vi.spyOn(store.documents, "load"),
    append: vi.spyOn(store.documents, "append"),
    size: vi.spyOn(store.documents, "size"),
    tailLength: vi.spyOn(store.documents, "tailLength"),
    compact: vi.spyOn(store.documents, "compact"),
  };
}

describe("connectStateless", () => {
  async function attempt(store: Store, token: string, paperId: string) {
    const result = await connectStateless({
      store,
      authenticate,
      connectionId: "c",
      paperId,
      token,
    });
    return result.ok ? null : result.close;
  }

  it.each([
    ["a bad token", "forged", "p", CloseCode.unauthenticated],
    ["an unknown paper", "valid-ada", "nope", CloseCode.notFound],
  ])("refuses %s", async (_case, token, paperId, code) => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD" });
    expect((await attempt(store, token, paperId))?.code).toBe(code);
    expect(await store.connections.get("c")).toBeNull();
  });

  it("answers a draft the caller may not see exactly like a missing paper", async () => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD" });
    await seed(store, "other", { outsider: "LEAD" });
    const missing = await attempt(store, "valid-outsider", "nope");
    expect(missing).toEqual({ code: CloseCode.notFound, reason: "no such paper" });
    expect(await attempt(store, "valid-outsider", "p")).toEqual(missing);
    // Someone seen for the first time too.
    expect(await attempt(store, "valid-stranger", "p")).toEqual(missing);
    expect(await store.connections.get("c")).toBeNull();
  });

  it("admits someone seen for the first time to a published paper, as a reader", async () => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD" });
    const paper = (await store.papers.get("p"))!;
    await store.papers.update({ ...paper, status: "PUBLISHED", version: paper.version + 1 });
    const result = await connectStateless({
      store,
      authenticate,
      connectionId: "c",
      paperId: "p",
      token: "valid-newcomer",
    });
    const member = await store.members.getBySubject("newcomer");
    expect(member?.platformRole).toBe("MEMBER");
    expect(result.ok && result.connection).toMatchObject({
      memberId: member?.id,
      platformRole: "MEMBER",
      role: null,
      paperStatus: "PUBLISHED",
    });
  });

  it("takes the coordinator role from the token, and lets a coordinator read a draft", async () => {
    const { store, connect, send } = await statelessPaper();
    // The member record says MEMBER; the token says coordinator: the token wins, as in GraphQL.
    await seed(store, "other", { cora: "LEAD" });
    const cora = await connect("cora", "p", "coordinator-cora");
    expect(cora).toMatchObject({ platformRole: "COORDINATOR", role: null, paperStatus: "DRAFT" });
    expect((await store.members.get("cora"))?.platformRole).toBe("COORDINATOR");
    const refused = await send(cora, encodeUpdate(paragraphUpdate(new Y.Doc(), "no")));
    expect(types(refused.replies)).toEqual(["permissionDenied"]);
    // The same person signing in without the role again is a member who may not see the draft.
    await expect(connect("cora")).rejects.toThrow(`refused ${CloseCode.notFound}`);
  });

  it("registers the connection, and enforces the per-paper limit with 4529", async () => {
    const { store, connect } = await statelessPaper(hostLimits({ maxConnectionsPerPaper: 2 }));
    const first = await connect("ada");
    expect(await store.connections.get(first.connectionId)).toMatchObject({
      paperId: "p",
      memberId: "ada",
      platformRole: "MEMBER",
      role: "LEAD",
      paperStatus: "DRAFT",
    });
    await connect("bo");
    await expect(connect("vi")).rejects.toThrow(`refused ${CloseCode.rateLimited}`);
    await disconnectStateless({ store, connectionId: first.connectionId });
    await connect("vi");
  });

  it("registers with the role a change made while the connection was being admitted", async () => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD", bo: "EDITOR", cy: "EDITOR" });
    // The change lands after the gate read the role, before the record exists for a notifier to
    // find: only reading again after registering can see it.
    const changes: Record<string, () => Promise<void>> = {
      c1: async () => {
        await store.collaborators.setRole("p", "bo", "VIEWER");
      },
      c2: () => store.collaborators.remove("p", "cy"),
    };
    const racing: Store = {
      ...store,
      connections: Object.assign(Object.create(store.connections), {
        async put(record: Parameters<Store["connections"]["put"]>[0]) {
          await changes[record.connectionId]?.();
          return store.connections.put(record);
        },
      }),
    };
    const admit = (connectionId: string, memberId: string) =>
      connectStateless({
        store: racing,
        authenticate,
        connectionId,
        paperId: "p",
        token: `valid-${memberId}`,
      });

    const demoted = await admit("c1", "bo");
    expect(demoted.ok && demoted.connection.role).toBe("VIEWER");
    expect((await store.connections.get("c1"))?.role).toBe("VIEWER");

    const removed = await admit("c2", "cy");
    expect(removed.ok ? null : removed.close.code).toBe(CloseCode.forbidden);
    expect(await store.connections.get("c2")).toBeNull();
  });
});

describe("receiveStateless", () => {
  it("answers sync step 1 from snapshot + tail and asks for the client's state", async () => {
    const { connect, send } = await statelessPaper();
    const ada = await connect("ada");
    await send(ada, encodeUpdate(paragraphUpdate(new Y.Doc(), "stored text")));

    const bo = await connect("bo");
    const result = await send(bo, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    expect(types(result.replies)).toEqual(["syncStep2", "syncStep1"]);
    expect(types(result.broadcast)).toEqual(["queryAwareness"]);
    const answer = decodeMessage(result.replies[0]!);
    const replica = new Y.Doc();
    if (answer.type === "syncStep2") Y.applyUpdate(replica, answer.update);
    expect(readContent(replica).text).toBe("stored text");
  });

  it("stores an editor's update before returning the broadcast, without loading the document", async () => {
    const { store, connect, send } = await statelessPaper();
    const bo = await connect("bo");
    await send(bo, encodeUpdate(paragraphUpdate(new Y.Doc(), "already there")));
    const calls = documentCalls(store);
    const result = await send(bo, encodeUpdate(paragraphUpdate(new Y.Doc(), "hello")));
    expect(types(result.broadcast)).toEqual(["update"]);
    expect(result.replies).toEqual([]);
    expect(result.connection?.connectionId).toBe(bo.connectionId);
    expect(calls.append).toHaveBeenCalledTimes(1);
    expect(calls.load).not.toHaveBeenCalled();
    expect(calls.tailLength).not.toHaveBeenCalled();
    const stored = await store.documents.load("p");
    expect(stored.tail.map((e) => e.memberId)).toEqual(["bo", "bo"]);
  });

  it("passes awareness on and echoes it, without touching the document", async () => {
    const { store, connect, send } = await statelessPaper();
    const viewer = await connect("vi");
    const message = awarenessMessage("Vi");
    const calls = documentCalls(store);
    const result = await send(viewer, message);
    expect(result).toEqual({ connection: viewer, replies: [message], broadcast: [message] });
    for (const call of Object.values(calls)) expect(call).not.toHaveBeenCalled();
  });

  it("stores a repeated update again, and loading counts it once", async () => {
    const { store, connect, send } = await statelessPaper();
    const bo = await connect("bo");
    const doc = new Y.Doc();
    const update = paragraphUpdate(doc, "once");
    await send(bo, encodeUpdate(update));
    const again = await send(bo, encodeSyncStep2(Y.encodeStateAsUpdate(doc)));
    expect(types(again.broadcast)).toEqual(["update"]);
    expect((await store.documents.load("p")).tail).toHaveLength(2);
    expect(await storedText(store)).toBe("once");
  });

  it.each([
    ["bo"],
    ["vi"],
  ])("ignores %s's empty answer to the server's sync step 1", async (memberId) => {
    const { store, connect, send } = await statelessPaper();
    const connection = await connect(memberId);
    // What a client with nothing the server lacks answers.
    const empty = encodeSyncStep2(Y.encodeStateAsUpdate(new Y.Doc()));
    const result = await send(connection, empty);
    expect(result).toEqual({ connection, replies: [], broadcast: [] });
    expect((await store.documents.load("p")).tail).toHaveLength(0);
  });

  it("refuses a viewer's update with permission-denied and stores nothing", async () => {
    const { store, connect, send } = await statelessPaper();
    const viewer = await connect("vi");
    const result = await send(viewer, encodeUpdate(paragraphUpdate(new Y.Doc(), "nope")));
    expect(result.broadcast).toEqual([]);
    expect(result.close).toBeUndefined();
    expect(result.replies.map(decodeMessage)).toEqual([
      {
        type: "permissionDenied",
        reason: "read-only: your role on this paper cannot edit its text",
      },
    ]);
    expect((await store.documents.load("p")).tail).toHaveLength(0);
  });

  it("refuses updates once the connection is told the paper is published, whatever the role", async () => {
    const { store, connect, send } = await statelessPaper();
    const ada = await connect("ada");
    const paper = (await store.papers.get("p"))!;
    await store.papers.update({ ...paper, status: "PUBLISHED", version: paper.version + 1 });
    // What the notifier does for a status change: the record is what a keystroke is judged by.
    await store.connections.setStatusForPaper("p", "PUBLISHED");
    const result = await send(ada, encodeUpdate(paragraphUpdate(new Y.Doc(), "late")));
    expect(result.replies.map(decodeMessage)).toEqual([
      { type: "permissionDenied", reason: "the paper is published: its text is frozen" },
    ]);
    expect((await store.documents.load("p")).tail).toHaveLength(0);
  });

  it("stores updates in the order they come, and they converge once loaded", async () => {
    const { store, connect, send } = await statelessPaper();
    const bo = await connect("bo");
    const doc = new Y.Doc();
    const updates = ["one", "two", "three", "four"].map((text) => paragraphUpdate(doc, text));
    // Each update depends on the one before: the server stores them without applying them.
    for (const update of [...updates].reverse()) {
      const result = await send(bo, encodeUpdate(update));
      expect(result.close).toBeUndefined();
      expect(types(result.broadcast)).toEqual(["update"]);
    }
    expect((await store.documents.load("p")).tail).toHaveLength(4);
    expect(await storedText(store)).toBe("one\ntwo\nthree\nfour");

    // A newcomer's sync gets all of it.
    const late = new Y.Doc();
    const answer = await send(await connect("ada"), encodeSyncStep1(Y.encodeStateVector(late)));
    const step2 = decodeMessage(answer.replies[0]!);
    if (step2.type === "syncStep2") Y.applyUpdate(late, step2.update);
    expect(readContent(late).text).toBe(readContent(doc).text);
  });

  it.each([
    ["a malformed message", new Uint8Array([9, 9]), CloseCode.badRequest],
    ["a message over maxMessageBytes", new Uint8Array(600), CloseCode.tooLarge],
  ])("closes on %s", async (_case, message, code) => {
    const { store, connect, send } = await statelessPaper(hostLimits({ maxMessageBytes: 500 }));
    const bo = await connect("bo");
    const result = await send(bo, message);
    expect(result.close?.code).toBe(code);
    expect(result.replies).toEqual([]);
    expect(result.broadcast).toEqual([]);
    expect((await store.documents.load("p")).tail).toHaveLength(0);
  });

  it("closes on a frame that is not base64 with 4400", async () => {
    const { connect, receive } = await statelessPaper();
    const bo = await connect("bo");
    expect((await receive(bo, "%%%")).close).toEqual({
      code: CloseCode.badRequest,
      reason: "malformed frame",
    });
  });

  it("closes a connection whose token has expired with 4401", async () => {
    const { connect, send } = await statelessPaper();
    const bo = await connect("bo");
    const expired = Date.parse(bo.expiresAt);
    const result = await send(bo, encodeSyncStep1(new Uint8Array([0])), expired);
    expect(result.close?.code).toBe(CloseCode.unauthenticated);
    expect(result.replies).toEqual([]);
  });

  it("tells the caller about a connection it does not know", async () => {
    const { store, limits } = await statelessPaper();
    const [frame] = encodeTextFrames(encodeSyncStep1(new Uint8Array([0])), 32_768);
    const result = await receiveStateless({
      store,
      connectionId: "never-registered",
      frame: frame!,
      arrivedAt: T,
      limits,
    });
    expect(result).toEqual({ connection: null, replies: [], broadcast: [] });
  });

  it("never compacts on the keystroke path nor at $disconnect", async () => {
    const limits = hostLimits({ compactAfterEntries: 10 });
    const { store, connect, send } = await statelessPaper(limits);
    const bo = await connect("bo");
    const doc = new Y.Doc();
    const calls = documentCalls(store);
    for (let i = 0; i < 25; i++) await send(bo, encodeUpdate(paragraphUpdate(doc, `line ${i}`)));
    await disconnectStateless({ store, connectionId: bo.connectionId });
    expect(calls.compact).not.toHaveBeenCalled();
    expect(calls.load).not.toHaveBeenCalled();
    const stored = await store.documents.load("p");
    expect(stored.snapshotVersion).toBe(0);
    expect(stored.tail).toHaveLength(25);
    expect(await storedText(store)).toBe(readContent(doc).text);
  });

  it("lets two clients converge through it", async () => {
    const { connect, send } = await statelessPaper();
    const clients = await Promise.all(
      ["ada", "bo"].map(async (memberId) => ({
        doc: new Y.Doc(),
        connection: await connect(memberId),
      })),
    );
    const apply = (doc: Y.Doc, message: Uint8Array) => {
      const decoded = decodeMessage(message);
      if (decoded.type === "update" || decoded.type === "syncStep2")
        Y.applyUpdate(doc, decoded.update);
    };
    const deliver = async (from: (typeof clients)[number], message: Uint8Array) => {
      const result = await send(from.connection, message);
      for (const reply of result.replies) apply(from.doc, reply);
      for (const other of clients)
        if (other !== from) for (const m of result.broadcast) apply(other.doc, m);
    };
    const [ada, bo] = clients as [(typeof clients)[0], (typeof clients)[0]];
    await deliver(ada, encodeUpdate(paragraphUpdate(ada.doc, "from ada")));
    await deliver(bo, encodeUpdate(paragraphUpdate(bo.doc, "from bo")));
    // A third client, offline until now, catches up with one sync step 1.
    const late = { doc: new Y.Doc(), connection: await connect("ada") };
    const result = await send(late.connection, encodeSyncStep1(Y.encodeStateVector(late.doc)));
    for (const reply of result.replies) apply(late.doc, reply);
    expect(readContent(ada.doc).text).toBe(readContent(bo.doc).text);
    expect(readContent(late.doc).text).toBe(readContent(ada.doc).text);
    expect(readContent(late.doc).text.split("\n").sort()).toEqual(["from ada", "from bo"]);
  });
});

describe("chunked messages", () => {
  it("reassembles a chunked update through the store, out of order, and stores it once", async () => {
    const { store, connect, receive } = await statelessPaper();
    const bo = await connect("bo");
    const doc = new Y.Doc();
    const message = encodeUpdate(paragraphUpdate(doc, "x".repeat(3_000)));
    const frames = encodeTextFrames(message, 512, 77);
    expect(frames.length).toBeGreaterThan(5);
    const results = [];
    // Out of order, and one repeated, as separate invocations may see them.
    for (const frame of [...frames].reverse().concat(frames[2]!)) {
      results.push(await receive(bo, frame));
    }
    const whole = results.filter((r) => r.broadcast.length > 0);
    expect(whole).toHaveLength(1);
    expect(whole[0]!.broadcast).toEqual([message]);
    expect(results.every((r) => r.close === undefined && r.replies.length === 0)).toBe(true);
    expect((await store.documents.load("p")).tail).toHaveLength(1);
    expect(await storedText(store)).toBe(readContent(doc).text);
  });

  it("closes at the first chunk of a message whose chunk count is over maxMessageBytes", async () => {
    const { store, connect, receive } = await statelessPaper(
      hostLimits({ maxMessageBytes: 1_000 }),
    );
    const bo = await connect("bo");
    const frames = encodeTextFrames(new Uint8Array(5_000).fill(1), 512, 5);
    expect((await receive(bo, frames[0]!)).close).toEqual({
      code: CloseCode.tooLarge,
      reason: "message too large",
    });
    expect((await store.documents.load("p")).tail).toHaveLength(0);
  });
});
