// A minimal y-websocket client for the benchmark, the same code against every server: a Y.Doc,
// sync, updates, awareness. Hocuspocus frames every message with the document name and wants
// an auth message first; `envelope: "hocuspocus"` does that, nothing else differs.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

export type Envelope = "plain" | "hocuspocus";

const SYNC = 0;
const AWARENESS = 1;
const HOCUSPOCUS_SYNC_REPLY = 4;

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private ws: WebSocket | null = null;
  private syncedResolve: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly documentName: string,
    private readonly envelope: Envelope,
  ) {
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      this.send(SYNC, (encoder) => syncProtocol.writeUpdate(encoder, update));
    });
    this.awareness.on(
      "update",
      ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
        if (origin === this) return;
        const changed = [...added, ...updated];
        this.send(AWARENESS, (encoder) =>
          encoding.writeVarUint8Array(
            encoder,
            awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
          ),
        );
      },
    );
  }

  /** Connect; resolves once the server's answer to our sync step 1 arrived. */
  connect(): Promise<void> {
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    ws.binaryType = "nodebuffer";
    this.ws = ws;
    const synced = new Promise<void>((resolve, reject) => {
      this.syncedResolve = resolve;
      ws.once("error", reject);
      ws.once("close", (code) => reject(new Error(`closed ${code} before sync`)));
    });
    ws.on("message", (data: Buffer) => this.receive(new Uint8Array(data)));
    ws.once("open", () => {
      if (this.envelope === "hocuspocus") {
        const encoder = encoding.createEncoder();
        encoding.writeVarString(encoder, this.documentName);
        encoding.writeVarUint(encoder, 2); // auth
        encoding.writeVarUint(encoder, 0); // token
        encoding.writeVarString(encoder, "");
        ws.send(encoding.toUint8Array(encoder));
      }
      this.send(SYNC, (encoder) => syncProtocol.writeSyncStep1(encoder, this.doc));
    });
    return synced;
  }

  private send(type: number, write: (encoder: encoding.Encoder) => void) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    if (this.envelope === "hocuspocus") encoding.writeVarString(encoder, this.documentName);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    ws.send(encoding.toUint8Array(encoder));
  }

  private receive(message: Uint8Array) {
    const decoder = decoding.createDecoder(message);
    if (this.envelope === "hocuspocus") decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC || type === HOCUSPOCUS_SYNC_REPLY) {
      const reply = encoding.createEncoder();
      const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 0) {
        const payload = encoding.toUint8Array(reply);
        this.send(SYNC, (encoder) => encoding.writeUint8Array(encoder, payload));
      }
      if (syncType === syncProtocol.messageYjsSyncStep2) {
        this.syncedResolve?.();
        this.syncedResolve = null;
      }
    } else if (type === AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        decoding.readVarUint8Array(decoder),
        this,
      );
    }
    // Auth answers, Hocuspocus sync statuses: nothing to do.
  }

  close() {
    this.awareness.destroy();
    this.ws?.close();
    this.doc.destroy();
  }
}
