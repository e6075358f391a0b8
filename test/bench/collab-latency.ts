// Live-editing broadcast latency and memory per open document: Accord's local server against
// the reference y-websocket server and Hocuspocus, same workload, same run, loopback only.
// Run: pnpm --filter @accord/bench bench:collab (sizes in collab-config.ts). Each server runs in
// its own process (so its memory is its own); the clients run here. Writes the "Live editing"
// section of RESULTS.md.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as Y from "yjs";
import { BenchClient, type Envelope } from "./collab-client.ts";
import { COLLAB_BENCH as config } from "./collab-config.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX_LOADER = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/loader.mjs"),
).href;

interface ServerKind {
  name: string;
  label: string;
  persistence: string;
  /** A peer: Accord's p99 is judged against the best of these. */
  peer: boolean;
  envelope: Envelope;
  url(port: number, paperId: string, client: number): string;
}

const SERVERS: ServerKind[] = [
  {
    name: "accord-sqlite",
    label: "Accord local server",
    persistence:
      "SQLite file (WAL, synchronous=FULL), each update committed with fsync before broadcast; commits in the store's worker thread (the default)",
    peer: false,
    envelope: "plain",
    url: (port, paperId, client) =>
      `ws://127.0.0.1:${port}/collab/${paperId}?token=valid-c${client}`,
  },
  {
    name: "accord-sqlite-in-thread",
    label: "Accord local server",
    persistence:
      "the same SQLite store with `appendsInWorker: false`: commits (and their fsync) on the event loop, as before the worker",
    peer: false,
    envelope: "plain",
    url: (port, paperId, client) =>
      `ws://127.0.0.1:${port}/collab/${paperId}?token=valid-c${client}`,
  },
  {
    name: "accord-memory",
    label: "Accord local server",
    persistence: "in-memory store (the whole log lives in the server's heap)",
    peer: false,
    envelope: "plain",
    url: (port, paperId, client) =>
      `ws://127.0.0.1:${port}/collab/${paperId}?token=valid-c${client}`,
  },
  {
    name: "reference",
    label: "y-websocket 2.1.0 bin/utils (reference)",
    persistence: "none: documents live in memory only",
    peer: true,
    envelope: "plain",
    url: (port, paperId) => `ws://127.0.0.1:${port}/${paperId}`,
  },
  {
    name: "reference-leveldb",
    label: "y-websocket 2.1.0 bin/utils (reference)",
    persistence:
      "y-leveldb 0.1.2 (`YPERSISTENCE`): each update written to LevelDB after it is broadcast, asynchronously, without fsync",
    peer: true,
    envelope: "plain",
    url: (port, paperId) => `ws://127.0.0.1:${port}/${paperId}`,
  },
  {
    name: "hocuspocus",
    label: "@hocuspocus/server 3.4.4",
    persistence: "none: no storage extension configured, documents live in memory only",
    peer: true,
    envelope: "hocuspocus",
    url: (port) => `ws://127.0.0.1:${port}`,
  },
];

interface RunResult {
  latencies: number[];
  expected: number;
  /** Typist's cursor (awareness, never stored) from the move to a watcher seeing it. */
  cursorLatencies: number[];
  heapPerDocument: number;
  rssPerDocument: number;
}

function startServer(kind: ServerKind): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(
    join(HERE, "collab-server.ts"),
    [kind.name, String(config.papers), String(config.clientsPerPaper)],
    { execArgv: ["--expose-gc", "--import", TSX_LOADER], stdio: "inherit" },
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

async function run(kind: ServerKind): Promise<RunResult> {
  const { child, port } = await startServer(kind);
  const latencies: number[] = [];
  const cursorLatencies: number[] = [];
  let measuring = false;
  let expected = 0;
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
  await new Promise((resolve) => setTimeout(resolve, config.warmupMs));
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, config.measureMs));
  for (const stop of typing) stop();
  // Let what is in flight arrive (bounded), still counting it.
  const deadline = Date.now() + 5_000;
  while (latencies.length < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  measuring = false;

  const { memory, baseline } = await ask<{
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
    cursorLatencies,
    heapPerDocument: (memory.heapUsed - baseline.heapUsed) / config.papers,
    rssPerDocument: (memory.rss - baseline.rss) / config.papers,
  };
}

/** What one durable append costs on this machine: the SQLite store, one commit each. */
async function appendCost(appendsInWorker: boolean): Promise<{ p50: number; p99: number }> {
  const { openSqliteStore } = await import("@accord/storage-sqlite");
  const dir = mkdtempSync(join(tmpdir(), "accord-bench-append-"));
  const store = openSqliteStore({ file: join(dir, "append.sqlite"), appendsInWorker });
  const times: number[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      const start = performance.now();
      await store.documents.append("p", new Uint8Array(30), {
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
const ms = (value: number) => value.toFixed(2);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

const appendCosts = async () => ({
  worker: await appendCost(true),
  inThread: await appendCost(false),
});
const appendBefore = await appendCosts();
const loads: number[] = [loadavg()[0]!];
const pooled = new Map<string, RunResult[]>();
for (let round = 0; round < config.rounds; round++) {
  for (const kind of SERVERS) {
    loads.push(loadavg()[0]!);
    process.stdout.write(`round ${round + 1}/${config.rounds}: ${kind.name}… `);
    const result = await run(kind);
    const sorted = [...result.latencies].sort((a, b) => a - b);
    const cursors = [...result.cursorLatencies].sort((a, b) => a - b);
    console.log(
      `p50 ${ms(percentile(sorted, 0.5))} ms, p99 ${ms(percentile(sorted, 0.99))} ms, ` +
        `${result.latencies.length}/${result.expected} deliveries, ` +
        `cursor p50 ${ms(percentile(cursors, 0.5))} ms p99 ${ms(percentile(cursors, 0.99))} ms, ` +
        `heap/doc ${kib(result.heapPerDocument)}`,
    );
    pooled.set(kind.name, [...(pooled.get(kind.name) ?? []), result]);
  }
}

const rows = SERVERS.map((kind) => {
  const results = pooled.get(kind.name)!;
  const sorted = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const cursors = results.flatMap((r) => r.cursorLatencies).sort((a, b) => a - b);
  const expected = results.reduce((n, r) => n + r.expected, 0);
  const mean = (f: (r: RunResult) => number) =>
    results.reduce((n, r) => n + f(r), 0) / results.length;
  return {
    kind,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    delivered: sorted.length,
    expected,
    byRound: results.map((r) =>
      percentile(
        [...r.latencies].sort((a, b) => a - b),
        0.99,
      ),
    ),
    cursorP50: percentile(cursors, 0.5),
    cursorP99: percentile(cursors, 0.99),
    heap: mean((r) => r.heapPerDocument),
    rss: mean((r) => r.rssPerDocument),
  };
});

loads.push(loadavg()[0]!);
const appendAfter = await appendCosts();
/** The median of a server's per-round p99: one round disturbed by other work does not decide. */
const typicalP99 = (row: (typeof rows)[number]) => {
  const sorted = [...row.byRound].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const peers = rows.filter((r) => r.kind.peer);
const bestPeer = peers.reduce((best, r) => (typicalP99(r) < typicalP99(best) ? r : best));
const judge = (name: string, label: string) => {
  const row = rows.find((r) => r.kind.name === name)!;
  const mine = typicalP99(row);
  const theirs = typicalP99(bestPeer);
  const verdict =
    mine <= theirs
      ? "**met**"
      : `**not met** (${ms(mine - theirs)} ms, ${((mine / theirs - 1) * 100).toFixed(0)} % above)`;
  return `${label} ${ms(mine)} ms against ${bestPeer.kind.name} ${ms(theirs)} ms: ${verdict}`;
};
const row = (name: string) => rows.find((r) => r.kind.name === name)!;
const sqliteMet = typicalP99(row("accord-sqlite")) <= typicalP99(bestPeer);
const cost = (c: { p50: number; p99: number }) => `p50 ${ms(c.p50)} ms / p99 ${ms(c.p99)} ms`;

const cpu = cpus();
const section = `## Live editing

Command: \`pnpm --filter @accord/bench bench:collab\` (Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? "CPU"}, shared with other work; ${new Date().toISOString().slice(0, 10)}).
Sizes in test/bench/collab-config.ts: ${config.papers} papers × ${config.clientsPerPaper} connections, one typist per paper
(one character every ${config.keystrokeMs} ms${config.awarenessPerKeystroke ? " plus a cursor awareness update" : ""}), the other ${config.clientsPerPaper - 1} watching;
${config.warmupMs / 1000} s warm-up then ${config.measureMs / 1000} s measured, ${config.rounds} rounds per server in alternation, pooled.
Each server runs alone in a child process on 127.0.0.1 with its default limits; all clients
(the same minimal y-websocket client for every server, Hocuspocus framing added for Hocuspocus)
run in the benchmark process. Latency (p50, p99, max) is from the typist's keystroke to its
arrival in a watcher's document; "cursor" is from the typist's cursor move (an awareness update,
which no server stores) to a watcher seeing it, which shows how free each server's event loop
is. Memory is the server's heap (after GC) and RSS growth once every paper is open and typed in,
divided by the number of papers (each with its ${config.clientsPerPaper} connections; a fixed cost such as the
append worker's thread is spread over them).

| server | persistence | p50 | p99 | p99 by round | max | delivered | cursor p50 / p99 | heap per open paper | RSS per open paper |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows
  .map(
    (r) =>
      `| ${r.kind.label} | ${r.kind.persistence} | ${ms(r.p50)} ms | ${ms(r.p99)} ms | ${r.byRound.map(ms).join(" / ")} | ${ms(r.max)} ms | ${r.delivered}/${r.expected} | ${ms(r.cursorP50)} / ${ms(r.cursorP99)} ms | ${kib(r.heap)} | ${kib(r.rss)} |`,
  )
  .join("\n")}

The machine is shared: the spread between rounds is mostly other work on the same two cores
and disk, which is why every server is measured in several alternating rounds. The 1-minute load
average, sampled before each server's run, went from ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)}.

What the peers store: the reference server without \`YPERSISTENCE\` and Hocuspocus (no
extension) keep documents in memory only and store nothing; the reference server's y-leveldb row
writes each update to LevelDB after broadcasting it, without waiting and without fsync. None of
them makes an update durable before other clients see it, as Accord does in both SQLite rows.

Target: Accord's p99 with persistence on no worse than the best peer's, comparing the median of
each server's per-round p99. ${judge("accord-sqlite", "With SQLite (appends committed in the worker thread),")}.
${judge("accord-sqlite-in-thread", "With SQLite committing on the event loop (as before the worker),")}.
${judge("accord-memory", "In memory,")}.

The in-memory row is the same server without the disk: its p99 against the peers' is the cost of
Accord's own code. With SQLite every accepted update waits for a commit with fsync before it is
broadcast; updates arriving meanwhile share the next commit, so a keystroke waits for at most the
commit in progress and its own, in both SQLite rows. Committed on the event loop, each commit also
stops everything else the process serves (other papers' cursors, sync answers, GraphQL) for as
long as the disk takes; committed by the store's worker thread (its own better-sqlite3
connection to the same WAL file), the event loop goes on meanwhile, at the price of two hand-overs
between threads per commit. In this run, worker against in-thread: keystroke p99 (median of
rounds) ${ms(typicalP99(row("accord-sqlite")))} against ${ms(typicalP99(row("accord-sqlite-in-thread")))} ms, cursor p99 ${ms(row("accord-sqlite").cursorP99)} against
${ms(row("accord-sqlite-in-thread").cursorP99)} ms. One append alone (awaited, nothing else running) cost, with the worker,
${cost(appendBefore.worker)} before the run and ${cost(appendAfter.worker)} after it; in-thread
${cost(appendBefore.inThread)} before and ${cost(appendAfter.inThread)} after, on this machine's disk.

${sqliteMet ? "What separates the SQLite rows from the peers" : "Why the target is not met with SQLite"}: in both SQLite rows a keystroke reaches the watchers only
after a commit with fsync, which none of the peers waits for; the in-memory row shows Accord
without it. The worker thread takes the commit off the event loop, not off the keystroke's path.
Here the ${cpu.length} cores are shared with the benchmark's ${config.papers * config.clientsPerPaper} clients, so the worker is a third busy
thread that must be scheduled for every commit, and the keystroke's path gains two hand-overs
between threads: whether its p99 drops depends on spare CPU (compare the two SQLite rows). What the worker buys shows
in the cursor column: awareness is never stored, so it waits only while the event loop is
blocked.${
  sqliteMet
    ? ""
    : ` Meeting the target on this machine would take broadcasting updates before they are
durable, which the design rules out.`
}
`;

const resultsFile = join(HERE, "RESULTS.md");
const current = readFileSync(resultsFile, "utf8");
const start = current.indexOf("## Live editing");
let next: string;
if (start === -1) {
  next = `${current.trimEnd()}\n\n${section}`;
} else {
  const after = current.indexOf("\n## ", start + 1);
  next = `${current.slice(0, start)}${section}${after === -1 ? "" : `\n${current.slice(after + 1)}`}`;
}
writeFileSync(resultsFile, next.endsWith("\n") ? next : `${next}\n`);
console.log(`\n${section}`);
