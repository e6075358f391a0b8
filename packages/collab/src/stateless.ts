// The serverless host: every frame is handled from storage and nothing is kept between calls.
// API Gateway WebSocket Lambdas use it: $connect → connectStateless, $default → receiveStateless,
// $disconnect → disconnectStateless. A keystroke never loads the document: the update is decoded
// (not applied), checked against the connection record, appended within the document limit kept
// by storage, and fanned out. Only a sync step 1 and a suggester's (COMMENTER's) update, which is
// checked against the text it changes, load the document.
import { DEFAULT_LIMITS, isDomainError, type Limits } from "@accord/domain";
import { type CloseReason, encodeQueryAwareness } from "@accord/protocol";
import type { ConnectionRecord, Store } from "@accord/storage";
import { accessOf, type LiveConnection } from "./connection.ts";
import { answerSync, decideMessage, decideSuggestion, type MessageDecision } from "./decide.ts";
import { documentFromState } from "./document.ts";
import { admitFrame, checkReassembled, closes, readFrame } from "./frames.ts";
import { type Authenticate, admit, reread } from "./gate.ts";
import { rateWindowOf } from "./rate.ts";
import { loadedDocumentChecker } from "./suggestions.ts";

export type StatelessStore = Pick<
  Store,
  "members" | "papers" | "collaborators" | "documents" | "connections" | "chunks"
>;

/** What to do after one frame: answer the sender, tell the paper's other connections, close. */
export interface StatelessResult {
  /** The sender's record, when it is registered (null: unknown connection, drop it). */
  connection: ConnectionRecord | null;
  /** To the sender, in order. */
  replies: Uint8Array[];
  /** To every other live connection of the paper, in order. */
  broadcast: Uint8Array[];
  /** Close the sender's connection with this code (after sending the replies). */
  close?: CloseReason;
}

/** API Gateway drops a WebSocket connection after two hours whatever happens. */
const MAX_CONNECTION_MS = 2 * 3_600_000;

export function liveConnectionOf(record: ConnectionRecord): LiveConnection {
  return {
    paperId: record.paperId,
    memberId: record.memberId,
    platformRole: record.platformRole,
    role: record.role,
    paperStatus: record.paperStatus,
    expiresAt: Date.parse(record.expiresAt),
  };
}

/**
 * Admit a new connection ($connect): the gate, the per-paper connection limit, then the record
 * (expiring with its token). The role and status are read again once the record is registered,
 * so a change that landed meanwhile, which found no record to update, is not missed.
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
  const { store } = input;
  const limits = input.limits ?? DEFAULT_LIMITS;
  const now = input.now ?? Date.now();
  const result = await admit({ ...input, now });
  if (!result.ok) return result;
  const admitted = result.connection;
  const nowIso = new Date(now).toISOString();
  const open = await store.connections.listByPaper(admitted.paperId, nowIso);
  if (open.length >= limits.collab.maxConnectionsPerPaper) {
    return { ok: false, close: closes.tooManyConnections };
  }
  const expiresAt = Math.min(
    admitted.expiresAt ?? Number.POSITIVE_INFINITY,
    now + MAX_CONNECTION_MS,
  );
  const record: ConnectionRecord = {
    connectionId: input.connectionId,
    paperId: admitted.paperId,
    memberId: admitted.memberId,
    platformRole: admitted.platformRole,
    role: admitted.role,
    paperStatus: admitted.paperStatus,
    connectedAt: nowIso,
    expiresAt: new Date(expiresAt).toISOString(),
  };
  await store.connections.put(record);
  const current = await reread(store, admitted);
  if (!current || current.role !== record.role || current.paperStatus !== record.paperStatus) {
    const { ok, connection } = await settleChanged(store, record, current);
    if (!ok) return { ok: false, close: closes.revoked };
    return { ok: true, connection };
  }
  return { ok: true, connection: record };
}

/** The record of a connection whose role or status changed while it was admitted. */
async function settleChanged(
  store: Pick<Store, "connections">,
  record: ConnectionRecord,
  current: LiveConnection | null,
): Promise<{ ok: false; connection?: never } | { ok: true; connection: ConnectionRecord }> {
  if (!current || accessOf(current) === null) {
    await store.connections.remove(record.connectionId);
    return { ok: false };
  }
  if (current.role !== record.role) {
    await store.connections.setRoleForMember(record.paperId, record.memberId, current.role);
  }
  if (current.paperStatus !== record.paperStatus) {
    await store.connections.setStatusForPaper(record.paperId, current.paperStatus);
  }
  return {
    ok: true,
    connection: { ...record, role: current.role, paperStatus: current.paperStatus },
  };
}

/** Forget a connection ($disconnect). Idempotent. */
export async function disconnectStateless(input: {
  store: Pick<Store, "connections">;
  connectionId: string;
}): Promise<void> {
  await input.store.connections.remove(input.connectionId);
}

const nothing = (connection: ConnectionRecord | null): StatelessResult => ({
  connection,
  replies: [],
  broadcast: [],
});

/**
 * One incoming frame ($default), which arrived at `arrivedAt` (API Gateway's request time, so
 * a backlog on the server's side never counts against the client): counted on the connection
 * record in the same request that reads it, then read, reassembled when chunked, and decided.
 */
export async function receiveStateless(input: {
  store: StatelessStore;
  connectionId: string;
  frame: string;
  arrivedAt: number;
  limits?: Limits;
}): Promise<StatelessResult> {
  const { store, connectionId, arrivedAt } = input;
  const limits = input.limits ?? DEFAULT_LIMITS;
  const arrival = await store.connections.arrive(connectionId, rateWindowOf(arrivedAt, limits));
  if (!arrival) return nothing(null);
  const record = arrival.connection;
  const connection = liveConnectionOf(record);
  const closing = (close: CloseReason): StatelessResult => ({ ...nothing(record), close });
  const refused = admitFrame({
    expiresAt: connection.expiresAt,
    framesInWindow: arrival.framesInWindow,
    at: arrivedAt,
    limits,
  });
  if (refused) return closing(refused);
  const frame = readFrame(input.frame, limits);
  if (frame.kind === "close") return closing(frame.close);
  let message: Uint8Array | null;
  if (frame.kind === "chunk") {
    const { chunk } = frame;
    message = await store.chunks.put({
      connectionId,
      messageId: String(chunk.messageId),
      index: chunk.index,
      total: chunk.total,
      data: chunk.data,
      expiresAt: new Date(arrivedAt + limits.framing.chunkTtlMs).toISOString(),
    });
    if (!message) return nothing(record);
    const tooLarge = checkReassembled(message, limits);
    if (tooLarge) return closing(tooLarge);
  } else {
    message = frame.message;
  }
  return handleMessage(store, record, connection, message, arrivedAt, limits);
}

async function handleMessage(
  store: StatelessStore,
  record: ConnectionRecord,
  connection: LiveConnection,
  message: Uint8Array,
  arrivedAt: number,
  limits: Limits,
): Promise<StatelessResult> {
  let decision = decideMessage(connection, message, limits);
  if (decision.kind === "suggest") {
    decision = await checkAgainstDocument(store, connection, decision);
  }
  switch (decision.kind) {
    case "close":
      return { ...nothing(record), close: decision.close };
    case "answerSync": {
      const { doc } = documentFromState(await store.documents.load(record.paperId));
      try {
        // Others announce their presence to the newcomer.
        return {
          connection: record,
          replies: answerSync(doc, decision.stateVector),
          broadcast: [encodeQueryAwareness()],
        };
      } finally {
        doc.destroy();
      }
    }
    case "store":
      return appendUpdate(store, record, decision, arrivedAt, limits);
    case "suggest":
      // Decided against the document above; never left undecided.
      throw new Error("a suggestion was not checked against the document");
    case "reply":
      return { connection: record, replies: decision.replies, broadcast: [] };
    case "awareness":
      // Nothing to keep: pass it on, and echo it (the stock client drops a silent socket).
      return { connection: record, replies: [decision.message], broadcast: [decision.message] };
    case "queryAwareness":
      return { connection: record, replies: [], broadcast: [decision.message] };
    case "ignore":
      return nothing(record);
  }
}

/** A suggester's update, decided against the document as stored (loaded for it alone). */
async function checkAgainstDocument(
  store: StatelessStore,
  connection: LiveConnection,
  decided: Extract<MessageDecision, { kind: "suggest" }>,
): Promise<MessageDecision> {
  const { doc } = documentFromState(await store.documents.load(connection.paperId));
  try {
    return decideSuggestion(connection, loadedDocumentChecker(doc), decided);
  } finally {
    doc.destroy();
  }
}

/** Append a decided update within the document limit, then pass it to the paper's others. */
async function appendUpdate(
  store: StatelessStore,
  record: ConnectionRecord,
  decision: Extract<MessageDecision, { kind: "store" }>,
  arrivedAt: number,
  limits: Limits,
): Promise<StatelessResult> {
  try {
    await store.documents.append(
      record.paperId,
      decision.update,
      { memberId: record.memberId, at: new Date(arrivedAt).toISOString() },
      { maxBytes: limits.collab.maxDocumentBytes },
    );
  } catch (error) {
    if (isDomainError(error) && error.code === "PAYLOAD_TOO_LARGE") {
      return { ...nothing(record), close: closes.documentTooLarge };
    }
    // Appends to one paper contend for its log head; past the adapter's retries the client
    // is asked to come back (its update returns with its next sync), not refused for good.
    if (isDomainError(error) && error.code === "CONFLICT") {
      return { ...nothing(record), close: closes.busy };
    }
    throw error;
  }
  return { connection: record, replies: [], broadcast: [decision.broadcast] };
}
