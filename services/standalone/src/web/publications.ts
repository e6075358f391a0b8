// Public pages of published papers at /p/<paperId>, served from the directory the GraphQL API
// writes them to: 200 for a published paper, 410 for a withdrawn one, 404 for anything else.
// Readable without signing in, with the same security headers as every other route.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PublicationReader } from "@accord/publication";
import { refusedUnlessRead, send } from "./respond.ts";

export const PUBLIC_PAGES_PREFIX = "/p/";

const HTML = "text/html; charset=utf-8";
const PLAIN = { "content-type": "text/plain; charset=utf-8" };

/** The paper id of a public page's path (/p/<id>, or /p/<id>/ with anything after it). */
export function pagePaperId(pathname: string): string | null {
  if (!pathname.startsWith(PUBLIC_PAGES_PREFIX)) return null;
  const rest = pathname.slice(PUBLIC_PAGES_PREFIX.length).split("/")[0] ?? "";
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

export function createPublicPagesHandler(
  pages: PublicationReader,
  security: Record<string, string>,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    if (refusedUnlessRead(request, response, { ...security, ...PLAIN })) return;
    const url = new URL(request.url ?? "/", "http://localhost");
    const paperId = pagePaperId(url.pathname);
    const page = paperId ? await pages.read(paperId) : null;
    if (!page) {
      send(response, 404, "No published paper here.\n", { ...security, ...PLAIN });
      return;
    }
    const status = page.status === "gone" ? 410 : 200;
    const headers = { ...security, "content-type": HTML, "cache-control": "no-cache" };
    if (request.method === "HEAD") {
      response.writeHead(status, {
        ...headers,
        "content-length": String(Buffer.byteLength(page.html)),
      });
      response.end();
      return;
    }
    send(response, status, page.html, headers);
  };
}
