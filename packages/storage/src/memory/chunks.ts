// Messages split into chunks, kept until whole.
import { badInput } from "@accord/domain";
import { checkChunk, concatChunks } from "../chunks.ts";
import type { ChunkStore } from "../ports.ts";
import { type MemoryState, pair } from "./state.ts";

export function chunkStore(state: MemoryState): ChunkStore {
  const { chunks } = state;

  return {
    // Memory never expires messages: it lives no longer than the process that would wait.
    async put(chunk) {
      checkChunk(chunk);
      const key = pair(chunk.connectionId, chunk.messageId);
      let message = chunks.get(key);
      if (!message) {
        message = { parts: new Map(), total: chunk.total, done: false };
        chunks.set(key, message);
      }
      if (message.total !== chunk.total) {
        throw badInput("total", "Chunks of one message disagree on how many chunks it has.");
      }
      if (message.done) return null;
      message.parts.set(chunk.index, chunk.data.slice());
      if (message.parts.size < message.total) return null;
      message.done = true;
      const ordered = [...message.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
      message.parts.clear();
      return concatChunks(ordered);
    },
  };
}
