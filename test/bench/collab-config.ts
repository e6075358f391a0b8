// Sizes of the live-editing latency benchmark (collab-latency.ts), in one place.
export const COLLAB_BENCH = {
  /** Papers open at once on each server. */
  papers: 20,
  /** Connections per paper: one typist, the others watch. */
  clientsPerPaper: 5,
  /** The typist inserts one character this often (20 characters a second is a fast typist). */
  keystrokeMs: 50,
  /** Each keystroke also moves the typist's cursor (an awareness update), as editors do. */
  awarenessPerKeystroke: true,
  /** Typing before measuring starts (JIT, document loads), then typing that is measured. */
  warmupMs: 2_000,
  measureMs: 10_000,
  /** Every server is measured this many times, in alternation; figures pool all rounds. */
  rounds: 5,
} as const;

export type CollabBenchConfig = typeof COLLAB_BENCH;
