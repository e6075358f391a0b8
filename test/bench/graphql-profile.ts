// CPU profiles of the two GraphQL paths (V8's sampling profiler through node:inspector, the one
// behind `node --cpu-prof`, started around the profiled loop only), and a summary of where the
// time goes: self time by package and inclusive time by function.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Run `work` under the CPU profiler; the profile is written to `file` and returned. */
export async function profile(
  file: string,
  work: () => Promise<void>,
  intervalUs = 200,
): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
  await session.post("Profiler.start");
  await work();
  const { profile: result } = (await session.post("Profiler.stop")) as unknown as {
    profile: CpuProfile;
  };
  session.disconnect();
  writeFileSync(file, JSON.stringify(result));
  return result;
}

/** Where a frame's code lives: a package of node_modules, a workspace folder, or Node itself. */
export function packageOf(url: string): string {
  if (!url) return "(native / V8)";
  const pnpm = url.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pnpm) return pnpm[1]!;
  const modules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (modules) return modules[1]!;
  const workspace = url.match(/\/(packages|services|test)\/([^/]+)\//);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  if (url.startsWith("node:")) return "node (built-in)";
  return url;
}

export interface ProfileSummary {
  totalMs: number;
  byPackage: Map<string, number>;
  /** Inclusive time (ms) by "function package:line", counted once per sample. */
  inclusive: Map<string, number>;
}

export function summarize(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    const pkg =
      name === "(garbage collector)" || name === "(idle)" || name === "(program)"
        ? name
        : packageOf(node.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    totalMs += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const key = `${frame.functionName || "(anonymous)"} ${packageOf(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  return { totalMs, byPackage, inclusive };
}

/** Lines comparing two summaries per request: packages, then the largest inclusive frames. */
export function compare(
  handler: ProfileSummary,
  bare: ProfileSummary,
  requests: number,
  top = 25,
): string[] {
  const per = (ms: number) => (ms / requests).toFixed(3);
  const lines = [`per request: handler ${per(handler.totalMs)} ms, bare ${per(bare.totalMs)} ms`];
  const packages = new Set([...handler.byPackage.keys(), ...bare.byPackage.keys()]);
  const rows = [...packages]
    .map((p) => ({ p, h: handler.byPackage.get(p) ?? 0, b: bare.byPackage.get(p) ?? 0 }))
    .sort((x, y) => y.h - y.b - (x.h - x.b));
  lines.push("self time by package (ms/request): handler, bare, difference");
  for (const r of rows) lines.push(`  ${r.p}: ${per(r.h)}  ${per(r.b)}  ${per(r.h - r.b)}`);
  lines.push("handler inclusive time by frame (ms/request, top):");
  for (const [key, ms] of [...handler.inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${per(ms)}  ${key}  (bare ${per(bare.inclusive.get(key) ?? 0)})`);
  }
  return lines;
}

export const profileFile = (dir: string, name: string) => join(dir, `${name}.cpuprofile`);
