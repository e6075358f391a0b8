// The stateless host: every message is answered from storage, nothing is kept between calls.
// API Gateway WebSocket Lambdas use it: $connect → connectStateless, $default →
// receiveTextFrame + handleStatelessMessage, $disconnect → disconnectStateless.
import { DEFAULT_LIMITS, type Limits } from "@accord/domain";
import type { ConnectionRecord, Store } from "@accord/storage";
import * as Y from "yjs";
import { CloseCode, type CloseReason } from "@accord/protocol";
import {
  applyAndCapture,
  compactDocument,
  documentFromState,
  updateWouldChange,
} from "./document.ts";
import { decodeTextFrame, MalformedFrameError, MessageTooLargeError } from "@accord/protocol";
import { type Authenticate, accessFor, admit } from "./gate.ts";
import { countMessage, type Pace, paceOf, replayMessages, withinPace } from "./pacing.ts";
import {
  answerSyncStep1,
  decodeMessage,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeUpdate,
} from "@accord/protocol";

export type StatelessStore = Pick<
  Store,
  "members" | "papers" | "collaborators" | "documents" | "connections" | "chunks"
>;

/** What to do after one message: answer the sender, tell the paper's other connections, close. */
export interface StatelessResult {
  /** To the sender, in order. */
  replies: Uint8Array[];
  /** To every other live connection of the paper, in order. */
  broadcast: Uint8Array[];
  /** Close the sender's connection with this code (after sending the replies). */
  close?: CloseReason;
}

/** API Gateway drops a WebSocket connection after two hours whatever happens. */
const MAX_CONNECTION_MS = 2 * 3_600_000;

const nothing = (): StatelessResult => ({ replies: [], broadcast: [] });
const closing = (code: number, reason: string): StatelessResult => ({
  replies: [],
  broadcast: [],
  close: { code, reason },
});
const rateLimited = () => closing(CloseCode.rateLimited, "too many messages");

/** Count one message on the bucket kept on the connection record: false when it was empty. */
async function countOnRecord(
  store: Pick<Store, "connections">,
  connection: ConnectionRecord,
  pace: Pace,
  now: number,
): Promise<boolean> {
  const fullAt = await store.connections.touch(connection.connectionId, now, pace.intervalMs);
  // Gone meanwhile ($disconnect): there is no bucket left to count on.
  return fullAt === null || withinPace(fullAt, now, pace);
}

/**
 * Admit a new connection ($connect): the same gate as the local server, plus the per-paper
 * connection limit. On success the connection is registered (expiring with its token).
 */
export async function connectStateless(input: {
  store: StatelessStore;
  authenticate: Authenticate;
  connectionId: string;
  paperId: string | null;
  token: string | null;
  limits?: Limits;
  now?: number;
}): Promise<{ ok: true; connection: ConnectionRecord } | { ok: false; close: CloseReason }> {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const now = input.now ?? Date.now();
  const result = await admit({
    store: input.store,
    authenticate: input.authenticate,
    paperId: input.paperId,
    token: input.token,
    now,
  });
  if (!result.ok) return result;
  const { grant } = result;
  const nowIso = new Date(now).toISOString();
  const open = await input.store.connections.listByPaper(grant.paperId, nowIso);
  if (open.length >= limits.collab.maxConnectionsPerPaper) {
    return {
      ok: false,
      close: { code: CloseCode.rateLimited, reason: "too many connections to this paper" },
    };
  }
  const expiresAt = Math.min(grant.expiresAt ?? Number.POSITIVE_INFINITY, now + MAX_CONNECTION_MS);
  const connection: ConnectionRecord = {
    connectionId: input.connectionId,
    paperId: grant.paperId,
    // Readers without a member record (published papers) are known by their subject.
    memberId: grant.memberId ?? `subject:${grant.subject}`,
    // Non-collaborators who may read (published papers, coordinators) are recorded as VIEWER.
    role: grant.role ?? "VIEWER",
    connectedAt: nowIso,
    expiresAt: new Date(expiresAt).toISOString(),
  };
  await input.store.connections.put(connection);
  return { ok: true, connection };
}

/** Forget a connection ($disconnect). Idempotent. */
export async function disconnectStateless(input: {
  store: Pick<Store, "connections">;
  connectionId: string;
}): Promise<void> {
  await input.store.connections.remove(input.connectionId);
}

/**
 * Turn one incoming text frame into a whole message, reassembling chunks durably through the
 * ChunkStore (chunks may reach different Lambda instances). Returns null while a chunked
 * message is incomplete, or the close to apply for a bad or oversized frame.
 */
export async function receiveTextFrame(input: {
  store: Pick<Store, "chunks">;
  connectionId: string;
  text: string;
  limits?: Limits;
  now?: number;
}): Promise<{ message: Uint8Array | null } | { close: CloseReason }> {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const now = input.now ?? Date.now();
  try {
    if (input.text.length > limits.framing.maxFrameBytes) {
      throw new MessageTooLargeError("frame too large");
    }
    const frame = decodeTextFrame(input.text);
    if (frame.kind === "whole") return { message: frame.message };
    // Every chunk but the last is full, so the count alone bounds the message size.
    const bound = (frame.total - 1) * ((limits.framing.maxFrameBytes / 4) * 3 - 16);
    if (bound > limits.collab.maxMessageBytes) {
      throw new MessageTooLargeError("chunked message too large");
    }
    const whole = await input.store.chunks.put({
      connectionId: input.connectionId,
      messageId: String(frame.messageId),
      index: frame.index,
      total: frame.total,
      data: frame.data,
      expiresAt: new Date(now + limits.framing.chunkTtlMs).toISOString(),
    });
    if (whole && whole.length > limits.collab.maxMessageBytes) {
      throw new MessageTooLargeError("chunked message too large");
    }
    return { message: whole };
  } catch (error) {
    if (error instanceof MessageTooLargeError) {
      return { close: { code: CloseCode.tooLarge, reason: "message too large" } };
    }
    if (error instanceof MalformedFrameError) {
      return { close: { code: CloseCode.badRequest, reason: "malformed frame" } };
    }
    throw error;
  }
}

/**
 * Handle one whole message from a registered connection ($default). Updates are checked
 * against the role and the paper's status now, applied to the document loaded from storage
 * (so only what changes it is kept), and appended before the broadcast is returned.
 *
 * Every message counts against the connection's `maxMessagesPerSecond`, without adding a
 * request to the path of an update: an update that is stored is counted by the log, which is
 * read anyway (the author's entries in the tail are the bucket's history); any other message
 * moves the bucket kept on the connection record, with one write.
 */
export async function handleStatelessMessage(input: {
  store: StatelessStore;
  connection: ConnectionRecord;
  message: Uint8Array;
  limits?: Limits;
  now?: number;
}): Promise<StatelessResult> {
  const { store, connection } = input;
  const limits = input.limits ?? DEFAULT_LIMITS;
  const now = input.now ?? Date.now();
  if (Date.parse(connection.expiresAt) <= now) {
    return closing(CloseCode.unauthenticated, "token expired");
  }
  if (input.message.length > limits.collab.maxMessageBytes) {
    return closing(CloseCode.tooLarge, "message too large");
  }
  let message: ReturnType<typeof decodeMessage>;
  try {
    message = decodeMessage(input.message);
  } catch {
    return closing(CloseCode.badRequest, "malformed message");
  }
  if (message.type === "syncStep2" || message.type === "update") {
    return handleUpdate(store, connection, message, limits, now);
  }
  if (!(await countOnRecord(store, connection, paceOf(limits), now))) return rateLimited();
  switch (message.type) {
    case "syncStep1": {
      const state = await store.documents.load(connection.paperId);
      const { doc } = documentFromState(state);
      try {
        return {
          // The answer, then the server's own step 1 so the client sends what it has.
          replies: [
            answerSyncStep1(doc, message.stateVector),
            encodeSyncStep1(Y.encodeStateVector(doc)),
          ],
          // Others announce their presence to the newcomer.
          broadcast: [encodeQueryAwareness()],
        };
      } finally {
        doc.destroy();
      }
    }
    case "awareness":
      // Nothing to keep: pass it on, and echo it (the stock client drops a silent socket).
      return { replies: [input.message], broadcast: [input.message] };
    case "queryAwareness":
      return { replies: [], broadcast: [input.message] };
    case "permissionDenied":
      return nothing();
  }
}

async function handleUpdate(
  store: StatelessStore,
  connection: ConnectionRecord,
  message: { type: "syncStep2" | "update"; update: Uint8Array },
  limits: Limits,
  now: number,
): Promise<StatelessResult> {
  const { update } = message;
  // A sync step 2 carries everything the server lacks, which after offline work is far more
  // than one edit: only the message and document limits bound it.
  if (message.type === "update" && update.length > limits.collab.maxUpdateBytes) {
    return closing(CloseCode.tooLarge, "update too large");
  }
  const pace = paceOf(limits);
  const paper = await store.papers.get(connection.paperId);
  if (!paper) return closing(CloseCode.notFound, "no such paper");
  // Write access never comes from the platform role: a member actor is exact here.
  const access = accessFor(
    { memberId: connection.memberId, platformRole: "MEMBER" },
    connection.role,
    paper.status,
  );
  const state = await store.documents.load(connection.paperId);
  const loaded = documentFromState(state);
  try {
    if (access !== "write") {
      if (!(await countOnRecord(store, connection, pace, now))) return rateLimited();
      if (!updateWouldChange(loaded.doc, update)) return nothing();
      const reason =
        paper.status === "PUBLISHED" || paper.status === "ARCHIVED"
          ? `the paper is ${paper.status.toLowerCase()}: its text is frozen`
          : "read-only: your role on this paper cannot edit its text";
      return { replies: [encodePermissionDenied(reason)], broadcast: [] };
    }
    let effective: Uint8Array | null;
    try {
      effective = applyAndCapture(loaded.doc, update, null);
    } catch {
      return closing(CloseCode.badRequest, "the update could not be applied");
    }
    // API Gateway runs one client's messages at once on several instances: an update whose
    // predecessor is not stored yet stays pending here, and is neither captured nor in the
    // document. Keep all of it; loading applies it once the predecessor is stored.
    if (updateWouldChange(loaded.doc, update)) effective = update;
    if (!effective) {
      return (await countOnRecord(store, connection, pace, now)) ? nothing() : rateLimited();
    }
    // The author's entries in the tail are the bucket's history (the log records the member,
    // so a member's connections to the paper share it).
    const history = state.tail
      .filter((entry) => entry.memberId === connection.memberId)
      .map((entry) => Date.parse(entry.at));
    const fullAt = countMessage(replayMessages(history, pace), now, pace);
    if (!withinPace(fullAt, now, pace)) return rateLimited();
    // What is stored is what the document lacked: that is what must fit.
    if (loaded.bytes + effective.length > limits.collab.maxDocumentBytes) {
      return closing(CloseCode.tooLarge, "document too large");
    }
    const at = new Date(now).toISOString();
    const entry = await store.documents.append(connection.paperId, effective, {
      memberId: connection.memberId,
      at,
    });
    const tail = [...loaded.tail, { id: entry.id, at: entry.at, bytes: effective.length }];
    if (tail.length > limits.collab.compactAfterEntries) {
      try {
        // A lost race (null) means another instance just compacted: nothing to do.
        await compactDocument(store.documents, connection.paperId, {
          doc: loaded.doc,
          snapshotVersion: loaded.snapshotVersion,
          tail,
          now: at,
          retainMs: limits.collab.retainMergedMs,
        });
      } catch {
        // Compaction is an optimisation; the update is stored, the next one tries again.
      }
    }
    return { replies: [], broadcast: [encodeUpdate(effective)] };
  } finally {
    loaded.doc.destroy();
  }
}
