import * as encoding from "lib0/encoding";
import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import * as authProtocol from "y-protocols/auth";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  CHUNK_MARKER,
  ChunkAssembler,
  decodeMessage,
  decodeTextFrame,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
  MalformedFrameError,
  MalformedMessageError,
  MessageTooLargeError,
  updateContent,
} from "../src/index.ts";

describe("messages", () => {
  it("match what y-protocols writes", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "abc");
    const viaProtocols = (write: (e: encoding.Encoder) => void) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      write(encoder);
      return encoding.toUint8Array(encoder);
    };
    expect(encodeSyncStep1(Y.encodeStateVector(doc))).toEqual(
      viaProtocols((e) => syncProtocol.writeSyncStep1(e, doc)),
    );
    expect(encodeSyncStep2(Y.encodeStateAsUpdate(doc))).toEqual(
      viaProtocols((e) => syncProtocol.writeSyncStep2(e, doc)),
    );
    expect(encodeUpdate(Y.encodeStateAsUpdate(doc))).toEqual(
      viaProtocols((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))),
    );
    const auth = encoding.createEncoder();
    encoding.writeVarUint(auth, 2);
    authProtocol.writePermissionDenied(auth, "why");
    expect(encodePermissionDenied("why")).toEqual(encoding.toUint8Array(auth));
  });

  it("round-trip through the strict decoder", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "abc");
    const update = Y.encodeStateAsUpdate(doc);
    const content = { structs: 1, deletes: false };
    expect(decodeMessage(encodeUpdate(update))).toEqual({ type: "update", update, content });
    expect(decodeMessage(encodeSyncStep2(update))).toEqual({ type: "syncStep2", update, content });
  });

  it("tells what an update carries without applying it", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "abc");
    const before = Y.encodeStateVector(doc);
    text.delete(0, 1);
    expect(updateContent(Y.encodeStateAsUpdate(doc, before))).toEqual({
      structs: 0,
      deletes: true,
    });
    expect(updateContent(Y.encodeStateAsUpdate(new Y.Doc()))).toEqual({
      structs: 0,
      deletes: false,
    });
    expect(() => updateContent(new Uint8Array([0xff, 0xff]))).toThrow(MalformedMessageError);
  });

  it.each([
    ["empty", []],
    ["unknown type", [4]],
    ["unknown sync type", [0, 3, 0]],
    ["unknown auth type", [2, 1, 0]],
    ["truncated varint", [0, 0x80]],
    ["length past the end", [0, 0, 9, 0]],
    ["trailing bytes", [3, 3]],
    ["bad state vector", [0, 0, 2, 5, 0x80]],
    ["bad update", [0, 2, 2, 0xff, 0xff]],
    ["bad awareness JSON", [1, 5, 1, 1, 1, 1, 0x7b]],
  ])("refuses %s", (_case, bytes) => {
    expect(() => decodeMessage(new Uint8Array(bytes))).toThrow(MalformedMessageError);
  });
});

describe("text framing", () => {
  it("sends a message that fits as one base64 frame", () => {
    const message = new Uint8Array(24).fill(7);
    const frames = encodeTextFrames(message, 32);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.length).toBe(32);
    expect(decodeTextFrame(frames[0]!)).toEqual({ kind: "whole", message });
  });

  it("chunks a message one byte over a frame", () => {
    const frames = encodeTextFrames(new Uint8Array(25).fill(7), 32, 1);
    expect(frames.length).toBe(2);
    for (const frame of frames) expect(frame.length).toBeLessThanOrEqual(32);
  });

  it("never sends a whole message starting with the chunk marker", () => {
    const message = new Uint8Array([CHUNK_MARKER, 1, 2]);
    const frames = encodeTextFrames(message, 32, 3);
    const decoded = decodeTextFrame(frames[0]!);
    expect(decoded).toMatchObject({ kind: "chunk", messageId: 3, index: 0, total: 1 });
    const assembler = new ChunkAssembler({ maxMessageBytes: 100, chunkTtlMs: 1_000 });
    expect(assembler.add(decoded as Extract<typeof decoded, { kind: "chunk" }>, 0)).toEqual(
      message,
    );
  });

  it("round-trips random messages at random frame sizes (SEED replays)", () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`framing seed ${seed} (replay with SEED=${seed})`);
    const gen = prng.create(seed);
    for (let run = 0; run < 300; run++) {
      const message = prng.uint8Array(gen, prng.int32(gen, 1, 5_000));
      const maxFrameBytes = prng.int32(gen, 16, 2_000);
      const messageId = prng.uint32(gen, 0, 2 ** 31);
      const frames = encodeTextFrames(message, maxFrameBytes, messageId);
      const assembler = new ChunkAssembler({ maxMessageBytes: 10_000, chunkTtlMs: 1_000 });
      let whole: Uint8Array | null = null;
      // Chunks may arrive in any order.
      for (const frame of prng.int32(gen, 0, 1) ? frames : [...frames].reverse()) {
        expect(frame.length).toBeLessThanOrEqual(maxFrameBytes);
        const decoded = decodeTextFrame(frame);
        whole = decoded.kind === "whole" ? decoded.message : assembler.add(decoded, 0);
      }
      expect(whole).toEqual(message);
    }
  });

  it.each([
    ["not base64", "%%%%"],
    ["bad padding", "AAA"],
    ["empty", ""],
    ["chunk index past total", Buffer.from([CHUNK_MARKER, 1, 5, 2, 0]).toString("base64")],
    ["truncated chunk header", Buffer.from([CHUNK_MARKER, 0x80]).toString("base64")],
  ])("refuses a frame that is %s", (_case, text) => {
    expect(() => decodeTextFrame(text)).toThrow(MalformedFrameError);
  });

  it("bounds reassembly: size, disagreeing counts, unfinished messages, expiry", () => {
    const assembler = new ChunkAssembler({
      maxMessageBytes: 50,
      chunkTtlMs: 1_000,
      maxPartialMessages: 2,
    });
    const chunk = (messageId: number, index: number, total: number, size = 10) => ({
      kind: "chunk" as const,
      messageId,
      index,
      total,
      data: new Uint8Array(size),
    });
    expect(() => assembler.add(chunk(1, 0, 9, 60), 0)).toThrow(MessageTooLargeError);
    assembler.add(chunk(2, 0, 3), 0);
    expect(() => assembler.add(chunk(2, 1, 4), 0)).toThrow(MalformedFrameError);
    assembler.add(chunk(3, 0, 3), 0);
    expect(() => assembler.add(chunk(4, 0, 3), 0)).toThrow(MalformedFrameError);
    // Later, the unfinished ones have expired and there is room again.
    expect(assembler.add(chunk(4, 0, 3), 5_000)).toBeNull();
  });
});
