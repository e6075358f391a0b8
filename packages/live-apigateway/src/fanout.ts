// Delivering messages to API Gateway connections: one protocol message becomes text frames
// (chunked at the frame limit), posted to one connection or to every connection of a paper.
// Connections that answer Gone are forgotten; a close is announced, then DeleteConnection. The
// management API retries throttled and timed-out calls (retry.ts); a connection a message still
// could not reach is dropped, so that its reconnection's sync brings what it missed.
import { type CloseReason, encodeCloseAnnouncement, encodeTextFrames } from "@accord/protocol";
import type { ConnectionRecord, ConnectionStore } from "@accord/storage";
import type { ManagementApi } from "./management.ts";

export interface Delivery {
  connections: Pick<ConnectionStore, "listByPaper" | "remove">;
  management: ManagementApi;
  /** Largest text frame (API Gateway: 32 KB). */
  maxFrameBytes: number;
  now: () => number;
  /**
   * A connection registered by $connect answers Gone until $connect has returned and API
   * Gateway opened it; such young records are not removed on Gone.
   */
  connectGraceMs?: number;
  /** Posts in flight at once during a fan-out. */
  concurrency?: number;
}

/** Longer than API Gateway's 29 s integration timeout, so $connect has surely finished. */
export const DEFAULT_CONNECT_GRACE_MS = 30_000;

export interface FanOutResult {
  /** Connections the message reached. */
  sent: string[];
  /** Connections that answered Gone (and were forgotten when old enough). */
  gone: string[];
  /**
   * Connections the message could not be posted to for another reason (after the management
   * API's retries). They are dropped (dropConnection) so that their reconnection's sync brings
   * what they missed.
   */
  failed: { connectionId: string; error: unknown }[];
  /** PostToConnection calls made. */
  posts: number;
}

/** Post pre-encoded frames to one connection, in order; stops at the first Gone. */
async function postFrames(
  management: ManagementApi,
  connectionId: string,
  frames: readonly string[],
): Promise<{ outcome: "sent" | "gone"; posts: number }> {
  let posts = 0;
  for (const frame of frames) {
    posts++;
    if ((await management.post(connectionId, frame)) === "gone") return { outcome: "gone", posts };
  }
  return { outcome: "sent", posts };
}

async function forgetIfStale(
  delivery: Delivery,
  connection: Pick<ConnectionRecord, "connectionId" | "connectedAt"> | null,
  connectionId: string,
) {
  const grace = delivery.connectGraceMs ?? DEFAULT_CONNECT_GRACE_MS;
  const young = connection !== null && delivery.now() - Date.parse(connection.connectedAt) < grace;
  if (!young) await delivery.connections.remove(connectionId);
}

/**
 * End a connection that missed a message: DeleteConnection, so that the client reconnects and
 * its sync brings what it missed; and its record goes at once, so that no later message reaches
 * it on top of the gap (Yjs would only hold it back) and, should the close fail too (throttled
 * past the retries), the client's next frame finds no record and closes it then (core's
 * unknown connection). Never throws: the fan-out goes on for the others.
 */
export async function dropConnection(delivery: Delivery, connectionId: string): Promise<void> {
  await delivery.management.delete(connectionId).catch(() => {});
  await delivery.connections.remove(connectionId).catch(() => {});
}

/** Send one protocol message to one connection. */
export async function sendTo(
  delivery: Delivery,
  connection: Pick<ConnectionRecord, "connectionId" | "connectedAt">,
  message: Uint8Array,
): Promise<FanOutResult> {
  const frames = encodeTextFrames(message, delivery.maxFrameBytes);
  const { outcome, posts } = await postFrames(delivery.management, connection.connectionId, frames);
  if (outcome === "gone") {
    await forgetIfStale(delivery, connection, connection.connectionId);
    return { sent: [], gone: [connection.connectionId], failed: [], posts };
  }
  return { sent: [connection.connectionId], gone: [], failed: [], posts };
}

/**
 * Send one protocol message to `recipients` (default: every live connection of the paper), the
 * frames encoded once. Connections answering Gone are removed unless they are still connecting.
 */
export async function fanOut(
  delivery: Delivery,
  paperId: string,
  message: Uint8Array,
  recipients?: readonly ConnectionRecord[],
): Promise<FanOutResult> {
  const targets =
    recipients ??
    (await delivery.connections.listByPaper(paperId, new Date(delivery.now()).toISOString()));
  const frames = encodeTextFrames(message, delivery.maxFrameBytes);
  const result: FanOutResult = { sent: [], gone: [], failed: [], posts: 0 };
  const queue = [...targets];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const target = next;
      try {
        const { outcome, posts } = await postFrames(
          delivery.management,
          target.connectionId,
          frames,
        );
        result.posts += posts;
        if (outcome === "gone") {
          result.gone.push(target.connectionId);
          await forgetIfStale(delivery, target, target.connectionId);
        } else {
          result.sent.push(target.connectionId);
        }
      } catch (error) {
        // One recipient's failure must not cost the others the message.
        result.failed.push({ connectionId: target.connectionId, error });
        await dropConnection(delivery, target.connectionId);
      }
    }
  };
  const workers = Math.max(1, Math.min(delivery.concurrency ?? 16, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}

/**
 * End a connection the way API Gateway allows: optionally a protocol message (e.g. the
 * permission-denied auth message), then the close announcement, then DeleteConnection, and the
 * record goes at once (API Gateway's $disconnect would remove it too, later).
 */
export async function closeConnection(
  delivery: Delivery,
  connectionId: string,
  close: CloseReason,
  before?: Uint8Array,
): Promise<void> {
  try {
    if (before) {
      for (const frame of encodeTextFrames(before, delivery.maxFrameBytes)) {
        if ((await delivery.management.post(connectionId, frame)) === "gone") break;
      }
    }
    await delivery.management.post(connectionId, encodeCloseAnnouncement(close));
    await delivery.management.delete(connectionId);
  } finally {
    await delivery.connections.remove(connectionId);
  }
}
