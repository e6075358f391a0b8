// Rules every ChunkStore applies, shared so that adapters refuse the same chunks.
import { badInput } from "@accord/domain";

/** BAD_USER_INPUT unless 0 <= index < total, both integers. */
export function checkChunk(chunk: { index: number; total: number }): void {
  if (!Number.isInteger(chunk.total) || chunk.total < 1) {
    throw badInput("total", "A chunked message has at least one chunk.");
  }
  if (!Number.isInteger(chunk.index) || chunk.index < 0 || chunk.index >= chunk.total) {
    throw badInput("index", `A chunk index lies between 0 and ${chunk.total - 1}.`);
  }
}

/** The message made of `parts`, already in index order. */
export function concatChunks(parts: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.byteLength;
  }
  return whole;
}
