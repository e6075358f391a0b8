// Plain and JSON answers of the web handler, each with the security headers of the handler
// that serves the response.
import type { IncomingMessage, ServerResponse } from "node:http";

export function send(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  response.writeHead(status, {
    ...headers,
    "content-length": String(Buffer.byteLength(body)),
  });
  response.end(body);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string>,
): void {
  send(response, status, JSON.stringify(value), {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
}

/**
 * Answer 405 to anything but GET and HEAD (the routes that only serve files and pages); true
 * when it did, so the caller stops there.
 */
export function refusedUnlessRead(
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  send(response, 405, "Method not allowed\n", { ...headers, allow: "GET, HEAD" });
  return true;
}
