// The client's side of the text framing (packages/collab PROTOCOL.md): base64 frames, chunked
// at the frame limit, plus one control frame of the API Gateway path: a JSON close announcement
// the server sends before DeleteConnection, whose own close code carries no meaning.
import { ChunkAssembler, decodeTextFrame, encodeTextFrames, MalformedFrameError } from "@accord/protocol";

export type Reassembled =
  | { kind: "message"; message: Uint8Array }
  | { kind: "close"; code: number; reason: string };

export interface MessageReassembler {
  /** One text frame in; a whole message (or a close announcement) out, or null for more. */
  push(frame: string): Reassembled | null;
}

export interface TextFraming {
  encode(message: Uint8Array, maxFrameBytes: number): string[];
  createReassembler(): MessageReassembler;
}

/** `{"type":"close","code":4403,"reason":"..."}`: never base64, so never a data frame. */
export interface CloseAnnouncement {
  type: "close";
  code: number;
  reason: string;
}

export function parseCloseAnnouncement(frame: string): CloseAnnouncement | null {
  if (!frame.startsWith("{")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return null;
  }
  const candidate = parsed as Partial<CloseAnnouncement> | null;
  if (
    candidate?.type === "close" &&
    typeof candidate.code === "number" &&
    candidate.code >= 4000 &&
    candidate.code <= 4999
  ) {
    return { type: "close", code: candidate.code, reason: String(candidate.reason ?? "") };
  }
  return null;
}

/**
 * The server may send a whole document in one sync message; the client takes what the
 * document limit allows and more, since refusing it would only make the client reconnect.
 */
const CLIENT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Fan-out from several server instances can interleave chunks of a few messages. */
const CLIENT_MAX_PARTIAL_MESSAGES = 64;
const CLIENT_CHUNK_TTL_MS = 5 * 60_000;

export const textFraming: TextFraming = {
  encode: (message, maxFrameBytes) => encodeTextFrames(message, maxFrameBytes),
  createReassembler() {
    const assembler = new ChunkAssembler({
      maxMessageBytes: CLIENT_MAX_MESSAGE_BYTES,
      chunkTtlMs: CLIENT_CHUNK_TTL_MS,
      maxPartialMessages: CLIENT_MAX_PARTIAL_MESSAGES,
    });
    return {
      push(frame) {
        const announcement = parseCloseAnnouncement(frame);
        if (announcement) {
          return { kind: "close", code: announcement.code, reason: announcement.reason };
        }
        if (frame.startsWith("{")) {
          throw new MalformedFrameError(`not a frame: ${frame.slice(0, 200)}`);
        }
        const decoded = decodeTextFrame(frame);
        if (decoded.kind === "whole") return { kind: "message", message: decoded.message };
        const message = assembler.add(decoded, Date.now());
        return message ? { kind: "message", message } : null;
      },
    };
  },
};
