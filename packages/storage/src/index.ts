export { checkChunk, concatChunks } from "./chunks.ts";
export { createMemoryStore } from "./memory/index.ts";
export {
  type CursorShape,
  checkFirst,
  compareKeys,
  decodeCursor,
  encodeCursor,
  paginate,
} from "./paging.ts";
export * from "./ports.ts";
