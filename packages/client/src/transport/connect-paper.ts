// One call to edit a paper live with the stock y-websocket provider, whichever backend serves it
// and whichever runtime runs it: the local server (binary frames, room in the path) or API
// Gateway (text framing, room in the query string); browsers and Node 22 with their global
// WebSocket, Node 20 with `ws`, loaded on demand. The token travels as a WebSocket subprotocol
// by default, so it is in no URL (the provider prints URLs in its errors).

import { tokenSubprotocols } from "@accord/protocol";
import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { apiGatewayWebSocketClass, type WebSocketConstructor } from "./api-gateway-websocket.ts";
import { keepInSync, type Resync } from "./resync.ts";

export type PaperTransport = "auto" | "apigateway" | "binary";

/**
 * Where the token travels: as subprotocols (`Sec-WebSocket-Protocol: accord.token, <jwt>`, out
 * of every URL), or in the query string (`?token=`), for servers that predate the first.
 */
export type TokenPlacement = "subprotocol" | "query";

export interface ConnectPaperOptions {
  /** `ws(s)://host/collab` (local server) or an API Gateway stage URL `wss://…/stage`. */
  url: string;
  paperId: string;
  /** The identity token; `setPaperToken(provider, fresh)` uses a new one from the next connection on. */
  token: string;
  doc: Y.Doc;
  awareness?: Awareness;
  /**
   * The WebSocket class. Default: the global one (browsers, Node ≥ 22), else the `ws` package
   * (Node 20: `npm install ws`), imported on first use; the provider connects once it is loaded.
   */
  WebSocketImpl?: WebSocketConstructor;
  /** "auto" picks API Gateway for `*.execute-api.*.amazonaws.com` URLs. */
  transport?: PaperTransport;
  /** Default "subprotocol". */
  tokenIn?: TokenPlacement;
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
  /**
   * Ask the server for what this client lacks (a sync step 1) every this many ms while
   * connected; 0 for never. Default: 60 s over API Gateway, where a message can be lost with the
   * connection still open; never on the local server, which delivers in order on one socket.
   * Either way the client also asks when its document has a gap (updates held back for want of
   * one that never came) and when API Gateway reports a failed invocation.
   */
  resyncIntervalMs?: number;
}

/** See ConnectPaperOptions.resyncIntervalMs. */
const API_GATEWAY_RESYNC_INTERVAL_MS = 60_000;
/** A gap may just be updates arriving out of order (concurrent Lambdas): give it this long. */
const GAP_GRACE_MS = 1_000;
const MAX_GAP_WAIT_MS = 30_000;

const API_GATEWAY_HOST = /\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;

export function isApiGatewayUrl(url: string): boolean {
  try {
    return API_GATEWAY_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** What a provider made by connectPaper connects with, changed by setPaperToken. */
interface PaperConnection {
  token: string;
  tokenIn: TokenPlacement;
}

const connections = new WeakMap<WebsocketProvider, PaperConnection>();

function globalWebSocket(): WebSocketConstructor | null {
  return (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? null;
}

let loadingWs: Promise<WebSocketConstructor> | null = null;

/**
 * The WebSocket class of this runtime: the global one, else `ws`'s (an optional peer
 * dependency, for Node 20). Rejects with what to install when there is neither.
 */
export function loadWebSocket(): Promise<WebSocketConstructor> {
  const global = globalWebSocket();
  if (global) return Promise.resolve(global);
  loadingWs ??= (async () => {
    // A name in a variable, and the ignore hints: bundlers for browsers must not pull `ws` in.
    const name = "ws";
    try {
      const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as {
        WebSocket?: WebSocketConstructor;
        default?: WebSocketConstructor;
      };
      const Impl = module.WebSocket ?? module.default;
      if (!Impl) throw new Error("the ws package exports no WebSocket class");
      return Impl;
    } catch (error) {
      loadingWs = null;
      throw new Error(
        "This runtime has no global WebSocket (Node < 22) and the ws package could not be " +
          `loaded (${(error as Error).message}). Install it next to @accord/client: npm install ws`,
      );
    }
  })();
  return loadingWs;
}

/** "auto" (the default) is decided by the URL: API Gateway's own, or any other server. */
function chosenTransport(
  url: string,
  transport: PaperTransport | undefined,
): Exclude<PaperTransport, "auto"> {
  if (transport === undefined || transport === "auto") {
    return isApiGatewayUrl(url) ? "apigateway" : "binary";
  }
  return transport;
}

/**
 * Open `paperId` live: a stock y-websocket `WebsocketProvider` on `doc`, connected to `url`
 * with `token`. Listen to its `status`, `sync` and `connection-close` events as usual; a close
 * code from 4400 to 4499 (CloseCode) is a refusal the provider does not retry.
 */
export function connectPaper(options: ConnectPaperOptions): WebsocketProvider {
  const { url, paperId, doc } = options;
  const tokenIn = options.tokenIn ?? "subprotocol";
  // Checked now rather than at each connection attempt, where the provider would throw.
  if (tokenIn === "subprotocol") tokenSubprotocols(options.token);
  const connection: PaperConnection = { token: options.token, tokenIn };
  const transport = chosenTransport(url, options.transport);
  let Impl: WebSocketConstructor | null = options.WebSocketImpl ?? globalWebSocket();

  /** The class behind every connection attempt, built once the WebSocket class is known. */
  let Base: WebSocketConstructor | null = null;
  let resync: Resync | null = null;
  const baseClass = (impl: WebSocketConstructor): WebSocketConstructor =>
    transport === "apigateway"
      ? apiGatewayWebSocketClass({
          WebSocketImpl: impl,
          // The provider connects to `<url>/<paperId>?…`; API Gateway routes nothing after the
          // stage, so the transport keeps only the query.
          stageUrl: url,
          ...(options.maxFrameBytes !== undefined ? { maxFrameBytes: options.maxFrameBytes } : {}),
          onServiceError: () => resync?.serviceError(),
        })
      : impl;
  // Called with `new` by the provider on each attempt; returning an object from a constructor
  // makes that object the result, so the provider gets a real WebSocket (or the transport).
  function PaperSocket(socketUrl: string, protocols?: string | string[]): object {
    if (!Impl) {
      throw new Error("connectPaper: the WebSocket class is still loading; wait for `status`.");
    }
    Base ??= baseClass(Impl);
    const requested = protocols === undefined ? [] : [protocols].flat();
    const offer =
      connection.tokenIn === "subprotocol"
        ? [...tokenSubprotocols(connection.token), ...requested]
        : requested;
    return offer.length > 0 ? new Base(socketUrl, offer) : new Base(socketUrl);
  }

  const inBrowser = typeof (globalThis as { document?: unknown }).document !== "undefined";
  const wantConnect = options.connect ?? true;
  const params: Record<string, string> = {};
  // API Gateway needs the room in the query; the local server reads it from the path.
  if (transport === "apigateway") params.doc = paperId;
  if (tokenIn === "query") params.token = options.token;
  let destroyed = false;
  const provider = new WebsocketProvider(url, paperId, doc, {
    connect: wantConnect && Impl !== null,
    disableBc: options.disableBc ?? !inBrowser,
    params,
    ...(options.awareness ? { awareness: options.awareness } : {}),
    ...(options.maxBackoffTime !== undefined ? { maxBackoffTime: options.maxBackoffTime } : {}),
    // The provider only constructs it and uses the WebSocket members every implementation has.
    WebSocketPolyfill: PaperSocket as unknown as typeof WebSocket,
  });
  connections.set(provider, connection);
  resync = keepInSync(provider, doc, {
    gapGraceMs: GAP_GRACE_MS,
    maxGapWaitMs: MAX_GAP_WAIT_MS,
    intervalMs:
      options.resyncIntervalMs ?? (transport === "apigateway" ? API_GATEWAY_RESYNC_INTERVAL_MS : 0),
  });
  // A provider destroyed while `ws` was loading must not connect when it arrives; and the
  // awareness it made for itself would keep a timer (and so a Node process) alive.
  const destroy = provider.destroy.bind(provider);
  provider.destroy = () => {
    destroyed = true;
    resync?.destroy();
    destroy();
    if (!options.awareness) provider.awareness.destroy();
  };

  if (Impl === null) {
    void loadWebSocket().then(
      (loaded) => {
        Impl = loaded;
        if (wantConnect && !destroyed) provider.connect();
      },
      (error: unknown) => {
        // The provider's own channel for failures to connect, so apps need no second one.
        provider.emit("connection-error", [error as Event, provider]);
      },
    );
  }
  return provider;
}

/**
 * Use `token` from the provider's next connection attempt on (a refreshed token, before the
 * current one expires; a connection closed with 4401 needs `provider.connect()` after this).
 * Works on any y-websocket provider: for one not made by connectPaper it sets `params.token`.
 */
export function setPaperToken(provider: WebsocketProvider, token: string): void {
  const connection = connections.get(provider);
  if (connection?.tokenIn === "subprotocol") tokenSubprotocols(token);
  if (connection) connection.token = token;
  if (!connection || connection.tokenIn === "query") {
    provider.params = { ...provider.params, token };
  }
}
