// A WebSocket look-alike for API Gateway: the stock y-websocket provider talks binary, API
// Gateway WebSocket APIs close on binary frames and refuse frames over 32 KB. This class sits
// between them: binary messages out become base64 text frames (chunked), text frames in become
// ArrayBuffer messages again. Hand it to the provider as `WebSocketPolyfill`.
import { closeCodeForHttpStatus } from "@accord/protocol";
import { type MessageReassembler, type TextFraming, textFraming } from "./framing.ts";

/** What we need of a WebSocket implementation: the browser's, Node 22's global one, or `ws`. */
export interface WebSocketLikeInstance {
  readonly readyState: number;
  binaryType: string;
  readonly protocol?: string;
  readonly extensions?: string;
  readonly bufferedAmount?: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: never) => void): void;
}

/**
 * Loosely typed on purpose: the browser's class, undici's and `ws`'s differ in their event
 * typings; the instance is used through WebSocketLikeInstance.
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => object;

export interface ApiGatewayTransportOptions {
  /** The WebSocket to build on; default the global `WebSocket` (browsers, Node 22). */
  WebSocketImpl?: WebSocketConstructor;
  /**
   * The API's stage URL. When set, the path the provider built (`<serverUrl>/<room>`) is
   * replaced by this URL and only the query string is kept: API Gateway routes nothing after
   * the stage.
   */
  stageUrl?: string;
  /** Largest text frame sent; API Gateway's limit is 32 KB. */
  maxFrameBytes?: number;
  framing?: TextFraming;
  /**
   * Called with API Gateway's own report of a failed invocation (`{"message":"Internal server
   * error",...}`): the message that caused it may not have been stored (connectPaper resyncs).
   */
  onServiceError?: (report: string) => void;
}

type Listener = (event: TransportEvent) => void;

export interface TransportEvent {
  type: string;
  target: ApiGatewayWebSocket;
  currentTarget: ApiGatewayWebSocket;
  /** message: the whole message, as `binaryType` asks. */
  data?: ArrayBuffer | Blob | string;
  /** close */
  code?: number;
  reason?: string;
  wasClean?: boolean;
  /** error */
  error?: unknown;
  message?: string;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** Put the query string of `url` on `stageUrl` (keeping any query the stage URL has). */
export function stageUrlWithQuery(stageUrl: string, url: string): string {
  const target = new URL(stageUrl);
  const source = new URL(url);
  for (const [key, value] of source.searchParams) target.searchParams.append(key, value);
  return target.toString();
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === "string") return new TextEncoder().encode(data);
  throw new TypeError("ApiGatewayWebSocket sends strings, ArrayBuffers and typed arrays only.");
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

export class ApiGatewayWebSocket {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSING = CLOSING;
  readonly CLOSED = CLOSED;

  readonly url: string;
  /** Messages are always delivered whole; "blob" is honoured where Blob exists. */
  binaryType: "arraybuffer" | "blob" = "blob";
  onopen: Listener | null = null;
  onmessage: Listener | null = null;
  onclose: Listener | null = null;
  onerror: Listener | null = null;

  private readonly socket: WebSocketLikeInstance;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly framing: TextFraming;
  private readonly reassembler: MessageReassembler;
  private readonly maxFrameBytes: number;
  private readonly onServiceError: ((report: string) => void) | undefined;
  /** A close code the server asked for before the socket closed, or one read off a refusal. */
  private announcedClose: { code: number; reason: string } | null = null;
  private closed = false;

  constructor(
    url: string,
    protocols?: string | string[],
    options: ApiGatewayTransportOptions = {},
  ) {
    const Impl =
      options.WebSocketImpl ??
      (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ??
      null;
    if (!Impl) {
      throw new Error(
        "No WebSocket implementation: this runtime has no global WebSocket (Node < 22). " +
          "Pass one, e.g. `WebSocketImpl: WebSocket` from the `ws` package.",
      );
    }
    this.url = options.stageUrl ? stageUrlWithQuery(options.stageUrl, url) : url;
    this.framing = options.framing ?? textFraming;
    this.maxFrameBytes = options.maxFrameBytes ?? 32 * 1024;
    this.onServiceError = options.onServiceError;
    this.reassembler = this.framing.createReassembler();
    this.socket = (
      protocols === undefined ? new Impl(this.url) : new Impl(this.url, protocols)
    ) as WebSocketLikeInstance;
    this.socket.binaryType = "arraybuffer";
    this.socket.addEventListener("open", () => this.dispatch({ type: "open" }));
    this.socket.addEventListener("message", (event: { data: unknown }) => this.receive(event.data));
    this.socket.addEventListener("error", (event: { error?: unknown; message?: string }) => {
      // `ws` reports a refused handshake as "Unexpected server response: 403"; browsers hide it.
      const status = /Unexpected server response: (\d{3})/.exec(event.message ?? "")?.[1];
      const code = status ? closeCodeForHttpStatus(Number(status)) : undefined;
      if (code && !this.announcedClose) {
        this.announcedClose = { code, reason: `refused with HTTP ${status}` };
      }
      this.dispatch({ type: "error", error: event.error, message: event.message ?? "" });
    });
    this.socket.addEventListener(
      "close",
      (event: { code: number; reason: string; wasClean: boolean }) => {
        this.finish(event.code, event.reason, event.wasClean);
      },
    );
  }

  get readyState(): number {
    return this.closed ? CLOSED : this.socket.readyState;
  }

  get protocol(): string {
    return this.socket.protocol ?? "";
  }

  get extensions(): string {
    return this.socket.extensions ?? "";
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount ?? 0;
  }

  send(data: ArrayBufferLike | ArrayBufferView | string): void {
    if (this.readyState === CONNECTING) {
      throw new Error("InvalidStateError: the WebSocket is still connecting.");
    }
    if (this.readyState !== OPEN) return;
    for (const frame of this.framing.encode(toBytes(data), this.maxFrameBytes)) {
      this.socket.send(frame);
    }
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    // Browsers accept only 1000 and 3000-4999 from scripts.
    const allowed = code === 1000 || (code !== undefined && code >= 3000 && code <= 4999);
    if (allowed) this.socket.close(code, reason);
    else this.socket.close();
  }

  addEventListener(type: string, listener: Listener): void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  dispatchEvent(event: { type: string }): boolean {
    this.dispatch(event as Omit<TransportEvent, "target" | "currentTarget">);
    return true;
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    if (typeof data !== "string") {
      // Servers that speak binary (the local server) need no framing.
      this.deliver(toBytes(data));
      return;
    }
    let outcome: ReturnType<MessageReassembler["push"]>;
    try {
      outcome = this.reassembler.push(data);
    } catch (error) {
      // API Gateway's own reports ({"message":"Internal server error",...}) are not frames.
      this.dispatch({ type: "error", error, message: data.slice(0, 200) });
      if (data.startsWith("{")) this.onServiceError?.(data.slice(0, 200));
      return;
    }
    if (outcome === null) return;
    if (outcome.kind === "close") {
      // The server can only end a connection through API Gateway's DeleteConnection, whose
      // close code says nothing; it announces the real one first.
      this.announcedClose = { code: outcome.code, reason: outcome.reason };
      this.socket.close(1000, outcome.reason);
      return;
    }
    this.deliver(outcome.message);
  }

  private deliver(bytes: Uint8Array): void {
    const buffer = toArrayBuffer(bytes);
    const data =
      this.binaryType === "blob" && typeof Blob !== "undefined" ? new Blob([buffer]) : buffer;
    this.dispatch({ type: "message", data });
  }

  private finish(code: number, reason: string, wasClean: boolean): void {
    if (this.closed) return;
    this.closed = true;
    const announced = this.announcedClose;
    this.dispatch({
      type: "close",
      code: announced?.code ?? code,
      reason: announced?.reason ?? reason,
      wasClean: announced ? true : wasClean,
    });
  }

  private dispatch(init: Omit<TransportEvent, "target" | "currentTarget">): void {
    const event: TransportEvent = { ...init, target: this, currentTarget: this };
    const property = (
      {
        open: this.onopen,
        message: this.onmessage,
        close: this.onclose,
        error: this.onerror,
      } as Record<string, Listener | null>
    )[event.type];
    property?.call(this, event);
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) listener.call(this, event);
  }
}

/**
 * A WebSocket class bound to options, for places that construct it themselves with
 * `new (url, protocols)`, such as y-websocket's `WebSocketPolyfill`.
 */
export function apiGatewayWebSocketClass(
  options: ApiGatewayTransportOptions = {},
): typeof ApiGatewayWebSocket {
  return class BoundApiGatewayWebSocket extends ApiGatewayWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, options);
    }
  };
}
