// The per-message decisions of live editing: one whole message + the connection's state → what
// the host must do. Pure: no storage, no sockets, no document (only sync step 1 and a
// suggester's update need the document: the host answers the first with `answerSync` and
// decides the second with `decideSuggestion`). Both hosts call these functions.
import { DEFAULT_LIMITS, type Limits } from "@accord/domain";
import {
  answerSyncStep1,
  type CloseReason,
  type CollabMessage,
  decodeMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeUpdate,
} from "@accord/protocol";
import * as Y from "yjs";
import { accessOf, type LiveConnection, readOnlyReason, suggestOnlyReason } from "./connection.ts";
import { closes } from "./frames.ts";
import type { SuggestionChecker } from "./suggestions.ts";

export type MessageDecision =
  /** Close the sender's connection. */
  | { kind: "close"; close: CloseReason }
  /** Answer a sync step 1 from the document (`answerSync`). */
  | { kind: "answerSync"; stateVector: Uint8Array }
  /**
   * Store the update (durable, within the document limit), then send `broadcast` to every other
   * connection of the paper.
   */
  | { kind: "store"; update: Uint8Array; broadcast: Uint8Array }
  /**
   * A suggester's update: load the document and decide with `decideSuggestion` (store it as
   * above, or refuse it). Only these updates load the document on the stateless host.
   */
  | { kind: "suggest"; update: Uint8Array; broadcast: Uint8Array }
  /** Send these to the sender; nothing is stored or broadcast. */
  | { kind: "reply"; replies: Uint8Array[] }
  /** Presence: relay to every connection of the paper, the sender included. */
  | { kind: "awareness"; update: Uint8Array; message: Uint8Array }
  /** The sender asks for everyone's presence. */
  | { kind: "queryAwareness"; message: Uint8Array }
  | { kind: "ignore" };

const ignore: MessageDecision = { kind: "ignore" };

export function decideMessage(
  connection: LiveConnection,
  bytes: Uint8Array,
  limits: Limits = DEFAULT_LIMITS,
): MessageDecision {
  let message: CollabMessage;
  try {
    message = decodeMessage(bytes);
  } catch {
    return { kind: "close", close: closes.malformedMessage };
  }
  return decideDecoded(connection, message, bytes, limits);
}

/** `decideMessage` for a message already decoded (a host deciding again later). */
export function decideDecoded(
  connection: LiveConnection,
  message: CollabMessage,
  bytes: Uint8Array,
  limits: Limits = DEFAULT_LIMITS,
): MessageDecision {
  switch (message.type) {
    case "syncStep1":
      return { kind: "answerSync", stateVector: message.stateVector };
    case "syncStep2":
    case "update":
      return decideUpdate(connection, message, limits);
    case "awareness":
      return { kind: "awareness", update: message.update, message: bytes };
    case "queryAwareness":
      return { kind: "queryAwareness", message: bytes };
    case "permissionDenied":
      // Clients have nothing to refuse the server: harmless, ignored.
      return ignore;
  }
}

function decideUpdate(
  connection: LiveConnection,
  message: Extract<CollabMessage, { type: "syncStep2" | "update" }>,
  limits: Limits,
): MessageDecision {
  const { update, content } = message;
  // A sync step 2 carries everything the server lacks, which after offline work is far more
  // than one edit: only the message and document limits bound it.
  if (message.type === "update" && update.length > limits.collab.maxUpdateBytes) {
    return { kind: "close", close: closes.updateTooLarge };
  }
  const access = accessOf(connection);
  if (access === null) return { kind: "close", close: closes.revoked };
  if (access === "read") {
    // A reader's answer to the server's sync step 1 carries every deletion it knows of, which
    // the server has: only insertions are taken for an attempt to write.
    if (content.structs === 0) return ignore;
    return { kind: "reply", replies: [encodePermissionDenied(readOnlyReason(connection))] };
  }
  // A client with nothing new answers the server's sync step 1 with an empty update.
  if (content.structs === 0 && !content.deletes) return ignore;
  if (access === "suggest") return { kind: "suggest", update, broadcast: encodeUpdate(update) };
  return { kind: "store", update, broadcast: encodeUpdate(update) };
}

/**
 * A suggester's update, decided against the paper's document: stored when it only adds or
 * withdraws the sender's own suggestions (`checkSuggestion`), otherwise refused with
 * permission-denied. `against` checks it against the document as stored: one loaded for this
 * message (`loadedDocumentChecker`) or the open one (`openDocumentChecker`).
 */
export function decideSuggestion(
  connection: LiveConnection,
  against: SuggestionChecker,
  decided: Extract<MessageDecision, { kind: "suggest" }>,
): MessageDecision {
  const check = against.check(decided.update, connection.memberId);
  if (check.ok) return { kind: "store", update: decided.update, broadcast: decided.broadcast };
  return { kind: "reply", replies: [encodePermissionDenied(suggestOnlyReason(check.reason))] };
}

/**
 * The answer to a sync step 1: what the document has that the sender lacks, then the server's
 * own step 1 so the sender sends back what the server lacks.
 */
export function answerSync(doc: Y.Doc, stateVector: Uint8Array): Uint8Array[] {
  return [answerSyncStep1(doc, stateVector), encodeSyncStep1(Y.encodeStateVector(doc))];
}

/** Does storing `adding` more bytes keep the document within its limit? */
export function fitsDocument(storedBytes: number, adding: number, limits: Limits): boolean {
  return storedBytes + adding <= limits.collab.maxDocumentBytes;
}
