// One live connection on the stateful host: its socket, what the gate admitted it as, and the
// per-connection state the engine's decisions need (frame counter, chunks being reassembled).
import type { Limits } from "@accord/domain";
import { ChunkAssembler } from "@accord/protocol";
import type { LiveConnection } from "../connection.ts";
import { closes } from "../frames.ts";
import { FrameCounter } from "../rate.ts";
import type { Room, RoomMember } from "./room.ts";
import type { ConnectionRequest, HostConnection, WebSocketLike } from "./types.ts";

/** What a session asks of its host. */
export interface SessionHost {
  receive(session: Session, frame: Uint8Array | string): void;
  detach(session: Session): void;
}

export class Session implements HostConnection, RoomMember {
  state: "gating" | "open" | "closed" = "gating";
  connection: LiveConnection | null = null;
  room: Room | null = null;
  /** Whole messages that arrived while the gate was deciding. */
  pending: Uint8Array[] = [];
  readonly awarenessClients = new Set<number>();
  readonly counter = new FrameCounter();
  readonly chunks: ChunkAssembler;
  expiryTimer: ReturnType<typeof setTimeout> | null = null;
  ready: Promise<boolean> = Promise.resolve(false);
  private detached = false;

  constructor(
    readonly socket: WebSocketLike,
    readonly request: ConnectionRequest,
    private readonly host: SessionHost,
    limits: Limits,
  ) {
    this.chunks = new ChunkAssembler({
      maxMessageBytes: limits.collab.maxMessageBytes,
      chunkTtlMs: limits.framing.chunkTtlMs,
    });
  }

  get open(): boolean {
    return this.state === "open";
  }

  receive(frame: Uint8Array | string): void {
    this.host.receive(this, frame);
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
      this.close(closes.serverError.code, "send failed");
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
