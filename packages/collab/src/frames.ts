// The first decisions on every incoming frame, before any message is looked at: is the
// connection still valid, within its rate, and is the frame well formed and within size?
import type { Limits } from "@accord/domain";
import {
  CloseCode,
  type CloseReason,
  decodeTextFrame,
  MalformedFrameError,
  type TextFrame,
} from "@accord/protocol";
import { withinRate } from "./rate.ts";

export type Chunk = Extract<TextFrame, { kind: "chunk" }>;

export type ReadFrame =
  | { kind: "message"; message: Uint8Array }
  | { kind: "chunk"; chunk: Chunk }
  | { kind: "close"; close: CloseReason };

export const closes = {
  expired: { code: CloseCode.unauthenticated, reason: "token expired" },
  rateLimited: { code: CloseCode.rateLimited, reason: "too many messages" },
  malformedFrame: { code: CloseCode.badRequest, reason: "malformed frame" },
  malformedMessage: { code: CloseCode.badRequest, reason: "malformed message" },
  messageTooLarge: { code: CloseCode.tooLarge, reason: "message too large" },
  updateTooLarge: { code: CloseCode.tooLarge, reason: "update too large" },
  documentTooLarge: { code: CloseCode.tooLarge, reason: "document too large" },
  tooManyConnections: {
    code: CloseCode.rateLimited,
    reason: "too many connections to this paper",
  },
  revoked: { code: CloseCode.forbidden, reason: "access to this paper was revoked" },
  restarting: { code: CloseCode.restarting, reason: "server restarting" },
  busy: { code: CloseCode.restarting, reason: "server busy: try again" },
  storageFull: { code: CloseCode.storageFull, reason: "storage full: try again" },
  serverError: { code: CloseCode.serverError, reason: "server error" },
} as const satisfies Record<string, CloseReason>;

/**
 * A frame has arrived at `at` and was counted as number `framesInWindow` of its rate window:
 * null to go on, or the close. Expiry first, so an expired token is told so even when flooding.
 */
export function admitFrame(input: {
  expiresAt: number | null;
  framesInWindow: number;
  at: number;
  limits: Limits;
}): CloseReason | null {
  if (input.expiresAt !== null && input.expiresAt <= input.at) return closes.expired;
  if (!withinRate(input.framesInWindow, input.limits)) return closes.rateLimited;
  return null;
}

/** Bytes of one chunk's payload at most: a base64 frame of maxFrameBytes minus its header. */
const chunkCapacity = (limits: Limits) => (limits.framing.maxFrameBytes / 4) * 3 - 16;

/**
 * A binary frame is a whole message; a text frame is base64 of a whole message or of one chunk
 * (PROTOCOL.md). Sizes are checked before anything is kept: a chunk whose count alone says the
 * message would be too large is refused at its first chunk.
 */
export function readFrame(frame: string | Uint8Array, limits: Limits): ReadFrame {
  const maxBytes = limits.collab.maxMessageBytes;
  if (typeof frame !== "string") {
    if (frame.length > maxBytes) return { kind: "close", close: closes.messageTooLarge };
    return { kind: "message", message: frame };
  }
  // Base64 of a message over the limit is longer than this, whatever it holds.
  if (frame.length > Math.ceil(maxBytes / 3) * 4 + 64) {
    return { kind: "close", close: closes.messageTooLarge };
  }
  let decoded: TextFrame;
  try {
    decoded = decodeTextFrame(frame);
  } catch (error) {
    if (error instanceof MalformedFrameError)
      return { kind: "close", close: closes.malformedFrame };
    throw error;
  }
  if (decoded.kind === "whole") {
    if (decoded.message.length > maxBytes) return { kind: "close", close: closes.messageTooLarge };
    return { kind: "message", message: decoded.message };
  }
  // Every chunk but the last is full, so the count alone bounds the message size.
  if ((decoded.total - 1) * Math.max(1, chunkCapacity(limits)) > maxBytes) {
    return { kind: "close", close: closes.messageTooLarge };
  }
  return { kind: "chunk", chunk: decoded };
}

/** A reassembled message over the limit (its chunks were smaller than full). */
export function checkReassembled(message: Uint8Array, limits: Limits): CloseReason | null {
  return message.length > limits.collab.maxMessageBytes ? closes.messageTooLarge : null;
}
