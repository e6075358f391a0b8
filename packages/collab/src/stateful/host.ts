// The stateful host: one Y.Doc per open paper, kept in memory while anyone is connected. The
// local server runs it over `ws`; it only ever sees the WebSocketLike seam. Every rule is the
// engine's (frames.ts, decide.ts, changes.ts, gate.ts); this file holds state and delivers.
import { badInput, DEFAULT_LIMITS, type Limits } from "@accord/domain";
import {
  type CloseReason,
  encodeSyncStep1,
  MalformedFrameError,
  MalformedMessageError,
  MessageTooLargeError,
  updateContent,
  validateUpdate,
} from "@accord/protocol";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { effectOf, type LiveChange } from "../changes.ts";
import { accessOf, type LiveConnection } from "../connection.ts";
import {
  answerSync,
  decideDecoded,
  decideMessage,
  decideSuggestion,
  fitsDocument,
  type MessageDecision,
} from "../decide.ts";
import { admitFrame, checkReassembled, closes, readFrame } from "../frames.ts";
import { type Authenticate, admit } from "../gate.ts";
import type { LiveNotifier } from "../live.ts";
import { openDocumentChecker } from "../suggestions.ts";
import { Room } from "./room.ts";
import { Session, type SessionHost } from "./session.ts";
import {
  type CollabLogger,
  type ConnectionRequest,
  type HostConnection,
  type HostStore,
  silentLogger,
  type WebSocketLike,
} from "./types.ts";

export interface CollabHostOptions {
  store: HostStore;
  authenticate: Authenticate;
  limits?: Limits;
  logger?: CollabLogger;
}

export interface CollabHost {
  open(socket: WebSocketLike, request: ConnectionRequest): HostConnection;
  readonly notifier: LiveNotifier;
  /** Counts for tests, benchmarks and health checks. */
  stats(): { openDocuments: number; connections: number };
  /** Close every connection (4503: reconnect later), compact and unload every document. */
  close(): Promise<void>;
}

/** Marks edits made by the server itself (version restores) in Yjs transactions. */
const SERVER_ORIGIN = Symbol("server");
/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2_147_483_647;

export function createCollabHost(options: CollabHostOptions): CollabHost {
  return new StatefulHost(options);
}

class StatefulHost implements CollabHost, SessionHost {
  private readonly store: HostStore;
  private readonly authenticate: Authenticate;
  private readonly limits: Limits;
  private readonly log: CollabLogger;
  private readonly rooms = new Map<string, Room>();
  private readonly sessions = new Set<Session>();
  /** Bumped by every change told to a paper, so a gate decision taken meanwhile is taken again. */
  private readonly revisions = new Map<string, number>();
  private closing = false;
  readonly notifier: LiveNotifier;

  constructor(options: CollabHostOptions) {
    this.store = options.store;
    this.authenticate = options.authenticate;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.log = options.logger ?? silentLogger;
    this.notifier = {
      applyServerUpdate: (paperId, update, memberId) =>
        this.applyServerUpdate(paperId, update, memberId),
      collaboratorChanged: async (paperId, memberId, role) =>
        this.applyChange(paperId, { kind: "collaborator", memberId, role }),
      paperStatusChanged: async (paperId, status) =>
        this.applyChange(paperId, { kind: "status", status }),
    };
  }

  open(socket: WebSocketLike, request: ConnectionRequest): HostConnection {
    const session = new Session(socket, request, this, this.limits);
    this.sessions.add(session);
    if (this.closing) {
      session.close(closes.restarting.code, closes.restarting.reason);
      return session;
    }
    session.ready = this.join(session);
    return session;
  }

  stats() {
    let openDocuments = 0;
    for (const room of this.rooms.values()) if (room.document) openDocuments++;
    let connections = 0;
    for (const session of this.sessions) if (session.state === "open") connections++;
    return { openDocuments, connections };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const session of [...this.sessions]) {
      session.close(closes.restarting.code, "server shutting down");
    }
    await Promise.all(
      [...this.rooms.values()].map((room) => {
        if (room.unloadTimer) clearTimeout(room.unloadTimer);
        return this.unload(room).catch((error) => {
          this.log.error("collab.unload_failed", { paperId: room.paperId, error: String(error) });
        });
      }),
    );
    for (const room of this.rooms.values()) room.awareness.destroy();
    this.rooms.clear();
  }

  // --- rooms -------------------------------------------------------------------------------

  private roomFor(paperId: string): Room {
    let room = this.rooms.get(paperId);
    if (!room) {
      room = new Room(paperId, { store: this.store, limits: this.limits, log: this.log });
      this.rooms.set(paperId, room);
    }
    return room;
  }

  /** Run a task on the paper's queue; a room left with nobody and nothing loaded is dropped. */
  private enqueue<T>(room: Room, task: () => Promise<T>): Promise<T> {
    return room.queue.run(task).finally(() => this.forgetIfIdle(room));
  }

  private forgetIfIdle(room: Room) {
    if (room.sessions.size > 0 || room.document || !room.queue.idle) return;
    if (this.rooms.get(room.paperId) !== room) return;
    this.rooms.delete(room.paperId);
    room.awareness.destroy();
  }

  private scheduleUnload(room: Room) {
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      void this.unload(room);
    }, this.limits.collab.idleUnloadMs);
    room.unloadTimer.unref?.();
  }

  private unload(room: Room): Promise<void> {
    return this.enqueue(room, () => room.unload());
  }

  // --- connections -------------------------------------------------------------------------

  /** Admit a session, again if a change landed for its paper while the gate was deciding. */
  private async gate(session: Session) {
    for (;;) {
      const paperId = session.request.paperId;
      const revision = paperId ? (this.revisions.get(paperId) ?? 0) : 0;
      const result = await admit({
        store: this.store,
        authenticate: this.authenticate,
        paperId,
        token: session.request.token,
        now: Date.now(),
      });
      if (session.state === "closed") return null;
      if (!result.ok) {
        session.close(result.close.code, result.close.reason);
        return null;
      }
      if ((this.revisions.get(result.connection.paperId) ?? 0) === revision) {
        return result.connection;
      }
    }
  }

  private async join(session: Session): Promise<boolean> {
    let connection: Awaited<ReturnType<StatefulHost["gate"]>>;
    try {
      connection = await this.gate(session);
    } catch (error) {
      this.log.error("collab.gate_failed", { error: String(error) });
      session.close(closes.serverError.code, closes.serverError.reason);
      return false;
    }
    if (!connection) return false;
    if (this.closing) {
      session.close(closes.restarting.code, "server shutting down");
      return false;
    }
    const room = this.roomFor(connection.paperId);
    if (room.sessions.size >= this.limits.collab.maxConnectionsPerPaper) {
      session.close(closes.tooManyConnections.code, closes.tooManyConnections.reason);
      this.forgetIfIdle(room);
      return false;
    }
    session.connection = connection;
    session.room = room;
    room.sessions.add(session);
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    if (connection.expiresAt !== null) this.armExpiry(session, connection.expiresAt);
    try {
      return await this.enqueue(room, async () => {
        const document = await room.ensureLoaded();
        if (session.state === "closed") return false;
        session.state = "open";
        session.send(encodeSyncStep1(Y.encodeStateVector(document.doc)));
        const presence = room.presence();
        if (presence) session.send(presence);
        const pending = session.pending;
        session.pending = [];
        for (const message of pending) this.dispatch(session, message);
        return true;
      });
    } catch (error) {
      this.log.error("collab.load_failed", { paperId: connection.paperId, error: String(error) });
      session.close(closes.serverError.code, closes.serverError.reason);
      return false;
    }
  }

  private armExpiry(session: Session, expiresAt: number) {
    const delay = expiresAt - Date.now();
    session.expiryTimer = setTimeout(
      () => {
        if (Date.now() >= expiresAt) session.close(closes.expired.code, closes.expired.reason);
        else this.armExpiry(session, expiresAt);
      },
      Math.min(Math.max(delay, 0), MAX_TIMER_MS),
    );
    session.expiryTimer.unref?.();
  }

  detach(session: Session): void {
    this.sessions.delete(session);
    const room = session.room;
    if (!room) return;
    room.sessions.delete(session);
    if (session.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(room.awareness, [...session.awarenessClients], null);
    }
    if (room.sessions.size === 0) {
      if (this.closing) return;
      if (room.document) this.scheduleUnload(room);
      else this.forgetIfIdle(room);
    }
  }

  // --- frames and messages -----------------------------------------------------------------

  receive(session: Session, frame: Uint8Array | string): void {
    if (session.state === "closed") return;
    const at = Date.now();
    const refused =
      admitFrame({
        expiresAt: session.connection?.expiresAt ?? null,
        framesInWindow: session.counter.count(at, this.limits),
        at,
        limits: this.limits,
      }) ?? this.reassemble(session, frame, at);
    if (refused === null) return;
    if ("code" in refused) {
      session.close(refused.code, refused.reason);
      return;
    }
    if (session.state === "gating") session.pending.push(refused.message);
    else this.dispatch(session, refused.message);
  }

  /** The whole message a frame completes, null while a chunked message is incomplete. */
  private reassemble(
    session: Session,
    frame: Uint8Array | string,
    at: number,
  ): CloseReason | { message: Uint8Array } | null {
    const read = readFrame(frame, this.limits);
    if (read.kind === "close") return read.close;
    if (read.kind === "message") return { message: read.message };
    let message: Uint8Array | null;
    try {
      message = session.chunks.add(read.chunk, at);
    } catch (error) {
      if (error instanceof MessageTooLargeError) return closes.messageTooLarge;
      if (error instanceof MalformedFrameError) return closes.malformedFrame;
      throw error;
    }
    if (!message) return null;
    return checkReassembled(message, this.limits) ?? { message };
  }

  private dispatch(session: Session, message: Uint8Array): void {
    const room = session.room;
    const connection = session.connection;
    if (!room || !connection) return;
    const decision = decideMessage(connection, message, this.limits);
    switch (decision.kind) {
      case "close":
        session.close(decision.close.code, decision.close.reason);
        return;
      case "answerSync":
        this.enqueue(room, async () => {
          if (session.state !== "open") return;
          const document = await room.ensureLoaded();
          const answer = answerSync(document.doc, decision.stateVector);
          // The answer may hold updates still being stored: it leaves once they are durable.
          void room.durable.then(() => {
            for (const reply of answer) session.send(reply);
          });
        }).catch(this.failed(session));
        return;
      case "store":
      case "suggest":
      case "reply":
        // Decided again on the paper's queue: a role change may land before the turn comes.
        this.enqueue(room, () => this.storeUpdate(session, room, decision)).catch(
          this.failed(session),
        );
        return;
      case "awareness":
        try {
          awarenessProtocol.applyAwarenessUpdate(room.awareness, decision.update, session);
        } catch {
          session.close(closes.malformedMessage.code, "malformed awareness update");
        }
        return;
      case "queryAwareness": {
        const presence = room.presence();
        if (presence) session.send(presence);
        return;
      }
      case "ignore":
        return;
    }
  }

  private async storeUpdate(
    session: Session,
    room: Room,
    first: Extract<MessageDecision, { kind: "store" | "suggest" | "reply" }>,
  ): Promise<void> {
    if (session.state !== "open" || !session.connection) return;
    const decision = first.kind === "reply" ? first : this.recheck(session.connection, first);
    if (decision.kind === "reply") {
      for (const reply of decision.replies) session.send(reply);
      return;
    }
    if (decision.kind === "close") {
      session.close(decision.close.code, decision.close.reason);
      return;
    }
    if (decision.kind !== "store" && decision.kind !== "suggest") return;
    const document = await room.ensureLoaded();
    const { update } = decision;
    const stored = document.storedBytes;
    if (
      !fitsDocument(stored, update.length, this.limits) &&
      !fitsDocument(stored, document.growthOf(update), this.limits)
    ) {
      session.close(closes.documentTooLarge.code, closes.documentTooLarge.reason);
      return;
    }
    if (decision.kind === "suggest") {
      // Checked last, just before the document applies it (see openDocumentChecker).
      const checked = decideSuggestion(
        session.connection,
        openDocumentChecker(document.doc),
        decision,
      );
      if (checked.kind === "reply") {
        for (const reply of checked.replies) session.send(reply);
        return;
      }
    }
    await room.commit(update, session, session.connection.memberId, session);
  }

  /** A stored update decided earlier, decided again with the connection as it is now. */
  private recheck(
    connection: LiveConnection,
    decided: Extract<MessageDecision, { kind: "store" | "suggest" }>,
  ): MessageDecision {
    const access = accessOf(connection);
    if (access === "write") return { ...decided, kind: "store" };
    if (access === "suggest" && decided.kind === "suggest") return decided;
    return decideDecoded(
      connection,
      { type: "update", update: decided.update, content: updateContent(decided.update) },
      decided.broadcast,
      this.limits,
    );
  }

  private failed(session: Session) {
    return (error: unknown) => {
      if (error instanceof MalformedMessageError) {
        session.close(closes.malformedMessage.code, closes.malformedMessage.reason);
        return;
      }
      this.log.error("collab.message_failed", {
        paperId: session.connection?.paperId,
        error: String(error),
      });
      session.close(closes.serverError.code, closes.serverError.reason);
    };
  }

  // --- changes told by GraphQL ----------------------------------------------------------------

  private async applyServerUpdate(
    paperId: string,
    update: Uint8Array,
    memberId: string | null,
  ): Promise<void> {
    try {
      validateUpdate(update);
    } catch {
      throw badInput("update", "Not a Yjs update.");
    }
    const room = this.roomFor(paperId);
    const { durable } = await this.enqueue(room, async () => {
      if (room.document) return room.commit(update, null, memberId, SERVER_ORIGIN);
      await this.store.documents.append(paperId, update, {
        memberId,
        at: new Date().toISOString(),
      });
      return { durable: Promise.resolve() };
    });
    await durable;
  }

  private applyChange(paperId: string, change: LiveChange): void {
    this.revisions.set(paperId, (this.revisions.get(paperId) ?? 0) + 1);
    const room = this.rooms.get(paperId);
    if (!room) return;
    for (const session of [...this.sessions]) {
      if (session.room !== room || !session.connection) continue;
      const effect = effectOf(session.connection, change);
      if (effect.kind === "close") {
        session.close(effect.close.code, effect.close.reason);
      } else if (effect.kind === "update") {
        session.connection = effect.next;
        if (effect.regainedWrite) this.askForEverything(session, room);
      }
    }
  }

  /** Ask a client for everything it has, as on a reconnect (its refused edits, say). */
  private askForEverything(session: Session, room: Room) {
    void this.enqueue(room, async () => {
      if (session.state !== "open" || !room.document) return;
      session.send(encodeSyncStep1(Y.encodeStateVector(room.document.doc)));
    });
  }
}
