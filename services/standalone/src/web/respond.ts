// Plain and JSON answers of the web handler, each with the security headers of the handler
// that serves the response.
import type { ServerResponse } from "node:http";

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
