// Sizes of the GraphQL load benchmark (graphql-load.ts), in one place. The paper is the one of
// the GraphQL path benchmark (graphql-config.ts), written the same way.
export const GRAPHQL_LOAD = {
  /** Closed-loop clients at each step, rising; each sends its next request when one returns. */
  concurrency: [1, 2, 4, 8, 16, 32, 64],
  /** Per step: requests before measuring (not counted), then the measured time. */
  warmupMs: 2_000,
  stepMs: 10_000,
  /** A step "holds" when its p99 stays at or under this and nothing failed. */
  p99TargetMs: 100,
  /** Most requests one step may send (a bound, should the server answer faster than expected). */
  maxRequestsPerStep: 500_000,
  /**
   * The mixed workload, shares of requests: the paper page, the comment threads, a comment edited
   * by its author, the paper's summary edited (writes that do not grow what the reads return).
   */
  mixed: { paperPage: 0.7, commentThreads: 0.1, editComment: 0.1, updateSummary: 0.1 },
  /** Apollo against bare `execute`, in this process: clients at each step, measured time per path. */
  inProcess: { concurrency: [1, 16], warmupMs: 1_000, stepMs: 5_000 },
} as const;
