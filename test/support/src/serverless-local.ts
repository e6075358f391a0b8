// A local stand-in for an API Gateway HTTP API in front of one Lambda: turns node:http requests
// into payload-format-2.0 events (with the JWT authorizer's claims when the bearer token
// verifies) and the handler's result back into an HTTP response.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isAbsolute, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createLocalAuthenticator,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateDevSigningKey,
  mintLocalToken,
} from "@accord/identity";
import { LAMBDA_ENTRIES } from "@accord/infra/entries";
import { LOG_APPEND_PATTERN } from "@accord/infra/stream-filter";
import { startDynamoDbLocal } from "@accord/storage-dynamodb/testing";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyHandlerV2,
  Context,
} from "aws-lambda";
import {
  type ApiGatewayEmulator,
  type ManagementFaultPlan,
  startApiGatewayEmulator,
  type WebsocketLambda,
} from "./apigw-emulator.ts";
import { type StreamHandler, type StreamPoller, startStreamPoller } from "./dynamodb-streams.ts";

export type HttpLambda = APIGatewayProxyHandlerV2 | APIGatewayProxyHandlerV2WithJwt;
// The JWT flavour differs only in the authorizer part of the event.
type APIGatewayProxyHandlerV2WithJwt = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown;

export interface JwtAuthorizer {
  /** Verify a bearer token and return its claims; throw when it is not valid. */
  verify(token: string): Promise<Record<string, unknown>>;
  /**
   * A route behind a JWT authorizer refuses requests without a valid token (401). When false,
   * requests without an Authorization header reach the handler with no authorizer context, as
   * they would through a second, public route.
   */
  required: boolean;
}

export interface HttpApiAdapterOptions {
  port?: number;
  host?: string;
  handler: HttpLambda | { load: () => Promise<HttpLambda> };
  authorizer?: JwtAuthorizer;
  /** Largest request body; HTTP API's own limit is 10 MB. */
  maxBodyBytes?: number;
  integrationTimeoutMs?: number;
  region?: string;
  /** Paths with a route (all methods but OPTIONS); others answer 404. Default: every path. */
  paths?: readonly string[];
  /** CORS as HTTP API's corsPreflight does it: preflights answered, origin echoed. */
  cors?: { allowOrigins: readonly string[] };
}

export interface HttpApiAdapter {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  readonly invocations: number;
  close(): Promise<void>;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|graphql|graphql-response\+json|xml|javascript|x-www-form-urlencoded)|[^;]*\+json)/i;

/** API Gateway's JWT authorizer hands claims over as strings; arrays become "[a b]". */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    flat[name] = Array.isArray(value)
      ? `[${value.map(String).join(" ")}]`
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  }
  return flat;
}

function requestTime(epochMs: number): string {
  const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(
    d.getUTCHours(),
  )}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export async function startHttpApiAdapter(options: HttpApiAdapterOptions): Promise<HttpApiAdapter> {
  const host = options.host ?? "127.0.0.1";
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const integrationTimeoutMs = options.integrationTimeoutMs ?? 30_000;
  const region = options.region ?? "us-east-1";
  const apiId = randomBytes(8).toString("hex").slice(0, 10);
  const handler =
    typeof options.handler === "function" ? options.handler : await options.handler.load();
  let invocations = 0;

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      console.error("[http-api-adapter]", error);
      if (!res.headersSent) reply(res, 500, { message: "Internal Server Error" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  function reply(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, {
      "content-type": "application/json",
      "apigw-requestid": randomBytes(10).toString("base64url"),
    });
    res.end(JSON.stringify(body));
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    const allowed = options.cors?.allowOrigins;
    if (!origin || !allowed || !(allowed.includes("*") || allowed.includes(origin))) return {};
    return { "access-control-allow-origin": allowed.includes("*") ? "*" : origin, vary: "origin" };
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const cors = corsHeaders(req);
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    if (req.method === "OPTIONS" && options.cors) {
      res.writeHead(204, {
        "access-control-allow-methods": "GET,POST,OPTIONS",
        "access-control-allow-headers": "authorization,content-type,apollo-require-preflight",
        "access-control-max-age": "3600",
      });
      res.end();
      return;
    }
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (options.paths && !options.paths.includes(path)) {
      return reply(res, 404, { message: "Not Found" });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes) return reply(res, 413, { message: "Request Entity Too Large" });
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);

    let authorizer: APIGatewayProxyEventV2WithJWTAuthorizer["requestContext"]["authorizer"] | null =
      null;
    if (options.authorizer) {
      const header = req.headers.authorization;
      const token = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
      if (header || options.authorizer.required) {
        if (!token) return reply(res, 401, { message: "Unauthorized" });
        let claims: Record<string, unknown>;
        try {
          claims = await options.authorizer.verify(token);
        } catch {
          return reply(res, 401, { message: "Unauthorized" });
        }
        const scope = typeof claims.scope === "string" ? claims.scope.split(" ") : null;
        authorizer = { jwt: { claims: flattenClaims(claims), scopes: scope } };
      }
    }

    // HTTP API joins repeated headers and query parameters with commas and lower-cases names.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === "cookie") continue;
      headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) {
      query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
    }
    const contentType = req.headers["content-type"] ?? "";
    const isText = raw.length === 0 || TEXT_TYPES.test(contentType);
    const now = Date.now();
    const method = req.method ?? "GET";
    const event: Record<string, unknown> = {
      version: "2.0",
      routeKey: "$default",
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ""),
      headers,
      requestContext: {
        accountId: "000000000000",
        apiId,
        ...(authorizer ? { authorizer } : {}),
        domainName: headers.host ?? `${host}:${port}`,
        domainPrefix: (headers.host ?? host).split(".")[0],
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
          userAgent: headers["user-agent"] ?? "",
        },
        requestId: randomBytes(10).toString("base64url"),
        routeKey: "$default",
        stage: "$default",
        time: requestTime(now),
        timeEpoch: now,
      },
      isBase64Encoded: !isText,
    };
    if (req.headers.cookie) event.cookies = req.headers.cookie.split(/;\s*/);
    if (url.searchParams.size > 0) event.queryStringParameters = query;
    if (raw.length > 0) event.body = isText ? raw.toString("utf8") : raw.toString("base64");

    invocations += 1;
    const deadline = Date.now() + integrationTimeoutMs;
    const functionName = "graphql";
    const requestId = randomUUID();
    const context: Context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
      memoryLimitInMB: "1024",
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/[$LATEST]${requestId.replaceAll("-", "")}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    };
    let result: unknown;
    try {
      result = await new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("Integration timed out")),
          integrationTimeoutMs,
        );
        const settle = (error?: unknown, value?: unknown) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(value);
        };
        try {
          const returned = (handler as APIGatewayProxyHandlerV2WithJwt)(
            event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer,
            context,
            settle,
          );
          if (returned && typeof (returned as Promise<unknown>).then === "function") {
            (returned as Promise<unknown>).then(
              (value) => settle(undefined, value),
              (error: unknown) => settle(error ?? new Error("rejected")),
            );
          }
        } catch (error) {
          settle(error);
        }
      });
    } catch (error) {
      console.error("[http-api-adapter] handler failed:", error);
      return reply(res, 500, { message: "Internal Server Error" });
    }
    writeResult(res, result);
  }

  return {
    url: `http://${host}:${port}`,
    port,
    get invocations() {
      return invocations;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Payload format 2.0 response mapping, including its inference for unstructured results. */
function writeResult(res: ServerResponse, result: unknown) {
  if (result && typeof result === "object" && "statusCode" in result) {
    const r = result as {
      statusCode: number;
      headers?: Record<string, string | number | boolean>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    };
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(r.headers ?? {})) headers[name] = String(value);
    if (r.cookies?.length) headers["set-cookie"] = r.cookies;
    res.writeHead(r.statusCode, headers);
    res.end(r.body === undefined ? "" : Buffer.from(r.body, r.isBase64Encoded ? "base64" : "utf8"));
    return;
  }
  if (typeof result === "string") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(result);
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(result === undefined ? "" : JSON.stringify(result));
}

// ---------------------------------------------------------------------------------------------
// serverless-local: the real Lambda handlers on one machine, against DynamoDB Local, the HTTP
// API stand-in above, the API Gateway WebSocket emulator, and the compaction handler fed by the
// table's stream as the event source mapping feeds it on AWS. Handler modules are the ones the
// CDK app bundles (LAMBDA_ENTRIES, relative to the repository root).

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ServerlessLocalOptions {
  /** Where the development signing key lives (shared with `pnpm token --data-dir`). */
  dataDir: string;
  /** Ports for GraphQL (`/graphql`) and live editing; 0 (default) picks free ones. */
  httpPort?: number;
  wsPort?: number;
  host?: string;
  stage?: string;
  /** Use a DynamoDB (Local) that is already running instead of starting one. */
  dynamodb?: { endpoint: string; tableName: string };
  /** API Gateway's idle timeout (10 min by default). */
  idleTimeoutMs?: number;
  allowOrigins?: readonly string[];
  /** LOG_LEVEL of the handlers (default warn). */
  logLevel?: string;
  /** Replace handler modules (absolute paths or relative to the repository root). */
  entries?: Partial<Record<keyof typeof LAMBDA_ENTRIES, string>>;
  /** limits.collab.compactAfterEntries of the compactor (COMPACT_AFTER_ENTRIES; default: the domain's). */
  compactAfterEntries?: number;
  /** Pause between stream reads that found nothing, in milliseconds (default 200). */
  streamPollIntervalMs?: number;
  /**
   * Faults of the management API (PostToConnection, DeleteConnection) the collab Lambdas call:
   * throttling, slow answers, Gone for open connections. Changed later through
   * `emulator.managementFaults`.
   */
  managementFaults?: ManagementFaultPlan;
}

export interface ServerlessLocal {
  graphqlUrl: string;
  wsUrl: string;
  managementEndpoint: string;
  jwksUrl: string;
  dynamodbEndpoint: string;
  tableName: string;
  emulator: ApiGatewayEmulator;
  http: HttpApiAdapter;
  /** The table's stream feeding the compaction handler (log appends only, as on AWS). */
  compaction: StreamPoller;
  /** A development token for `username`, accepted by both APIs. */
  mintToken(
    username: string,
    options?: { coordinator?: boolean; ttlSeconds?: number },
  ): Promise<string>;
  close(): Promise<void>;
}

function loadHandler<T>(entry: string): { load: () => Promise<T> } {
  const path = isAbsolute(entry) ? entry : join(REPO_ROOT, entry);
  return {
    async load() {
      const module = (await import(pathToFileURL(path).href)) as { handler?: T };
      if (typeof module.handler !== "function") {
        throw new Error(`${entry} does not export a handler function.`);
      }
      return module.handler;
    },
  };
}

/** The claims of a JWT whose signature was already verified. */
function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/**
 * Start DynamoDB Local (unless given one), the collab handlers behind the WebSocket emulator and
 * the GraphQL handler behind the HTTP API stand-in. One per process: like a Lambda container,
 * each handler module reads the environment once, when it is first imported.
 */
export async function startServerlessLocal(
  options: ServerlessLocalOptions,
): Promise<ServerlessLocal> {
  const host = options.host ?? "127.0.0.1";
  const entries = { ...LAMBDA_ENTRIES, ...options.entries };
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) {
      await closer().catch((error: unknown) => console.error("[serverless-local]", error));
    }
  };
  try {
    const key = await loadOrCreateDevSigningKey(options.dataDir);
    const authenticator = createLocalAuthenticator(key);

    let dynamodb = options.dynamodb;
    if (!dynamodb) {
      const local = await startDynamoDbLocal();
      closers.push(() => local.stop());
      dynamodb = { endpoint: local.endpoint, tableName: local.tableName };
    }

    // The collab Lambdas verify tokens like they verify Cognito's: an issuer and its JWKS.
    const publicJwk = await globalThis.crypto.subtle.exportKey("jwk", key.publicKey);
    const jwks = JSON.stringify({
      keys: [{ ...publicJwk, kid: key.kid, alg: "ES256", use: "sig" }],
    });
    const jwksServer = createServer((req, res) => {
      if (req.url === "/.well-known/jwks.json") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(jwks);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, host, resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          jwksServer.closeAllConnections();
          jwksServer.close(() => resolve());
        }),
    );
    const jwksUrl = `http://${host}:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    const { endpoint: dynamodbEndpoint, tableName } = dynamodb;

    // Env is applied by the emulator before any handler module loads (module scope reads it)
    // and restored when it closes; the GraphQL handler loads after it, into the same env.
    const emulator = await startApiGatewayEmulator({
      port: options.wsPort ?? 0,
      host,
      stage: options.stage ?? "local",
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      ...(options.managementFaults ? { managementFaults: options.managementFaults } : {}),
      env: ({ managementEndpoint }) => ({
        TABLE_NAME: tableName,
        DYNAMODB_ENDPOINT: dynamodbEndpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        OIDC_ISSUER: LOCAL_ISSUER,
        OIDC_CLIENT_ID: LOCAL_AUDIENCE,
        OIDC_AUDIENCES: LOCAL_AUDIENCE,
        OIDC_JWKS_URL: jwksUrl,
        MANAGEMENT_ENDPOINT: managementEndpoint,
        STAGE: options.stage ?? "local",
        LOG_LEVEL: options.logLevel ?? "warn",
        ...(options.compactAfterEntries === undefined
          ? {}
          : { COMPACT_AFTER_ENTRIES: String(options.compactAfterEntries) }),
      }),
      handlers: {
        connect: loadHandler<WebsocketLambda>(entries.collabConnect),
        disconnect: loadHandler<WebsocketLambda>(entries.collabDisconnect),
        default: loadHandler<WebsocketLambda>(entries.collabDefault),
      },
    });
    closers.push(() => emulator.close());

    // Loaded while the emulator's env is applied, like the other handlers. The mapping's
    // settings as on AWS (infra/lib/config.ts): batches of 100 records, a bounded number of
    // attempts, then the batch is a dead letter (logged here).
    const compactHandler = await loadHandler<StreamHandler>(entries.collabCompact).load();
    const compaction = await startStreamPoller({
      endpoint: dynamodbEndpoint,
      tableName,
      handler: compactHandler,
      filter: LOG_APPEND_PATTERN,
      batchSize: 100,
      maxAttempts: 6,
      ...(options.streamPollIntervalMs === undefined
        ? {}
        : { pollIntervalMs: options.streamPollIntervalMs }),
      onDeadLetter: (event, reason) =>
        console.error(
          `[serverless-local] compaction gave up on ${event.Records.length} stream record(s): ${reason}`,
        ),
    });
    closers.push(() => compaction.stop());

    const http = await startHttpApiAdapter({
      port: options.httpPort ?? 0,
      host,
      paths: ["/graphql"],
      cors: { allowOrigins: options.allowOrigins ?? ["*"] },
      handler: loadHandler<HttpLambda>(entries.graphql),
      authorizer: {
        required: true,
        async verify(token) {
          await authenticator.verify(token);
          return jwtClaims(token);
        },
      },
    });
    closers.push(() => http.close());

    return {
      graphqlUrl: `${http.url}/graphql`,
      wsUrl: emulator.wsUrl,
      managementEndpoint: emulator.managementEndpoint,
      jwksUrl,
      dynamodbEndpoint,
      tableName,
      emulator,
      http,
      compaction,
      mintToken: (username, mint = {}) => mintLocalToken(key, { username, ...mint }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
