// How entities sit in items, shared by the entity ports: each entity is stored whole in its
// item's `data` map; updates SET its fields there under a version check.

import { conflict, notFound } from "@accord/domain";
import type { CancellationReason, Conditional, Item, RawItem } from "./db.ts";

export const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Entities are stored whole under `data`; the adapter wrote it, so the cast is sound. */
export const dataOf = <T>(item: Item | undefined): T | null => (item ? (item.data as T) : null);
export const names = { "#data": "data", "#version": "version" };

/** After a failed version check: was the row missing (NOT_FOUND) or newer (CONFLICT)? */
export function versionFailure(old: RawItem | undefined, what: string, id: string) {
  if (!old) return notFound(what, id);
  return conflict(`The ${what} was changed by someone else; reload it and try again.`, { id });
}

export function check(result: Conditional, what: string, id: string) {
  if (!result.ok) throw versionFailure(result.old, what, id);
}

/** SET every field of `entity` under data, except `skip`, plus extra top-level attributes. */
export function setFields(
  entity: object,
  skip: readonly string[],
  extra: Record<string, unknown>,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const attributeNames: Record<string, string> = { "#data": "data" };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  let i = 0;
  for (const [field, value] of Object.entries(entity)) {
    if (skip.includes(field) || value === undefined) continue;
    attributeNames[`#f${i}`] = field;
    values[`:f${i}`] = value;
    sets.push(`#data.#f${i} = :f${i}`);
    i++;
  }
  for (const [attribute, value] of Object.entries(extra)) {
    attributeNames[`#x${i}`] = attribute;
    values[`:x${i}`] = value;
    sets.push(`#x${i} = :x${i}`);
    i++;
  }
  return { expression: `SET ${sets.join(", ")}`, names: attributeNames, values };
}

export const at = (reasons: CancellationReason[], index: number) =>
  reasons[index]?.Code === "ConditionalCheckFailed";

/** A page of items as a page of the entities they hold. */
export function mapPage<T>(page: { items: Item[]; cursors: string[]; hasNextPage: boolean }) {
  return { ...page, items: page.items.map((item) => item.data as T) };
}
