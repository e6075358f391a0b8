// Limits and bad input close the offending connection with a clear code, and only that one.
import {
  CloseCode,
  decodeTextFrame,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/collab";
import type { Limits } from "@accord/domain";
import { createMemoryStore } from "@accord/storage";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  appendParagraph,
  bodyText,
  connectProvider,
  kindOf,
  RawClient,
  seedPaper,
  startServer,
  testLimits,
  tokenOf,
  waitFor,
  waitForSynced,
} from "./local-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(limits: Limits = testLimits()) {
  const store = createMemoryStore();
  await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
  const server = await startServer({ store, limits });
  cleanups.push(() => server.close());
  const open = async () => {
    const client = await RawClient.connect(`${server.url}/p1?token=${tokenOf("ada")}`);
    cleanups.push(() => client.close());
    await client.next("sync step 1", (m) => kindOf(m)[0] === 0);
    return client;
  };
  return { store, server, open };
}

function paragraphUpdate(text: string, doc = new Y.Doc()) {
  const before = Y.encodeStateVector(doc);
  appendParagraph(doc, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe("limits", () => {
  it("closes with 4413 on an update over maxUpdateBytes", async () => {
    const { open, store } = await setup(testLimits({ maxUpdateBytes: 1_000 }));
    const client = await open();
    client.send(encodeUpdate(paragraphUpdate("x".repeat(2_000))));
    expect((await client.closed).code).toBe(CloseCode.tooLarge);
    expect((await store.documents.load("p1")).tail).toHaveLength(0);
  });

  it("closes with 4413 on a message over maxMessageBytes", async () => {
    const { open } = await setup(testLimits({ maxMessageBytes: 500 }));
    const client = await open();
    client.send(encodeUpdate(paragraphUpdate("y".repeat(800))));
    expect((await client.closed).code).toBe(CloseCode.tooLarge);
  });

  it("closes with 4413 when the document would grow over maxDocumentBytes", async () => {
    const { open, store } = await setup(testLimits({ maxDocumentBytes: 3_000 }));
    const client = await open();
    const doc = new Y.Doc();
    for (let i = 0; i < 10; i++) client.send(encodeUpdate(paragraphUpdate("z".repeat(500), doc)));
    expect((await client.closed).code).toBe(CloseCode.tooLarge);
    const stored = (await store.documents.load("p1")).tail;
    expect(stored.reduce((n, e) => n + e.update.length, 0)).toBeLessThanOrEqual(3_000);
    expect(stored.length).toBeGreaterThan(0);
  });

  it("closes with 4429 past maxConnectionsPerPaper", async () => {
    const { open, server } = await setup(testLimits({ maxConnectionsPerPaper: 2 }));
    await open();
    await open();
    const third = await RawClient.connect(`${server.url}/p1?token=${tokenOf("bo")}`);
    cleanups.push(() => third.close());
    expect((await third.closed).code).toBe(CloseCode.rateLimited);
  });

  it("closes with 4429 when a connection sends faster than maxMessagesPerSecond", async () => {
    const { open } = await setup(testLimits({ maxMessagesPerSecond: 5 }));
    const client = await open();
    for (let i = 0; i < 40; i++) client.send(encodeQueryAwareness());
    expect((await client.closed).code).toBe(CloseCode.rateLimited);
  });
});

describe("malformed input", () => {
  it.each([
    ["garbage", new Uint8Array([0xde, 0xad, 0xbe, 0xef])],
    ["an unknown message type", new Uint8Array([7])],
    ["an unknown sync type", new Uint8Array([0, 9, 0])],
    ["a truncated varint", new Uint8Array([0, 2, 0xff, 0xff])],
    ["a length past the end", new Uint8Array([0, 2, 50, 1, 2, 3])],
    ["trailing bytes", new Uint8Array([3, 0])],
    ["an update that is not a Yjs update", new Uint8Array([0, 2, 3, 0xff, 0xff, 0xff])],
    ["an awareness update that is not JSON", new Uint8Array([1, 5, 1, 1, 1, 1, 0x7b])],
    ["an empty message", new Uint8Array([])],
  ])("closes with 4400 on %s, and nobody else notices", async (_case, bytes) => {
    const { open, server, store } = await setup();
    const a = connectProvider(server.url, "p1", tokenOf("ada"));
    const b = connectProvider(server.url, "p1", tokenOf("bo"));
    cleanups.push(
      () => a.destroy(),
      () => b.destroy(),
    );
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    appendParagraph(a.doc, "before");
    await waitFor("b has before", () => bodyText(b.doc) === "before", [[b.doc, "update"]]);
    let dropped = 0;
    a.on("connection-close", () => dropped++);
    b.on("connection-close", () => dropped++);

    const attacker = await open();
    attacker.send(bytes);
    expect((await attacker.closed).code).toBe(CloseCode.badRequest);

    appendParagraph(a.doc, "after");
    await waitFor("b has after", () => bodyText(b.doc) === "before\nafter", [[b.doc, "update"]]);
    expect(dropped).toBe(0);
    const state = await store.documents.load("p1");
    const stored = new Y.Doc();
    for (const entry of state.tail) Y.applyUpdate(stored, entry.update);
    expect(bodyText(stored)).toBe("before\nafter");
  });
});

describe("text framing", () => {
  it("accepts base64 text frames and answers in text frames", async () => {
    const { open } = await setup();
    const client = await open();
    const [frame] = encodeTextFrames(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())), 32_768);
    client.send(frame!);
    const reply = decodeTextFrame(await client.nextText("a text reply", () => true));
    expect(reply.kind === "whole" && kindOf(reply.message)).toEqual([0, 1]);
  });

  it("puts a chunked update back together and applies it", async () => {
    const { open, server } = await setup();
    const b = connectProvider(server.url, "p1", tokenOf("bo"));
    cleanups.push(() => b.destroy());
    await waitForSynced(b);
    const client = await open();
    const long = "Supply chains for critical minerals. ".repeat(200);
    const frames = encodeTextFrames(encodeUpdate(paragraphUpdate(long)), 1_024);
    expect(frames.length).toBeGreaterThan(5);
    for (const frame of frames) client.send(frame);
    await waitFor("b has the long paragraph", () => bodyText(b.doc) === long, [[b.doc, "update"]]);
  });

  it("closes with 4400 on a frame that is not base64", async () => {
    const { open } = await setup();
    const client = await open();
    client.send("this is not base64!");
    expect((await client.closed).code).toBe(CloseCode.badRequest);
  });

  it("closes with 4413 when chunks add up to more than maxMessageBytes", async () => {
    const { open } = await setup(testLimits({ maxMessageBytes: 2_000 }));
    const client = await open();
    const frames = encodeTextFrames(encodeUpdate(paragraphUpdate("w".repeat(5_000))), 1_024);
    for (const frame of frames) client.send(frame);
    expect((await client.closed).code).toBe(CloseCode.tooLarge);
  });
});
