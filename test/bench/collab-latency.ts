// Live-editing broadcast latency, server CPU and memory per open paper: Accord's local server
// (each commit path of its SQLite store, and in memory) against the reference y-websocket server
// and Hocuspocus, same workload, same run, loopback only, rounds in alternation.
// Run: pnpm --filter @accord/bench bench:collab [-- --profile small] (sizes in collab-config.ts).
// Each server runs in its own process (so its memory and CPU are its own); the clients run here.
// A full run writes its section of RESULTS.md. For a look inside one server:
//   bench:collab -- --only accord-sqlite-turn --rounds 1 --cpu-prof <dir>
// runs only that server, under `node --cpu-prof`, and writes nothing to RESULTS.md.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import * as Y from "yjs";
import { BenchClient, type Envelope } from "./collab-client.ts";
import {
  COLLAB_BENCH_PROFILES,
  type CollabBenchProfile,
  type CollabBenchProfileName,
  FSYNC_PROBE,
} from "./collab-config.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX_LOADER = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/loader.mjs"),
).href;

const { values: args } = parseArgs({
  options: {
    profile: { type: "string" },
    only: { type: "string" },
    rounds: { type: "string" },
    "cpu-prof": { type: "string" },
  },
});
const profileName = (args.profile ?? Object.keys(COLLAB_BENCH_PROFILES)[0]) as string;
if (!(profileName in COLLAB_BENCH_PROFILES)) {
  throw new Error(
    `unknown profile "${profileName}"; one of ${Object.keys(COLLAB_BENCH_PROFILES).join(", ")}`,
  );
}
const config: CollabBenchProfile = {
  ...COLLAB_BENCH_PROFILES[profileName as CollabBenchProfileName],
  ...(args.rounds ? { rounds: Number(args.rounds) } : {}),
};
const cpuProfileDir = args["cpu-prof"] ? resolve(args["cpu-prof"]) : null;
/** Only a complete run of the default sizes and all servers is written to RESULTS.md. */
const partial = Boolean(args.only || args.rounds || cpuProfileDir);

/** The commit path the SQLite store takes when `pnpm start` opens it (the adapter's default). */
const defaultCommitPath = await (async () => {
  const { openSqliteStore } = await import("@accord/storage-sqlite");
  const dir = mkdtempSync(join(tmpdir(), "accord-bench-default-"));
  const store = openSqliteStore({ file: join(dir, "default.sqlite") });
  try {
    return store.settings().appendCommit;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
})();
/** The bench's server kind for each commit path of the SQLite store. */
const SQLITE_KIND = {
  "in-thread": "accord-sqlite-turn",
  worker: "accord-sqlite-worker",
  "async-fsync": "accord-sqlite-async-fsync",
} as const;
const isDefault = (path: keyof typeof SQLITE_KIND) =>
  defaultCommitPath === path ? " (default)" : "";

interface ServerKind {
  name: string;
  label: string;
  persistence: string;
  envelope: Envelope;
  url(port: number, paperId: string, client: number): string;
}

const accordUrl = (port: number, paperId: string, client: number) =>
  `ws://127.0.0.1:${port}/collab/${paperId}?token=valid-c${client}`;
const ACCORD_SQLITE =
  "SQLite file (WAL, synchronous=FULL), each update durable before it is broadcast";

const ALL_SERVERS: ServerKind[] = [
  {
    name: "accord-sqlite-turn",
    label: `Accord, SQLite, group commit per event-loop turn${isDefault("in-thread")}`,
    persistence: `${ACCORD_SQLITE}; the appends of one turn of the event loop committed together, on the event loop`,
    envelope: "plain",
    url: accordUrl,
  },
  {
    name: "accord-sqlite-worker",
    label: `Accord, SQLite, worker thread${isDefault("worker")}`,
    persistence: `${ACCORD_SQLITE}; committed by the store's worker thread (own connection), batches gathered while it commits`,
    envelope: "plain",
    url: accordUrl,
  },
  {
    name: "accord-sqlite-async-fsync",
    label: `Accord, SQLite, write on the event loop + fdatasync in the thread pool${isDefault("async-fsync")}`,
    persistence: `${ACCORD_SQLITE}; each turn's appends written on a second connection (synchronous=NORMAL), then an fdatasync of the WAL in libuv's thread pool before broadcast; appends written meanwhile share the next sync`,
    envelope: "plain",
    url: accordUrl,
  },
  {
    name: "accord-memory",
    label: "Accord, in memory",
    persistence: "in-memory store (the whole log lives in the server's heap)",
    envelope: "plain",
    url: accordUrl,
  },
  {
    name: "reference",
    label: "y-websocket 2.1.0 bin/utils (reference)",
    persistence: "none: documents live in memory only",
    envelope: "plain",
    url: (port, paperId) => `ws://127.0.0.1:${port}/${paperId}`,
  },
  {
    name: "reference-leveldb",
    label: "reference with y-leveldb",
    persistence:
      "y-leveldb 0.1.2 (`YPERSISTENCE`): each update written to LevelDB after it is broadcast, asynchronously, without fsync",
    envelope: "plain",
    url: (port, paperId) => `ws://127.0.0.1:${port}/${paperId}`,
  },
  {
    name: "hocuspocus",
    label: "@hocuspocus/server 3.4.4",
    persistence: "none: no storage extension configured, documents live in memory only",
    envelope: "hocuspocus",
    url: (port) => `ws://127.0.0.1:${port}`,
  },
];
const only = args.only?.split(",");
const SERVERS = only ? ALL_SERVERS.filter((s) => only.includes(s.name)) : ALL_SERVERS;
if (SERVERS.length === 0) throw new Error(`--only names no server: ${args.only}`);

interface RunResult {
  latencies: number[];
  expected: number;
  /** Keystrokes typed in the measured window (each with its cursor move). */
  edits: number;
  /** Typist's cursor (awareness, never stored) from the move to a watcher seeing it. */
  cursorLatencies: number[];
  /** The server process's CPU time (user + system) over the measured window, µs. */
  cpuMicros: number;
  heapPerDocument: number;
  rssPerDocument: number;
}

function startServer(kind: ServerKind): Promise<{ child: ChildProcess; port: number }> {
  const execArgv = ["--expose-gc", "--import", TSX_LOADER];
  if (cpuProfileDir) execArgv.push("--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`);
  const child = fork(
    join(HERE, "collab-server.ts"),
    [kind.name, String(config.papers), String(config.clientsPerPaper)],
    { execArgv, stdio: "inherit" },
  );
  return new Promise((resolve, reject) => {
    child.once("message", (message: { ready?: boolean; port?: number }) => {
      if (message.ready && message.port) resolve({ child, port: message.port });
    });
    child.once("exit", (code) =>
      reject(new Error(`${kind.name} exited (${code}) before it was ready`)),
    );
  });
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (answer: T) => resolve(answer));
    child.send(message);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(kind: ServerKind): Promise<RunResult> {
  const { child, port } = await startServer(kind);
  const latencies: number[] = [];
  const cursorLatencies: number[] = [];
  let measuring = false;
  let expected = 0;
  let edits = 0;
  const papers = Array.from({ length: config.papers }, (_, p) => {
    const paperId = `p${p}`;
    const clients = Array.from(
      { length: config.clientsPerPaper },
      (_, c) => new BenchClient(kind.url(port, paperId, c), paperId, kind.envelope),
    );
    return {
      paperId,
      clients,
      sentAt: new Map<number, number>(),
      cursorSentAt: new Map<number, number>(),
    };
  });
  for (const paper of papers) await Promise.all(paper.clients.map((c) => c.connect()));

  // The typist's paragraph, then every watcher times each keystroke as it arrives.
  for (const { clients, sentAt, cursorSentAt } of papers) {
    const [typist, ...watchers] = clients as [BenchClient, ...BenchClient[]];
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText()]);
    typist.doc.getXmlFragment("body").insert(0, [paragraph]);
    const author = typist.doc.clientID;
    for (const watcher of watchers) {
      let seen = 0;
      watcher.doc.on("update", () => {
        const now = performance.now();
        const clock = Y.getState(watcher.doc.store, author);
        for (let c = seen + 1; c <= clock; c++) {
          const sent = sentAt.get(c);
          if (sent !== undefined && measuring) latencies.push(now - sent);
        }
        seen = clock;
      });
      let seenCursor = 0;
      watcher.awareness.on("update", () => {
        const now = performance.now();
        const cursor = watcher.awareness.getStates().get(author)?.cursor;
        if (typeof cursor !== "number") return;
        for (let c = seenCursor + 1; c <= cursor; c++) {
          const sent = cursorSentAt.get(c);
          if (sent !== undefined && measuring) cursorLatencies.push(now - sent);
        }
        seenCursor = Math.max(seenCursor, cursor);
      });
    }
  }

  const typing = papers.map(({ clients, sentAt, cursorSentAt }, p) => {
    const typist = clients[0]!;
    const text = (typist.doc.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    let timer: ReturnType<typeof setInterval> | undefined;
    // Typists start spread over one keystroke interval, as people would.
    const start = setTimeout(
      () => {
        timer = setInterval(() => {
          const clock = Y.getState(typist.doc.store, typist.doc.clientID) + 1;
          if (measuring) {
            sentAt.set(clock, performance.now());
            expected += clients.length - 1;
            edits++;
          }
          text.insert(text.length, String.fromCharCode(97 + (clock % 26)));
          if (config.awarenessPerKeystroke) {
            if (measuring) cursorSentAt.set(text.length, performance.now());
            typist.awareness.setLocalStateField("cursor", text.length);
          }
        }, config.keystrokeMs);
      },
      (p * config.keystrokeMs) / config.papers,
    );
    return () => {
      clearTimeout(start);
      clearInterval(timer);
    };
  });
  await sleep(config.warmupMs);
  await ask(child, "mark");
  measuring = true;
  await sleep(config.measureMs);
  for (const stop of typing) stop();
  // Let what is in flight arrive (bounded, generously: a loaded machine may lag), still counting.
  const deadline = Date.now() + 30_000;
  while (latencies.length < expected && Date.now() < deadline) await sleep(50);
  measuring = false;

  const { cpuMicros, memory, baseline } = await ask<{
    cpuMicros: number;
    memory: { heapUsed: number; rss: number };
    baseline: { heapUsed: number; rss: number };
  }>(child, "memory");
  for (const paper of papers) for (const client of paper.clients) client.close();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send("stop");
  await exited;
  return {
    latencies,
    expected,
    edits,
    cursorLatencies,
    cpuMicros,
    heapPerDocument: (memory.heapUsed - baseline.heapUsed) / config.papers,
    rssPerDocument: (memory.rss - baseline.rss) / config.papers,
  };
}

/** What one durable append costs on this machine's disk: the SQLite store, one commit each. */
async function appendCost(appendsInWorker: boolean): Promise<{ p50: number; p99: number }> {
  const { openSqliteStore } = await import("@accord/storage-sqlite");
  const dir = mkdtempSync(join(tmpdir(), "accord-bench-append-"));
  const store = openSqliteStore({ file: join(dir, "append.sqlite"), appendsInWorker });
  const times: number[] = [];
  try {
    for (let i = 0; i < FSYNC_PROBE.appends; i++) {
      const start = performance.now();
      await store.documents.append("p", new Uint8Array(FSYNC_PROBE.updateBytes), {
        memberId: null,
        at: new Date().toISOString(),
      });
      times.push(performance.now() - start);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const ms = (value: number) => value.toFixed(2);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

const appendCosts = async () => ({
  inThread: await appendCost(false),
  worker: await appendCost(true),
});
const started = new Date();
const appendBefore = await appendCosts();
const loads: number[] = [loadavg()[0]!];
const pooled = new Map<string, RunResult[]>();
for (let round = 0; round < config.rounds; round++) {
  for (const kind of SERVERS) {
    loads.push(loadavg()[0]!);
    process.stdout.write(`round ${round + 1}/${config.rounds}: ${kind.name}… `);
    const result = await run(kind);
    const lat = sorted(result.latencies);
    const cursors = sorted(result.cursorLatencies);
    console.log(
      `p50 ${ms(percentile(lat, 0.5))} ms, p99 ${ms(percentile(lat, 0.99))} ms, ` +
        `${result.latencies.length}/${result.expected} deliveries, ` +
        `cursor p99 ${ms(percentile(cursors, 0.99))} ms, ` +
        `CPU/edit ${ms(result.cpuMicros / 1000 / result.edits)} ms, ` +
        `heap/paper ${kib(result.heapPerDocument)}, RSS/paper ${kib(result.rssPerDocument)}, ` +
        `load ${loadavg()[0]!.toFixed(2)}`,
    );
    pooled.set(kind.name, [...(pooled.get(kind.name) ?? []), result]);
  }
}
loads.push(loadavg()[0]!);
const appendAfter = await appendCosts();

/** A server's figure is the median of its rounds'. */
const rows = SERVERS.map((kind) => {
  const results = pooled.get(kind.name)!;
  const byRound = (f: (r: RunResult) => number) => results.map(f);
  return {
    kind,
    p50: median(byRound((r) => percentile(sorted(r.latencies), 0.5))),
    p99ByRound: byRound((r) => percentile(sorted(r.latencies), 0.99)),
    p99: median(byRound((r) => percentile(sorted(r.latencies), 0.99))),
    delivered: results.reduce((n, r) => n + r.latencies.length, 0),
    expected: results.reduce((n, r) => n + r.expected, 0),
    cursorP99: median(byRound((r) => percentile(sorted(r.cursorLatencies), 0.99))),
    cpuPerEditMs: median(byRound((r) => r.cpuMicros / 1000 / r.edits)),
    heap: median(byRound((r) => r.heapPerDocument)),
    rss: median(byRound((r) => r.rssPerDocument)),
  };
});
type Row = (typeof rows)[number];

const table = [
  "| server | p50 | p99 | p99 by round | delivered / expected | cursor p99 | server CPU per edit | heap per open paper | RSS per open paper |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.kind.label} | ${ms(r.p50)} ms | ${ms(r.p99)} ms | ${r.p99ByRound.map(ms).join(" / ")} | ${r.delivered}/${r.expected} | ${ms(r.cursorP99)} ms | ${ms(r.cpuPerEditMs)} ms | ${kib(r.heap)} | ${kib(r.rss)} |`,
  ),
].join("\n");
console.log(`\n${table}`);

const cost = (c: { p50: number; p99: number }) => `p50 ${ms(c.p50)} ms, p99 ${ms(c.p99)} ms`;
const fsyncLine = `One durable append alone on the same disk (${FSYNC_PROBE.appends} appends of ${FSYNC_PROBE.updateBytes} bytes, each awaited, nothing else running in this process), before the servers ran: in-thread ${cost(appendBefore.inThread)}, worker ${cost(appendBefore.worker)}; after: in-thread ${cost(appendAfter.inThread)}, worker ${cost(appendAfter.worker)}.`;
console.log(`\n${fsyncLine}`);

const find = (name: string): Row | undefined => rows.find((r) => r.kind.name === name);
/** The targets of the local host, judged for one Accord row against the reference server. */
function verdicts(mine: Row, reference: Row): string {
  const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(0)} %`;
  const p99 =
    mine.p99 <= reference.p99
      ? `p99 ${ms(mine.p99)} ms ≤ ${ms(reference.p99)} ms: **met**`
      : `p99 ${ms(mine.p99)} ms against ${ms(reference.p99)} ms: **not met** (${ms(mine.p99 - reference.p99)} ms, ${pct(mine.p99, reference.p99)} above)`;
  const ratio = mine.cpuPerEditMs / reference.cpuPerEditMs;
  const cpu = `CPU per edit ${ms(mine.cpuPerEditMs)} ms = ${ratio.toFixed(2)}× the reference's ${ms(reference.cpuPerEditMs)} ms: ${ratio <= 1.3 ? "**met** (≤ 1.3×)" : "**not met** (> 1.3×)"}`;
  const memory =
    mine.heap <= reference.heap && mine.rss <= reference.rss
      ? `memory per open paper ${kib(mine.heap)} heap / ${kib(mine.rss)} RSS against ${kib(reference.heap)} / ${kib(reference.rss)}: **met**`
      : `memory per open paper ${kib(mine.heap)} heap / ${kib(mine.rss)} RSS against ${kib(reference.heap)} / ${kib(reference.rss)}: **not met**`;
  const lost =
    mine.delivered === mine.expected
      ? "every update delivered"
      : `**${mine.expected - mine.delivered} deliveries missing**`;
  return `${p99}; ${cpu}; ${memory}; ${lost}.`;
}

if (partial) {
  console.log("\n(partial run: RESULTS.md left as it is)");
  process.exit(0);
}

const reference = find("reference")!;
const defaultRow = find(SQLITE_KIND[defaultCommitPath])!;
const otherRows = Object.values(SQLITE_KIND)
  .filter((name) => name !== defaultRow.kind.name)
  .map((name) => find(name)!);
const memoryRow = find("accord-memory")!;
const cpu = cpus();
const title =
  profileName === Object.keys(COLLAB_BENCH_PROFILES)[0]
    ? "## Live editing"
    : `## Live editing (${profileName} profile)`;
const command = `pnpm --filter @accord/bench bench:collab${title === "## Live editing" ? "" : ` -- --profile ${profileName}`}`;

const section = `${title}

Command: \`${command}\`, ${started.toISOString().slice(0, 10)}; Node ${process.version}, ${cpu[0]?.model.trim() ?? "CPU"}, \`nproc\` ${cpu.length}, shared with other work (1-minute load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}, sampled before each server's run).
Workload (test/bench/collab-config.ts, profile \`${profileName}\`): ${config.papers} papers × ${config.clientsPerPaper} stock-protocol clients, one writer per paper
typing one character every ${config.keystrokeMs} ms (${1000 / config.keystrokeMs} edits/s)${config.awarenessPerKeystroke ? ", each followed by a cursor awareness update" : ""}; the other ${config.clientsPerPaper - 1} watch;
${config.warmupMs / 1000} s warm-up, then ${config.measureMs / 1000} s measured. ${config.rounds} rounds; in each round every server runs once, in turn, on the
same machine; a server's figure is the median of its rounds. Each server runs alone in a child process on
127.0.0.1 with its default limits; the clients (the same minimal y-websocket client for every server,
Hocuspocus framing added for Hocuspocus) run in the benchmark process.

- p50 / p99: from the writer's keystroke to its arrival in a watcher's document; delivered / expected counts
  keystroke arrivals over all rounds (every watcher must receive every keystroke).
- cursor p99: from the writer's cursor move (awareness, which no server stores) to a watcher seeing it.
- server CPU per edit: the server process's \`process.cpuUsage()\` (user + system) over the measured window,
  divided by the keystrokes typed in it (each with its cursor update and ${config.clientsPerPaper - 1} deliveries of each).
- memory per open paper: the server's heap (after GC) and RSS growth from start-up (store open, papers seeded)
  to the end of the run, divided by the papers (each with its ${config.clientsPerPaper} connections).

${table}

${fsyncLine}

Targets (issue "Live editing v2", point 7), for \`pnpm start\`'s default configuration (${defaultRow.kind.label}),
against the reference server in the same run: ${verdicts(defaultRow, reference)}

${otherRows.map((row) => `${row.kind.label}: ${verdicts(row, reference)}`).join("\n\n")}

Accord in memory: ${verdicts(memoryRow, reference)}

What the peers store: the reference server and Hocuspocus (no extension) keep documents in memory
only; the y-leveldb row writes each update to LevelDB after broadcasting it, without waiting and
without fsync. None of them makes an update durable before other clients see it, as both Accord
SQLite rows do: there a keystroke reaches the watchers only after the commit (with fsync) that
holds it, and updates arriving meanwhile share the next commit. In a group commit per event-loop
turn, the turn's appends go to disk in one transaction and the event loop waits for that fsync;
with the worker thread the event loop goes on, at the price of two hand-overs between threads per
commit and a third busy thread on two shared cores.
`;

const resultsFile = join(HERE, "RESULTS.md");
const current = readFileSync(resultsFile, "utf8");
const at = current.indexOf(`${title}\n`);
let next: string;
if (at === -1) {
  next = `${current.trimEnd()}\n\n${section}`;
} else {
  const after = current.indexOf("\n## ", at + 1);
  next = `${current.slice(0, at)}${section}${after === -1 ? "" : `\n${current.slice(after + 1)}`}`;
}
writeFileSync(resultsFile, next.endsWith("\n") ? next : `${next}\n`);
console.log(`\n${section}`);
