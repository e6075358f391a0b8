// One call to edit a paper live with the stock y-websocket provider, whichever backend serves it:
// the local server (binary frames, room in the path) or API Gateway (text framing, room and
// token in the query string).

import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { apiGatewayWebSocketClass, type WebSocketConstructor } from "./api-gateway-websocket.ts";

export type PaperTransport = "auto" | "apigateway" | "binary";

export interface ConnectPaperOptions {
  /** `ws(s)://host/collab` (local server) or an API Gateway stage URL `wss://…/stage`. */
  url: string;
  paperId: string;
  /** The identity token; change `provider.params.token` to use a fresh one on reconnect. */
  token: string;
  doc: Y.Doc;
  awareness?: Awareness;
  /** Default: the global WebSocket (browsers, Node 22). On Node 20 pass `ws`'s. */
  WebSocketImpl?: WebSocketConstructor;
  /** "auto" picks API Gateway for `*.execute-api.*.amazonaws.com` URLs. */
  transport?: PaperTransport;
  /** Connect at once (default true). */
  connect?: boolean;
  /**
   * Sync other tabs of the same browser directly. Off by default outside browsers, where every
   * provider in a process would otherwise sync in memory and bypass the server.
   */
  disableBc?: boolean;
  /** Longest wait between reconnection attempts, in ms (provider default 2500). */
  maxBackoffTime?: number;
  /** Largest text frame sent over API Gateway (its limit: 32 KB). */
  maxFrameBytes?: number;
}

const API_GATEWAY_HOST = /\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;

export function isApiGatewayUrl(url: string): boolean {
  try {
    return API_GATEWAY_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

function defaultWebSocket(): WebSocketConstructor {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!global) {
    throw new Error(
      "No WebSocket implementation: this runtime has no global WebSocket (Node < 22). " +
        "Pass one, e.g. `WebSocketImpl: WebSocket` from the `ws` package.",
    );
  }
  return global;
}

export function connectPaper(options: ConnectPaperOptions): WebsocketProvider {
  const { url, paperId, token, doc } = options;
  const WebSocketImpl = options.WebSocketImpl ?? defaultWebSocket();
  const transport =
    options.transport === undefined || options.transport === "auto"
      ? isApiGatewayUrl(url)
        ? "apigateway"
        : "binary"
      : options.transport;
  const inBrowser = typeof (globalThis as { document?: unknown }).document !== "undefined";
  const common = {
    connect: options.connect ?? true,
    disableBc: options.disableBc ?? !inBrowser,
    ...(options.awareness ? { awareness: options.awareness } : {}),
    ...(options.maxBackoffTime !== undefined ? { maxBackoffTime: options.maxBackoffTime } : {}),
  };
  if (transport === "apigateway") {
    // The provider connects to `<url>/<paperId>?doc=…&token=…`; the transport puts the query
    // back on the stage URL. The room still names the provider's BroadcastChannel per paper.
    const Transport = apiGatewayWebSocketClass({
      WebSocketImpl,
      stageUrl: url,
      ...(options.maxFrameBytes !== undefined ? { maxFrameBytes: options.maxFrameBytes } : {}),
    });
    return new WebsocketProvider(url, paperId, doc, {
      ...common,
      params: { doc: paperId, token },
      // The provider only constructs it and uses the WebSocket members it implements.
      WebSocketPolyfill: Transport as unknown as typeof WebSocket,
    });
  }
  return new WebsocketProvider(url, paperId, doc, {
    ...common,
    params: { token },
    WebSocketPolyfill: WebSocketImpl as unknown as typeof WebSocket,
  });
}
