// Scale on one machine: stock clients on many papers against the real local server process
// (one writer typing per paper, the others watching), load from worker threads; delivery latency
// per window, the server's CPU and memory, errors and lost edits. Then a step-up run that adds
// clients until p99 passes 50 ms or errors appear, and says why it broke. Then the same load,
// smaller, on serverless-local, with what it would cost per 1,000 edits at AWS list prices.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AccordClient,
  AddCollaboratorDocument,
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  createClient,
  MeDocument,
} from "@accord/client";
import { documentFromState } from "@accord/collab";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { createDynamoClient, createDynamoStore } from "@accord/storage-dynamodb";
import { startDynamoDbLocal } from "@accord/storage-dynamodb/testing";
import { openSqliteStore } from "@accord/storage-sqlite";
import { startServerlessLocal } from "@accord/test-support";
import { AWS_PRICES, SERVERLESS_BENCH } from "../../../bench/serverless-config.ts";
import { type ServerProcess, startServerProcess } from "../local/server-process.ts";
import { SQLITE_FILE } from "../local/storage-check.ts";
import { paragraphTexts, percentile, round } from "../measure.ts";
import { newReport, type Profile, type ScenarioReport } from "../report.ts";
import { LoadPool } from "../scale/load-pool.ts";
import { CpuMeter, rssMiB } from "../scale/process-stats.ts";
import type { PaperAssignment } from "../scale/protocol.ts";
import { httpProbe, measureWindow, type WindowRow, windowFigure } from "../scale/windows.ts";
import { startMeterProxy } from "../serverless/dynamodb-meter-proxy.ts";

export interface LoadSize {
  papers: number;
  /** Clients on each paper: one writer, the rest watching. */
  clientsPerPaper: number;
  /** How long the writers type, ms (a whole number of windows). */
  durationMs: number;
  windowMs: number;
  /** Each writer types one paragraph this often, ms. */
  typingEveryMs: number;
}

export interface StepUpSize {
  /** Total clients at each step, rising; the run stops at the first step that breaks. */
  clients: number[];
  clientsPerPaper: number;
  /** Measured time of a step, after `warmupMs` of typing that is not measured. */
  stepMs: number;
  warmupMs: number;
  typingEveryMs: number;
  /** The whole step-up stops after this long even if nothing broke. */
  maxTotalMs: number;
}

export interface ScaleOptions {
  profile: Profile;
  /** Load-generating worker threads (bounded: the machine's cores are shared with the server). */
  workers: number;
  local: LoadSize;
  stepUp: StepUpSize | null;
  serverless: LoadSize | null;
  log?: (line: string) => void;
}

/** The latency a step must keep at p99 to count as held. */
const P99_TARGET_MS = 50;

export async function scale(options: ScaleOptions): Promise<ScenarioReport> {
  const { local, stepUp, serverless } = options;
  const report = newReport(
    "scale",
    `${local.papers * local.clientsPerPaper} stock clients on ${local.papers} papers of the local server for ${round(local.durationMs / 1000)} s${stepUp ? ", a step-up to p99 > 50 ms" : ""}${serverless ? `, ${serverless.papers * serverless.clientsPerPaper} clients on serverless-local` : ""}`,
    options.profile,
  );
  const log = options.log ?? (() => {});
  await localRun(report, options.workers, local, log);
  if (stepUp) await stepUpRun(report, options.workers, stepUp, log);
  if (serverless) await serverlessRun(report, options.workers, serverless, log);
  report.notes.push(
    `Clients: stock y-websocket WebsocketProviders (ws, disableBc) on the local server, the client SDK's connectPaper (API Gateway transport) on serverless-local, run in ${options.workers} worker thread(s) of the load generator on the same machine as the server. One writer per paper appends a paragraph every few ms; latency is the writer's send to a watcher's document holding it, both in one thread's clock.`,
    "Lost edits: paragraphs a watcher lacks after typing stops and every client had a bounded wait to catch up, plus paragraphs missing from the stored paper (the SQLite file after the server stopped, or the DynamoDB table). Errors: connection closes and socket errors seen by clients before the run closed them, clients not synced in time, and the server's error log lines.",
    "Probe: the round trip of GET /healthz (local) or of the API Gateway emulator's HTTP port (serverless), every 250 ms: it waits behind everything on the server's event loop, so its p99 shows event-loop lag. Server RSS and CPU from /proc/<pid>/status and /proc/<pid>/stat; serverless-local runs the Lambda handlers on the run's own main thread: its CPU is that thread's, its RSS the whole process's (load workers included); DynamoDB Local's JVM is not counted. The local server's heap is not read (it exposes no heap figure): RSS only.",
  );
  return report;
}

// --- shared ----------------------------------------------------------------------------------

interface Papers {
  assignments: PaperAssignment[];
}

/** A writer (LEAD of every paper) and a watcher (EDITOR of every paper), and `count` papers. */
async function draftPapers(
  writer: AccordClient,
  watcher: AccordClient,
  tokens: { writer: string; watcher: string },
  count: number,
  clientsPerPaper: number,
  first = 0,
): Promise<Papers> {
  const { me } = await watcher.request(MeDocument);
  if (!me) throw new Error("the watcher has no member record");
  const { createWorkingGroup } = await writer.request(CreateWorkingGroupDocument, {
    input: { name: `Scale ${first}`, description: "Reliability runs" },
  });
  const assignments: PaperAssignment[] = [];
  for (let i = first; i < first + count; i++) {
    const { createPaper } = await writer.request(CreatePaperDocument, {
      input: { workingGroupId: createWorkingGroup.id, title: `Scale ${i}`, diplomacyTypes: [] },
    });
    await writer.request(AddCollaboratorDocument, {
      input: { paperId: createPaper.id, memberId: me.id, role: "EDITOR" },
    });
    assignments.push({
      paperId: createPaper.id,
      writerToken: tokens.writer,
      watcherToken: tokens.watcher,
      watchers: clientsPerPaper - 1,
    });
  }
  return { assignments };
}

/** Paragraphs "e0" … "e<typed-1>" that `texts` lacks. */
function missingParagraphs(texts: Iterable<string>, typed: number): number {
  const have = new Set(texts);
  let missing = 0;
  for (let n = 0; n < typed; n++) if (!have.has(`e${n}`)) missing += 1;
  return missing;
}

function summarize(
  report: ScenarioReport,
  part: string,
  rows: WindowRow[],
  log: (line: string) => void,
) {
  for (const row of rows) report.figures.push(windowFigure(part, row));
  const all = rows.flatMap((row) => row.latencies);
  report.figures.push(
    [`${part}: deliveries measured`, all.length],
    [
      `${part}: delivery latency p50 / p99 / max over the run, ms`,
      `${round(percentile(all, 50), 1)} / ${round(percentile(all, 99), 1)} / ${round(percentile(all, 100), 1)}`,
    ],
  );
  log(
    `${part}: ${all.length} deliveries, p50 ${round(percentile(all, 50), 1)} ms, p99 ${round(percentile(all, 99), 1)} ms`,
  );
}

const serverErrorLines = (server: ServerProcess) =>
  server.log.filter((line) => /"level"\s*:\s*"(error|fatal)"/.test(line));

// --- the local server ------------------------------------------------------------------------

async function startLocal() {
  const dataDir = mkdtempSync(join(tmpdir(), "accord-chaos-scale-"));
  try {
    const key = await loadOrCreateDevSigningKey(dataDir);
    const server = await startServerProcess({ dataDir, logLevel: "warn" });
    const graphqlUrl = `http://127.0.0.1:${server.port}/graphql`;
    const writerToken = await mintLocalToken(key, {
      username: "scale-writer",
      ttlSeconds: 24 * 3600,
    });
    const watcherToken = await mintLocalToken(key, {
      username: "scale-watcher",
      ttlSeconds: 24 * 3600,
    });
    const writer = createClient({ url: graphqlUrl, token: writerToken });
    const watcher = createClient({ url: graphqlUrl, token: watcherToken });
    await writer.request(MeDocument);
    return {
      dataDir,
      server,
      writer,
      watcher,
      tokens: { writer: writerToken, watcher: watcherToken },
      collabUrl: `ws://127.0.0.1:${server.port}/collab`,
      probe: httpProbe(`http://127.0.0.1:${server.port}/healthz`),
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Papers of the SQLite file that lack paragraphs their writer typed (the server stopped). */
async function missingInFile(dataDir: string, typedByPaper: Record<string, number>) {
  const store = openSqliteStore({ file: join(dataDir, SQLITE_FILE) });
  let missing = 0;
  try {
    for (const [paperId, typed] of Object.entries(typedByPaper)) {
      const { doc } = documentFromState(await store.documents.load(paperId));
      missing += missingParagraphs(paragraphTexts(doc), typed);
      doc.destroy();
    }
  } finally {
    await store.close();
  }
  return missing;
}

async function localRun(
  report: ScenarioReport,
  workers: number,
  size: LoadSize,
  log: (line: string) => void,
) {
  const part = "local";
  const run = await startLocal();
  let pool: LoadPool | null = null;
  try {
    const { assignments } = await draftPapers(
      run.writer,
      run.watcher,
      run.tokens,
      size.papers,
      size.clientsPerPaper,
    );
    const rssBefore = rssMiB(run.server.pid);
    pool = new LoadPool({ transport: "y-websocket", url: run.collabUrl, workers });
    const openStarted = performance.now();
    const clients = await pool.open(assignments);
    const openMs = performance.now() - openStarted;
    const rssOpen = rssMiB(run.server.pid);
    log(`${part}: ${clients} clients synced on ${size.papers} papers in ${round(openMs)} ms`);
    const cpu = new CpuMeter(run.server.pid);
    const sources = { pool, cpu, rssMiB: () => rssMiB(run.server.pid), probe: run.probe };
    await pool.window();
    await pool.typing(size.typingEveryMs);
    const started = performance.now();
    const rows: WindowRow[] = [];
    const windows = Math.max(1, Math.round(size.durationMs / size.windowMs));
    for (let i = 0; i < windows; i++) {
      const row = await measureWindow(sources, size.windowMs, started);
      rows.push(row);
      log(
        `${part} ${row.atS} s: ${row.deliveries} deliveries, p50 ${row.p50Ms} / p99 ${row.p99Ms} ms, CPU ${row.serverCpu}%, RSS ${row.serverRssMiB} MiB, probe p99 ${row.probeP99Ms} ms, errors ${row.errors}`,
      );
    }
    const finished = await pool.finish();
    const tail = await pool.window();
    const typed = Object.values(finished.typedByPaper).reduce((a, b) => a + b, 0);
    await pool.close();
    pool = null;
    await run.server.stop();
    const inFile = await missingInFile(run.dataDir, finished.typedByPaper);
    const clientErrors = rows.reduce((n, r) => n + r.errors, 0) + tail.errorCount;
    const serverErrors = serverErrorLines(run.server);
    summarize(report, part, rows, log);
    report.figures.push(
      [`${part}: clients (stock providers) / papers`, `${clients} / ${size.papers}`],
      [`${part}: all clients connected and synced, ms`, round(openMs)],
      [`${part}: edits typed (one writer per paper, every ${size.typingEveryMs} ms)`, typed],
      [
        `${part}: server RSS before the papers opened → with every paper open, MiB`,
        `${round(rssBefore)} → ${round(rssOpen)}`,
      ],
      [
        `${part}: server memory per open paper (its ${size.clientsPerPaper} connections included), KiB`,
        round(((rssOpen - rssBefore) * 1024) / size.papers),
      ],
      [`${part}: server RSS at the end of typing, MiB`, rows.at(-1)?.serverRssMiB ?? Number.NaN],
      [
        `${part}: server CPU mean over the windows, % of a core`,
        round(rows.reduce((n, r) => n + r.serverCpu, 0) / Math.max(1, rows.length)),
      ],
      [`${part}: errors (client side)`, clientErrors],
      [`${part}: errors (server log)`, serverErrors.length],
      [`${part}: lost edits (watchers)`, finished.missing],
      [`${part}: lost edits (SQLite file)`, inFile],
    );
    const samples = [...rows.flatMap((r) => r.errorSamples), ...tail.errors].slice(0, 5);
    if (clientErrors > 0)
      report.failures.push(`${part}: ${clientErrors} client error(s): ${samples.join("; ")}`);
    if (serverErrors.length > 0) {
      report.failures.push(`${part}: server error log: ${serverErrors.slice(0, 3).join(" | ")}`);
    }
    if (finished.missing > 0)
      report.failures.push(`${part}: ${finished.missing} edit(s) a watcher never received`);
    if (inFile > 0) report.failures.push(`${part}: ${inFile} edit(s) missing from the SQLite file`);
  } finally {
    await pool?.close();
    await run.server.kill();
    rmSync(run.dataDir, { recursive: true, force: true });
  }
}

// --- step-up ---------------------------------------------------------------------------------

function whyItBroke(row: WindowRow): string {
  const reasons: string[] = [];
  const cores = cpus().length;
  if (row.serverCpu >= 85) {
    reasons.push(
      `the server's CPU was saturated (${row.serverCpu}% of a core; its event loop is one thread)`,
    );
  }
  if (row.probeP99Ms > P99_TARGET_MS) {
    reasons.push(`the server's event loop lagged (probe p99 ${row.probeP99Ms} ms)`);
  }
  if (row.generatorLagMs > P99_TARGET_MS) {
    reasons.push(
      `the load generator's threads lagged too (loop delay p99 ${row.generatorLagMs} ms)`,
    );
  }
  if (row.loadAverage >= cores) {
    reasons.push(
      `the machine's ${cores} cores were saturated (load average ${row.loadAverage}; server and load generator share them)`,
    );
  }
  if (row.errors > 0) reasons.push(`errors: ${row.errorSamples.slice(0, 3).join("; ")}`);
  return reasons.length > 0 ? reasons.join("; ") : "no resource at its limit (latency alone)";
}

async function stepUpRun(
  report: ScenarioReport,
  workers: number,
  size: StepUpSize,
  log: (line: string) => void,
) {
  const part = "step-up";
  const run = await startLocal();
  let pool: LoadPool | null = null;
  const runStarted = performance.now();
  let held = 0;
  let broke: string | null = null;
  let papers = 0;
  try {
    pool = new LoadPool({ transport: "y-websocket", url: run.collabUrl, workers });
    const cpu = new CpuMeter(run.server.pid);
    const sources = { pool, cpu, rssMiB: () => rssMiB(run.server.pid), probe: run.probe };
    for (const target of size.clients) {
      if (performance.now() - runStarted > size.maxTotalMs) {
        report.notes.push(
          `The step-up stopped at its time bound (${round(size.maxTotalMs / 1000)} s) before ${target} clients.`,
        );
        break;
      }
      const more = Math.ceil(target / size.clientsPerPaper) - papers;
      if (more > 0) {
        const { assignments } = await draftPapers(
          run.writer,
          run.watcher,
          run.tokens,
          more,
          size.clientsPerPaper,
          papers,
        );
        await pool.open(assignments);
        papers += more;
      }
      const clients = papers * size.clientsPerPaper;
      await pool.typing(size.typingEveryMs);
      // Warm-up: joins and the first edits on new papers are not the steady state measured.
      await measureWindow(sources, size.warmupMs, performance.now());
      const row = await measureWindow(sources, size.stepMs, performance.now());
      report.figures.push(windowFigure(`${part} ${clients} clients on ${papers} papers`, row));
      log(
        `${part} ${clients} clients: p50 ${row.p50Ms} / p99 ${row.p99Ms} ms, CPU ${row.serverCpu}%, probe p99 ${row.probeP99Ms} ms, generator lag ${row.generatorLagMs} ms, load ${row.loadAverage}, errors ${row.errors}`,
      );
      if (row.p99Ms > P99_TARGET_MS || row.errors > 0 || !Number.isFinite(row.p99Ms)) {
        broke = `at ${clients} clients (p99 ${row.p99Ms} ms, ${row.errors} error(s)): ${whyItBroke(row)}`;
        break;
      }
      held = clients;
    }
    await pool.typing(0);
    const finished = await pool.finish();
    await pool.close();
    pool = null;
    await run.server.stop();
    const inFile = await missingInFile(run.dataDir, finished.typedByPaper);
    report.figures.push(
      [`${part}: most clients held with p99 ≤ ${P99_TARGET_MS} ms`, held],
      [`${part}: where and why it broke`, broke ?? "it did not break within its steps"],
      [`${part}: lost edits (watchers / SQLite file)`, `${finished.missing} / ${inFile}`],
    );
    if (finished.missing > 0 || inFile > 0) {
      report.failures.push(`${part}: lost edits (watchers ${finished.missing}, file ${inFile})`);
    }
    log(`${part}: held ${held} clients; ${broke ?? "did not break"}`);
  } finally {
    await pool?.close();
    await run.server.kill();
    rmSync(run.dataDir, { recursive: true, force: true });
  }
}

// --- serverless-local ------------------------------------------------------------------------

async function serverlessRun(
  report: ScenarioReport,
  workers: number,
  size: LoadSize,
  log: (line: string) => void,
) {
  const part = "serverless";
  const dataDir = mkdtempSync(join(tmpdir(), "accord-chaos-scale-serverless-"));
  const closers: (() => Promise<void> | void)[] = [
    () => rmSync(dataDir, { recursive: true, force: true }),
  ];
  try {
    const dynamodb = await startDynamoDbLocal();
    closers.push(() => dynamodb.stop());
    const meter = await startMeterProxy(dynamodb.endpoint);
    closers.push(() => meter.close());
    const local = await startServerlessLocal({
      dataDir,
      dynamodb: { endpoint: meter.endpoint, tableName: dynamodb.tableName },
      logLevel: "error",
    });
    closers.push(() => local.close());
    let handlerErrors = 0;
    local.emulator.events.on("invocation", (e: { ok: boolean }) => {
      if (!e.ok) handlerErrors += 1;
    });
    const tokens = {
      writer: await local.mintToken("scale-writer", { ttlSeconds: 24 * 3600 }),
      watcher: await local.mintToken("scale-watcher", { ttlSeconds: 24 * 3600 }),
    };
    const writer = createClient({ url: local.graphqlUrl, token: tokens.writer });
    const watcher = createClient({ url: local.graphqlUrl, token: tokens.watcher });
    await writer.request(MeDocument);
    const { assignments } = await draftPapers(
      writer,
      watcher,
      tokens,
      size.papers,
      size.clientsPerPaper,
    );
    const pool = new LoadPool({ transport: "apigateway", url: local.wsUrl, workers });
    closers.push(() => pool.close());
    const clients = await pool.open(assignments);
    await local.emulator.settled();
    log(`${part}: ${clients} clients synced on ${size.papers} papers`);
    // The main thread only: the load workers are threads of this same process.
    const cpu = new CpuMeter(process.pid, process.pid);
    const wsHttp = local.wsUrl.replace(/^ws/, "http");
    const sources = { pool, cpu, rssMiB: () => rssMiB(process.pid), probe: httpProbe(wsHttp) };
    await pool.window();
    // What the typing costs, from here to the last delivery.
    meter.reset();
    local.emulator.resetMetrics();
    const errorsBefore = handlerErrors;
    const typedBefore = (await pool.window()).typed;
    await pool.typing(size.typingEveryMs);
    const started = performance.now();
    const rows: WindowRow[] = [];
    const windows = Math.max(1, Math.round(size.durationMs / size.windowMs));
    for (let i = 0; i < windows; i++) {
      const row = await measureWindow(sources, size.windowMs, started);
      rows.push(row);
      log(
        `${part} ${row.atS} s: ${row.deliveries} deliveries, p50 ${row.p50Ms} / p99 ${row.p99Ms} ms, CPU ${row.serverCpu}%, errors ${row.errors}`,
      );
    }
    const finished = await pool.finish();
    const measuredMs = performance.now() - started;
    await local.emulator.settled();
    const tail = await pool.window();
    const typed = Object.values(finished.typedByPaper).reduce((a, b) => a + b, 0) - typedBefore;
    const metrics = local.emulator.metrics;
    const failedHandlers = handlerErrors - errorsBefore;
    const requests = [...meter.requests].sort((a, b) => b[1] - a[1]);
    const units = { ...meter.units };
    // The table as the handlers left it, read past the meter.
    const direct = createDynamoStore({
      client: createDynamoClient({ endpoint: dynamodb.endpoint }),
      tableName: dynamodb.tableName,
    });
    let inTable = 0;
    for (const [paperId, n] of Object.entries(finished.typedByPaper)) {
      const { doc } = documentFromState(await direct.documents.load(paperId));
      inTable += missingParagraphs(paragraphTexts(doc), n);
      doc.destroy();
    }
    const clientErrors = rows.reduce((n, r) => n + r.errors, 0) + tail.errorCount;

    // Cost of what was counted, at list prices (serverless-config.ts), per 1,000 edits.
    const gbSeconds = (["connect", "disconnect", "default"] as const).reduce(
      (n, route) =>
        n +
        (metrics.durationsMs[route].reduce((a, b) => a + b, 0) / 1000) *
          (SERVERLESS_BENCH.memoryMb[route] / 1024),
      0,
    );
    const invocations =
      metrics.invocations.connect + metrics.invocations.disconnect + metrics.invocations.default;
    const cost = {
      lambda:
        invocations * AWS_PRICES.lambdaPerRequest + gbSeconds * AWS_PRICES.lambdaArmPerGbSecond,
      messages: metrics.billedMessageUnits * AWS_PRICES.websocketPerMessage,
      minutes: clients * (measuredMs / 60_000) * AWS_PRICES.websocketPerConnectionMinute,
      dynamodb: units.write * AWS_PRICES.dynamodbPerWru + units.read * AWS_PRICES.dynamodbPerRru,
    };
    const total = cost.lambda + cost.messages + cost.minutes + cost.dynamodb;
    const per1000 = (dollars: number) =>
      typed > 0 ? `$${((dollars / typed) * 1000).toFixed(5)}` : "n/a";

    summarize(report, part, rows, log);
    report.figures.push(
      [
        `${part}: clients (connectPaper, API Gateway transport) / papers`,
        `${clients} / ${size.papers}`,
      ],
      [`${part}: edits typed (one writer per paper, every ${size.typingEveryMs} ms)`, typed],
      [`${part}: errors (client side)`, clientErrors],
      [`${part}: handler invocations that failed`, failedHandlers],
      [`${part}: lost edits (watchers)`, finished.missing],
      [`${part}: lost edits (DynamoDB table)`, inTable],
      [
        `${part}: $default invocations per edit`,
        typed > 0 ? round(metrics.invocations.default / typed, 2) : "n/a",
      ],
      [
        `${part}: PostToConnection calls per edit`,
        typed > 0 ? round(metrics.management.post / typed, 2) : "n/a",
      ],
      [
        `${part}: DynamoDB requests per edit (${requests.map(([op, n]) => `${op} ${n}`).join(", ")})`,
        typed > 0 ? round(requests.reduce((n, [, c]) => n + c, 0) / typed, 2) : "n/a",
      ],
      [
        `${part}: DynamoDB write / read units`,
        `${round(units.write, 1)} / ${round(units.read, 1)}`,
      ],
      [`${part}: cost per 1,000 edits, total`, per1000(total)],
      [
        `${part}: … of which Lambda / API Gateway messages / connection minutes / DynamoDB`,
        `${per1000(cost.lambda)} / ${per1000(cost.messages)} / ${per1000(cost.minutes)} / ${per1000(cost.dynamodb)}`,
      ],
    );
    report.notes.push(
      `Serverless cost: everything counted from the first edit to the last delivery (awareness renewals of the watchers included), at AWS list prices of ${AWS_PRICES.date} (${AWS_PRICES.region}, test/bench/serverless-config.ts) with the Lambda memory sizes of infra; the compaction Lambda, GraphQL and free tiers are not counted. DynamoDB units are what DynamoDB Local reported (ReturnConsumedCapacity TOTAL added by a metering proxy).`,
    );
    const samples = [...rows.flatMap((r) => r.errorSamples), ...tail.errors].slice(0, 5);
    if (clientErrors > 0)
      report.failures.push(`${part}: ${clientErrors} client error(s): ${samples.join("; ")}`);
    if (failedHandlers > 0)
      report.failures.push(`${part}: ${failedHandlers} handler invocation(s) failed`);
    if (finished.missing > 0)
      report.failures.push(`${part}: ${finished.missing} edit(s) a watcher never received`);
    if (inTable > 0) report.failures.push(`${part}: ${inTable} edit(s) missing from the table`);
    log(`${part}: ${typed} edits, load average ${round(loadavg()[0] ?? 0, 2)}`);
  } finally {
    for (const close of closers.reverse()) await close();
  }
}
