// The seams of the stateful host: the socket it writes to, the connection it hands back, the
// logger it reports to.
import type { Logger } from "@accord/logging";
import type { Store } from "@accord/storage";

/** The little the host needs of a websocket. Binary out; the adapter frames it for its wire. */
export interface WebSocketLike {
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** The services' logger, of which the engine uses the levels it reports at. */
export type CollabLogger = Pick<Logger, "info" | "warn" | "error">;

export { silentLogger } from "@accord/logging";

/** Without `attribution` and `activity`, compaction records no authorship or editing sessions. */
export type HostStore = Pick<Store, "members" | "papers" | "collaborators" | "documents"> &
  Partial<Pick<Store, "attribution" | "activity">>;

/** Where a client asked to connect: both travel in the query string (or the path). */
export interface ConnectionRequest {
  paperId: string | null;
  token: string | null;
}

export interface HostConnection {
  /** One incoming frame: binary (a whole message) or text (base64 framing, maybe a chunk). */
  receive(frame: Uint8Array | string): void;
  /** The transport closed (the client left or the network dropped). */
  closed(): void;
  /** True once admitted and synced, false when refused or closed before that. */
  readonly ready: Promise<boolean>;
}
