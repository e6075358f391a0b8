// Relay pages straight from DynamoDB: the cursor is the item's sort key, and resuming from it
// is an ExclusiveStartKey, so a page costs what it returns (plus what a filter skips).
import {
  checkFirst,
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from "@accord/storage";
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { type Db, type Item, queryPages } from "./db.ts";

export interface KeysetQuery {
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey" | "Limit">;
  page: PageRequest;
  /** The list's order key of an item: what its cursor holds. */
  keyOf: (item: Item) => [string, string];
  /** The table and index key of the item a cursor names (ExclusiveStartKey). */
  startAfter: (key: [string, string]) => Item;
}

export function decodeKey(after: string): [string, string] {
  const [a, b] = decodeCursor(after, ["string", "string"]);
  return [String(a), String(b)];
}

export async function keysetPage(db: Db, query: KeysetQuery): Promise<Page<Item>> {
  const { first, after } = query.page;
  checkFirst(first);
  const start = after ? query.startAfter(decodeKey(after)) : undefined;
  const found: Item[] = [];
  // One extra item tells whether there is a next page. With a filter, DynamoDB's Limit counts
  // items before filtering, so read in larger steps.
  const limit = query.input.FilterExpression ? Math.max(first + 1, 100) : first + 1;
  const pages = queryPages(db, {
    ...query.input,
    Limit: limit,
    ...(start ? { ExclusiveStartKey: start } : {}),
  });
  outer: for await (const { items } of pages) {
    for (const item of items) {
      found.push(item);
      if (found.length > first) break outer;
    }
  }
  const items = found.slice(0, first);
  return {
    items,
    cursors: items.map((item) => encodeCursor(query.keyOf(item))),
    hasNextPage: found.length > first,
  };
}
