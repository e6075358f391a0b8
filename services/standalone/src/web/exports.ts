// Downloads of exported papers at /exports/<id>?expires=…&sig=…, the links exportPaper gives on
// the local process: 200 with the file as an attachment (never shown inline, so an HTML export
// cannot run in this origin), 403 for a link not signed here, 410 once it has expired.
import type { IncomingMessage, ServerResponse } from "node:http";
import { EXPORTS_PATH, type LocalExportFiles } from "@accord/graphql-api";
import { refusedUnlessRead, send } from "./respond.ts";

const PLAIN = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

export const isExportDownload = (pathname: string) => pathname.startsWith(EXPORTS_PATH);

export function createExportDownloadHandler(
  files: LocalExportFiles,
  security: Record<string, string>,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    if (refusedUnlessRead(request, response, { ...security, ...PLAIN })) return;
    const url = new URL(request.url ?? "/", "http://localhost");
    const id = url.pathname.slice(EXPORTS_PATH.length);
    const opened = await files.open(
      id,
      url.searchParams.get("expires"),
      url.searchParams.get("sig"),
    );
    if (opened.status === "forbidden") {
      send(response, 403, "This download link is not valid.\n", { ...security, ...PLAIN });
      return;
    }
    if (opened.status === "gone") {
      send(response, 410, "This download link has expired; export the paper again.\n", {
        ...security,
        ...PLAIN,
      });
      return;
    }
    response.writeHead(200, {
      ...security,
      "content-type": opened.contentType,
      "content-disposition": `attachment; filename="${opened.filename.replace(/["\\\r\n]/g, "")}"`,
      "content-length": String(opened.bytes.byteLength),
      "cache-control": "private, no-store",
    });
    response.end(request.method === "HEAD" ? undefined : opened.bytes);
  };
}
