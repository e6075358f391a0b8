// A local stand-in for an API Gateway HTTP API in front of one Lambda: turns node:http requests
// into payload-format-2.0 events (with the JWT authorizer's claims when the bearer token
// verifies) and the handler's result back into an HTTP response.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyHandlerV2,
  Context,
} from "aws-lambda";

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

  async function serve(req: IncomingMessage, res: ServerResponse) {
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
