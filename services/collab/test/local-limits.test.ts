// Limits and bad input close the offending connection with a clear code, and only that one.

import type { Limits } from "@accord/domain";
import {
  CloseCode,
  decodeTextFrame,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  appendParagraph,
  bodyText,
  kindOf,
  RawClient,
  testLimits,
  tokenOf,
  waitFor,
} from "./local-helpers.ts";
import {
  cleanupAfterEach,
  honestEditors,
  PAPER,
  rawClient,
  servePaper,
  storedDocument,
} from "./local-paper.ts";

const cleanup = cleanupAfterEach();

async function setup(limits: Limits = testLimits()) {
  const { store, server } = await servePaper(cleanup, {
    collaborators: { ada: "LEAD", bo: "EDITOR" },
    limits,
  });
  const open = async () => {
    const client = await rawClient(server, "ada");
    cleanup(() => client.close());
    return client;
  };
  return { store, server, open };
}

function paragraphUpdate(text: string, doc = new Y.Doc()) {
  const before = Y.encodeStateVector(doc);
  appendParagraph(doc, text);
  return Y.encodeStateAsUpdate(doc, before);
}

/** Resolves once the server handled what `client` sent so far (it answers a paper in order). */
async function handled(client: RawClient) {
  const from = client.messages.length;
  client.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  await client.next(
    "the server to answer",
    (m) => kindOf(m).join() === "0,1" && client.messages.indexOf(m) >= from,
  );
}

/** What a client that wrote `count` paragraphs offline answers the server's sync step 1 with. */
function offlineStep2(count: number, chars: number) {
  const doc = new Y.Doc();
  for (let i = 0; i < count; i++) appendParagraph(doc, `${i} `.padEnd(chars, "energy security "));
  return { doc, step2: encodeSyncStep2(Y.encodeStateAsUpdate(doc)) };
}

describe("limits", () => {
  it("closes with 4413 on an update over maxUpdateBytes", async () => {
    const { open, store } = await setup(testLimits({ maxUpdateBytes: 1_000 }));
    const client = await open();
    client.send(encodeUpdate(paragraphUpdate("x".repeat(2_000))));
    expect((await client.closed).code).toBe(CloseCode.tooLarge);
    expect((await store.documents.load(PAPER)).tail).toHaveLength(0);
  });

  it("takes a sync step 2 over maxUpdateBytes that fits the document", async () => {
    const { open, store } = await setup(
      testLimits({ maxUpdateBytes: 1_000, maxDocumentBytes: 50_000 }),
    );
    const client = await open();
    const { doc, step2 } = offlineStep2(20, 300);
    expect(step2.length).toBeGreaterThan(5_000);
    client.send(step2);
    await handled(client);
    expect(client.closeEvent).toBeNull();
    expect(bodyText(await storedDocument(store))).toBe(bodyText(doc));
  });

  it("closes with 4413 a sync step 2 that would grow the document past it, storing nothing", async () => {
    const { open, store } = await setup(
      testLimits({ maxUpdateBytes: 1_000, maxDocumentBytes: 8_000 }),
    );
    const writer = await open();
    const online = new Y.Doc();
    for (let i = 0; i < 4; i++) writer.send(encodeUpdate(paragraphUpdate("m".repeat(600), online)));
    await handled(writer);
    const client = await open();
    client.send(offlineStep2(20, 300).step2);
    expect(await client.closed).toEqual({ code: CloseCode.tooLarge, reason: "document too large" });
    expect(bodyText(await storedDocument(store))).toBe(bodyText(online));
  });

  it("counts what the document lacks, not what a sync step 2 repeats", async () => {
    const { open, store } = await setup(testLimits({ maxDocumentBytes: 8_000 }));
    const client = await open();
    const { doc, step2 } = offlineStep2(20, 300);
    client.send(step2);
    await handled(client);
    const stored = async () => {
      const state = await store.documents.load(PAPER);
      return (state.snapshot?.length ?? 0) + state.tail.reduce((n, e) => n + e.update.length, 0);
    };
    const before = await stored();

    // Reconnected with one more line: the whole document again, which alone would not fit.
    appendParagraph(doc, "Back online.");
    const everything = Y.encodeStateAsUpdate(doc);
    expect(before + everything.length).toBeGreaterThan(8_000);
    client.send(encodeSyncStep2(everything));
    await handled(client);
    expect(client.closeEvent).toBeNull();
    expect(await stored()).toBeLessThan(before + 200);
    expect(bodyText(await storedDocument(store))).toBe(bodyText(doc));
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
    const stored = (await store.documents.load(PAPER)).tail;
    expect(stored.reduce((n, e) => n + e.update.length, 0)).toBeLessThanOrEqual(3_000);
    expect(stored.length).toBeGreaterThan(0);
  });

  it("closes with 4529 past maxConnectionsPerPaper", async () => {
    const { open, server } = await setup(testLimits({ maxConnectionsPerPaper: 2 }));
    await open();
    await open();
    const third = await RawClient.connect(`${server.url}/${PAPER}?token=${tokenOf("bo")}`);
    cleanup(() => third.close());
    expect((await third.closed).code).toBe(CloseCode.rateLimited);
  });

  it("closes with 4529 when a connection sends faster than maxMessagesPerSecond", async () => {
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
    const { a, b, dropped } = await honestEditors(cleanup, server);
    appendParagraph(a.doc, "before");
    await waitFor("b has before", () => bodyText(b.doc) === "before", [[b.doc, "update"]]);

    const attacker = await open();
    attacker.send(bytes);
    expect((await attacker.closed).code).toBe(CloseCode.badRequest);

    appendParagraph(a.doc, "after");
    await waitFor("b has after", () => bodyText(b.doc) === "before\nafter", [[b.doc, "update"]]);
    expect(dropped()).toBe(0);
    expect(bodyText(await storedDocument(store))).toBe("before\nafter");
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
    const { b } = await honestEditors(cleanup, server);
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

  it("counts every chunk: one unfinished chunk sent 1,000 times ends in 4529, storing nothing", async () => {
    const { open, store } = await setup(testLimits({ maxMessagesPerSecond: 100 }));
    const client = await open();
    const [first] = encodeTextFrames(encodeUpdate(paragraphUpdate("v".repeat(3_000))), 1_024);
    for (let i = 0; i < 1_000; i++) client.send(first!);
    expect((await client.closed).code).toBe(CloseCode.rateLimited);
    expect((await store.documents.load(PAPER)).tail).toHaveLength(0);
  });

  it("closes with 4413 when chunks add up to more than maxMessageBytes", async () => {
    const { open } = await setup(testLimits({ maxMessageBytes: 2_000 }));
    const client = await open();
    const frames = encodeTextFrames(encodeUpdate(paragraphUpdate("w".repeat(5_000))), 1_024);
    for (const frame of frames) client.send(frame);
    expect((await client.closed).code).toBe(CloseCode.tooLarge);
  });
});
