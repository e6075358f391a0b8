// One open paper on the stateful host: its connections, its presence, its document in memory,
// and the order in which its edits become durable and reach the others.
import type { Limits } from "@accord/domain";
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeUpdate,
  MalformedMessageError,
} from "@accord/protocol";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { replayState } from "../attribution-replay.ts";
import { compactionDue, mergeReplayed } from "../compaction.ts";
import { applyAndCapture, loadDocumentState, newestEntry } from "../document.ts";
import { closes } from "../frames.ts";
import { OpenDocument } from "./document-state.ts";
import { SerialQueue } from "./queue.ts";
import { isStorageFull } from "./storage-full.ts";
import type { CollabLogger, HostStore } from "./types.ts";

/** A member of a room: what the room needs of a session. */
export interface RoomMember {
  readonly open: boolean;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  readonly awarenessClients: Set<number>;
}

export interface RoomContext {
  store: HostStore;
  limits: Limits;
  log: CollabLogger;
}

export class Room {
  readonly sessions = new Set<RoomMember>();
  readonly queue = new SerialQueue();
  readonly awareness: awarenessProtocol.Awareness;
  document: OpenDocument | null = null;
  unloadTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * Settles once every append issued so far is durable and its broadcast sent; never rejects.
   * Broadcasts are chained on it, so they leave in the order the updates were applied.
   */
  durable: Promise<void> = Promise.resolve();
  /** The compaction running, if any. */
  private compaction: Promise<void> | null = null;
  /** Compacts once editing pauses, so editing sessions reach the feed while editors stay. */
  private quietTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly paperId: string,
    private readonly context: RoomContext,
  ) {
    // The awareness gets a doc of its own: the paper's doc is replaced when it is reloaded.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null);
    this.awareness.on(
      "update",
      (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        if (origin && this.sessions.has(origin as RoomMember)) {
          const sender = origin as RoomMember;
          for (const id of change.added) sender.awarenessClients.add(id);
          for (const id of change.removed) sender.awarenessClients.delete(id);
        }
        const changed = [...change.added, ...change.updated, ...change.removed];
        // Sent to every connection, the sender too: the stock client drops a silent socket.
        this.broadcast(
          encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)),
        );
      },
    );
  }

  broadcast(message: Uint8Array, except?: RoomMember): void {
    for (const session of this.sessions) {
      if (session !== except && session.open) session.send(message);
    }
  }

  /** Everyone's presence, as one awareness message; null when nobody has any. */
  presence(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  async ensureLoaded(): Promise<OpenDocument> {
    if (this.document) return this.document;
    const { log } = this.context;
    const loaded = await loadDocumentState(this.context.store.documents, this.paperId);
    if (loaded.skipped.length > 0) {
      log.error("collab.load_skipped_entries", { paperId: this.paperId, entryIds: loaded.skipped });
    }
    this.document = new OpenDocument(loaded);
    log.info("collab.document_loaded", {
      paperId: this.paperId,
      tailEntries: loaded.tail.length,
      bytes: loaded.bytes,
    });
    return this.document;
  }

  /** Wait until nothing written for this paper is in flight: appends, broadcasts, compaction. */
  async settled(): Promise<void> {
    for (;;) {
      const durable = this.durable;
      await durable;
      if (this.compaction) await this.compaction;
      if (this.durable === durable && !this.compaction) return;
    }
  }

  /**
   * Apply an update to the open document and issue its append at once; it is passed to every
   * other connection when durable, in order. The paper's queue does not wait for the disk, so
   * updates arriving together share one commit. Only what actually changed the document is
   * stored and sent. `durable` settles when this update is stored and sent on.
   */
  async commit(
    update: Uint8Array,
    sender: RoomMember | null,
    memberId: string | null,
    origin: unknown,
  ): Promise<{ durable: Promise<void> }> {
    const document = await this.ensureLoaded();
    let effective: Uint8Array | null;
    try {
      effective = applyAndCapture(document.doc, update, origin);
    } catch (error) {
      this.context.log.warn("collab.update_rejected", {
        paperId: this.paperId,
        error: String(error),
      });
      await this.reload();
      throw new MalformedMessageError("the update could not be applied");
    }
    if (!effective) return { durable: Promise.resolve() };
    const bytes = effective.length;
    const message = encodeUpdate(effective);
    document.inFlightBytes += bytes;
    const appended = this.context.store.documents.append(this.paperId, effective, {
      memberId,
      at: new Date().toISOString(),
    });
    const previous = this.durable;
    const durable = appended.then(
      async (stored) => {
        await previous;
        document.inFlightBytes -= bytes;
        document.appended(stored.id, bytes);
        this.broadcast(message, sender ?? undefined);
        if (compactionDue(document.tailIds.length, this.context.limits)) {
          // In the background: no keystroke waits for a compaction.
          if (this.document === document) void this.compact();
        }
        this.compactWhenQuiet();
      },
      async (error: unknown) => {
        await previous;
        document.inFlightBytes -= bytes;
        throw error;
      },
    );
    this.durable = durable.catch((error: unknown) => {
      // The document holds an update storage does not: its author must send it again. A full
      // store is transient (the author retries with backoff), anything else a server error.
      const full = isStorageFull(error);
      this.context.log.error("collab.append_failed", {
        paperId: this.paperId,
        storageFull: full,
        error: String(error),
      });
      const close = full ? closes.storageFull : closes.serverError;
      sender?.close(close.code, close.reason);
      void this.queue.run(() => this.reload());
    });
    return { durable };
  }

  /**
   * Replace the in-memory document by what storage holds (after a failed apply or append), and
   * ask every client to send what the server may now lack.
   */
  async reload(): Promise<void> {
    await this.settled();
    this.document?.doc.destroy();
    this.document = null;
    try {
      const document = await this.ensureLoaded();
      this.broadcast(encodeSyncStep1(Y.encodeStateVector(document.doc)));
    } catch (error) {
      this.context.log.error("collab.reload_failed", {
        paperId: this.paperId,
        error: String(error),
      });
      for (const session of [...this.sessions]) {
        session.close(closes.serverError.code, closes.serverError.reason);
      }
    }
  }

  private compactWhenQuiet(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      void this.compact();
    }, this.context.limits.collab.editingSessionQuietMs);
    this.quietTimer.unref?.();
  }

  /** Start a compaction unless one runs; resolves when it is over. */
  compact(): Promise<void> {
    if (!this.compaction) {
      this.compaction = this.compactNow().finally(() => {
        this.compaction = null;
      });
    }
    return this.compaction;
  }

  /**
   * The policy's merge (`mergeReplayed`), from what storage holds: the entries replayed one by
   * one on the snapshot, so that what each did is known and recorded, and no update still on its
   * way to storage slips into the snapshot unrecorded. Appends completing meanwhile stay in the
   * tail. When storage has a newer snapshot than the open document (another host compacted),
   * the document first takes in what storage holds.
   */
  private async compactNow(): Promise<void> {
    const document = this.document;
    if (!document) return;
    if (document.tailIds.every((id) => id === document.newestId)) return;
    const { log, store, limits } = this.context;
    const record = store.attribution &&
      store.activity && { attribution: store.attribution, activity: store.activity };
    try {
      const loaded = replayState(await store.documents.load(this.paperId));
      try {
        const result =
          loaded.snapshotVersion === document.snapshotVersion
            ? await mergeReplayed(store.documents, this.paperId, loaded, {
                limits,
                now: new Date().toISOString(),
                record,
              })
            : null;
        if (result?.outcome === "compacted") {
          log.info("collab.document_compacted", {
            paperId: this.paperId,
            mergedEntries: result.mergedEntryIds.length,
            snapshotVersion: result.snapshotVersion,
          });
          document.snapshotVersion = result.snapshotVersion;
          document.snapshotBytes = result.snapshotBytes;
          document.retire(new Set(result.mergedEntryIds));
          if (result.recordError !== undefined) {
            log.error("collab.attribution_failed", {
              paperId: this.paperId,
              error: String(result.recordError),
            });
          }
        } else if (result === null || result.outcome === "conflict") {
          log.warn("collab.compaction_conflict", { paperId: this.paperId });
          await this.mergeFromStorage(document);
        }
      } finally {
        loaded.doc.destroy();
      }
    } catch (error) {
      // Compaction is an optimisation: the log still holds everything.
      log.error("collab.compaction_failed", { paperId: this.paperId, error: String(error) });
    }
  }

  /** Merge what storage holds into the open document (another compactor won), and pass it on. */
  private async mergeFromStorage(document: OpenDocument): Promise<void> {
    const before = new Set(document.tailIds);
    const stored = await this.context.store.documents.load(this.paperId);
    const captured: Uint8Array[] = [];
    const listener = (update: Uint8Array) => captured.push(update);
    document.doc.on("update", listener);
    try {
      Y.transact(document.doc, () => {
        if (stored.snapshot) Y.applyUpdate(document.doc, stored.snapshot);
        for (const entry of stored.tail) Y.applyUpdate(document.doc, entry.update);
      });
    } finally {
      document.doc.off("update", listener);
    }
    // Appends that completed while storage was read stay tracked.
    const storedIds = new Set(stored.tail.map((e) => e.id));
    const meanwhile = document.tailIds.flatMap((id, i) =>
      before.has(id) || storedIds.has(id) ? [] : [{ id, bytes: document.tailSizes[i] ?? 0 }],
    );
    document.snapshotVersion = stored.snapshotVersion;
    document.snapshotBytes = stored.snapshot?.length ?? 0;
    document.setTail(
      [...stored.tail.map((e) => ({ id: e.id, bytes: e.update.length })), ...meanwhile],
      meanwhile.at(-1)?.id ?? newestEntry(stored.tail)?.id ?? null,
    );
    for (const update of captured) this.broadcast(encodeUpdate(update));
  }

  /** Compact and drop the document once nobody is connected. */
  async unload(): Promise<void> {
    if (this.sessions.size > 0 || !this.document) return;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    await this.settled();
    await this.compact();
    // Someone may have joined while the compaction was written.
    if (this.sessions.size > 0 || !this.document) return;
    this.document.doc.destroy();
    this.document = null;
    this.context.log.info("collab.document_unloaded", { paperId: this.paperId });
  }
}
