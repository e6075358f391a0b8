// A paper's Yjs document and its persistence: load from snapshot + tail, compact through a
// Y.Doc under the snapshot version, and the pure helpers GraphQL uses (snapshots, restores).
import { isDomainError } from "@accord/domain";
import type { DocumentState, DocumentStore, LogEntry } from "@accord/storage";
import * as Y from "yjs";

/** The root type holding the paper body (ProseMirror/TipTap node schema). */
export const BODY = "body";

/** What the host remembers of a stored log entry. */
export interface TailEntry {
  id: string;
  at: string;
  bytes: number;
}

export interface LoadedDocument {
  doc: Y.Doc;
  snapshotVersion: number;
  /** Entries not yet merged into the snapshot. */
  tail: TailEntry[];
  /** Stored size: snapshot plus tail updates, in bytes. */
  bytes: number;
  /** Entries that could not be applied (kept in storage, reported so they can be looked at). */
  skipped: string[];
}

const tailEntry = (entry: LogEntry): TailEntry => ({
  id: entry.id,
  at: entry.at,
  bytes: entry.update.length,
});

/** Build the document from a stored state: the snapshot, then every tail entry. */
export function documentFromState(state: DocumentState): LoadedDocument {
  const doc = new Y.Doc();
  const skipped: string[] = [];
  // One transaction for the whole load: observers and update encoding run once, not per entry.
  Y.transact(doc, () => {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const entry of state.tail) {
      try {
        Y.applyUpdate(doc, entry.update);
      } catch {
        skipped.push(entry.id);
      }
    }
  });
  return loadedDocument(state, doc, skipped);
}

/** What a host keeps of `state` once `doc` has been built from it. */
export function loadedDocument(
  state: DocumentState,
  doc: Y.Doc,
  skipped: string[],
): LoadedDocument {
  const tail = state.tail.map(tailEntry);
  return {
    doc,
    snapshotVersion: state.snapshotVersion,
    tail,
    bytes: (state.snapshot?.length ?? 0) + tail.reduce((n, e) => n + e.bytes, 0),
    skipped,
  };
}

export async function loadDocumentState(
  documents: DocumentStore,
  paperId: string,
): Promise<LoadedDocument> {
  return documentFromState(await documents.load(paperId));
}

/** The paper's current document, from snapshot + tail. A paper nobody edited is empty. */
export async function loadDocument(documents: DocumentStore, paperId: string): Promise<Y.Doc> {
  return (await loadDocumentState(documents, paperId)).doc;
}

/**
 * The whole document as one Yjs update (what a PaperVersion and a compacted snapshot store).
 * Updates stored out of order (their predecessor not stored yet) wait in the document as pending
 * structs and deletions; `encodeStateAsUpdate` includes them (Yjs ≥ 13.5, converted from the
 * v2 encoding Yjs keeps them in), so a snapshot never loses an edit whose predecessor arrives
 * later. They must not be merged in again by hand: their bytes are v2, and read as v1 they
 * decode as deletions of made-up ranges.
 */
export function encodeSnapshot(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

/** The newest edit time among tail entries, or null. */
export function lastEditedAt(tail: readonly { at: string }[]): string | null {
  let newest: string | null = null;
  for (const entry of tail) if (newest === null || entry.at > newest) newest = entry.at;
  return newest;
}

/**
 * Replace the snapshot by `doc`'s encoding and retire `mergedEntryIds` from the tail,
 * conditional on the snapshot version. `doc` must hold the snapshot and every merged entry (it
 * may hold more). Returns null when another compactor won (CONFLICT): the caller reloads and
 * tries again later.
 */
export async function compactInto(
  documents: DocumentStore,
  paperId: string,
  input: {
    doc: Y.Doc;
    snapshotVersion: number;
    mergedEntryIds: readonly string[];
    now: string;
    retainMs: number;
  },
): Promise<{ snapshotVersion: number; snapshotBytes: number } | null> {
  const snapshot = encodeSnapshot(input.doc);
  try {
    const result = await documents.compact(paperId, {
      expectedVersion: input.snapshotVersion,
      snapshot,
      mergedEntryIds: input.mergedEntryIds,
      now: input.now,
      retainMs: input.retainMs,
    });
    return { snapshotVersion: result.snapshotVersion, snapshotBytes: snapshot.length };
  } catch (error) {
    if (isDomainError(error) && error.code === "CONFLICT") return null;
    throw error;
  }
}

/** The entry compaction keeps in the tail, so that the time of the last edit survives it. */
export function newestEntry<T extends { at: string }>(tail: readonly T[]): T | null {
  return tail.reduce<T | null>((kept, e) => (kept === null || e.at >= kept.at ? e : kept), null);
}

/**
 * Merge the tail into a new snapshot made from `doc` (which must hold the snapshot and every
 * tail entry), conditional on the snapshot version. The newest entry stays in the tail so the
 * time of the last edit survives compaction. Returns the new version and remaining tail; the
 * tail unchanged when there is nothing to merge; `null` when another compactor won (CONFLICT).
 */
export async function compactDocument(
  documents: DocumentStore,
  paperId: string,
  input: {
    doc: Y.Doc;
    snapshotVersion: number;
    tail: readonly TailEntry[];
    now: string;
    retainMs: number;
  },
): Promise<{ snapshotVersion: number; tail: TailEntry[]; snapshotBytes: number | null } | null> {
  const newest = newestEntry(input.tail);
  const merged = input.tail.filter((e) => e !== newest);
  if (merged.length === 0 || !newest) {
    return { snapshotVersion: input.snapshotVersion, tail: [...input.tail], snapshotBytes: null };
  }
  const result = await compactInto(documents, paperId, {
    doc: input.doc,
    snapshotVersion: input.snapshotVersion,
    mergedEntryIds: merged.map((e) => e.id),
    now: input.now,
    retainMs: input.retainMs,
  });
  return result && { ...result, tail: [newest] };
}

/**
 * Would applying `update` change `doc`? A read-only client answers the server's sync step 1
 * with everything it has, which is usually nothing new: that must not count as an edit.
 */
export function updateWouldChange(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  if (ds.clients.size === 0) return false;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of ds.clients) {
    const known = deleted.clients.get(client) ?? [];
    for (const range of ranges) {
      if (range.len === 0) continue;
      if (!covered(known, range.clock, range.clock + range.len)) return true;
    }
  }
  return false;
}

/** Is [from, to) inside one of `ranges` (sorted, merged, as Yjs builds them)? */
function covered(ranges: readonly { clock: number; len: number }[], from: number, to: number) {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = ranges[mid]!;
    if (from < range.clock) high = mid - 1;
    else if (from >= range.clock + range.len) low = mid + 1;
    else return to <= range.clock + range.len;
  }
  return false;
}

/** Apply `update` and return what it actually changed (null when nothing). */
export function applyAndCapture(
  doc: Y.Doc,
  update: Uint8Array,
  origin: unknown,
): Uint8Array | null {
  const captured: Uint8Array[] = [];
  const listener = (effective: Uint8Array) => captured.push(effective);
  doc.on("update", listener);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off("update", listener);
  }
  if (captured.length === 0) return null;
  return captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
}

/**
 * An update that, applied to `currentDoc`, makes its body equal to the body of the version
 * (a whole-document update as stored in PaperVersion.snapshot). It is a new edit on top of the
 * current document: history is not rewritten. Blocks equal at the start and end are kept, so
 * comment anchors inside them keep resolving.
 */
export function restoreUpdate(currentDoc: Y.Doc, versionSnapshot: Uint8Array): Uint8Array {
  const version = new Y.Doc();
  Y.applyUpdate(version, versionSnapshot);
  const work = new Y.Doc();
  Y.applyUpdate(work, Y.encodeStateAsUpdate(currentDoc));
  const body = work.getXmlFragment(BODY);
  const target = version.getXmlFragment(BODY);
  const current = body.toArray().map(fingerprint);
  const wanted = target.toArray();
  const wantedPrints = wanted.map(fingerprint);
  let prefix = 0;
  while (
    prefix < current.length &&
    prefix < wantedPrints.length &&
    current[prefix] === wantedPrints[prefix]
  ) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < current.length - prefix &&
    suffix < wantedPrints.length - prefix &&
    current[current.length - 1 - suffix] === wantedPrints[wantedPrints.length - 1 - suffix]
  ) {
    suffix++;
  }
  const captured: Uint8Array[] = [];
  work.on("update", (update: Uint8Array) => captured.push(update));
  work.transact(() => {
    const removeCount = current.length - prefix - suffix;
    if (removeCount > 0) body.delete(prefix, removeCount);
    // XmlHook is an XmlElement subclass at runtime; Yjs types leave it out of insert()'s signature.
    const inserted = wanted
      .slice(prefix, wanted.length - suffix)
      .map((node) => node.clone() as Y.XmlElement | Y.XmlText);
    if (inserted.length > 0) body.insert(prefix, inserted);
  });
  version.destroy();
  work.destroy();
  if (captured.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
  return captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
}

/** A canonical description of a block, to tell equal blocks apart from changed ones. */
function fingerprint(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  return JSON.stringify(describe(node));
}

function describe(node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.AbstractType<unknown>): unknown {
  if (node instanceof Y.XmlText) return { text: node.toDelta() };
  if (node instanceof Y.XmlElement) {
    const attributes = node.getAttributes() as Record<string, unknown>;
    return {
      name: node.nodeName,
      attributes: Object.keys(attributes)
        .sort()
        .map((key) => [key, attributes[key]]),
      children: node.toArray().map(describe),
    };
  }
  if (node instanceof Y.XmlHook) return { hook: node.hookName, value: node.toJSON() };
  return { other: String(node) };
}
