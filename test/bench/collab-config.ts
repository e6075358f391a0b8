// Sizes of the live-editing latency benchmark (collab-latency.ts), in one place. The first
// profile is the default; `bench:collab -- --profile small` picks another by name.
export interface CollabBenchProfile {
  /** Papers open at once on each server. */
  papers: number;
  /** Connections per paper: one typist, the others watch. */
  clientsPerPaper: number;
  /** The typist inserts one character this often. */
  keystrokeMs: number;
  /** Each keystroke also moves the typist's cursor (an awareness update), as editors do. */
  awarenessPerKeystroke: boolean;
  /** Typing before measuring starts (JIT, document loads), then typing that is measured. */
  warmupMs: number;
  measureMs: number;
  /**
   * Every server is measured this many times, in alternation; a server's figures are the median
   * of its rounds, so one round disturbed by other work on the machine does not decide.
   */
  rounds: number;
}

export const COLLAB_BENCH_PROFILES = {
  /**
   * The workload the local host's targets are set on: 100 papers × 10 stock-protocol clients,
   * one writer per paper at 5 edits/s for 20 s (500 edits/s on the server, 4,500 deliveries/s).
   */
  papers100: {
    papers: 100,
    clientsPerPaper: 10,
    keystrokeMs: 200,
    awarenessPerKeystroke: true,
    warmupMs: 3_000,
    measureMs: 20_000,
    rounds: 3,
  },
  /** A fast typist on fewer papers: 20 papers × 5 clients, 20 characters a second each. */
  small: {
    papers: 20,
    clientsPerPaper: 5,
    keystrokeMs: 50,
    awarenessPerKeystroke: true,
    warmupMs: 2_000,
    measureMs: 10_000,
    rounds: 3,
  },
} as const satisfies Record<string, CollabBenchProfile>;

export type CollabBenchProfileName = keyof typeof COLLAB_BENCH_PROFILES;

/** Durable appends timed alone on the same disk, before and after the servers run. */
export const FSYNC_PROBE = { appends: 300, updateBytes: 30 } as const;
