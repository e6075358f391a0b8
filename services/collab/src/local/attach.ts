// The local live-editing endpoint: `ws` on an existing HTTP server (so GraphQL can share the
// port), speaking binary frames and the same base64 text framing as API Gateway.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import {
  type Authenticate,
  type CollabHost,
  type CollabLogger,
  type ConnectionRequest,
  createCollabHost,
  type HostStore,
  type LiveNotifier,
  silentLogger,
  type WebSocketLike,
} from "@accord/collab";
import { DEFAULT_LIMITS, type Limits } from "@accord/domain";
import {
  CloseCode,
  encodeTextFrames,
  TOKEN_SUBPROTOCOL,
  tokenFromSubprotocols,
} from "@accord/protocol";
import { type RawData, type WebSocket, WebSocketServer } from "ws";

export interface LocalCollabOptions {
  server: Server;
  /**
   * Where clients connect: `<path>?doc=<paperId>` or `<path>/<paperId>`, with the token offered
   * as subprotocols (`accord.token, <jwt>`) or in the query (`&token=..`).
   */
  path?: string;
  store: HostStore;
  authenticate: Authenticate;
  limits?: Limits;
  logger?: CollabLogger;
  /** How often idle sockets are pinged; one missed pong drops them. */
  heartbeatMs?: number;
}

export interface LocalCollab {
  notifier: LiveNotifier;
  /** The host underneath, for stats. */
  host: CollabHost;
  close(): Promise<void>;
}

/** Read the paper id and token from either URL form the stock client may use. */
export function parseCollabUrl(rawUrl: string, path: string): ConnectionRequest | null {
  let url: URL;
  try {
    url = new URL(rawUrl, "http://localhost");
  } catch {
    return null;
  }
  const token = url.searchParams.get("token");
  if (url.pathname === path || url.pathname === `${path}/`) {
    return { paperId: url.searchParams.get("doc"), token };
  }
  if (!url.pathname.startsWith(`${path}/`)) return null;
  const rest = url.pathname.slice(path.length + 1);
  if (rest.includes("/")) return null;
  let paperId: string;
  try {
    paperId = decodeURIComponent(rest);
  } catch {
    return { paperId: null, token };
  }
  return { paperId: paperId || url.searchParams.get("doc"), token };
}

/** One client's `ws` socket as the host sees it: binary frames, or text once the client sends text. */
class LocalSocket implements WebSocketLike {
  /** Answer in the framing the client speaks (the API Gateway transport sends text). */
  textMode = false;
  closedByServer = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxFrameBytes: number,
    /** A client this far behind is dropped rather than buffered for without end. */
    private readonly maxBuffered: number,
  ) {}

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBuffered) {
      this.close(CloseCode.rateLimited, "client too slow");
      return;
    }
    if (this.textMode) {
      for (const frame of encodeTextFrames(message, this.maxFrameBytes)) this.ws.send(frame);
    } else {
      this.ws.send(message, { binary: true });
    }
  }

  close(code: number, reason: string): void {
    this.closedByServer = true;
    const { readyState } = this.ws;
    if (readyState === this.ws.OPEN || readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }
}

/** What accepting a client needs: the host, the limits, the heartbeat's marks. */
interface Endpoint {
  host: CollabHost;
  limits: Limits;
  log: CollabLogger;
  /** Sockets that answered the last ping (or connected since). */
  alive: WeakMap<WebSocket, boolean>;
  maxBuffered: number;
}

function acceptClient(endpoint: Endpoint, ws: WebSocket, request: ConnectionRequest): void {
  const { alive, log } = endpoint;
  alive.set(ws, true);
  const socket = new LocalSocket(ws, endpoint.limits.framing.maxFrameBytes, endpoint.maxBuffered);
  const connection = endpoint.host.open(socket, request);
  ws.on("message", (data: RawData, isBinary: boolean) => {
    if (socket.closedByServer) return;
    const bytes = toBytes(data);
    if (isBinary) {
      connection.receive(bytes);
      return;
    }
    socket.textMode = true;
    connection.receive(Buffer.from(bytes).toString("latin1"));
  });
  ws.on("pong", () => alive.set(ws, true));
  ws.on("error", (error) => log.warn("collab.socket_error", { error: String(error) }));
  ws.on("close", () => connection.closed());
}

function webSocketServer(limits: Limits): WebSocketServer {
  // Room for a whole message sent as one base64 text frame; anything larger ws closes (1009).
  const maxPayload = Math.ceil(limits.collab.maxMessageBytes / 3) * 4 + 1024;
  return new WebSocketServer({
    noServer: true,
    maxPayload,
    perMessageDeflate: false,
    // Select only the marker: the token that follows it in the offer is never echoed back.
    handleProtocols: (protocols) => (protocols.has(TOKEN_SUBPROTOCOL) ? TOKEN_SUBPROTOCOL : false),
  });
}

/** Pings every socket; one that did not answer the previous ping is dropped. */
function startHeartbeat(
  wss: WebSocketServer,
  alive: WeakMap<WebSocket, boolean>,
  everyMs: number,
): NodeJS.Timeout {
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, everyMs);
  heartbeat.unref();
  return heartbeat;
}

export function attachLocalCollab(options: LocalCollabOptions): LocalCollab {
  const path = options.path ?? "/collab";
  const limits = options.limits ?? DEFAULT_LIMITS;
  const log = options.logger ?? silentLogger;
  const host = createCollabHost({
    store: options.store,
    authenticate: options.authenticate,
    limits,
    logger: log,
  });
  const endpoint: Endpoint = {
    host,
    limits,
    log,
    alive: new WeakMap(),
    maxBuffered: Math.max(16 * 1_048_576, 2 * limits.collab.maxDocumentBytes),
  };
  const wss = webSocketServer(limits);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const fromUrl = parseCollabUrl(request.url ?? "", path);
    if (!fromUrl) return; // not ours: another upgrade listener may take it
    // A token offered as a subprotocol wins over one in the URL, which may be stale.
    const offered = tokenFromSubprotocols(request.headers["sec-websocket-protocol"]);
    const target = { ...fromUrl, token: offered.token ?? fromUrl.token };
    socket.on("error", () => {});
    wss.handleUpgrade(request, socket, head, (ws) => acceptClient(endpoint, ws, target));
  };
  options.server.on("upgrade", onUpgrade);
  const heartbeat = startHeartbeat(wss, endpoint.alive, options.heartbeatMs ?? 30_000);

  return {
    notifier: host.notifier,
    host,
    async close() {
      options.server.off("upgrade", onUpgrade);
      clearInterval(heartbeat);
      await host.close();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
