// A paper's document rebuilt entry by entry, recording what each log entry did: the Yjs ids it
// created and deleted, and how many words it added and removed. Run off the keystroke path
// (compaction, and readers of the tail), never for a live message.
import type { AttributionStore, DocumentState, DocumentStore, LogEntry } from "@accord/storage";
import * as Y from "yjs";
import {
  type Attribution,
  addRange,
  attributeEffects,
  decodeAttribution,
  type EntryEffect,
  type IdRanges,
} from "./attribution.ts";
import { encodeSnapshot, type LoadedDocument, loadedDocument } from "./document.ts";

const SPACE = /\s/;

/** Entries in the order they were made (time, then id): the first to create an id owns it. */
export function inOrder<T extends { at: string; id: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) =>
    a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1,
  );
}

/** How a character's neighbours are seen: the text before the transaction, or after it. */
type View = (item: Y.Item) => boolean;

/**
 * Does the character at `offset` of `item` start a word of the view: not a space, and the
 * nearest visible character before it in the same text is a space (or there is none)?
 */
function startsWord(item: Y.Item, offset: number, visible: View): boolean {
  const text = (item.content as Y.ContentString).str;
  if (SPACE.test(text[offset] ?? " ")) return false;
  if (offset > 0) return SPACE.test(text[offset - 1] ?? " ");
  let left = item.left;
  while (left) {
    if (left instanceof Y.Item && left.countable && visible(left)) {
      if (!(left.content instanceof Y.ContentString)) return true;
      const str = left.content.str;
      return SPACE.test(str[str.length - 1] ?? " ");
    }
    left = left.left;
  }
  return true;
}

const isText = (struct: Y.AbstractStruct): struct is Y.Item =>
  struct instanceof Y.Item &&
  struct.content instanceof Y.ContentString &&
  struct.parent instanceof Y.Text;

/** Calls `each` with every struct of `client` overlapping [from, to). */
function structsIn(
  doc: Y.Doc,
  client: number,
  from: number,
  to: number,
  each: (struct: Y.AbstractStruct) => void,
): void {
  const structs = doc.store.clients.get(client);
  if (!structs || from >= to) return;
  for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
    const struct = structs[i]!;
    if (struct.id.clock >= to) break;
    each(struct);
  }
}

/** The effect of the transaction that applied one entry, read before Yjs collects garbage. */
function effectOf(transaction: Y.Transaction, entry: LogEntry): EntryEffect {
  const doc = transaction.doc;
  const inserted: IdRanges = new Map();
  const deleted: IdRanges = new Map();
  const existedBefore = (item: Y.Item) =>
    item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0);
  const deletedNow = (item: Y.Item) => Y.isDeleted(transaction.deleteSet, item.id);
  const before: View = (item) => existedBefore(item) && (!item.deleted || deletedNow(item));
  const after: View = (item) => !item.deleted;
  let wordsAdded = 0;
  let wordsRemoved = 0;
  for (const [client, clock] of transaction.afterState) {
    const from = transaction.beforeState.get(client) ?? 0;
    if (clock <= from) continue;
    addRange(inserted, client, from, clock - from);
    structsIn(doc, client, from, clock, (struct) => {
      if (!isText(struct) || struct.deleted) return;
      const start = Math.max(0, from - struct.id.clock);
      const end = Math.min(struct.length, clock - struct.id.clock);
      for (let offset = start; offset < end; offset++) {
        if (startsWord(struct, offset, after)) wordsAdded++;
      }
    });
  }
  for (const [client, ranges] of transaction.deleteSet.clients) {
    for (const range of ranges) {
      addRange(deleted, client, range.clock, range.len);
      const to = range.clock + range.len;
      structsIn(doc, client, range.clock, to, (struct) => {
        if (!isText(struct) || !existedBefore(struct)) return;
        const start = Math.max(0, range.clock - struct.id.clock);
        const end = Math.min(struct.length, to - struct.id.clock);
        for (let offset = start; offset < end; offset++) {
          if (startsWord(struct, offset, before)) wordsRemoved++;
        }
      });
    }
  }
  return {
    entryId: entry.id,
    memberId: entry.memberId,
    at: entry.at,
    inserted,
    deleted,
    wordsAdded,
    wordsRemoved,
  };
}

/**
 * Apply one entry to `doc` in a transaction of its own and return what it did (null when it
 * could not be applied). A deleted character's text is still there when the transaction's
 * `beforeObserverCalls` runs (Yjs collects garbage after it), which is where it is counted.
 */
export function applyEntry(doc: Y.Doc, entry: LogEntry): EntryEffect | null {
  let effect: EntryEffect | null = null;
  const listener = (transaction: Y.Transaction) => {
    effect = effectOf(transaction, entry);
  };
  doc.on("beforeObserverCalls", listener);
  try {
    Y.applyUpdate(doc, entry.update);
  } catch {
    return null;
  } finally {
    doc.off("beforeObserverCalls", listener);
  }
  return (
    effect ?? {
      entryId: entry.id,
      memberId: entry.memberId,
      at: entry.at,
      inserted: new Map(),
      deleted: new Map(),
      wordsAdded: 0,
      wordsRemoved: 0,
    }
  );
}

/**
 * Build the document from a stored state as `documentFromState` does, one transaction per tail
 * entry (in the order they were made), with each entry's effect.
 */
export function replayState(state: DocumentState): LoadedDocument & { effects: EntryEffect[] } {
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  const skipped: string[] = [];
  const effects: EntryEffect[] = [];
  for (const entry of inOrder(state.tail)) {
    const effect = applyEntry(doc, entry);
    if (effect) effects.push(effect);
    else skipped.push(entry.id);
  }
  return { ...loadedDocument(state, doc, skipped), effects };
}

/**
 * The paper's attribution map as of now (the stored map plus the effects of the tail, replayed)
 * and its current document as one update. The map is read after the document, so it covers at
 * least the entries merged into the snapshot the document was built from; an entry counted in
 * both adds nothing (the map is a union of id ranges).
 */
export async function loadAuthorship(
  stores: { documents: DocumentStore; attribution: AttributionStore },
  paperId: string,
): Promise<{ attribution: Attribution; current: Uint8Array }> {
  const replayed = replayState(await stores.documents.load(paperId));
  const stored = await stores.attribution.get(paperId);
  const attribution = decodeAttribution(stored?.data ?? null);
  attributeEffects(attribution, replayed.effects);
  const current = encodeSnapshot(replayed.doc);
  replayed.doc.destroy();
  return { attribution, current };
}
