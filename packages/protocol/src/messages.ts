// The y-websocket wire protocol as small functions: one encoder per message, one strict decoder.
// Byte layouts are documented in PROTOCOL.md and frozen by test/fixtures.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/** First varuint of every message. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** Second varuint of a sync message. */
export const SyncType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/** Second varuint of an auth message (y-protocols/auth). */
export const AuthType = {
  permissionDenied: 0,
} as const;

export type CollabMessage =
  | { type: "syncStep1"; stateVector: Uint8Array }
  | { type: "syncStep2"; update: Uint8Array; content: UpdateContent }
  | { type: "update"; update: Uint8Array; content: UpdateContent }
  | { type: "awareness"; update: Uint8Array }
  | { type: "queryAwareness" }
  | { type: "permissionDenied"; reason: string };

/** What a Yjs update carries, seen by decoding it (never by applying it). */
export interface UpdateContent {
  /** Items (insertions) it carries, for all clients together. */
  structs: number;
  /** Whether it carries deletions (a delete set). */
  deletes: boolean;
}

/** A message that does not follow the protocol; the connection that sent it is closed (4400). */
export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedMessageError";
  }
}

const finish = (encoder: encoding.Encoder) => encoding.toUint8Array(encoder);

/** A sync message: its sub-type and one length-prefixed payload. */
function encodeSync(
  type: (typeof SyncType)[keyof typeof SyncType],
  payload: Uint8Array,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return finish(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncType.step1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.step2, update);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.update, update);
}

export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return finish(encoder);
}

export function encodeQueryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.queryAwareness);
  return finish(encoder);
}

/** The protocol's refusal of a document update (y-protocols/auth `writePermissionDenied`). */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AuthType.permissionDenied);
  encoding.writeVarString(encoder, reason);
  return finish(encoder);
}

/** Sync step 2 answering a peer's sync step 1: what `doc` has that the peer lacks. */
export function answerSyncStep1(doc: Y.Doc, peerStateVector: Uint8Array): Uint8Array {
  return encodeSyncStep2(Y.encodeStateAsUpdate(doc, peerStateVector));
}

/**
 * Decode one message, strictly: every length must fit, nothing may trail, and the Yjs update,
 * state vector or awareness entries inside must themselves decode. Throws MalformedMessageError.
 */
export function decodeMessage(message: Uint8Array): CollabMessage {
  const decoder = decoding.createDecoder(message);
  const decoded = guard(() => readMessage(decoder));
  if (decoder.pos !== message.length) {
    throw new MalformedMessageError(`${message.length - decoder.pos} unexpected trailing bytes`);
  }
  return decoded;
}

function readMessage(decoder: decoding.Decoder): CollabMessage {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync: {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SyncType.step1) {
        validateStateVector(payload);
        return { type: "syncStep1", stateVector: payload };
      }
      if (syncType === SyncType.step2 || syncType === SyncType.update) {
        const content = updateContent(payload);
        const type = syncType === SyncType.step2 ? "syncStep2" : "update";
        return { type, update: payload, content };
      }
      throw new MalformedMessageError(`unknown sync message type ${syncType}`);
    }
    case MessageType.awareness: {
      const update = decoding.readVarUint8Array(decoder);
      validateAwarenessUpdate(update);
      return { type: "awareness", update };
    }
    case MessageType.auth: {
      const authType = decoding.readVarUint(decoder);
      if (authType !== AuthType.permissionDenied) {
        throw new MalformedMessageError(`unknown auth message type ${authType}`);
      }
      return { type: "permissionDenied", reason: decoding.readVarString(decoder) };
    }
    case MessageType.queryAwareness:
      return { type: "queryAwareness" };
    default:
      throw new MalformedMessageError(`unknown message type ${type}`);
  }
}

function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(error instanceof Error ? error.message : String(error));
  }
}

/** Throws MalformedMessageError unless `update` is a decodable Yjs (v1) update. */
export function validateUpdate(update: Uint8Array): void {
  updateContent(update);
}

/**
 * What a Yjs (v1) update carries; throws MalformedMessageError unless it decodes. Decodes, never
 * applies: no document is needed.
 */
export function updateContent(update: Uint8Array): UpdateContent {
  const { structs, ds } = guard(() => Y.decodeUpdate(update));
  return { structs: structs.length, deletes: ds.clients.size > 0 };
}

function validateStateVector(stateVector: Uint8Array): void {
  const decoder = decoding.createDecoder(stateVector);
  guard(() => {
    const clients = decoding.readVarUint(decoder);
    for (let i = 0; i < clients; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
    }
  });
  if (decoder.pos !== stateVector.length) {
    throw new MalformedMessageError("trailing bytes in state vector");
  }
}

function validateAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  guard(() => {
    const entries = decoding.readVarUint(decoder);
    for (let i = 0; i < entries; i++) {
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      JSON.parse(decoding.readVarString(decoder));
    }
  });
  if (decoder.pos !== update.length) {
    throw new MalformedMessageError("trailing bytes in awareness update");
  }
}
