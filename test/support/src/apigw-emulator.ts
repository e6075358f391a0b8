// A local stand-in for an API Gateway WebSocket API: accepts clients at `/<stage>?query`, invokes
// the real Lambda handlers in process with the events API Gateway would send, enforces the
// service's limits, and serves the management API (`@connections`) on the same port so that the
// real `@aws-sdk/client-apigatewaymanagementapi` client can talk to it. Handlers cannot tell.
// Where the service's behaviour is not documented, the emulator assumes: a path after the stage
// is accepted and ignored; only messages from the client reset the idle timer; a $connect that
// throws is answered with HTTP 500; DeleteConnection closes with 1000; outgoing messages over
// 32 KB are sent as 32 KB fragments of one message; the handshake selects the subprotocol named
// by the $connect response's `Sec-WebSocket-Protocol` header, and none when it names none.
// Faults of the management API can be injected (`managementFaults`): throttling (429
// LimitExceededException, the service's answer to too many calls), slow answers, and Gone for a
// connection that is still open (the race of a post with a closing connection).
import { randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type {
  APIGatewayProxyResultV2,
  APIGatewayProxyWebsocketEventV2,
  APIGatewayProxyWebsocketHandlerV2,
  Context,
} from "aws-lambda";
import { type WebSocket, WebSocketServer } from "ws";

export type WebsocketLambda = APIGatewayProxyWebsocketHandlerV2;

/** A handler, or a loader that imports it after `env` has been applied (module scope reads env). */
export type HandlerSource = WebsocketLambda | { load: () => Promise<WebsocketLambda> };

export type RouteName = "connect" | "disconnect" | "default";

/**
 * One injected management API fault. throttle: 429 LimitExceededException, nothing delivered.
 * slow: the call is handled (and a post delivered) only after `delayMs`, whether or not the
 * caller still waits. gone: 410 GoneException although the connection is open, nothing delivered.
 */
export interface ManagementFault {
  kind: "throttle" | "slow" | "gone";
  delayMs?: number;
}

/** Decides a fault for one management call, or none. */
export type ManagementFaultPlan = (call: {
  method: string;
  connectionId: string;
}) => ManagementFault | undefined;

export interface ApiGatewayEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  stage?: string;
  handlers: { connect?: HandlerSource; disconnect?: HandlerSource; default: HandlerSource };
  /** Closes a connection with 1001 after this long without a message from its client (AWS: 10 min). */
  idleTimeoutMs?: number;
  /** Closes any connection with 1001 after this long (AWS: 2 h). */
  maxConnectionMs?: number;
  /** AWS: 32 KB per frame, 128 KB per message. */
  maxFrameBytes?: number;
  maxMessageBytes?: number;
  /** Integration timeout of each invocation (AWS: 29 s). */
  integrationTimeoutMs?: number;
  region?: string;
  /**
   * Environment for the handlers, applied to process.env before lazy handlers load and restored
   * on close. A function receives the emulator's endpoints (the port is known only then).
   */
  env?:
    | Record<string, string>
    | ((endpoints: { wsUrl: string; managementEndpoint: string }) => Record<string, string>);
  /** Where handler failures are reported besides `errors` (default: console.error). */
  onHandlerError?: (route: RouteName, error: unknown) => void;
  /** Faults of the management API from the start (see ApiGatewayEmulator.managementFaults). */
  managementFaults?: ManagementFaultPlan;
}

/** Counters of what API Gateway would bill or what a benchmark wants to see. */
export interface EmulatorMetrics {
  invocations: Record<RouteName, number>;
  /** Wall time of each invocation, in milliseconds, per route. */
  durationsMs: Record<RouteName, number[]>;
  management: { post: number; get: number; delete: number; gone: number };
  /** Management calls answered with an injected fault, by kind. */
  injectedFaults: Record<ManagementFault["kind"], number>;
  /** Messages from clients and to clients, and their 32 KB billing units. */
  messagesIn: number;
  messagesOut: number;
  billedMessageUnits: number;
  /** Sum of the lifetimes of closed connections. */
  connectionMs: number;
}

export interface ApiGatewayEmulator {
  /** `ws://127.0.0.1:<port>/<stage>`; clients add `?query`. */
  wsUrl: string;
  /** `http://127.0.0.1:<port>/<stage>`, the management API's endpoint. */
  managementEndpoint: string;
  port: number;
  stage: string;
  apiId: string;
  /** Ids of the connections that are open now. */
  connectionIds(): string[];
  /**
   * Make a connection vanish the way a lost network or a failed $disconnect does: its socket is
   * destroyed, $disconnect is NOT invoked, and the management API answers 410 for it from now on.
   */
  vanish(connectionId: string): void;
  /** Resolves when every invocation started so far has finished. */
  settled(): Promise<void>;
  /** Faults injected into management API calls from now on; null for none. */
  managementFaults: ManagementFaultPlan | null;
  /**
   * Emits "invocation" ({ route, connectionId, ok }) after each handler invocation and
   * "management" ({ method, connectionId, status }) after each management API call.
   */
  readonly events: EventEmitter;
  readonly metrics: EmulatorMetrics;
  resetMetrics(): void;
  /** Handler failures (thrown errors, timeouts), in order. */
  readonly errors: { route: RouteName; connectionId: string; error: unknown }[];
  close(): Promise<void>;
}

interface Connection {
  id: string;
  socket: WebSocket | null;
  state: "connecting" | "open" | "closed";
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  domainName: string;
  /** Set once a limit decided to close: later frames are not routed. */
  closing: boolean;
  vanished: boolean;
  idleTimer: NodeJS.Timeout | null;
  lifetimeTimer: NodeJS.Timeout | null;
}

const ID_BYTES = 11; // 16 base64 characters with one "=", the shape of real connection ids

const awsId = () => randomBytes(ID_BYTES).toString("base64");

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `09/Apr/2020:18:03:37 +0000`, the format of `requestContext.requestTime`. */
function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(
    d.getUTCHours(),
  )}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function emptyMetrics(): EmulatorMetrics {
  return {
    invocations: { connect: 0, disconnect: 0, default: 0 },
    durationsMs: { connect: [], disconnect: [], default: [] },
    management: { post: 0, get: 0, delete: 0, gone: 0 },
    injectedFaults: { throttle: 0, slow: 0, gone: 0 },
    messagesIn: 0,
    messagesOut: 0,
    billedMessageUnits: 0,
    connectionMs: 0,
  };
}

/**
 * Watches the raw bytes of a client's socket for frame headers, because `ws` only reports whole
 * messages while API Gateway limits each frame (and refuses binary ones) as it arrives.
 */
function frameInspector(onFrame: (opcode: number, payloadLength: number) => void) {
  let header: number[] = [];
  let headerLength = 2;
  let skip = 0;
  return (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - offset);
        skip -= n;
        offset += n;
        continue;
      }
      header.push(chunk[offset++]!);
      if (header.length === 2) {
        const len7 = header[1]! & 0x7f;
        headerLength = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (header[1]! & 0x80 ? 4 : 0);
      }
      if (header.length >= 2 && header.length === headerLength) {
        const bytes = Buffer.from(header);
        const len7 = header[1]! & 0x7f;
        const length =
          len7 < 126
            ? len7
            : len7 === 126
              ? bytes.readUInt16BE(2)
              : bytes.readUInt32BE(2) * 2 ** 32 + bytes.readUInt32BE(6);
        onFrame(header[0]! & 0x0f, length);
        skip = length;
        header = [];
        headerLength = 2;
      }
    }
  };
}

interface RouteResult {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

function normalizeResult(result: unknown): RouteResult {
  if (result && typeof result === "object" && "statusCode" in result) {
    const r = result as { statusCode?: unknown; body?: unknown; headers?: unknown };
    const headers: Record<string, string> = {};
    if (r.headers && typeof r.headers === "object") {
      for (const [name, value] of Object.entries(r.headers)) headers[name] = String(value);
    }
    return {
      statusCode: typeof r.statusCode === "number" ? r.statusCode : 200,
      body: typeof r.body === "string" ? r.body : "",
      headers,
    };
  }
  // Payload format 2.0 infers 200 from a result without a status code.
  return { statusCode: 200, body: typeof result === "string" ? result : "", headers: {} };
}

/** The subprotocol a $connect result selects (its `Sec-WebSocket-Protocol` header), if any. */
function selectedProtocol(headers: Record<string, string>): string | null {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "sec-websocket-protocol" && value.trim() !== "") return value.trim();
  }
  return null;
}

export async function startApiGatewayEmulator(
  options: ApiGatewayEmulatorOptions,
): Promise<ApiGatewayEmulator> {
  const stage = options.stage ?? "local";
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "us-east-1";
  const idleTimeoutMs = options.idleTimeoutMs ?? 10 * 60_000;
  const maxConnectionMs = options.maxConnectionMs ?? 2 * 3_600_000;
  const maxFrameBytes = options.maxFrameBytes ?? 32 * 1024;
  const maxMessageBytes = options.maxMessageBytes ?? 128 * 1024;
  const integrationTimeoutMs = options.integrationTimeoutMs ?? 29_000;
  const apiId = randomBytes(8).toString("hex").slice(0, 10);
  const reportError =
    options.onHandlerError ??
    ((route: RouteName, error: unknown) => console.error(`[apigw-emulator] ${route}:`, error));

  const connections = new Map<string, Connection>();
  const inFlight = new Set<Promise<unknown>>();
  const errors: ApiGatewayEmulator["errors"] = [];
  const events = new EventEmitter();
  let metrics = emptyMetrics();
  const savedEnv = new Map<string, string | undefined>();
  const resolved: Partial<Record<RouteName, WebsocketLambda>> = {};

  const server = createServer((req, res) => {
    void serveManagement(req, res).catch((error: unknown) => {
      reportError("default", error);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal server error" });
    });
  });
  // API Gateway answers the handshake with the subprotocol the $connect route's response names
  // and with none otherwise (a client that offered some then fails the handshake itself).
  const selectedProtocols = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    perMessageDeflate: false,
    handleProtocols: (_offered, req) => selectedProtocols.get(req) ?? false,
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const wsUrl = `ws://${host}:${port}/${stage}`;
  const managementEndpoint = `http://${host}:${port}/${stage}`;

  const env =
    typeof options.env === "function"
      ? options.env({ wsUrl, managementEndpoint })
      : (options.env ?? {});
  for (const [key, value] of Object.entries(env)) {
    savedEnv.set(key, process.env[key]);
    process.env[key] = value;
  }
  for (const route of ["connect", "disconnect", "default"] as const) {
    const source = options.handlers[route];
    if (!source) continue;
    resolved[route] = typeof source === "function" ? source : await source.load();
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.then(
      () => inFlight.delete(promise),
      () => inFlight.delete(promise),
    );
    return promise;
  }

  function lambdaContext(route: RouteName, deadline: number): Context {
    const functionName = `collab-${route}`;
    const requestId = randomUUID();
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
      memoryLimitInMB: "1024",
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]${requestId.replaceAll("-", "")}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    };
  }

  /** Invoke one handler like Lambda does: promise or callback style, bounded by the timeout. */
  async function invoke(
    route: RouteName,
    connectionId: string,
    event: APIGatewayProxyWebsocketEventV2,
  ): Promise<{ ok: true; result: unknown } | { ok: false }> {
    const handler = resolved[route];
    if (!handler) return { ok: true, result: { statusCode: 200 } };
    metrics.invocations[route] += 1;
    const started = performance.now();
    const deadline = Date.now() + integrationTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const run = new Promise<unknown>((resolve, reject) => {
      const callback = (error?: unknown, result?: APIGatewayProxyResultV2) =>
        error ? reject(error) : resolve(result);
      try {
        const returned = handler(event, lambdaContext(route, deadline), callback);
        if (returned && typeof (returned as Promise<unknown>).then === "function") {
          (returned as Promise<unknown>).then(resolve, reject);
        }
      } catch (error) {
        reject(error);
      }
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Integration timed out after ${integrationTimeoutMs} ms`)),
        integrationTimeoutMs,
      );
    });
    let ok = false;
    try {
      const result = await track(Promise.race([run, timeout]));
      ok = true;
      return { ok: true, result };
    } catch (error) {
      errors.push({ route, connectionId, error });
      reportError(route, error);
      return { ok: false };
    } finally {
      clearTimeout(timer);
      metrics.durationsMs[route].push(performance.now() - started);
      events.emit("invocation", { route, connectionId, ok });
    }
  }

  function baseContext(conn: Connection, now: number) {
    return {
      extendedRequestId: awsId(),
      requestTime: requestTime(now),
      messageDirection: "IN" as const,
      stage,
      connectedAt: conn.connectedAt,
      requestTimeEpoch: now,
      identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
      requestId: awsId(),
      domainName: conn.domainName,
      connectionId: conn.id,
      apiId,
    };
  }

  function connectEvent(conn: Connection, req: IncomingMessage): APIGatewayProxyWebsocketEventV2 {
    const url = new URL(req.url ?? "/", "http://localhost");
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      const value = req.rawHeaders[i + 1]!;
      headers[name] = value;
      multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
    }
    headers["X-Amzn-Trace-Id"] =
      `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
    headers["X-Forwarded-For"] = conn.sourceIp;
    headers["X-Forwarded-Port"] = "443";
    headers["X-Forwarded-Proto"] = "https";
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) {
      query[key] = value;
      multiQuery[key] = [...(multiQuery[key] ?? []), value];
    }
    const event: Record<string, unknown> = {
      headers,
      multiValueHeaders,
      // $connect carries no messageId, unlike the type's shared request context.
      requestContext: {
        routeKey: "$connect",
        eventType: "CONNECT",
        ...baseContext(conn, Date.now()),
      },
      isBase64Encoded: false,
    };
    if (url.searchParams.size > 0) {
      event.queryStringParameters = query;
      event.multiValueQueryStringParameters = multiQuery;
    }
    return event as unknown as APIGatewayProxyWebsocketEventV2;
  }

  function messageEvent(conn: Connection, body: string): APIGatewayProxyWebsocketEventV2 {
    return {
      requestContext: {
        routeKey: "$default",
        messageId: awsId(),
        eventType: "MESSAGE",
        ...baseContext(conn, Date.now()),
      },
      body,
      isBase64Encoded: false,
    };
  }

  function disconnectEvent(
    conn: Connection,
    code: number,
    reason: string,
  ): APIGatewayProxyWebsocketEventV2 {
    const event = {
      headers: {
        Host: conn.domainName,
        "x-api-key": "",
        "X-Forwarded-For": "",
        "x-restapi": "",
      },
      multiValueHeaders: {
        Host: [conn.domainName],
        "x-api-key": [""],
        "X-Forwarded-For": [""],
        "x-restapi": [""],
      },
      requestContext: {
        routeKey: "$disconnect",
        disconnectStatusCode: code,
        eventType: "DISCONNECT" as const,
        disconnectReason: reason,
        ...baseContext(conn, Date.now()),
      },
      isBase64Encoded: false,
    };
    return event as unknown as APIGatewayProxyWebsocketEventV2;
  }

  function closeConnection(conn: Connection, code: number, reason: string) {
    if (conn.closing || !conn.socket) return;
    conn.closing = true;
    conn.socket.close(code, reason);
  }

  function resetIdle(conn: Connection) {
    if (conn.idleTimer) clearTimeout(conn.idleTimer);
    conn.idleTimer = setTimeout(() => closeConnection(conn, 1001, "Going away"), idleTimeoutMs);
  }

  function onClosed(conn: Connection, code: number, reason: string) {
    if (conn.state === "closed") return;
    conn.state = "closed";
    if (conn.idleTimer) clearTimeout(conn.idleTimer);
    if (conn.lifetimeTimer) clearTimeout(conn.lifetimeTimer);
    connections.delete(conn.id);
    metrics.connectionMs += Date.now() - conn.connectedAt;
    if (!conn.vanished) void invoke("disconnect", conn.id, disconnectEvent(conn, code, reason));
  }

  function attach(conn: Connection, socket: WebSocket, raw: Socket) {
    conn.socket = socket;
    conn.state = "open";
    resetIdle(conn);
    conn.lifetimeTimer = setTimeout(
      () => closeConnection(conn, 1001, "Going away"),
      maxConnectionMs,
    );
    // Ahead of `ws`'s own listener, so a refused frame is seen before it becomes a message.
    raw.prependListener(
      "data",
      frameInspector((opcode, length) => {
        if (opcode === 2) closeConnection(conn, 1003, "Unsupported data");
        else if (opcode < 8 && length > maxFrameBytes) {
          closeConnection(conn, 1009, "Frame size exceeded");
        }
      }),
    );
    socket.on("message", (data, isBinary) => {
      if (conn.closing || conn.state !== "open") return;
      if (isBinary) return closeConnection(conn, 1003, "Unsupported data");
      const body = Array.isArray(data)
        ? Buffer.concat(data).toString("utf8")
        : Buffer.from(data as ArrayBuffer).toString("utf8");
      conn.lastActiveAt = Date.now();
      resetIdle(conn);
      metrics.messagesIn += 1;
      metrics.billedMessageUnits += Math.max(1, Math.ceil(Buffer.byteLength(body) / 32_768));
      // API Gateway invokes the integration for each message as it arrives, without waiting
      // for the previous one: handlers must cope with messages of one client running at once.
      void invoke("default", conn.id, messageEvent(conn, body)).then((outcome) => {
        if (!outcome.ok && conn.state === "open" && !conn.closing) {
          conn.socket?.send(
            JSON.stringify({
              message: "Internal server error",
              connectionId: conn.id,
              requestId: awsId(),
            }),
          );
        }
      });
    });
    // `ws` reports oversize messages (1009) and invalid UTF-8 (1007) here and closes by itself.
    socket.on("error", () => {});
    socket.on("close", (code, reason) => onClosed(conn, code, reason.toString()));
  }

  server.on("upgrade", (req: IncomingMessage, raw: Socket, head: Buffer) => {
    raw.on("error", () => {});
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.replace(/\/+$/, "");
    // Routes see nothing of the path; only the stage selects the API.
    if (path !== `/${stage}` && !path.startsWith(`/${stage}/`)) {
      raw.end(
        'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 23\r\n\r\n{"message":"Forbidden"}',
      );
      return;
    }
    // A malformed handshake is refused before any route runs, as API Gateway does.
    if (
      req.headers.upgrade?.toLowerCase() !== "websocket" ||
      !/^[+/0-9A-Za-z]{22}==$/.test(req.headers["sec-websocket-key"] ?? "")
    ) {
      raw.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const now = Date.now();
    const conn: Connection = {
      id: awsId(),
      socket: null,
      state: "connecting",
      connectedAt: now,
      lastActiveAt: now,
      sourceIp: raw.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
      userAgent: req.headers["user-agent"] ?? "",
      domainName: req.headers.host ?? `${host}:${port}`,
      closing: false,
      vanished: false,
      idleTimer: null,
      lifetimeTimer: null,
    };
    connections.set(conn.id, conn);
    let clientLeft = false;
    raw.once("close", () => {
      clientLeft = true;
    });
    const admitted = new Promise<RouteResult>((resolve) => {
      void invoke("connect", conn.id, connectEvent(conn, req)).then((outcome) =>
        resolve(
          outcome.ok ? normalizeResult(outcome.result) : { statusCode: 500, body: "", headers: {} },
        ),
      );
    });
    void admitted.then(({ statusCode, body, headers }) => {
      if (statusCode < 200 || statusCode >= 300) {
        connections.delete(conn.id);
        const payload =
          body ||
          JSON.stringify({ message: statusCode === 500 ? "Internal server error" : "Forbidden" });
        raw.end(
          `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? "Error"}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
        );
        return;
      }
      if (clientLeft || raw.destroyed) {
        // Admitted, but the client is gone already: API Gateway still reports the disconnect.
        onClosed(conn, 1006, "Client left during $connect");
        return;
      }
      const protocol = selectedProtocol(headers);
      if (protocol !== null) selectedProtocols.set(req, protocol);
      wss.handleUpgrade(req, raw, head, (socket) => attach(conn, socket, raw));
      // handleUpgrade answers malformed handshakes itself, without calling back.
      if (raw.destroyed && conn.state === "connecting") connections.delete(conn.id);
    });
  });

  async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of req) {
      const buf = part as Buffer;
      size += buf.length;
      if (size > limit) return null;
      parts.push(buf);
    }
    return Buffer.concat(parts);
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
    const payload = body === undefined ? "" : JSON.stringify(body);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-amzn-requestid": randomUUID(),
    };
    if (errorType) headers["x-amzn-errortype"] = errorType;
    res.writeHead(status, headers);
    res.end(payload);
  }

  function sendText(conn: Connection, data: Buffer) {
    const socket = conn.socket!;
    // Outgoing messages travel in frames of at most 32 KB, like API Gateway's.
    if (data.length <= maxFrameBytes) {
      socket.send(data, { binary: false });
    } else {
      for (let offset = 0; offset < data.length; offset += maxFrameBytes) {
        const end = Math.min(offset + maxFrameBytes, data.length);
        socket.send(data.subarray(offset, end), { binary: false, fin: end === data.length });
      }
    }
    metrics.messagesOut += 1;
    metrics.billedMessageUnits += Math.max(1, Math.ceil(data.length / 32_768));
  }

  async function serveManagement(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      sendJson(res, 404, { message: "Not Found" });
      return;
    }
    // Unsigned calls are refused like the real service does; the signature itself is not checked.
    if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256")) {
      sendJson(res, 403, { message: "Missing Authentication Token" }, "ForbiddenException");
      return;
    }
    const connectionId = decodeURIComponent(match[1]!);
    const method = req.method ?? "GET";
    if (method === "POST") metrics.management.post += 1;
    else if (method === "GET") metrics.management.get += 1;
    else if (method === "DELETE") metrics.management.delete += 1;
    const body = method === "POST" ? await readBody(req, maxMessageBytes) : null;
    const fault = emulator.managementFaults?.({ method, connectionId });
    if (fault) metrics.injectedFaults[fault.kind] += 1;
    if (fault?.kind === "throttle") {
      sendJson(res, 429, { message: "Too Many Requests" }, "LimitExceededException");
      return;
    }
    if (fault?.kind === "gone") return gone(res);
    if (fault?.kind === "slow") {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1_000));
    }
    // Read after any delay: the connection may have closed meanwhile.
    const conn = connections.get(connectionId);
    const open = conn && conn.state === "open" && !conn.vanished ? conn : null;
    if (method === "POST") {
      if (body === null) {
        sendJson(res, 413, { message: "Request entity too large" }, "PayloadTooLargeException");
        return;
      }
      if (!open || open.closing) return gone(res);
      sendText(open, body);
      sendJson(res, 200, undefined);
      return;
    }
    if (method === "GET") {
      if (!open) return gone(res);
      sendJson(res, 200, {
        connectedAt: new Date(open.connectedAt).toISOString(),
        identity: { sourceIp: open.sourceIp, userAgent: open.userAgent },
        lastActiveAt: new Date(open.lastActiveAt).toISOString(),
      });
      return;
    }
    if (method === "DELETE") {
      if (!open) return gone(res);
      closeConnection(open, 1000, "");
      res.writeHead(204, { "x-amzn-requestid": randomUUID() });
      res.end();
      return;
    }
    sendJson(res, 405, { message: "Method Not Allowed" });
  }

  function gone(res: ServerResponse) {
    metrics.management.gone += 1;
    sendJson(res, 410, {}, "GoneException");
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    res.once("finish", () => {
      const match = /\/@connections\/([^/]+)$/.exec(req.url ?? "");
      if (!match) return;
      events.emit("management", {
        method: req.method,
        connectionId: decodeURIComponent(match[1]!),
        status: res.statusCode,
      });
    });
  });

  const emulator: ApiGatewayEmulator = {
    managementFaults: options.managementFaults ?? null,
    wsUrl,
    managementEndpoint,
    port,
    stage,
    apiId,
    connectionIds: () =>
      [...connections.values()].filter((c) => c.state === "open").map((c) => c.id),
    vanish(connectionId) {
      const conn = connections.get(connectionId);
      if (!conn?.socket) throw new Error(`No open connection ${connectionId}`);
      conn.vanished = true;
      conn.socket.terminate();
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    events,
    get metrics() {
      return metrics;
    },
    resetMetrics() {
      metrics = emptyMetrics();
    },
    errors,
    async close() {
      const closed = [...connections.values()].map(
        (conn) =>
          new Promise<void>((resolve) => {
            if (!conn.socket || conn.state !== "open") {
              connections.delete(conn.id);
              return resolve();
            }
            conn.socket.once("close", () => resolve());
            closeConnection(conn, 1001, "Going away");
            // A client that never answers the close handshake must not hold the shutdown.
            setTimeout(() => conn.socket?.terminate(), 1_000).unref();
          }),
      );
      await Promise.all(closed);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [key, value] of savedEnv) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
  return emulator;
}
