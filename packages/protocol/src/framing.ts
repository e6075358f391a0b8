// Text framing for transports that refuse binary frames (API Gateway WebSocket closes on them)
// and cap frame size (32 KB). Each frame is base64 text of either a whole message or one chunk
// of a larger one. The layout is specified in PROTOCOL.md and frozen by test fixtures.
import * as buffer from "lib0/buffer";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * First byte of a decoded chunk frame. A y-websocket message starts with its type as a varuint
 * (0..3); 0xFF would be a continuation byte there, so no whole message can begin with it.
 */
export const CHUNK_MARKER = 0xff;

/** Most chunks one message may be split into. */
export const MAX_CHUNKS = 4096;

export type TextFrame =
  | { kind: "whole"; message: Uint8Array }
  | { kind: "chunk"; messageId: number; index: number; total: number; data: Uint8Array };

/** A frame that is not valid base64 or whose chunk header does not hold together (4400). */
export class MalformedFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedFrameError";
  }
}

/** A message whose reassembled size is over the limit (4413). */
export class MessageTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MessageTooLargeError";
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes that fit in a frame of `maxFrameBytes` base64 characters. */
const rawCapacity = (maxFrameBytes: number) => Math.floor(maxFrameBytes / 4) * 3;

const varUintLength = (n: number) => {
  let length = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    length++;
  }
  return length;
};

function randomMessageId(): number {
  const bytes = new Uint32Array(1);
  globalThis.crypto.getRandomValues(bytes);
  return bytes[0]!;
}

/**
 * Encode one message as text frames of at most `maxFrameBytes` characters each: one frame when
 * it fits, otherwise chunks sharing `messageId` (random when not given; it only needs to be
 * unique among the sender's unfinished messages on one connection).
 */
export function encodeTextFrames(
  message: Uint8Array,
  maxFrameBytes: number,
  messageId: number = randomMessageId(),
): string[] {
  const capacity = rawCapacity(maxFrameBytes);
  if (message.length <= capacity && message[0] !== CHUNK_MARKER) {
    return [buffer.toBase64(message)];
  }
  if (!Number.isSafeInteger(messageId) || messageId < 0) {
    throw new RangeError("messageId must be a non-negative safe integer");
  }
  // The header's size depends on the chunk count, which depends on the header's size: grow the
  // estimate until it is stable.
  let total = 1;
  for (;;) {
    const header = 1 + varUintLength(messageId) + varUintLength(total) * 2;
    const payload = capacity - header;
    if (payload <= 0) throw new RangeError(`maxFrameBytes ${maxFrameBytes} is too small`);
    const needed = Math.max(1, Math.ceil(message.length / payload));
    if (needed <= total) break;
    total = needed;
  }
  if (total > MAX_CHUNKS) throw new RangeError(`message needs ${total} chunks`);
  const header = 1 + varUintLength(messageId) + varUintLength(total) * 2;
  const payload = capacity - header;
  const frames: string[] = [];
  for (let index = 0; index < total; index++) {
    const encoder = encoding.createEncoder();
    encoding.writeUint8(encoder, CHUNK_MARKER);
    encoding.writeVarUint(encoder, messageId);
    encoding.writeVarUint(encoder, index);
    encoding.writeVarUint(encoder, total);
    encoding.writeUint8Array(encoder, message.subarray(index * payload, (index + 1) * payload));
    frames.push(buffer.toBase64(encoding.toUint8Array(encoder)));
  }
  return frames;
}

/** Decode one text frame; throws MalformedFrameError. */
export function decodeTextFrame(text: string): TextFrame {
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new MalformedFrameError("frame is not base64");
  }
  const bytes = buffer.fromBase64(text);
  if (bytes[0] !== CHUNK_MARKER) return { kind: "whole", message: bytes };
  const decoder = decoding.createDecoder(bytes);
  decoding.readUint8(decoder);
  let messageId: number;
  let index: number;
  let total: number;
  try {
    messageId = decoding.readVarUint(decoder);
    index = decoding.readVarUint(decoder);
    total = decoding.readVarUint(decoder);
  } catch {
    throw new MalformedFrameError("truncated chunk header");
  }
  if (total < 1 || total > MAX_CHUNKS || index >= total) {
    throw new MalformedFrameError(`chunk ${index} of ${total} is out of range`);
  }
  return {
    kind: "chunk",
    messageId,
    index,
    total,
    data: bytes.subarray(decoder.pos),
  };
}

/**
 * Puts chunked messages back together for one connection, in memory (the local server).
 * The serverless host does the same durably through the ChunkStore port.
 */
export class ChunkAssembler {
  private readonly partial = new Map<
    number,
    { total: number; parts: Map<number, Uint8Array>; bytes: number; startedAt: number }
  >();

  constructor(
    private readonly limits: {
      maxMessageBytes: number;
      chunkTtlMs: number;
      /** Unfinished messages one connection may have at once. */
      maxPartialMessages?: number;
    },
  ) {}

  /** Add a chunk; returns the whole message when this chunk completes it, else null. */
  add(chunk: Extract<TextFrame, { kind: "chunk" }>, now: number): Uint8Array | null {
    for (const [id, message] of this.partial) {
      if (now - message.startedAt > this.limits.chunkTtlMs) this.partial.delete(id);
    }
    let message = this.partial.get(chunk.messageId);
    if (!message) {
      if (this.partial.size >= (this.limits.maxPartialMessages ?? 8)) {
        throw new MalformedFrameError("too many unfinished chunked messages");
      }
      message = { total: chunk.total, parts: new Map(), bytes: 0, startedAt: now };
      this.partial.set(chunk.messageId, message);
    }
    if (message.total !== chunk.total) {
      throw new MalformedFrameError("chunks of one message disagree on their count");
    }
    if (message.parts.has(chunk.index)) return null;
    message.parts.set(chunk.index, chunk.data);
    message.bytes += chunk.data.length;
    if (message.bytes > this.limits.maxMessageBytes) {
      this.partial.delete(chunk.messageId);
      throw new MessageTooLargeError("chunked message too large");
    }
    if (message.parts.size < message.total) return null;
    this.partial.delete(chunk.messageId);
    return joinChunks(message.parts, message.total, message.bytes);
  }
}

function joinChunks(parts: Map<number, Uint8Array>, total: number, bytes: number): Uint8Array {
  const whole = new Uint8Array(bytes);
  let offset = 0;
  for (let index = 0; index < total; index++) {
    const part = parts.get(index)!;
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}
