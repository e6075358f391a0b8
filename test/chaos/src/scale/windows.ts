// The scale run's measuring loop: typing goes on while the run reads, window after window, the
// delivery latencies from the load workers, the server's CPU and memory, and how fast the server
// answers a probe (its event loop's responsiveness). Bounded: a fixed number of windows.
import { loadavg } from "node:os";
import { percentile, round } from "../measure.ts";
import type { LoadPool } from "./load-pool.ts";
import type { CpuMeter } from "./process-stats.ts";

export interface WindowRow {
  /** Seconds since typing started, at the window's end. */
  atS: number;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Server CPU, percent of one core. */
  serverCpu: number;
  serverRssMiB: number;
  /** Round trip of the server's probe (GET /healthz), p99, ms. */
  probeP99Ms: number;
  /** The load workers' own event-loop delay, p99, ms (the largest of the workers). */
  generatorLagMs: number;
  /** 1-minute load average of the machine at the window's end. */
  loadAverage: number;
  errors: number;
  errorSamples: string[];
  /** The window's raw latencies (not printed; merged for whole-run percentiles). */
  latencies: number[];
}

export interface WindowSources {
  pool: LoadPool;
  cpu: CpuMeter;
  rssMiB: () => number;
  /** One probe of the server, resolving with its round trip in ms. */
  probe: () => Promise<number>;
}

const PROBE_EVERY_MS = 250;

/** Measure one window of `windowMs`: the time passing is the measurement, not a wait. */
export async function measureWindow(
  sources: WindowSources,
  windowMs: number,
  startedAt: number,
): Promise<WindowRow> {
  const probes: number[] = [];
  const ends = performance.now() + windowMs;
  // Bounded by time and by count (one probe at a time, at most windowMs / PROBE_EVERY_MS).
  for (let i = 0; i < Math.ceil(windowMs / PROBE_EVERY_MS) && performance.now() < ends; i++) {
    const before = performance.now();
    probes.push(await sources.probe().catch(() => Number.POSITIVE_INFINITY));
    const rest = Math.min(PROBE_EVERY_MS - (performance.now() - before), ends - performance.now());
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  const rest = ends - performance.now();
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  const reading = await sources.pool.window();
  return {
    atS: round((performance.now() - startedAt) / 1000),
    deliveries: reading.latencies.length,
    p50Ms: round(percentile(reading.latencies, 50), 1),
    p99Ms: round(percentile(reading.latencies, 99), 1),
    maxMs: round(percentile(reading.latencies, 100), 1),
    serverCpu: round(sources.cpu.read()),
    serverRssMiB: round(sources.rssMiB()),
    probeP99Ms: round(percentile(probes, 99), 1),
    generatorLagMs: round(reading.loopDelayP99Ms, 1),
    loadAverage: round(loadavg()[0] ?? Number.NaN, 2),
    errors: reading.errorCount,
    errorSamples: reading.errors,
    latencies: reading.latencies,
  };
}

/** One window as a figure of the report: the label names the columns of the value. */
export function windowFigure(part: string, row: WindowRow): [string, string] {
  return [
    `${part}, window ending ${row.atS} s: deliveries · p50 / p99 / max ms · server CPU % of a core · server RSS MiB · probe p99 ms · generator lag p99 ms · load avg · errors`,
    `${row.deliveries} · ${row.p50Ms} / ${row.p99Ms} / ${row.maxMs} · ${row.serverCpu} · ${row.serverRssMiB} · ${row.probeP99Ms} · ${row.generatorLagMs} · ${row.loadAverage} · ${row.errors}`,
  ];
}

/** A probe: an HTTP GET, timed. */
export function httpProbe(url: string): () => Promise<number> {
  return async () => {
    const started = performance.now();
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return performance.now() - started;
  };
}
