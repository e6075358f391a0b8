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
  // Room for a whole message sent as one base64 text frame; anything larger ws closes (1009).
  const maxPayload = Math.ceil(limits.collab.maxMessageBytes / 3) * 4 + 1024;
  const maxBuffered = Math.max(16 * 1_048_576, 2 * limits.collab.maxDocumentBytes);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload,
    perMessageDeflate: false,
    // Select only the marker: the token that follows it in the offer is never echoed back.
    handleProtocols: (protocols) => (protocols.has(TOKEN_SUBPROTOCOL) ? TOKEN_SUBPROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const fromUrl = parseCollabUrl(request.url ?? "", path);
    if (!fromUrl) return; // not ours: another upgrade listener may take it
    // A token offered as a subprotocol wins over one in the URL, which may be stale.
    const offered = tokenFromSubprotocols(request.headers["sec-websocket-protocol"]);
    const target = { ...fromUrl, token: offered.token ?? fromUrl.token };
    socket.on("error", () => {});
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, target));
  };
  options.server.on("upgrade", onUpgrade);

  function accept(ws: WebSocket, request: ConnectionRequest) {
    let textMode = false;
    let closedByServer = false;
    alive.set(ws, true);
    const socket: WebSocketLike = {
      send(message) {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > maxBuffered) {
          socket.close(CloseCode.rateLimited, "client too slow");
          return;
        }
        if (textMode) {
          for (const frame of encodeTextFrames(message, limits.framing.maxFrameBytes))
            ws.send(frame);
        } else {
          ws.send(message, { binary: true });
        }
      },
      close(code, reason) {
        closedByServer = true;
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      },
    };
    const connection = host.open(socket, request);
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (closedByServer) return;
      const bytes = toBytes(data);
      if (isBinary) {
        connection.receive(bytes);
        return;
      }
      // Answer in the framing the client speaks (the API Gateway transport sends text).
      textMode = true;
      connection.receive(Buffer.from(bytes).toString("latin1"));
    });
    ws.on("pong", () => alive.set(ws, true));
    ws.on("error", (error) => log.warn("collab.socket_error", { error: String(error) }));
    ws.on("close", () => connection.closed());
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

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
