// What the stateful host remembers of an open paper's stored document: the Y.Doc, the snapshot
// version, and the log entries not merged yet (two parallel arrays: a paper may hold hundreds
// of them between compactions), with the byte counts the document limit is judged by.
import * as Y from "yjs";
import { type LoadedDocument, newestEntry, updateWouldChange } from "../document.ts";

export class OpenDocument {
  readonly doc: Y.Doc;
  snapshotVersion: number;
  tailIds: string[];
  tailSizes: number[];
  /** The entry compaction keeps in the tail, so the time of the last edit survives. */
  newestId: string | null;
  snapshotBytes: number;
  tailBytes: number;
  /** Bytes of applied updates whose append has not completed yet. */
  inFlightBytes = 0;

  constructor(loaded: LoadedDocument) {
    const tailBytes = loaded.tail.reduce((n, e) => n + e.bytes, 0);
    this.doc = loaded.doc;
    this.snapshotVersion = loaded.snapshotVersion;
    this.tailIds = loaded.tail.map((e) => e.id);
    this.tailSizes = loaded.tail.map((e) => e.bytes);
    this.newestId = newestEntry(loaded.tail)?.id ?? null;
    this.snapshotBytes = loaded.bytes - tailBytes;
    this.tailBytes = tailBytes;
  }

  /** What the document limit is judged by: stored bytes and bytes on their way to storage. */
  get storedBytes(): number {
    return this.snapshotBytes + this.tailBytes + this.inFlightBytes;
  }

  /**
   * About what applying `update` adds to what is stored: the part of it the document lacks (a
   * sync step 2 carries the sender's whole delete set, and what reached both sides meanwhile).
   * Measured before applying: the open document cannot take an update back.
   */
  growthOf(update: Uint8Array): number {
    if (!updateWouldChange(this.doc, update)) return 0;
    return Y.diffUpdate(update, Y.encodeStateVector(this.doc)).length;
  }

  /** A stored entry joins the tail. */
  appended(id: string, bytes: number): void {
    this.tailIds.push(id);
    this.tailSizes.push(bytes);
    this.tailBytes += bytes;
    this.newestId = id;
  }

  /** Replace the tail (after merging what storage holds). */
  setTail(tail: readonly { id: string; bytes: number }[], newestId: string | null): void {
    this.tailIds = tail.map((e) => e.id);
    this.tailSizes = tail.map((e) => e.bytes);
    this.tailBytes = this.tailSizes.reduce((n, b) => n + b, 0);
    this.newestId = newestId;
  }

  /** Drop the entries in `merged` from the tail. */
  retire(merged: ReadonlySet<string>): void {
    const kept = this.tailIds.flatMap((id, i) =>
      merged.has(id) ? [] : [{ id, bytes: this.tailSizes[i] ?? 0 }],
    );
    this.setTail(kept, this.newestId);
  }
}
