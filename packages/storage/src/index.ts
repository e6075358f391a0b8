export { createMemoryStore } from "./memory.ts";
export { compareKeys, decodeCursor, encodeCursor, paginate } from "./paging.ts";
export * from "./ports.ts";
