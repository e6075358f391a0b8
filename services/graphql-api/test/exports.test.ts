// exportPaper end to end in process: who may export, what the files hold (with and without
// comments), the limits, and the local download links (signed, expiring).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXPORT_LIMITS } from "@accord/domain";
import { appendBody, type BodyJson } from "@accord/render";
import { createMemoryStore } from "@accord/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  createCollabDocuments,
  createLocalExportFiles,
  type LocalExportFiles,
} from "../src/index.ts";
import { codeOf, dataOf, startTestApi, type TestApi } from "./support.ts";

const text = (value: string, ...marks: string[]): BodyJson => ({
  type: "text",
  text: value,
  marks: marks.map((type) => ({ type })),
});

const BODY: BodyJson[] = [
  { type: "heading", attrs: { level: 1 }, content: [text("Argo data sharing")] },
  {
    type: "paragraph",
    content: [text("Floats measure "), text("temperature", "bold"), text(" and salinity.")],
  },
  {
    type: "bulletList",
    content: [
      { type: "listItem", content: [{ type: "paragraph", content: [text("Open data")] }] },
      {
        type: "listItem",
        content: [{ type: "paragraph", content: [text("Shared buoys", "italic")] }],
      },
    ],
  },
];

const EXPORT = `mutation($p: ID!, $f: ExportFormat!, $c: Boolean) {
  exportPaper(paperId: $p, format: $f, includeComments: $c) { url filename contentType bytes expiresAt }
}`;

interface PaperExport {
  url: string;
  filename: string;
  contentType: string;
  bytes: number;
  expiresAt: string;
}

const dir = mkdtempSync(join(tmpdir(), "accord-exports-"));
let now = Date.parse("2026-03-01T09:00:00Z");
/** Each reading of the clock moves it on by `tick` ms (0 unless a test says otherwise). */
let tick = 0;
const clock = () => {
  now += tick;
  return new Date(now);
};
const files: LocalExportFiles = createLocalExportFiles({
  dir,
  origin: () => "http://accord.test",
  clock,
});
const limits = { ...EXPORT_LIMITS };
let api: TestApi;
let lead: string;
let outsider: string;

async function download(url: string) {
  const parsed = new URL(url);
  const id = parsed.pathname.split("/").pop()!;
  return files.open(id, parsed.searchParams.get("expires"), parsed.searchParams.get("sig"));
}

async function newPaper(body: BodyJson[] = BODY): Promise<string> {
  const { createWorkingGroup } = dataOf(
    await api.gql<{ createWorkingGroup: { id: string } }>(
      `mutation { createWorkingGroup(input: { name: "Oceans" }) { id } }`,
      {},
      lead,
    ),
  );
  const { createPaper } = dataOf(
    await api.gql<{ createPaper: { id: string } }>(
      `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Argo: data sharing", summary: "Why floats' data should be open." }) { id } }`,
      { g: createWorkingGroup.id },
      lead,
    ),
  );
  const doc = new Y.Doc();
  appendBody(doc, body);
  await api.store.documents.append(createPaper.id, Y.encodeStateAsUpdate(doc), {
    memberId: null,
    at: new Date(now).toISOString(),
  });
  return createPaper.id;
}

beforeAll(async () => {
  const store = createMemoryStore();
  api = await startTestApi({
    store,
    documents: createCollabDocuments(store),
    exports: { files, limits },
    clock,
  });
  lead = await api.token("export-lead", { coordinator: true });
  outsider = await api.token("export-outsider");
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("exportPaper", () => {
  it("writes each format behind a link that works for a few minutes", async () => {
    const paperId = await newPaper();
    const expected = {
      MARKDOWN: ["text/markdown; charset=utf-8", "Argo-data-sharing.md"],
      HTML: ["text/html; charset=utf-8", "Argo-data-sharing.html"],
      DOCX: [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Argo-data-sharing.docx",
      ],
      PDF: ["application/pdf", "Argo-data-sharing.pdf"],
    } as const;
    for (const [format, [contentType, filename]] of Object.entries(expected)) {
      const { exportPaper } = dataOf(
        await api.gql<{ exportPaper: PaperExport }>(EXPORT, { p: paperId, f: format }, lead),
      );
      expect(exportPaper).toMatchObject({ contentType, filename });
      expect(Date.parse(exportPaper.expiresAt) - now).toBe(EXPORT_LIMITS.linkTtlSeconds * 1000);
      expect(exportPaper.url).toMatch(/^http:\/\/accord\.test\/exports\/[\w-]+\?expires=\d+&sig=/);
      const file = await download(exportPaper.url);
      expect(file.status).toBe("ok");
      if (file.status !== "ok") continue;
      expect(file.bytes.byteLength).toBe(exportPaper.bytes);
      expect(file.contentType).toBe(contentType);
      if (format === "MARKDOWN") {
        expect(new TextDecoder().decode(file.bytes)).toContain(
          "# Argo: data sharing\n\nWorking group: Oceans  \nAuthors: export-lead",
        );
        expect(new TextDecoder().decode(file.bytes)).toContain(
          "# Argo data sharing\n\nFloats measure **temperature** and salinity.\n\n- Open data\n- _Shared buoys_",
        );
      }
      if (format === "PDF") expect(Buffer.from(file.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    }
  });

  it("adds comment threads as footnotes when asked", async () => {
    const paperId = await newPaper();
    const content = dataOf(
      await api.gql<{ paper: { content: { text: string } } }>(
        `query($p: ID!) { paper(id: $p) { content { text } } }`,
        { p: paperId },
        lead,
      ),
    ).paper.content.text;
    const from = content.indexOf("temperature");
    dataOf(
      await api.gql(
        `mutation($p: ID!, $from: Int!, $to: Int!) { addComment(input: { paperId: $p, body: "Which depth?", range: { from: $from, to: $to } }) { id } }`,
        { p: paperId, from, to: from + "temperature".length },
        lead,
      ),
    );
    dataOf(
      await api.gql(
        `mutation($p: ID!) { addComment(input: { paperId: $p, body: "Good start" }) { id } }`,
        { p: paperId },
        lead,
      ),
    );
    const exportAs = async (includeComments: boolean) => {
      const { exportPaper } = dataOf(
        await api.gql<{ exportPaper: PaperExport }>(
          EXPORT,
          { p: paperId, f: "MARKDOWN", c: includeComments },
          lead,
        ),
      );
      const file = await download(exportPaper.url);
      return file.status === "ok" ? new TextDecoder().decode(file.bytes) : "";
    };
    const withComments = await exportAs(true);
    expect(withComments).toContain("Floats measure **temperature**[^1] and salinity.");
    expect(withComments).toContain("[^1]: “temperature”: export-lead (2026-03-01): Which depth?");
    expect(withComments).toContain("[^2]: export-lead (2026-03-01): Good start");
    expect(await exportAs(false)).not.toContain("Which depth?");
  });

  it("answers NOT_FOUND for a paper the caller cannot read, as paper(id) does", async () => {
    const paperId = await newPaper();
    expect(codeOf(await api.gql(EXPORT, { p: paperId, f: "PDF" }, outsider))).toBe("NOT_FOUND");
    expect(codeOf(await api.gql(EXPORT, { p: paperId, f: "PDF" }, null))).toBe("NOT_FOUND");
    expect(codeOf(await api.gql(EXPORT, { p: "no-such-paper", f: "PDF" }, lead))).toBe("NOT_FOUND");
  });

  it(`refuses a body over ${EXPORT_LIMITS.maxBodyCharacters} characters`, async () => {
    const long = "Ocean data. ".repeat(Math.ceil(EXPORT_LIMITS.maxBodyCharacters / 12) + 1);
    const paperId = await newPaper([{ type: "paragraph", content: [text(long)] }]);
    const response = await api.gql(EXPORT, { p: paperId, f: "MARKDOWN" }, lead);
    expect(codeOf(response)).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.extensions).toMatchObject({
      reason: "PAYLOAD_TOO_LARGE",
      limit: "maxBodyCharacters",
    });
    expect(response.errors?.[0]?.message).toMatch(/at most 1,000,000/);
  });

  it(`stops a render that runs over ${EXPORT_LIMITS.renderTimeoutMs / 1000} s`, async () => {
    const paperId = await newPaper();
    // Every reading of the clock now moves it on by 4 s: the render is past its time at its
    // third checkpoint (the paper has three blocks and two list items).
    tick = 4_000;
    try {
      const response = await api.gql(EXPORT, { p: paperId, f: "PDF" }, lead);
      expect(codeOf(response)).toBe("BAD_USER_INPUT");
      expect(response.errors?.[0]?.extensions).toMatchObject({
        reason: "PAYLOAD_TOO_LARGE",
        limit: "renderTimeoutMs",
      });
    } finally {
      tick = 0;
    }
  });

  it("makes one export per request", async () => {
    const paperId = await newPaper();
    const response = await api.gql<Record<string, PaperExport | null>>(
      `mutation($p: ID!) {
        first: exportPaper(paperId: $p, format: MARKDOWN) { bytes }
        second: exportPaper(paperId: $p, format: PDF) { bytes }
      }`,
      { p: paperId },
      lead,
    );
    // The field is non-null: the refused second export nulls the whole answer.
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({
      path: ["second"],
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("refuses comments over the thread limit, and exports without them", async () => {
    const paperId = await newPaper();
    for (const body of ["One", "Two"]) {
      dataOf(
        await api.gql(
          `mutation($p: ID!, $b: String!) { addComment(input: { paperId: $p, body: $b }) { id } }`,
          { p: paperId, b: body },
          lead,
        ),
      );
    }
    limits.maxCommentThreads = 1;
    try {
      const refused = await api.gql(EXPORT, { p: paperId, f: "MARKDOWN", c: true }, lead);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        reason: "PAYLOAD_TOO_LARGE",
        limit: "maxCommentThreads",
      });
      expect(refused.errors?.[0]?.message).toMatch(/Export it without comments/);
      const plain = await api.gql(EXPORT, { p: paperId, f: "MARKDOWN", c: false }, lead);
      expect(plain.errors).toBeUndefined();
    } finally {
      limits.maxCommentThreads = EXPORT_LIMITS.maxCommentThreads;
    }
  });

  it("refuses a file over the size limit", async () => {
    const paperId = await newPaper();
    limits.maxFileBytes = 100;
    try {
      const response = await api.gql(EXPORT, { p: paperId, f: "DOCX" }, lead);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        reason: "PAYLOAD_TOO_LARGE",
        limit: "maxFileBytes",
      });
    } finally {
      limits.maxFileBytes = EXPORT_LIMITS.maxFileBytes;
    }
  });
});

describe("local download links", () => {
  it("refuse a changed signature or id, and are gone once expired", async () => {
    const paperId = await newPaper();
    const { exportPaper } = dataOf(
      await api.gql<{ exportPaper: PaperExport }>(EXPORT, { p: paperId, f: "HTML" }, lead),
    );
    const url = new URL(exportPaper.url);
    const id = url.pathname.split("/").pop()!;
    const expires = url.searchParams.get("expires");
    const sig = url.searchParams.get("sig")!;
    expect((await files.open(id, expires, sig)).status).toBe("ok");
    expect((await files.open(id, expires, `${sig.slice(0, -2)}AA`)).status).toBe("forbidden");
    expect((await files.open(id, String(Number(expires) + 600), sig)).status).toBe("forbidden");
    expect((await files.open("../../etc/passwd", expires, sig)).status).toBe("forbidden");
    expect((await files.open(id, null, sig)).status).toBe("forbidden");
    now += EXPORT_LIMITS.linkTtlSeconds * 1000;
    expect((await files.open(id, expires, sig)).status).toBe("gone");
  });
});
