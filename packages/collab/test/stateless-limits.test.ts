import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  CloseCode,
  countMessage,
  decodeMessage,
  encodeSyncStep2,
  encodeUpdate,
  handleStatelessMessage,
  paceOf,
  readContent,
  withinPace,
} from "../src/index.ts";
import { hostLimits } from "./host-helpers.ts";
import { awarenessMessage, statelessPaper } from "./stateless-helpers.ts";

const T = Date.parse("2025-06-01T12:00:00.000Z");

type Setup = Awaited<ReturnType<typeof statelessPaper>>;
type Connection = Awaited<ReturnType<Setup["connect"]>>;

function send(context: Setup, connection: Connection, message: Uint8Array, now = T) {
  const { store, limits } = context;
  return handleStatelessMessage({ store, connection, message, limits, now });
}

/** Paragraphs of `chars` characters each, appended to `doc`; returns what they added. */
function writeParagraphs(doc: Y.Doc, count: number, chars: number) {
  const before = Y.encodeStateVector(doc);
  for (let i = 0; i < count; i++) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`${i} `.padEnd(chars, "ocean acidification "))]);
    doc.getXmlFragment("body").push([paragraph]);
  }
  return Y.encodeStateAsUpdate(doc, before);
}

const storedBytes = async (context: Setup) => {
  const state = await context.store.documents.load("p");
  return (state.snapshot?.length ?? 0) + state.tail.reduce((n, e) => n + e.update.length, 0);
};

const storedText = async (context: Setup) => {
  const state = await context.store.documents.load("p");
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  return readContent(doc).text;
};

describe("sync step 2", () => {
  it("takes a step 2 larger than maxUpdateBytes that fits the document", async () => {
    const context = await statelessPaper(
      hostLimits({ maxUpdateBytes: 1_000, maxDocumentBytes: 50_000 }),
    );
    const bo = await context.connect("bo");
    // Written offline: the step 2 answering the server's step 1 carries all of it at once.
    const offline = new Y.Doc();
    const written = writeParagraphs(offline, 20, 300);
    expect(written.length).toBeGreaterThan(5_000);

    const result = await send(context, bo, encodeSyncStep2(written));
    expect(result.close).toBeUndefined();
    expect(result.broadcast.map((m) => decodeMessage(m).type)).toEqual(["update"]);
    expect(await storedText(context)).toBe(readContent(offline).text);
    // One update of that size is still over its own limit.
    const more = writeParagraphs(offline, 20, 300);
    expect((await send(context, bo, encodeUpdate(more))).close?.code).toBe(CloseCode.tooLarge);
  });

  it("closes with 4413 a step 2 that would grow the document past its limit, storing nothing", async () => {
    const context = await statelessPaper(
      hostLimits({ maxUpdateBytes: 1_000, maxDocumentBytes: 8_000 }),
    );
    const bo = await context.connect("bo");
    const online = new Y.Doc();
    for (let i = 0; i < 4; i++) {
      expect((await send(context, bo, encodeUpdate(writeParagraphs(online, 1, 600)))).close).toBe(
        undefined,
      );
    }
    const before = await context.store.documents.load("p");

    const ada = await context.connect("ada");
    const offline = new Y.Doc();
    const result = await send(context, ada, encodeSyncStep2(writeParagraphs(offline, 20, 300)));
    expect(result).toEqual({
      replies: [],
      broadcast: [],
      close: { code: CloseCode.tooLarge, reason: "document too large" },
    });
    expect(await context.store.documents.load("p")).toEqual(before);
  });

  it("counts what the document lacks, not what a step 2 repeats", async () => {
    const context = await statelessPaper(hostLimits({ maxDocumentBytes: 8_000 }));
    const bo = await context.connect("bo");
    const replica = new Y.Doc();
    await send(context, bo, encodeUpdate(writeParagraphs(replica, 20, 300)));
    const before = await storedBytes(context);
    expect(before).toBeGreaterThan(4_000);

    // A reconnecting client holding the whole document and one new line sends all of it.
    writeParagraphs(replica, 1, 40);
    const everything = Y.encodeStateAsUpdate(replica);
    expect(before + everything.length).toBeGreaterThan(8_000);
    const result = await send(context, bo, encodeSyncStep2(everything));
    expect(result.close).toBeUndefined();
    expect(await storedBytes(context)).toBeLessThan(before + 200);
    expect(await storedText(context)).toBe(readContent(replica).text);
  });
});

describe("messages per second", () => {
  // 5 a second, bursts of 10: one message uses up 200 ms of the bucket.
  const paced = () => statelessPaper(hostLimits({ maxMessagesPerSecond: 5 }));

  it("closes with 4429 a connection past its burst, and refills at the rate", async () => {
    const context = await paced();
    const bo = await context.connect("bo");
    const message = awarenessMessage("Bo");
    for (let i = 0; i < 10; i++) expect((await send(context, bo, message)).close).toBeUndefined();
    expect((await send(context, bo, message)).close).toEqual({
      code: CloseCode.rateLimited,
      reason: "too many messages",
    });

    // Another connection has a bucket of its own.
    const ada = await context.connect("ada");
    expect((await send(context, ada, message)).close).toBeUndefined();
    // A second after its bucket ran dry, a connection may send five more.
    const later = await context.connect("bo");
    for (let i = 0; i < 10; i++) await send(context, later, message);
    const outcomes = [];
    for (let i = 0; i < 6; i++)
      outcomes.push((await send(context, later, message, T + 1_000)).close);
    expect(outcomes.map((close) => close?.code ?? "ok")).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
      CloseCode.rateLimited,
    ]);
  });

  it("counts messages handled at once on several instances each once", async () => {
    const context = await paced();
    const bo = await context.connect("bo");
    const message = awarenessMessage("Bo");
    // Every instance read the same connection record, before any of them counted.
    const results = await Promise.all(Array.from({ length: 12 }, () => send(context, bo, message)));
    expect(results.filter((r) => r.close?.code === CloseCode.rateLimited)).toHaveLength(2);
  });

  it("counts stored updates by the log, with no write of their own", async () => {
    const context = await paced();
    const bo = await context.connect("bo");
    const doc = new Y.Doc();
    for (let i = 0; i < 10; i++) {
      expect((await send(context, bo, encodeUpdate(writeParagraphs(doc, 1, 20)))).close).toBe(
        undefined,
      );
    }
    const refused = await send(context, bo, encodeUpdate(writeParagraphs(doc, 1, 20)));
    expect(refused.close?.code).toBe(CloseCode.rateLimited);
    expect((await context.store.documents.load("p")).tail).toHaveLength(10);
    // The bucket on the record was never touched: the log was the whole count.
    expect((await context.store.connections.get(bo.connectionId))?.bucketFullAt).toBeUndefined();

    // Others' edits are theirs; bo may edit again once the bucket refilled.
    const ada = await context.connect("ada");
    const fromAda = await send(context, ada, encodeUpdate(writeParagraphs(new Y.Doc(), 1, 20)));
    expect(fromAda.close).toBeUndefined();
    const again = await context.connect("bo");
    const fresh = new Y.Doc();
    const laterEdit = await send(
      context,
      again,
      encodeUpdate(writeParagraphs(fresh, 1, 20)),
      T + 1_000,
    );
    expect(laterEdit.close).toBeUndefined();
  });

  it("counts a reader's refused updates on the connection record", async () => {
    const context = await paced();
    const vi = await context.connect("vi");
    const doc = new Y.Doc();
    const codes = [];
    for (let i = 0; i < 11; i++) {
      const result = await send(context, vi, encodeUpdate(writeParagraphs(doc, 1, 20)));
      codes.push(result.close?.code ?? decodeMessage(result.replies[0]!).type);
    }
    expect(codes).toEqual([...Array(10).fill("permissionDenied"), CloseCode.rateLimited]);
    expect((await context.store.documents.load("p")).tail).toHaveLength(0);
  });
});

/** A token bucket in exact arithmetic: thousandths of a token, whole milliseconds. */
function exactBucket(rate: number, now: number) {
  const capacity = rate * 2 * 1000;
  let held = capacity;
  let last = now;
  return {
    /** Thousandths of a token held at `at`, before taking one. */
    refill(at: number) {
      held = Math.min(capacity, held + (at - last) * rate);
      last = at;
      return held;
    },
    take() {
      if (held < 1000) return false;
      held -= 1000;
      return true;
    },
  };
}

describe("the bucket as one number", () => {
  it("lets through what a token bucket lets through, up to rounding (SEED replays)", () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`pacing seed ${seed} (replay with SEED=${seed})`);
    const gen = prng.create(seed);
    let compared = 0;
    for (let round = 0; round < 200; round++) {
      const rate = prng.int32(gen, 1, 100);
      const pace = paceOf(hostLimits({ maxMessagesPerSecond: rate }));
      let now = T;
      const bucket = exactBucket(rate, now);
      let fullAt: number | null = null;
      // Up to the first refusal (a refused connection is closed), or until the bucket is within
      // rounding of its last token, where either answer is right.
      for (let message = 0; message < 400; message++) {
        now += prng.int32(gen, 0, 3) === 0 ? 0 : prng.int32(gen, 0, Math.ceil(2_000 / rate));
        if (Math.abs(bucket.refill(now) - 1000) <= 20) break;
        fullAt = countMessage(fullAt, now, pace);
        const allowed = bucket.take();
        expect(withinPace(fullAt, now, pace)).toBe(allowed);
        compared++;
        if (!allowed) break;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
