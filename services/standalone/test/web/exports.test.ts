// Downloads of exported papers on the local server: exportPaper's link fetched over real HTTP
// (attachment, type, size, security headers), a changed link refused with 403, an expired one
// answered 410.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, ExportPaperDocument } from "@accord/client";
import { createLocalExportFiles } from "@accord/graphql-api";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { appendBody } from "@accord/render";
import { openSqliteStore } from "@accord/storage-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type RunningServer, SQLITE_FILE, startServer } from "../../src/index.ts";
import { createExportDownloadHandler } from "../../src/web/index.ts";

let server: RunningServer;
let dataDir: string;
let origin: string;
let token: string;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "accord-exports-"));
  server = await startServer({ port: 0, dataDir, store: "sqlite", logLevel: "warn" });
  origin = `http://127.0.0.1:${server.port}`;
  token = await mintLocalToken(await loadOrCreateDevSigningKey(dataDir), { username: "ana" });
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A paper whose body was written into the server's SQLite file by a second connection. */
async function paperWithBody(): Promise<string> {
  const { createWorkingGroup } = await gql<{ createWorkingGroup: { id: string } }>(
    `mutation { createWorkingGroup(input: { name: "Oceans" }) { id } }`,
  );
  const { createPaper } = await gql<{ createPaper: { id: string } }>(
    `mutation ($group: ID!) { createPaper(input: { workingGroupId: $group, title: "Ocean observation" }) { id } }`,
    { group: createWorkingGroup.id },
  );
  const doc = new Y.Doc();
  appendBody(doc, [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Floats" }] },
    {
      type: "paragraph",
      content: [{ type: "text", text: "Open data", marks: [{ type: "bold" }] }],
    },
  ]);
  const store = openSqliteStore({ file: join(dataDir, SQLITE_FILE) });
  try {
    await store.documents.append(createPaper.id, Y.encodeStateAsUpdate(doc), {
      memberId: null,
      at: new Date().toISOString(),
    });
  } finally {
    await store.close();
  }
  return createPaper.id;
}

const EXPORT = `mutation ($p: ID!, $f: ExportFormat!) {
  exportPaper(paperId: $p, format: $f) { url filename contentType bytes } }`;

describe("/exports/<id>", () => {
  it("downloads an export, as an attachment, by the link exportPaper gave", async () => {
    const paperId = await paperWithBody();
    const { exportPaper } = await gql<{
      exportPaper: { url: string; filename: string; contentType: string; bytes: number };
    }>(EXPORT, { p: paperId, f: "MARKDOWN" });
    expect(new URL(exportPaper.url).port).toBe(String(server.port));
    const response = await fetch(exportPaper.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="Ocean-observation.md"',
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBe(exportPaper.bytes);
    expect(text).toContain("## Floats\n\n**Open data**");

    // The client SDK's typed operation.
    const client = createClient({ url: `${origin}/graphql`, token });
    const docx = await client.request(ExportPaperDocument, { paperId, format: "DOCX" });
    expect(docx.exportPaper.filename).toBe("Ocean-observation.docx");
    const file = new Uint8Array(await (await fetch(docx.exportPaper.url)).arrayBuffer());
    expect(file.byteLength).toBe(docx.exportPaper.bytes);
    // A DOCX is a zip archive.
    expect(Buffer.from(file.subarray(0, 2)).toString()).toBe("PK");
  });

  it("refuses a link that was changed or never given (403)", async () => {
    const paperId = await paperWithBody();
    const { exportPaper } = await gql<{ exportPaper: { url: string } }>(EXPORT, {
      p: paperId,
      f: "HTML",
    });
    const url = new URL(exportPaper.url);
    const later = new URL(url);
    later.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3_600));
    const otherId = new URL(url);
    otherId.pathname = "/exports/00000000-0000-0000-0000-000000000000";
    for (const bad of [later, otherId, new URL("/exports/anything", origin)]) {
      const response = await fetch(bad);
      expect(response.status, bad.href).toBe(403);
      expect(await response.text()).toBe("This download link is not valid.\n");
    }
    const post = await fetch(url, { method: "POST" });
    expect(post.status).toBe(405);
    await post.text();
  });
});

describe("the download handler", () => {
  it("answers 410 once a link has expired, and removes the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accord-export-files-"));
    let now = Date.parse("2026-03-01T09:00:00Z");
    let http: Server | null = null;
    try {
      let base = "";
      const files = createLocalExportFiles({ dir, origin: () => base, clock: () => new Date(now) });
      const handler = createExportDownloadHandler(files, { "x-content-type-options": "nosniff" });
      http = createServer((req, res) => {
        handler(req, res).catch(() => res.destroy());
      });
      const listening = http;
      await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const { url } = await files.publish(
        {
          id: "e-1",
          filename: "a.md",
          contentType: "text/markdown; charset=utf-8",
          bytes: new TextEncoder().encode("# A"),
        },
        new Date(now + 300_000),
      );
      const fresh = await fetch(url);
      expect(fresh.status).toBe(200);
      expect(await fresh.text()).toBe("# A");
      now += 300_000;
      const expired = await fetch(url);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toMatch(/expired/);
      // Even were the clock to go back, the file is gone.
      now -= 300_000;
      const again = await fetch(url);
      expect(again.status).toBe(410);
      await again.text();
    } finally {
      await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
