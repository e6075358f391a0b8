// The serverless host's limits: sync step 2 against the document limit, and the frame rate
// counted at arrival, in fixed windows, on the connection record.
import {
  CloseCode,
  decodeMessage,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/protocol";
import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { FrameCounter, framesPerWindow, readContent, withinRate } from "../src/index.ts";
import { hostLimits } from "./host-helpers.ts";
import { awarenessMessage, statelessPaper, T } from "./stateless-helpers.ts";

type Setup = Awaited<ReturnType<typeof statelessPaper>>;

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

const storedText = async (context: Setup) => {
  const state = await context.store.documents.load("p");
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  return readContent(doc).text;
};

const outcome = (result: Awaited<ReturnType<Setup["send"]>>) =>
  result.close?.code ?? (result.replies[0] ? decodeMessage(result.replies[0]).type : "ok");

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

    const result = await context.send(bo, encodeSyncStep2(written));
    expect(result.close).toBeUndefined();
    expect(result.broadcast.map((m) => decodeMessage(m).type)).toEqual(["update"]);
    expect(await storedText(context)).toBe(readContent(offline).text);
    // One update of that size is still over its own limit.
    const more = writeParagraphs(offline, 20, 300);
    expect((await context.send(bo, encodeUpdate(more))).close?.code).toBe(CloseCode.tooLarge);
  });

  it("closes with 4413 a step 2 that would grow the document past its limit, storing nothing", async () => {
    const context = await statelessPaper(
      hostLimits({ maxUpdateBytes: 1_000, maxDocumentBytes: 8_000 }),
    );
    const bo = await context.connect("bo");
    const online = new Y.Doc();
    for (let i = 0; i < 4; i++) {
      const result = await context.send(bo, encodeUpdate(writeParagraphs(online, 1, 600)));
      expect(result.close).toBeUndefined();
    }
    const before = await context.store.documents.load("p");

    const ada = await context.connect("ada");
    const offline = new Y.Doc();
    const result = await context.send(ada, encodeSyncStep2(writeParagraphs(offline, 20, 300)));
    expect(result).toEqual({
      connection: ada,
      replies: [],
      broadcast: [],
      close: { code: CloseCode.tooLarge, reason: "document too large" },
    });
    expect(await context.store.documents.load("p")).toEqual(before);
  });

  it("judges the document limit by the bytes stored, without loading the document", async () => {
    const context = await statelessPaper(hostLimits({ maxDocumentBytes: 8_000 }));
    const bo = await context.connect("bo");
    const replica = new Y.Doc();
    const first = writeParagraphs(replica, 20, 300);
    await context.send(bo, encodeUpdate(first));
    expect(await context.store.documents.size("p")).toBe(first.length);

    // The whole document again, with one line more: a keystroke cannot tell what the stored
    // document already holds, so all of it counts, and it would not fit.
    writeParagraphs(replica, 1, 40);
    const everything = Y.encodeStateAsUpdate(replica);
    expect(first.length + everything.length).toBeGreaterThan(8_000);
    const result = await context.send(bo, encodeSyncStep2(everything));
    expect(result.close).toEqual({ code: CloseCode.tooLarge, reason: "document too large" });
    expect(await context.store.documents.size("p")).toBe(first.length);
  });
});

describe("frames per window", () => {
  // 5 a second in windows of 2 s: 10 frames per window.
  const paced = () => statelessPaper(hostLimits({ maxMessagesPerSecond: 5 }));

  it("closes with 4529 the frame past its window's count; the next window starts afresh", async () => {
    const context = await paced();
    expect(framesPerWindow(context.limits)).toBe(10);
    const bo = await context.connect("bo");
    const message = awarenessMessage("Bo");
    for (let i = 0; i < 10; i++) {
      expect((await context.send(bo, message, T + i * 150)).close).toBeUndefined();
    }
    expect((await context.send(bo, message, T + 1_999)).close).toEqual({
      code: CloseCode.rateLimited,
      reason: "too many messages",
    });

    // Another connection counts its own frames.
    const ada = await context.connect("ada");
    expect((await context.send(ada, message, T + 1_999)).close).toBeUndefined();
    // A frame arriving in the next window is counted from one again.
    const outcomes = [];
    for (let i = 0; i < 11; i++)
      outcomes.push(outcome(await context.send(ada, message, T + 2_000)));
    // Awareness is echoed to its sender: that echo is each frame's reply.
    expect(outcomes).toEqual([...Array(10).fill("awareness"), CloseCode.rateLimited]);
  });

  it("counts frames by when they arrived, so a backlog on the server's side closes nobody", async () => {
    const context = await paced();
    const bo = await context.connect("bo");
    const doc = new Y.Doc();
    // 40 edits at the allowed rate over 8 s (four windows), all handled only now, one after
    // the other, as a slow store or a busy machine would leave them.
    for (let i = 0; i < 40; i++) {
      const result = await context.send(bo, encodeUpdate(writeParagraphs(doc, 1, 20)), T + i * 200);
      expect(result.close).toBeUndefined();
    }
    expect((await context.store.documents.load("p")).tail).toHaveLength(40);
    // The last window is full: one more frame arriving in it is over.
    const over = await context.send(bo, awarenessMessage("Bo"), T + 7_999);
    expect(over.close?.code).toBe(CloseCode.rateLimited);
  });

  it("counts frames handled at once on several instances each once", async () => {
    const context = await paced();
    const bo = await context.connect("bo");
    const message = awarenessMessage("Bo");
    const results = await Promise.all(Array.from({ length: 12 }, () => context.send(bo, message)));
    expect(results.filter((r) => r.close?.code === CloseCode.rateLimited)).toHaveLength(2);
  });

  it("counts every kind of frame alike: edits, presence and a reader's refused edits", async () => {
    const context = await paced();
    const vi = await context.connect("vi");
    const doc = new Y.Doc();
    const outcomes = [];
    for (let i = 0; i < 11; i++) {
      const message =
        i % 2 === 0 ? encodeUpdate(writeParagraphs(doc, 1, 20)) : awarenessMessage("Vi");
      outcomes.push(outcome(await context.send(vi, message)));
    }
    expect(outcomes).toEqual([
      ...Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? "permissionDenied" : "awareness")),
      CloseCode.rateLimited,
    ]);
    expect((await context.store.documents.load("p")).tail).toHaveLength(0);
  });

  it("counts every chunk: one unfinished chunk sent 1,000 times ends in 4529, storing nothing", async () => {
    const context = await statelessPaper(hostLimits({ maxMessagesPerSecond: 100 }));
    const bo = await context.connect("bo");
    const [first] = encodeTextFrames(encodeUpdate(writeParagraphs(new Y.Doc(), 1, 3_000)), 1_024);
    const closes: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const result = await context.receive(bo, first!, T + i);
      if (result.close) closes.push(i);
      else expect(result).toEqual({ connection: bo, replies: [], broadcast: [] });
    }
    // The stateless host closes with a management call; every later frame is refused too.
    expect(closes[0]).toBe(framesPerWindow(context.limits));
    expect(closes.length).toBe(1_000 - framesPerWindow(context.limits));
    expect((await context.store.documents.load("p")).tail).toHaveLength(0);
  });
});

describe("the fixed window", () => {
  it("lets through exactly what a count per aligned window allows, on both hosts (SEED replays)", async () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`frame window seed ${seed} (replay with SEED=${seed})`);
    const gen = prng.create(seed);
    for (let round = 0; round < 30; round++) {
      const limits = hostLimits({ maxMessagesPerSecond: prng.int32(gen, 1, 20) });
      const context = await statelessPaper(limits);
      const bo = await context.connect("bo");
      const counter = new FrameCounter();
      const model = new Map<number, number>();
      let at = T + prng.int32(gen, 0, 5_000);
      // Up to the first refusal: a refused connection is closed.
      for (let frame = 0; frame < 200; frame++) {
        at += prng.int32(gen, 0, 3) === 0 ? 0 : prng.int32(gen, 0, 400);
        const window = Math.floor(at / limits.collab.rateWindowMs);
        model.set(window, (model.get(window) ?? 0) + 1);
        const allowed = (model.get(window) ?? 0) <= framesPerWindow(limits);
        const result = await context.send(bo, awarenessMessage("Bo"), at);
        expect(result.close === undefined).toBe(allowed);
        expect(withinRate(counter.count(at, limits), limits)).toBe(allowed);
        if (!allowed) break;
      }
    }
  });
});
