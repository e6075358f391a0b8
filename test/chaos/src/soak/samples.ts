// What the soak reads of the server process every few seconds, without any help from it but one
// loopback-only stats line: RSS (/proc/<pid>/status), open file descriptors (/proc/<pid>/fd),
// heap, open documents and connections (GET /healthz?stats), how much it has logged, and the
// machine's load. Then the least-squares slope of each per hour: a leak is a steady climb.
import { readdirSync } from "node:fs";
import { loadavg } from "node:os";
import type { ServerProcess } from "../local/server-process.ts";
import { rssMiB } from "../scale/process-stats.ts";

export interface Sample {
  /** ms since the traffic started. */
  atMs: number;
  rssMiB: number;
  heapMiB: number;
  fds: number;
  openDocuments: number;
  connections: number;
  logLines: number;
  logBytes: number;
  loadAverage: number;
}

export interface HostStats {
  openDocuments: number;
  connections: number;
  heapUsed: number;
}

/** The server's loopback-only counts (services/standalone: GET /healthz?stats). */
export async function hostStats(port: number): Promise<HostStats> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz?stats`, {
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as Partial<HostStats>;
  if (
    typeof body.openDocuments !== "number" ||
    typeof body.connections !== "number" ||
    typeof body.heapUsed !== "number"
  ) {
    throw new Error(`GET /healthz?stats gave no counts: ${JSON.stringify(body)}`);
  }
  return {
    openDocuments: body.openDocuments,
    connections: body.connections,
    heapUsed: body.heapUsed,
  };
}

export const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

export async function readSample(server: ServerProcess, startedAt: number): Promise<Sample> {
  const stats = await hostStats(server.port);
  return {
    atMs: performance.now() - startedAt,
    rssMiB: rssMiB(server.pid),
    heapMiB: stats.heapUsed / 1_048_576,
    fds: openFds(server.pid),
    openDocuments: stats.openDocuments,
    connections: stats.connections,
    logLines: server.output.lines,
    logBytes: server.output.bytes,
    loadAverage: loadavg()[0] ?? Number.NaN,
  };
}

/**
 * Least-squares slope of `value` against time, per hour; NaN with fewer than two samples or no
 * time between them.
 */
export function slopePerHour(points: readonly { atMs: number; value: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const hours = points.map((p) => p.atMs / 3_600_000);
  const meanT = hours.reduce((a, b) => a + b, 0) / n;
  const meanV = points.reduce((a, p) => a + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const [i, p] of points.entries()) {
    const dt = hours[i]! - meanT;
    num += dt * (p.value - meanV);
    den += dt * dt;
  }
  return den === 0 ? Number.NaN : num / den;
}

/**
 * Server log lines written since the last call, scanned for errors: the server process keeps
 * only its most recent lines, so lines that scrolled out between two calls are counted as
 * unscanned rather than guessed at.
 */
export class LogScanner {
  private scanned = 0;
  errors: string[] = [];
  errorCount = 0;
  warnCount = 0;
  warnSamples: string[] = [];
  unscanned = 0;
  /** Documents the live-editing host loaded and unloaded (its info lines). */
  documentsLoaded = 0;
  documentsUnloaded = 0;

  constructor(private readonly server: ServerProcess) {}

  scan() {
    const total = this.server.output.lines;
    const fresh = total - this.scanned;
    this.scanned = total;
    if (fresh <= 0) return;
    const { log } = this.server;
    if (fresh > log.length) this.unscanned += fresh - log.length;
    for (const line of log.slice(-Math.min(fresh, log.length))) {
      if (line.includes('"collab.document_loaded"')) this.documentsLoaded += 1;
      if (line.includes('"collab.document_unloaded"')) this.documentsUnloaded += 1;
      if (/"level"\s*:\s*"(error|fatal)"/.test(line)) {
        this.errorCount += 1;
        if (this.errors.length < 5) this.errors.push(line.slice(0, 400));
      } else if (/"level"\s*:\s*"warn"/.test(line)) {
        this.warnCount += 1;
        if (this.warnSamples.length < 5) this.warnSamples.push(line.slice(0, 400));
      }
    }
  }
}
