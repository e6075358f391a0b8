// GraphQL over node:http: body limits and JSON parsing here, the rest is Apollo's
// executeHTTPGraphQLRequest. The local server mounts it; tests serve it on port 0.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap } from "@apollo/server";
import type { GraphqlServer } from "./server.ts";

export interface HttpServeOptions {
  /** Largest accepted body, in bytes (limits.graphql.maxBodyBytes). */
  maxBodyBytes: number;
  /** Sent with every response, e.g. the web app's security headers. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * An oversized body is read and thrown away up to this many times the limit before the 413
 * goes out, so the client, still sending, reads the answer instead of a reset connection.
 * Beyond it the connection is cut: nobody gets to make us read forever.
 */
export const DRAIN_FACTOR = 8;

export type BodyLimitResult =
  | { ok: true; text: string }
  | { ok: false; status: 413 | 400; message: string; reason: string };

/**
 * Read a request body up to `maxBytes`; refuse larger bodies without buffering them. A refused
 * body is drained (read and discarded, up to DRAIN_FACTOR × maxBytes) before this returns.
 */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<BodyLimitResult> {
  const tooLarge = {
    ok: false as const,
    status: 413 as const,
    message: `The request body is larger than ${maxBytes} bytes.`,
    reason: "PAYLOAD_TOO_LARGE",
  };
  const drainLimit = maxBytes * DRAIN_FACTOR;
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > drainLimit) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > drainLimit) return tooLarge;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) return tooLarge;
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

function sendError(
  res: ServerResponse,
  status: number,
  requestId: string,
  message: string,
  reason: string,
  headers: Readonly<Record<string, string>> = {},
) {
  const body = JSON.stringify({
    errors: [{ message, extensions: { code: "BAD_USER_INPUT", reason } }],
  });
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-request-id": requestId,
    // Whoever sends an oversized body once will again: do not keep the connection.
    ...(status === 413 ? { connection: "close" } : {}),
  });
  res.end(body);
}

/** Serve one HTTP request to /graphql. */
export async function serveHttp(
  server: GraphqlServer,
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpServeOptions,
): Promise<void> {
  const requestId = requestIdOf(req);
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }

  let body: unknown;
  if (req.method === "POST") {
    const read = await readJsonBody(req, options.maxBodyBytes);
    if (!read.ok) {
      sendError(res, read.status, requestId, read.message, read.reason, options.headers);
      return;
    }
    const contentType = headers.get("content-type") ?? "";
    if (/^application\/(.+\+)?json\b/i.test(contentType) && read.text.trim() !== "") {
      try {
        body = JSON.parse(read.text);
      } catch {
        sendError(
          res,
          400,
          requestId,
          "The request body is not valid JSON.",
          "MALFORMED_JSON",
          options.headers,
        );
        return;
      }
    } else {
      body = read.text;
    }
  }

  const response = await server.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
    context: () => server.context({ requestId, authorization: headers.get("authorization") }),
  });

  const outgoing: Record<string, string> = { ...options.headers, "x-request-id": requestId };
  for (const [name, value] of response.headers) outgoing[name] = value;
  res.writeHead(response.status ?? 200, outgoing);
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
