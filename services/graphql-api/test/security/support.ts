// Helpers of the attack tests: the longest event-loop stall while an attack runs (the server
// runs in this process, so a stall here is a /healthz probe kept waiting), and attack shapes.
import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Runs `attack` and returns its result with the longest event-loop stall seen meanwhile, in
 * ms. A /healthz probe sent during the attack would wait about that long. Tests assert a
 * generous bound (1 s) so a loaded CI machine passes while a freeze (seconds) does not.
 */
export async function withStallMeter<T>(attack: () => Promise<T>): Promise<{
  result: T;
  stallMs: number;
}> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    const result = await attack();
    // One more turn so a stall at the very end is sampled.
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { result, stallMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

/** Bound on any single stall during an attack; a freeze is seconds, a loaded CI tens of ms. */
export const MAX_STALL_MS = 1_000;

/** `levels` fragments, each spreading the next `fanout` times: fanout^levels paths. */
export function fragmentBomb(levels: number, fanout: number): string {
  const parts = ["query { papers { edges { node { ...F0 } } } }"];
  for (let i = 0; i < levels; i++) {
    const spreads = Array.from({ length: fanout }, () => `...F${i + 1}`).join(" ");
    parts.push(`fragment F${i} on PositionPaper { id ${spreads} }`);
  }
  parts.push(`fragment F${levels} on PositionPaper { id title }`);
  return parts.join("\n");
}

export function repeat(count: number, text: (i: number) => string, separator = " "): string {
  return Array.from({ length: count }, (_, i) => text(i)).join(separator);
}
