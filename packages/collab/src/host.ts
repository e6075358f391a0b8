// The stateful host: one Y.Doc per open paper, kept in memory while anyone is connected.
// The local server runs it over `ws`; it only ever sees the WebSocketLike seam.
import {
  badInput,
  DEFAULT_LIMITS,
  type Limits,
  type PaperRole,
  type PaperStatus,
} from "@accord/domain";
import type { Store } from "@accord/storage";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { CloseCode } from "@accord/protocol";
import {
  applyAndCapture,
  compactInto,
  type LoadedDocument,
  loadDocumentState,
  newestEntry,
  updateWouldChange,
} from "./document.ts";
import { type Access, type Authenticate, accessFor, admit, type Grant } from "./gate.ts";
import type { LiveNotifier } from "./live.ts";
import {
  answerSyncStep1,
  decodeMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeUpdate,
  MalformedMessageError,
  validateUpdate,
} from "@accord/protocol";
import { SerialQueue, TokenBucket } from "./rate.ts";

/** The little the host needs of a websocket. Binary in, binary out; framing is the adapter's. */
export interface WebSocketLike {
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface CollabLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: CollabLogger = { info() {}, warn() {}, error() {} };

export type HostStore = Pick<Store, "members" | "papers" | "collaborators" | "documents">;

export interface CollabHostOptions {
  store: HostStore;
  authenticate: Authenticate;
  limits?: Limits;
  logger?: CollabLogger;
}

/** Where a client asked to connect: both travel in the query string (or the path). */
export interface ConnectionRequest {
  paperId: string | null;
  token: string | null;
}

export interface HostConnection {
  /** Deliver one whole message from the client. */
  receive(message: Uint8Array): void;
  /** The transport closed (the client left or the network dropped). */
  closed(): void;
  /** True once admitted and synced, false when refused or closed before that. */
  readonly ready: Promise<boolean>;
}

export interface CollabHost {
  open(socket: WebSocketLike, request: ConnectionRequest): HostConnection;
  readonly notifier: LiveNotifier;
  /** Counts for tests, benchmarks and health checks. */
  stats(): { openDocuments: number; connections: number };
  /** Close every connection (1001), compact and unload every document. */
  close(): Promise<void>;
}

/**
 * About what applying `update` adds to what is stored: the part of it the document lacks (a
 * sync step 2 carries the sender's whole delete set, and what reached both sides meanwhile).
 * Measured before applying: the open document cannot take an update back.
 */
function growthOf(doc: Y.Doc, update: Uint8Array): number {
  if (!updateWouldChange(doc, update)) return 0;
  return Y.diffUpdate(update, Y.encodeStateVector(doc)).length;
}

/** Marks edits made by the server itself (version restores) in Yjs transactions. */
const SERVER_ORIGIN = Symbol("server");
/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * An open paper. The log entries not yet merged into the snapshot are kept as two parallel
 * arrays (ids, sizes): a paper may hold hundreds of them between compactions.
 */
interface OpenDocument {
  doc: Y.Doc;
  snapshotVersion: number;
  tailIds: string[];
  tailSizes: number[];
  /** The entry compaction keeps in the tail, so the time of the last edit survives. */
  newestId: string | null;
  snapshotBytes: number;
  tailBytes: number;
  /** Bytes of applied updates whose append has not completed yet. */
  inFlightBytes: number;
}

function openDocument(loaded: LoadedDocument): OpenDocument {
  const tailBytes = loaded.tail.reduce((n, e) => n + e.bytes, 0);
  return {
    doc: loaded.doc,
    snapshotVersion: loaded.snapshotVersion,
    tailIds: loaded.tail.map((e) => e.id),
    tailSizes: loaded.tail.map((e) => e.bytes),
    newestId: newestEntry(loaded.tail)?.id ?? null,
    snapshotBytes: loaded.bytes - tailBytes,
    tailBytes,
    inFlightBytes: 0,
  };
}

/** Drop the entries in `merged` from the tail. */
function retire(document: OpenDocument, merged: ReadonlySet<string>) {
  const ids: string[] = [];
  const sizes: number[] = [];
  document.tailIds.forEach((id, i) => {
    if (merged.has(id)) return;
    ids.push(id);
    sizes.push(document.tailSizes[i]!);
  });
  document.tailIds = ids;
  document.tailSizes = sizes;
  document.tailBytes = sizes.reduce((n, b) => n + b, 0);
}

class Room {
  readonly sessions = new Set<Session>();
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
  compaction: Promise<void> | null = null;

  constructor(readonly paperId: string) {
    // The awareness gets a doc of its own: the paper's doc is replaced when it is reloaded.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null);
  }
}

class Session implements HostConnection {
  state: "gating" | "open" | "closed" = "gating";
  grant: Grant | null = null;
  access: Access | null = null;
  room: Room | null = null;
  pending: Uint8Array[] = [];
  readonly awarenessClients = new Set<number>();
  expiryTimer: ReturnType<typeof setTimeout> | null = null;
  ready: Promise<boolean> = Promise.resolve(false);
  private detached = false;

  constructor(
    readonly socket: WebSocketLike,
    readonly request: ConnectionRequest,
    readonly bucket: TokenBucket,
    private readonly host: HostInternals,
  ) {}

  receive(message: Uint8Array): void {
    this.host.receive(this, message);
  }

  closed(): void {
    this.state = "closed";
    this.detach();
  }

  send(message: Uint8Array): void {
    if (this.state === "closed") return;
    try {
      this.socket.send(message);
    } catch {
      this.close(CloseCode.serverError, "send failed");
    }
  }

  close(code: number, reason: string): void {
    if (this.state === "closed") return;
    this.state = "closed";
    try {
      this.socket.close(code, reason);
    } catch {
      // Already closing: nothing more to tell the client.
    }
    this.detach();
  }

  private detach(): void {
    if (this.detached) return;
    this.detached = true;
    this.pending = [];
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.host.detach(this);
  }
}

interface HostInternals {
  receive(session: Session, message: Uint8Array): void;
  detach(session: Session): void;
}

export function createCollabHost(options: CollabHostOptions): CollabHost {
  const { store, authenticate } = options;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const log = options.logger ?? silentLogger;
  const rooms = new Map<string, Room>();
  const sessions = new Set<Session>();
  /** Bumped by every notifier call, so a gate decision taken meanwhile is taken again. */
  const revisions = new Map<string, number>();
  let closing = false;

  const internals: HostInternals = { receive, detach };

  function roomFor(paperId: string): Room {
    let room = rooms.get(paperId);
    if (!room) {
      const created = new Room(paperId);
      created.awareness.on(
        "update",
        (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
          if (origin instanceof Session) {
            for (const id of change.added) origin.awarenessClients.add(id);
            for (const id of change.removed) origin.awarenessClients.delete(id);
          }
          const changed = [...change.added, ...change.updated, ...change.removed];
          // Sent to every connection, the sender too: the stock client drops a silent socket.
          broadcast(
            created,
            encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(created.awareness, changed)),
          );
        },
      );
      rooms.set(paperId, created);
      room = created;
    }
    return room;
  }

  /** Run a task on the paper's queue; a room left with nobody and nothing loaded is dropped. */
  function enqueue<T>(room: Room, task: () => Promise<T>): Promise<T> {
    return room.queue.run(task).finally(() => forgetIfIdle(room));
  }

  function forgetIfIdle(room: Room) {
    if (room.sessions.size > 0 || room.document || !room.queue.idle) return;
    if (rooms.get(room.paperId) !== room) return;
    rooms.delete(room.paperId);
    room.awareness.destroy();
  }

  function broadcast(room: Room, message: Uint8Array, except?: Session) {
    for (const session of room.sessions) {
      if (session !== except && session.state === "open") session.send(message);
    }
  }

  async function ensureLoaded(room: Room): Promise<OpenDocument> {
    if (room.document) return room.document;
    const loaded = await loadDocumentState(store.documents, room.paperId);
    if (loaded.skipped.length > 0) {
      log.error("collab.load_skipped_entries", {
        paperId: room.paperId,
        entryIds: loaded.skipped,
      });
    }
    room.document = openDocument(loaded);
    log.info("collab.document_loaded", {
      paperId: room.paperId,
      tailEntries: loaded.tail.length,
      bytes: loaded.bytes,
    });
    return room.document;
  }

  /** Wait until nothing written for this paper is in flight: appends, broadcasts, compaction. */
  async function settled(room: Room) {
    for (;;) {
      const durable = room.durable;
      await durable;
      if (room.compaction) await room.compaction;
      if (room.durable === durable && !room.compaction) return;
    }
  }

  /**
   * Replace the in-memory document by what storage holds (after a failed apply or append), and
   * ask every client to send what the server may now lack.
   */
  async function reload(room: Room) {
    await settled(room);
    room.document?.doc.destroy();
    room.document = null;
    try {
      const document = await ensureLoaded(room);
      const step1 = encodeSyncStep1(Y.encodeStateVector(document.doc));
      broadcast(room, step1);
    } catch (error) {
      log.error("collab.reload_failed", { paperId: room.paperId, error: String(error) });
      for (const session of [...room.sessions]) {
        session.close(CloseCode.serverError, "server error");
      }
    }
  }

  /** Merge what storage holds into the open document (another compactor won), and pass it on. */
  async function mergeFromStorage(room: Room, document: OpenDocument) {
    const before = new Set(document.tailIds);
    const stored = await store.documents.load(room.paperId);
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
      before.has(id) || storedIds.has(id) ? [] : [{ id, bytes: document.tailSizes[i]! }],
    );
    const tail = [...stored.tail.map((e) => ({ id: e.id, bytes: e.update.length })), ...meanwhile];
    document.snapshotVersion = stored.snapshotVersion;
    document.snapshotBytes = stored.snapshot?.length ?? 0;
    document.tailIds = tail.map((e) => e.id);
    document.tailSizes = tail.map((e) => e.bytes);
    document.tailBytes = document.tailSizes.reduce((n, b) => n + b, 0);
    document.newestId = meanwhile.at(-1)?.id ?? newestEntry(stored.tail)?.id ?? null;
    for (const update of captured) broadcast(room, encodeUpdate(update));
  }

  /** Start a compaction unless one runs; resolves when it is over. */
  function compact(room: Room): Promise<void> {
    if (!room.compaction) {
      room.compaction = compactNow(room).finally(() => {
        room.compaction = null;
      });
    }
    return room.compaction;
  }

  /**
   * Every tail entry is applied to the document (entries join the tail once durable, and were
   * applied before), so the document's encoding contains them all. Appends completing meanwhile
   * stay in the tail.
   */
  async function compactNow(room: Room) {
    const document = room.document;
    if (!document) return;
    const merged = document.tailIds.filter((id) => id !== document.newestId);
    if (merged.length === 0) return;
    try {
      const result = await compactInto(store.documents, room.paperId, {
        doc: document.doc,
        snapshotVersion: document.snapshotVersion,
        mergedEntryIds: merged,
        now: new Date().toISOString(),
        retainMs: limits.collab.retainMergedMs,
      });
      if (result) {
        log.info("collab.document_compacted", {
          paperId: room.paperId,
          mergedEntries: merged.length,
          snapshotVersion: result.snapshotVersion,
        });
        document.snapshotVersion = result.snapshotVersion;
        document.snapshotBytes = result.snapshotBytes;
        retire(document, new Set(merged));
      } else {
        log.warn("collab.compaction_conflict", { paperId: room.paperId });
        await mergeFromStorage(room, document);
      }
    } catch (error) {
      // Compaction is an optimisation: the log still holds everything.
      log.error("collab.compaction_failed", { paperId: room.paperId, error: String(error) });
    }
  }

  function scheduleUnload(room: Room) {
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      void unload(room);
    }, limits.collab.idleUnloadMs);
    room.unloadTimer.unref?.();
  }

  function unload(room: Room): Promise<void> {
    return enqueue(room, async () => {
      if (room.sessions.size > 0 || !room.document) return;
      await settled(room);
      await compact(room);
      // Someone may have joined while the compaction was written.
      if (room.sessions.size > 0 || !room.document) return;
      room.document.doc.destroy();
      room.document = null;
      log.info("collab.document_unloaded", { paperId: room.paperId });
    });
  }

  /**
   * Apply an update to the open document and issue its append at once; it is passed to every
   * other connection when durable, in order. The paper's queue does not wait for the disk, so
   * updates arriving together share one commit. Only what actually changed the document is
   * stored and sent. `durable` settles when this update is stored and sent on.
   */
  async function commit(
    room: Room,
    update: Uint8Array,
    origin: Session | typeof SERVER_ORIGIN,
    memberId: string | null,
  ): Promise<{ durable: Promise<void> }> {
    const document = await ensureLoaded(room);
    let effective: Uint8Array | null;
    try {
      effective = applyAndCapture(document.doc, update, origin);
    } catch (error) {
      log.warn("collab.update_rejected", { paperId: room.paperId, error: String(error) });
      await reload(room);
      throw new MalformedMessageError("the update could not be applied");
    }
    if (!effective) return { durable: Promise.resolve() };
    const bytes = effective.length;
    const sender = origin instanceof Session ? origin : undefined;
    const message = encodeUpdate(effective);
    document.inFlightBytes += bytes;
    const appended = store.documents.append(room.paperId, effective, {
      memberId,
      at: new Date().toISOString(),
    });
    const previous = room.durable;
    const durable = appended.then(
      async (stored) => {
        await previous;
        document.inFlightBytes -= bytes;
        document.tailIds.push(stored.id);
        document.tailSizes.push(bytes);
        document.tailBytes += bytes;
        document.newestId = stored.id;
        broadcast(room, message, sender);
        if (
          document.tailIds.length > limits.collab.compactAfterEntries &&
          room.document === document
        ) {
          void compact(room);
        }
      },
      async (error: unknown) => {
        await previous;
        document.inFlightBytes -= bytes;
        throw error;
      },
    );
    room.durable = durable.catch((error: unknown) => {
      // The document holds an update storage does not: its author must send it again.
      log.error("collab.append_failed", { paperId: room.paperId, error: String(error) });
      sender?.close(CloseCode.serverError, "server error");
      void enqueue(room, () => reload(room));
    });
    return { durable };
  }

  function fail(session: Session) {
    return (error: unknown) => {
      if (error instanceof MalformedMessageError) {
        session.close(CloseCode.badRequest, "malformed message");
        return;
      }
      log.error("collab.message_failed", {
        paperId: session.grant?.paperId,
        error: String(error),
      });
      session.close(CloseCode.serverError, "server error");
    };
  }

  function receive(session: Session, message: Uint8Array) {
    if (session.state === "closed") return;
    if (!session.bucket.take(Date.now())) {
      session.close(CloseCode.rateLimited, "too many messages");
      return;
    }
    if (message.length > limits.collab.maxMessageBytes) {
      session.close(CloseCode.tooLarge, "message too large");
      return;
    }
    if (session.state === "gating") {
      session.pending.push(message);
      return;
    }
    dispatch(session, message);
  }

  function dispatch(session: Session, bytes: Uint8Array) {
    const room = session.room!;
    let message: ReturnType<typeof decodeMessage>;
    try {
      message = decodeMessage(bytes);
    } catch {
      session.close(CloseCode.badRequest, "malformed message");
      return;
    }
    switch (message.type) {
      case "syncStep1": {
        const { stateVector } = message;
        enqueue(room, async () => {
          if (session.state !== "open") return;
          const document = await ensureLoaded(room);
          const answer = answerSyncStep1(document.doc, stateVector);
          // The answer may hold updates still being stored: it leaves once they are durable.
          void room.durable.then(() => session.send(answer));
        }).catch(fail(session));
        return;
      }
      case "syncStep2":
      case "update": {
        const { update } = message;
        // A sync step 2 carries everything the server lacks, which after offline work is far
        // more than one edit: only the message and document limits bound it.
        if (message.type === "update" && update.length > limits.collab.maxUpdateBytes) {
          session.close(CloseCode.tooLarge, "update too large");
          return;
        }
        enqueue(room, async () => {
          if (session.state !== "open") return;
          const document = await ensureLoaded(room);
          if (session.access !== "write") {
            if (updateWouldChange(document.doc, update)) {
              session.send(encodePermissionDenied(readOnlyReason(session)));
            }
            return;
          }
          const stored = document.snapshotBytes + document.tailBytes + document.inFlightBytes;
          if (
            stored + update.length > limits.collab.maxDocumentBytes &&
            stored + growthOf(document.doc, update) > limits.collab.maxDocumentBytes
          ) {
            session.close(CloseCode.tooLarge, "document too large");
            return;
          }
          await commit(room, update, session, session.grant?.memberId ?? null);
        }).catch(fail(session));
        return;
      }
      case "awareness":
        try {
          awarenessProtocol.applyAwarenessUpdate(room.awareness, message.update, session);
        } catch {
          session.close(CloseCode.badRequest, "malformed awareness update");
        }
        return;
      case "queryAwareness": {
        const clients = [...room.awareness.getStates().keys()];
        if (clients.length > 0) {
          session.send(
            encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients)),
          );
        }
        return;
      }
      case "permissionDenied":
        // Clients have nothing to refuse the server; harmless, ignored.
        return;
    }
  }

  function readOnlyReason(session: Session): string {
    const status = session.grant?.status;
    if (status === "PUBLISHED" || status === "ARCHIVED") {
      return `the paper is ${status.toLowerCase()}: its text is frozen`;
    }
    return "read-only: your role on this paper cannot edit its text";
  }

  function detach(session: Session) {
    sessions.delete(session);
    const room = session.room;
    if (!room) return;
    room.sessions.delete(session);
    if (session.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(room.awareness, [...session.awarenessClients], null);
    }
    if (room.sessions.size === 0) {
      if (closing) return;
      if (room.document) scheduleUnload(room);
      else forgetIfIdle(room);
    }
  }

  function armExpiry(session: Session, expiresAt: number) {
    const delay = expiresAt - Date.now();
    session.expiryTimer = setTimeout(
      () => {
        if (Date.now() >= expiresAt) session.close(CloseCode.unauthenticated, "token expired");
        else armExpiry(session, expiresAt);
      },
      Math.min(Math.max(delay, 0), MAX_TIMER_MS),
    );
    session.expiryTimer.unref?.();
  }

  async function gate(session: Session): Promise<Grant | null> {
    for (;;) {
      const paperId = session.request.paperId;
      const revision = paperId ? (revisions.get(paperId) ?? 0) : 0;
      const result = await admit({
        store,
        authenticate,
        paperId,
        token: session.request.token,
        now: Date.now(),
      });
      if (session.state === "closed") return null;
      if (!result.ok) {
        session.close(result.close.code, result.close.reason);
        return null;
      }
      // A role or status change landed while we were deciding: decide again.
      if ((revisions.get(result.grant.paperId) ?? 0) === revision) return result.grant;
    }
  }

  async function join(session: Session): Promise<boolean> {
    let grant: Grant | null;
    try {
      grant = await gate(session);
    } catch (error) {
      log.error("collab.gate_failed", { error: String(error) });
      session.close(CloseCode.serverError, "server error");
      return false;
    }
    if (!grant) return false;
    if (closing) {
      session.close(CloseCode.goingAway, "server shutting down");
      return false;
    }
    const room = roomFor(grant.paperId);
    if (room.sessions.size >= limits.collab.maxConnectionsPerPaper) {
      session.close(CloseCode.rateLimited, "too many connections to this paper");
      forgetIfIdle(room);
      return false;
    }
    session.grant = grant;
    session.access = grant.access;
    session.room = room;
    room.sessions.add(session);
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    if (grant.expiresAt !== null) armExpiry(session, grant.expiresAt);
    try {
      return await enqueue(room, async () => {
        const document = await ensureLoaded(room);
        if (session.state === "closed") return false;
        session.state = "open";
        session.send(encodeSyncStep1(Y.encodeStateVector(document.doc)));
        const clients = [...room.awareness.getStates().keys()];
        if (clients.length > 0) {
          session.send(
            encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients)),
          );
        }
        const pending = session.pending;
        session.pending = [];
        for (const message of pending) dispatch(session, message);
        return true;
      });
    } catch (error) {
      log.error("collab.load_failed", { paperId: grant.paperId, error: String(error) });
      session.close(CloseCode.serverError, "server error");
      return false;
    }
  }

  function reassess(session: Session) {
    const grant = session.grant;
    if (!grant) return;
    const access = accessFor(grant.actor, grant.role, grant.status);
    if (!access) {
      session.close(CloseCode.forbidden, "access to this paper was revoked");
      return;
    }
    const before = session.access;
    session.access = access;
    const room = session.room;
    if (before === "read" && access === "write" && room) {
      // Updates refused while read-only left a gap in this client's history, so Yjs would hold
      // its next edits back: ask for everything it has, as on a reconnect.
      void enqueue(room, async () => {
        if (session.state !== "open" || !room.document) return;
        session.send(encodeSyncStep1(Y.encodeStateVector(room.document.doc)));
      });
    }
  }

  function bump(paperId: string) {
    revisions.set(paperId, (revisions.get(paperId) ?? 0) + 1);
  }

  const notifier: LiveNotifier = {
    async applyServerUpdate(paperId, update, memberId) {
      try {
        validateUpdate(update);
      } catch {
        throw badInput("update", "Not a Yjs update.");
      }
      const room = roomFor(paperId);
      const { durable } = await enqueue(room, async () => {
        if (room.document) return commit(room, update, SERVER_ORIGIN, memberId);
        await store.documents.append(paperId, update, {
          memberId,
          at: new Date().toISOString(),
        });
        return { durable: Promise.resolve() };
      });
      await durable;
    },
    async collaboratorChanged(paperId, memberId, role: PaperRole | null) {
      bump(paperId);
      const room = rooms.get(paperId);
      if (!room) return;
      for (const session of [...room.sessions]) {
        if (session.grant?.memberId !== memberId) continue;
        session.grant.role = role;
        reassess(session);
      }
    },
    async paperStatusChanged(paperId, status: PaperStatus) {
      bump(paperId);
      const room = rooms.get(paperId);
      if (!room) return;
      for (const session of [...room.sessions]) {
        if (!session.grant) continue;
        session.grant.status = status;
        reassess(session);
      }
    },
  };

  return {
    open(socket, request) {
      const burst = limits.collab.maxMessagesPerSecond * 2;
      const session = new Session(
        socket,
        request,
        new TokenBucket(limits.collab.maxMessagesPerSecond, burst, Date.now()),
        internals,
      );
      sessions.add(session);
      if (closing) {
        session.close(CloseCode.goingAway, "server shutting down");
        return session;
      }
      session.ready = join(session);
      return session;
    },
    notifier,
    stats() {
      let openDocuments = 0;
      for (const room of rooms.values()) if (room.document) openDocuments++;
      let connections = 0;
      for (const session of sessions) if (session.state === "open") connections++;
      return { openDocuments, connections };
    },
    async close() {
      closing = true;
      for (const session of [...sessions])
        session.close(CloseCode.goingAway, "server shutting down");
      await Promise.all(
        [...rooms.values()].map((room) => {
          if (room.unloadTimer) clearTimeout(room.unloadTimer);
          return unload(room).catch((error) => {
            log.error("collab.unload_failed", { paperId: room.paperId, error: String(error) });
          });
        }),
      );
      for (const room of rooms.values()) room.awareness.destroy();
      rooms.clear();
    },
  };
}
