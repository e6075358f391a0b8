// The client's side of the text framing (packages/protocol/PROTOCOL.md): base64 frames, chunked
// at the frame limit, plus one control frame of the API Gateway path: a JSON close announcement
// the server sends before DeleteConnection, whose own close code carries no meaning.
import {
  ChunkAssembler,
  decodeTextFrame,
  encodeTextFrames,
  MalformedFrameError,
  parseCloseAnnouncement,
} from "@accord/protocol";

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
