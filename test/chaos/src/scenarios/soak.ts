// Soak: mixed traffic on the real local server process for a long time (src/soak): co-authors
// with stock providers joining, typing, moving cursors and leaving, GraphQL reads and writes,
// role changes on live connections, version saves and restores. The server's RSS, heap, open
// file descriptors and log output are sampled all along; a steady climb (least-squares slope per
// hour beyond a bound), a seen edit lost, an error, or a document still open once everybody left
// and the server's unload delay passed fails the run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AddCollaboratorDocument } from "@accord/client";
import { DEFAULT_LIMITS } from "@accord/domain";
import { loadOrCreateDevSigningKey } from "@accord/identity";
import { type CoAuthor, draftPaper, signIn } from "../local/co-authors.ts";
import { type ServerProcess, startServerProcess } from "../local/server-process.ts";
import { readStoredPaper } from "../local/storage-check.ts";
import { missing, mulberry32, round } from "../measure.ts";
import { newReport, type Profile, type ScenarioReport, sample } from "../report.ts";
import { PaperTraffic, Tally, type TrafficSize } from "../soak/paper-traffic.ts";
import { hostStats, LogScanner, readSample, type Sample, slopePerHour } from "../soak/samples.ts";

export interface SlopeBounds {
  rssMiBPerHour: number;
  heapMiBPerHour: number;
  fdsPerHour: number;
}

export interface SoakOptions {
  profile: Profile;
  seed: number;
  papers: number;
  /** How long the live traffic runs in all, ms; GraphQL reads go on while the documents unload. */
  durationMs: number;
  /** The traffic comes in waves this long; after each, everyone leaves and the server rests. */
  waveMs: number;
  /** Readings at rest after each wave, a second apart (the least of each figure counts). */
  restSamples: number;
  traffic: TrafficSize;
  sampleEveryMs: number;
  /** Samples before this (ms into the traffic) are left out of the slopes: start-up, JIT, caches. */
  warmupMs: number;
  /** null: slopes are printed, not judged (a short run's slope says nothing about an hour). */
  bounds: SlopeBounds | null;
  /** The server's unload delay (its --idle-unload-seconds); default the product's 30 s. */
  idleUnloadMs?: number;
  log?: (line: string) => void;
}

/** The server at rest after a wave: the least of its readings. */
interface Rest {
  wave: number;
  atMs: number;
  rssMiB: number;
  heapMiB: number;
  fds: number;
  /** From the last leave to no document or connection open; NaN if that never came. */
  unloadedAfterMs: number;
  openDocuments: number;
  connections: number;
}

/** How long past the server's own unload delay a document may still be open (a busy machine). */
const UNLOAD_GRACE_MS = 60_000;

export async function soak(options: SoakOptions): Promise<ScenarioReport> {
  const size = options.traffic;
  const report = newReport(
    "soak",
    `${options.durationMs < 120_000 ? `${round(options.durationMs / 1000)} s` : `${round(options.durationMs / 60_000)} min`} of mixed traffic on ${options.papers} papers of the local server (SQLite): ${size.coAuthors} co-authors per paper joining and leaving, a reviewer whose role changes, the lead's reads, edits, versions and restores (seed ${options.seed})`,
    options.profile,
  );
  const log = options.log ?? (() => {});
  const random = mulberry32(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), "accord-chaos-soak-"));
  let server: ServerProcess | null = null;
  const tally = new Tally();
  // Each stock provider listens for the process's exit while open: more than Node's default 10
  // are open at once here, which is not a leak.
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(Math.max(maxListeners, 100));
  try {
    const key = await loadOrCreateDevSigningKey(dataDir);
    // Info: the level `pnpm start` logs at, so the log volume is what an operator would store.
    server = await startServerProcess({
      dataDir,
      logLevel: "info",
      ...(options.idleUnloadMs === undefined ? {} : { idleUnloadMs: options.idleUnloadMs }),
    });
    const running = server;
    const urls = {
      graphql: `http://127.0.0.1:${running.port}/graphql`,
      collab: `ws://127.0.0.1:${running.port}/collab`,
    };
    const papers: PaperTraffic[] = [];
    for (let p = 0; p < options.papers; p++) {
      const authors: CoAuthor[] = [];
      for (let a = 0; a <= size.coAuthors; a++) {
        authors.push(await signIn(key, urls.graphql, a === 0 ? `lead${p}` : `p${p}e${a}`));
      }
      const reviewer = await signIn(key, urls.graphql, `p${p}reviewer`);
      const paperId = await draftPaper(authors, `Soak ${p}`);
      await authors[0]!.api.request(AddCollaboratorDocument, {
        input: { paperId, memberId: reviewer.memberId, role: "VIEWER" },
      });
      const people = { lead: authors[0]!, coAuthors: authors.slice(1), reviewer };
      papers.push(new PaperTraffic(paperId, people, size, urls, tally, random));
    }
    const scanner = new LogScanner(running);

    // Sampling runs beside the traffic; each sample waits for the previous one.
    const startedAt = performance.now();
    const samples: Sample[] = [];
    let sampling = true;
    const sampler = (async () => {
      const maxSamples = Math.ceil((options.durationMs + 10 * 60_000) / options.sampleEveryMs);
      for (let i = 0; i < maxSamples && sampling; i++) {
        try {
          const s = await readSample(running, startedAt);
          samples.push(s);
          scanner.scan();
          if (i % Math.max(1, Math.round(60_000 / options.sampleEveryMs)) === 0) {
            log(
              `${round(s.atMs / 1000)} s: RSS ${round(s.rssMiB)} MiB, heap ${round(s.heapMiB)} MiB, ${s.fds} fds, ${s.openDocuments} open documents, ${s.connections} connections, ${tally.edits} edits, ${tally.errorCount} errors, load ${round(s.loadAverage, 2)}`,
            );
          }
        } catch (error) {
          tally.error(`sampling the server: ${error instanceof Error ? error.message : error}`);
        }
        await new Promise((resolve) => setTimeout(resolve, options.sampleEveryMs));
      }
    })();

    const startOutput = { ...running.output };
    const unloadDelayMs = options.idleUnloadMs ?? DEFAULT_LIMITS.collab.idleUnloadMs;
    const waves = Math.max(1, Math.round(options.durationMs / options.waveMs));
    const rests: Rest[] = [];
    const windows: [from: number, to: number][] = [];
    for (let wave = 1; wave <= waves; wave++) {
      const waveStart = performance.now();
      await Promise.all(papers.map((paper) => paper.run(waveStart + options.durationMs / waves)));
      const leftAt = performance.now();
      windows.push([waveStart - startedAt, leftAt - startedAt]);
      log(
        `wave ${wave}/${waves}: everyone left at ${round((leftAt - startedAt) / 1000)} s; waiting for the documents to unload`,
      );
      // Everybody left: the server unloads each document idleUnloadMs after its last
      // connection; GraphQL reads go on meanwhile (they read the store, never open a document).
      const readers = papers.map((paper) => paper.readOnly());
      let last = { openDocuments: Number.NaN, connections: Number.NaN };
      let unloadedAfterMs = Number.NaN;
      try {
        await waitUntilAsync(async () => {
          last = await hostStats(running.port);
          return last.openDocuments === 0 && last.connections === 0;
        }, unloadDelayMs + UNLOAD_GRACE_MS);
        unloadedAfterMs = performance.now() - leftAt;
      } catch {
        report.failures.push(
          `wave ${wave}: ${last.openDocuments} document(s) and ${last.connections} connection(s) still open ${round((unloadDelayMs + UNLOAD_GRACE_MS) / 1000)} s after everyone left (the server unloads after ${unloadDelayMs / 1000} s)`,
        );
      } finally {
        await Promise.all(readers.map((reader) => reader.stop()));
      }
      // At rest (nobody connected, nothing open, no request): what the server holds now is what
      // it keeps. The smallest of a few readings, so that garbage not yet collected counts less.
      const resting: Sample[] = [];
      for (let i = 0; i < options.restSamples; i++) {
        resting.push(await readSample(running, startedAt));
        if (i + 1 < options.restSamples) await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      const least = (pick: (s: Sample) => number) => Math.min(...resting.map(pick));
      const rest: Rest = {
        wave,
        atMs: resting[0]!.atMs,
        rssMiB: least((s) => s.rssMiB),
        heapMiB: least((s) => s.heapMiB),
        fds: least((s) => s.fds),
        unloadedAfterMs,
        openDocuments: last.openDocuments,
        connections: last.connections,
      };
      rests.push(rest);
      log(
        `wave ${wave}/${waves} at rest: RSS ${round(rest.rssMiB)} MiB, heap ${round(rest.heapMiB)} MiB, ${rest.fds} fds; unloaded after ${round(unloadedAfterMs / 1000, 1)} s`,
      );
    }
    const inTraffic = (s: Sample) => windows.some(([from, to]) => s.atMs >= from && s.atMs <= to);
    const trafficSamples = samples.filter(inTraffic);
    sampling = false;
    await sampler;
    scanner.scan();
    const endOutput = { ...running.output };
    const hours = (performance.now() - startedAt) / 3_600_000;

    // Every paragraph seen must be in the paper: through GraphQL (loaded from the store), then in
    // the SQLite file once the server stopped cleanly.
    const expected = papers.map((paper) => paper.expected());
    let lostGraphql = 0;
    for (const [i, paper] of papers.entries()) {
      const absent = missing(expected[i]!, await paper.paragraphsNow());
      lostGraphql += absent.length;
      if (absent.length > 0) {
        report.failures.push(
          `${paper.paperId}: ${absent.length} seen edit(s) missing in GraphQL: ${sample(absent)}`,
        );
      }
    }
    await running.stop(30_000);
    const exit = await running.exited;
    // Shutdown lines too: an error while closing is an error of the run.
    scanner.scan();
    if (exit.code !== 0)
      report.failures.push(`the server exited with ${exit.code ?? exit.signal} on SIGTERM`);
    let lostFile = 0;
    let integrity = "ok";
    for (const [i, paper] of papers.entries()) {
      const stored = await readStoredPaper(dataDir, paper.paperId);
      if (stored.integrity !== "ok") integrity = stored.integrity;
      const absent = missing(expected[i]!, stored.paragraphs);
      lostFile += absent.length;
      if (absent.length > 0) {
        report.failures.push(
          `${paper.paperId}: ${absent.length} seen edit(s) missing in the SQLite file: ${sample(absent)}`,
        );
      }
    }
    if (integrity !== "ok") report.failures.push(`integrity_check: ${integrity}`);

    // Judged: the slopes of the server at rest after each wave but the first (JIT, caches).
    // Printed: the slopes over the traffic itself, after the warm-up (documents open and growing).
    const judged = rests.slice(1);
    const slopeOf = <T extends { atMs: number }>(points: T[], pick: (p: T) => number) =>
      slopePerHour(points.map((p) => ({ atMs: p.atMs, value: pick(p) })));
    const slopes = {
      rss: slopeOf(judged, (r) => r.rssMiB),
      heap: slopeOf(judged, (r) => r.heapMiB),
      fds: slopeOf(judged, (r) => r.fds),
    };
    const steady = trafficSamples.filter((s) => s.atMs >= options.warmupMs);
    const trafficSlopes = {
      rss: slopeOf(steady, (s) => s.rssMiB),
      heap: slopeOf(steady, (s) => s.heapMiB),
      fds: slopeOf(steady, (s) => s.fds),
    };
    const loads = trafficSamples.map((s) => s.loadAverage);
    const max = (pick: (s: Sample) => number) => Math.max(...trafficSamples.map(pick));
    const logBytes = endOutput.bytes - startOutput.bytes;
    const logLines = endOutput.lines - startOutput.lines;

    const unloads = rests.map((r) => r.unloadedAfterMs);
    const allUnloaded = unloads.every((ms) => !Number.isNaN(ms));
    const firstRest = rests[0]!;
    const lastRest = rests.at(-1)!;
    report.figures.push(
      [
        "traffic, s, in waves (after each: everyone leaves, the documents unload, the server rests)",
        `${round(options.durationMs / 1000)} in ${waves}`,
      ],
      [
        "papers / co-authors per paper / reviewers per paper",
        `${options.papers} / ${size.coAuthors} / 1`,
      ],
      ["live visits (join … leave)", tally.sessions],
      ["edits typed", tally.edits],
      ["cursor moves (awareness)", tally.cursorMoves],
      ["GraphQL reads / writes", `${tally.graphqlReads} / ${tally.graphqlWrites}`],
      ["role changes on a live connection", tally.roleChanges],
      ["comments", tally.comments],
      ["versions saved / restored", `${tally.versionsSaved} / ${tally.restores}`],
      ...rests.map((r): [string, string] => [
        `wave ${r.wave}, at rest after ${round(r.atMs / 1000)} s: RSS MiB · heap MiB · open fds · documents unloaded after, s`,
        `${fmt(r.rssMiB)} · ${fmt(r.heapMiB)} · ${r.fds} · ${Number.isNaN(r.unloadedAfterMs) ? `${r.openDocuments} still open` : round(r.unloadedAfterMs / 1000, 1)}`,
      ]),
      ["RSS at rest: slope over waves 2…, MiB per hour", fmt(slopes.rss, 1)],
      ["heap used at rest: slope over waves 2…, MiB per hour", fmt(slopes.heap, 1)],
      ["open file descriptors at rest: slope over waves 2…, per hour", fmt(slopes.fds, 1)],
      [
        "at rest, first wave → last wave: RSS MiB · heap MiB · open fds",
        `${fmt(firstRest.rssMiB)} → ${fmt(lastRest.rssMiB)} · ${fmt(firstRest.heapMiB)} → ${fmt(lastRest.heapMiB)} · ${firstRest.fds} → ${lastRest.fds}`,
      ],
      [
        `during traffic (${trafficSamples.length} samples, every ${options.sampleEveryMs / 1000} s): RSS · heap · open fds, max`,
        `${fmt(max((s) => s.rssMiB))} MiB · ${fmt(max((s) => s.heapMiB))} MiB · ${max((s) => s.fds)}`,
      ],
      [
        `during traffic, after ${options.warmupMs / 1000} s: slopes of RSS · heap (MiB) · open fds per hour (not judged)`,
        `${fmt(trafficSlopes.rss, 1)} · ${fmt(trafficSlopes.heap, 1)} · ${fmt(trafficSlopes.fds, 1)}`,
      ],
      [
        "documents loaded / unloaded by the server (its log)",
        `${scanner.documentsLoaded} / ${scanner.documentsUnloaded}`,
      ],
      [
        "open documents / connections at most during traffic",
        `${max((s) => s.openDocuments)} / ${max((s) => s.connections)}`,
      ],
      [
        "open documents / connections after everyone left",
        allUnloaded
          ? `0 / 0 after every wave, within ${round(Math.max(...unloads) / 1000, 1)} s (server unload delay ${unloadDelayMs / 1000} s)`
          : `still open after ${unloads.filter((ms) => Number.isNaN(ms)).length} wave(s)`,
      ],
      ["server log, bytes per hour (info level)", round(logBytes / hours)],
      ["server log, lines per hour", round(logLines / hours)],
      ["server log lines at error / warn", `${scanner.errorCount} / ${scanner.warnCount}`],
      ["errors (clients, GraphQL, sampling)", tally.errorCount],
      [
        "seen edits lost (in a read, in GraphQL at the end, in the SQLite file)",
        `${tally.lost} / ${lostGraphql} / ${lostFile}`,
      ],
      [
        "load average (1 min) during traffic, min / mean / max",
        `${fmt(Math.min(...loads), 2)} / ${fmt(loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length), 2)} / ${fmt(Math.max(...loads), 2)}`,
      ],
    );
    if (tally.errorCount > 0) {
      report.failures.push(`${tally.errorCount} error(s): ${tally.errors.slice(0, 5).join(" | ")}`);
    }
    if (scanner.errorCount > 0) {
      report.failures.push(`server error log: ${scanner.errors.slice(0, 3).join(" | ")}`);
    }
    if (scanner.unscanned > 0) {
      report.notes.push(
        `${scanner.unscanned} server log line(s) scrolled out before they could be scanned for errors.`,
      );
    }
    if (scanner.warnCount > 0)
      report.notes.push(`Server warnings, e.g.: ${scanner.warnSamples.join(" | ")}`);
    if (tally.restores === 0 || tally.roleChanges === 0 || tally.sessions === 0) {
      report.failures.push(
        "the traffic did not include every kind (visits, role changes, restores)",
      );
    }
    if (options.bounds) {
      const b = options.bounds;
      const judge = (name: string, value: number, bound: number, unit: string) => {
        if (!(value <= bound)) {
          report.failures.push(
            `${name} slope ${fmt(value, 1)} ${unit} per hour is beyond the bound of ${bound}`,
          );
        }
      };
      judge("RSS", slopes.rss, b.rssMiBPerHour, "MiB");
      judge("heap", slopes.heap, b.heapMiBPerHour, "MiB");
      judge("open file descriptor", slopes.fds, b.fdsPerHour, "fds");
      report.notes.push(
        `Bounds on the slopes at rest (least squares over the readings after waves 2 to ${waves}: the server with nobody connected and nothing open, the least of ${options.restSamples} readings a second apart): RSS ≤ ${b.rssMiBPerHour} MiB/h, heap ≤ ${b.heapMiBPerHour} MiB/h, open file descriptors ≤ ${b.fdsPerHour}/h. A server that keeps nothing once everyone left stays flat; leaking a document, a connection or a socket per visit would climb past them within the hour. They do not depend on how fast the machine is. During traffic the open documents grow with every edit (a Yjs document keeps its history until it is unloaded and loaded again compacted), so those slopes are printed, not judged.`,
      );
    } else {
      report.notes.push(
        "Slopes are printed, not judged: a run this short says nothing about an hour.",
      );
    }
    report.notes.push(
      `Traffic: each co-author is a stock y-websocket WebsocketProvider that joins for ${size.sessionMs[0] / 1000}–${size.sessionMs[1] / 1000} s, types a paragraph every ${size.typingEveryMs} ms, moves its cursor every ${size.cursorEveryMs} ms (awareness with relative positions), leaves only once the lead's GraphQL read shows what it typed (so every edit is seen), and stays away ${size.awayMs[0] / 1000}–${size.awayMs[1] / 1000} s; every ${size.reviewerEveryMs / 1000} s the reviewer joins, has its role changed (COMMENTER → EDITOR → VIEWER) while connected, comments, replies, resolves or types, and leaves; the lead reads the paper page (the benchmark's PAPER_PAGE_QUERY) and edits the summary every ${size.leadEveryMs / 1000} s, and of every ${size.versionEvery} such rounds one saves a version and one restores a random earlier one, with typing paused until everything typed is readable: the version and the restored paper must hold exactly the expected paragraphs.`,
      "Measured from outside the server: RSS from /proc/<pid>/status, open file descriptors from /proc/<pid>/fd (sockets of live connections included, so they rise and fall with the visits), heap used, open documents and connections from GET /healthz?stats (loopback only, counts only). Log volume is everything the server wrote to stdout and stderr at info level. The machine is shared with other work: load average above.",
    );
    log(
      `done: ${tally.edits} edits, ${tally.errorCount} errors, RSS slope ${fmt(slopes.rss, 1)} MiB/h`,
    );
  } finally {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
    process.setMaxListeners(maxListeners);
  }
  return report;
}

const fmt = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? "–" : round(value, digits);

/** Re-check an asynchronous condition until it holds; reject after `deadlineMs`. */
async function waitUntilAsync(check: () => Promise<boolean>, deadlineMs: number) {
  const ends = performance.now() + deadlineMs;
  for (let i = 0; i < 1_000_000; i++) {
    if (await check()) return;
    if (performance.now() > ends) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not within ${deadlineMs} ms`);
}
