// Keyset pagination over an already ordered list: the cursor is the item's sort key.
import { badInput } from "@accord/domain";
import type { Page, PageRequest } from "./ports.ts";

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export type CursorShape = readonly ("string" | "number")[];

/**
 * Decode a cursor made by `encodeCursor`. With `shape`, the key must have exactly those types
 * (adapters pass the shape of the list's sort key, so a cursor of another list is refused).
 */
export function decodeCursor(cursor: string, shape?: CursorShape): (string | number)[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.every((p) => typeof p === "string" || typeof p === "number") &&
      (!shape || (parsed.length === shape.length && shape.every((t, i) => typeof parsed[i] === t)))
    ) {
      return parsed;
    }
  } catch {
    // fall through to the error below
  }
  throw badInput("after", "The cursor is not valid; use a cursor returned by a previous page.");
}

/** BAD_USER_INPUT unless `first` is a non-negative integer. */
export function checkFirst(first: number): void {
  if (!Number.isInteger(first) || first < 0) {
    throw badInput("first", "first must be a non-negative integer.");
  }
}

export function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * `sorted` must be in page order; `keyOf` gives each item's key, with `descending` telling the
 * direction of that order. `shape` is the key's shape, to refuse cursors of other lists.
 */
export function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => (string | number)[],
  page: PageRequest,
  descending = false,
  shape: CursorShape = ["string", "string"],
): Page<T> {
  checkFirst(page.first);
  let start = 0;
  if (page.after) {
    const after = decodeCursor(page.after, shape);
    start = sorted.findIndex((item) => {
      const c = compareKeys(keyOf(item), after);
      return descending ? c < 0 : c > 0;
    });
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + page.first);
  return {
    items,
    cursors: items.map((item) => encodeCursor(keyOf(item))),
    hasNextPage: start + page.first < sorted.length,
  };
}
