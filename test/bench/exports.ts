// Exports of a 20-page paper (~10,000 words with headings, lists and marks): per format, the time
// of one `exportPaper` request over HTTP on the in-memory store (load, render, write the file
// with the local adapter), beside the render alone and the tree it reads (paperTree, the
// baseline every format pays), with and without 40 comment threads as notes. Run:
// pnpm --filter @accord/bench bench:exports (sizes in exports-config.ts). Writes the "Exports"
// section of RESULTS.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Comment, DEFAULT_LIMITS, EXPORT_LIMITS, type PositionPaper } from "@accord/domain";
import {
  createCollabDocuments,
  createJsonLogger,
  createLocalExportFiles,
  createServer,
  serveHttp,
} from "@accord/graphql-api";
import type { Authenticator } from "@accord/identity";
import { appendBody, type BodyJson, paperTree } from "@accord/render";
import { EXPORT_FORMATS, type ExportFormat, renderExport } from "@accord/render/exports";
import { createMemoryStore } from "@accord/storage";
import * as Y from "yjs";
import { EXPORTS_BENCH as config } from "./exports-config.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

// A deterministic generator (mulberry32), so every run measures the same paper.
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "ocean climate energy space supply chain technology control science diplomacy treaty " +
  "monitoring data sharing floats satellites emissions adaptation resilience cooperation " +
  "agreement protocol observation research capacity governance security standards export " +
  "partners regional global national policy evidence assessment transition investment"
).split(" ");

function paperBody(): { body: BodyJson[]; words: number } {
  const next = random(config.seed);
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  let words = 0;
  const sentence = (n: number) => {
    words += n;
    return Array.from({ length: n }, word).join(" ");
  };
  const text = (value: string, ...marks: string[]): BodyJson => ({
    type: "text",
    text: value,
    marks: marks.map((type) =>
      type === "link" ? { type, attrs: { href: "https://example.org/source" } } : { type },
    ),
  });
  const paragraph = (): BodyJson => {
    const n = config.wordsPerParagraph;
    return {
      type: "paragraph",
      content: [
        text(`${sentence(Math.floor(n * 0.4))} `),
        text(sentence(3), "bold"),
        text(` ${sentence(Math.floor(n * 0.3))} `),
        text(sentence(3), "italic"),
        text(" "),
        text(sentence(2), "link"),
        text(` ${sentence(n - Math.floor(n * 0.4) - Math.floor(n * 0.3) - 8)}.`),
      ],
    };
  };
  const heading = (level: number, title: string): BodyJson => ({
    type: "heading",
    attrs: { level },
    content: [text(title)],
  });
  const list = (ordered: boolean): BodyJson => ({
    type: ordered ? "orderedList" : "bulletList",
    content: Array.from({ length: config.listItems }, () => ({
      type: "listItem",
      content: [{ type: "paragraph", content: [text(`${sentence(12)}.`)] }],
    })),
  });
  const body: BodyJson[] = [heading(1, "Ocean observation and data sharing")];
  for (let s = 1; s <= config.sections; s++) {
    body.push(heading(2, `${s}. ${sentence(4)}`));
    for (let u = 1; u <= config.subsections; u++) {
      body.push(heading(3, `${s}.${u} ${sentence(3)}`));
      for (let p = 0; p < config.paragraphs; p++) body.push(paragraph());
      body.push(list(u % 2 === 0));
    }
    body.push({ type: "blockquote", content: [paragraph()] });
  }
  return { body, words };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * Wall time, and CPU time of this process (server and client both): unlike wall time, CPU time
 * does not grow when other processes hold the cores.
 */
async function timed<T>(
  run: () => Promise<T>,
): Promise<{ times: number[]; cpu: number[]; last: T }> {
  for (let i = 0; i < config.warmup; i++) await run();
  const times: number[] = [];
  const cpu: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < config.iterations; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    last = await run();
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    times: times.sort((a, b) => a - b),
    cpu: cpu.sort((a, b) => a - b),
    last: last as T,
  };
}

const store = createMemoryStore();
const now = new Date().toISOString();
const memberId = "bench-lead";
await store.members.create({
  id: memberId,
  subject: "bench-lead",
  displayName: "Ana Ruiz",
  affiliation: null,
  country: null,
  community: null,
  expertiseTopicIds: [],
  platformRole: "MEMBER",
  version: 1,
  createdAt: now,
  updatedAt: now,
});
await store.workingGroups.create(
  {
    id: "bench-group",
    name: "Oceans",
    description: "",
    topicIds: [],
    createdBy: memberId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  },
  { workingGroupId: "bench-group", memberId, role: "CONVENER", addedAt: now },
);
const paper: PositionPaper = {
  id: "bench-paper",
  workingGroupId: "bench-group",
  title: "Ocean observation and data sharing",
  summary: "A joint position of the oceans working group.",
  topicIds: [],
  diplomacyTypes: [],
  // Published: anyone may export it, so the requests carry no token.
  status: "PUBLISHED",
  createdBy: memberId,
  publishedAt: now,
  version: 1,
  createdAt: now,
  updatedAt: now,
};
await store.papers.create(paper, {
  paperId: paper.id,
  memberId,
  role: "LEAD",
  addedBy: memberId,
  addedAt: now,
});
const { body, words } = paperBody();
const doc = new Y.Doc();
appendBody(doc, body);
await store.documents.append(paper.id, Y.encodeStateAsUpdate(doc), { memberId, at: now });

// Comment threads on the first words of evenly spaced paragraphs.
const documents = createCollabDocuments(store);
const opened = await documents.open(paper.id);
const text = opened.content().text;
for (let i = 0; i < config.commentThreads; i++) {
  const from = Math.floor((text.length / config.commentThreads) * i);
  const comment: Comment = {
    id: `bench-thread-${i}`,
    paperId: paper.id,
    threadId: `bench-thread-${i}`,
    authorId: memberId,
    body: "Which source supports this figure? Please cite the assessment.",
    anchor: opened.anchorFor(from, from + 20),
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await store.comments.create(comment);
}

const noTokens: Authenticator = {
  async verify() {
    throw new Error("The benchmark sends no bearer tokens to verify.");
  },
};
const filesDir = mkdtempSync(join(tmpdir(), "accord-bench-exports-"));
let origin = "";
const server = createServer({
  store,
  authenticator: noTokens,
  limits: DEFAULT_LIMITS,
  documents,
  exports: {
    files: createLocalExportFiles({ dir: filesDir, origin: () => origin }),
    limits: EXPORT_LIMITS,
  },
  logger: createJsonLogger({ write: () => {}, level: "error" }),
  development: false,
});
await server.apollo.start();
const http = createHttpServer((req, res) => {
  void serveHttp(server, req, res, { maxBodyBytes: DEFAULT_LIMITS.graphql.maxBodyBytes });
});
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

const EXPORT = `mutation($p: ID!, $f: ExportFormat!, $c: Boolean) {
  exportPaper(paperId: $p, format: $f, includeComments: $c) { url bytes } }`;
async function exportOverHttp(format: ExportFormat, includeComments: boolean) {
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: EXPORT,
      variables: { p: paper.id, f: format, c: includeComments },
    }),
  });
  const result = (await response.json()) as {
    data?: { exportPaper: { url: string; bytes: number } };
    errors?: unknown;
  };
  if (!result.data) throw new Error(`exportPaper failed: ${JSON.stringify(result.errors)}`);
  return result.data.exportPaper;
}

const loadStart = loadavg()[0]!;
const tree = await timed(async () => paperTree(doc));
const document = {
  title: paper.title,
  details: ["Working group: Oceans", "Authors: Ana Ruiz"],
  summary: paper.summary,
  tree: tree.last,
  notes: [],
};
const rows: string[] = [];
let slowest = 0;
const fmt = (ms: number) => ms.toFixed(1);
for (const format of EXPORT_FORMATS) {
  const render = await timed(() => renderExport(format, document));
  const request = await timed(() => exportOverHttp(format, false));
  const withComments = await timed(() => exportOverHttp(format, true));
  const bytes = render.last.bytes;
  const pages =
    format === "PDF"
      ? ` (${
          (
            Buffer.from(bytes)
              .toString("latin1")
              .match(/\/Type \/Page\b/g) ?? []
          ).length
        } pages)`
      : "";
  rows.push(
    `| ${format} | ${fmt(percentile(render.times, 50))} | ${fmt(percentile(render.cpu, 50))} | ${fmt(percentile(request.times, 50))} | ${fmt(percentile(request.times, 95))} | ${fmt(percentile(request.cpu, 50))} | ${fmt(percentile(withComments.times, 50))} | ${(bytes.byteLength / 1024).toFixed(1)} KiB${pages} |`,
  );
  console.log(rows[rows.length - 1]);
  slowest = Math.max(slowest, percentile(request.times, 95), percentile(withComments.times, 95));
}
const loadEnd = loadavg()[0]!;
await new Promise<void>((resolve) => http.close(() => resolve()));
await server.apollo.stop();
rmSync(filesDir, { recursive: true, force: true });

const date = new Date().toISOString().slice(0, 10);
const section = `## Exports

\`exportPaper\` of a ${config.sections * config.subsections}-subsection paper of ${words.toLocaleString("en")} words
(headings on three levels, ${config.sections * config.subsections} lists, ${config.sections} quotes, bold, italic and
links in every paragraph), PUBLISHED, on the in-memory store: one request over HTTP (load the document, build the
tree, render, write the file with the local adapter), ${config.iterations} timed after ${config.warmup} untimed per
format; "render" is \`renderExport\` alone on a tree built once. Building the tree (\`paperTree\`, which every format
pays) takes ${fmt(percentile(tree.times, 50))} ms p50. "with comments" adds ${config.commentThreads} anchored threads
as notes (footnotes in DOCX and Markdown). ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? "unknown"}), load
average ${loadStart.toFixed(2)} at the start and ${loadEnd.toFixed(2)} at the end; ${date}. The export limits
(\`EXPORT_LIMITS\` in packages/domain/src/limits.ts) allow ${EXPORT_LIMITS.renderTimeoutMs / 1000} s of rendering: the slowest request here (p95) took
${((slowest / EXPORT_LIMITS.renderTimeoutMs) * 100).toFixed(0)} % of that. Wall times grow with the machine's load; CPU times do not.

Command: \`pnpm --filter @accord/bench bench:exports\` (sizes in test/bench/exports-config.ts).

| format | render p50 (ms) | render CPU p50 | request p50 (ms) | request p95 | request CPU p50 | with comments p50 | file |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;

const resultsFile = join(HERE, "RESULTS.md");
const current = readFileSync(resultsFile, "utf8");
const lines = current.split("\n");
const start = lines.indexOf("## Exports");
let next: string;
if (start === -1) {
  next = `${current.trimEnd()}\n\n${section}`;
} else {
  const after = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const rest = after === -1 ? "" : `\n${lines.slice(after).join("\n")}`;
  next = `${lines.slice(0, start).join("\n")}${start > 0 ? "\n" : ""}${section}${rest}`;
}
writeFileSync(resultsFile, next.endsWith("\n") ? next : `${next}\n`);
console.log(`\n${section}`);
