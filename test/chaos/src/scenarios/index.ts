// Every scenario with its sizes per profile: the short profile is what CI runs (test/*.test.ts),
// the long one is run by hand (`pnpm chaos <scenario> --profile long`) and recorded.
import type { Profile, ScenarioReport } from "../report.ts";
import { crashCompaction } from "./crash-compaction.ts";
import { crashCycles } from "./crash-cycles.ts";
import { crashRestore } from "./crash-restore.ts";
import { diskFull } from "./disk-full.ts";
import { scale } from "./scale.ts";
import { serverlessFaults } from "./serverless-faults.ts";
import { soak } from "./soak.ts";

export interface RunOptions {
  profile: Profile;
  seed: number;
  log?: (line: string) => void;
  /** Overrides how long a scenario's main load runs (scale: the local run; soak: its traffic), in minutes. */
  minutes?: number;
}

type Scenario = (options: RunOptions) => Promise<ScenarioReport>;

const withLog = (options: RunOptions) => (options.log ? { log: options.log } : {});

export const SCENARIOS: Record<string, { describe: string; run: Scenario }> = {
  "crash-cycles": {
    describe: "SIGKILL/restart cycles of the local server while stock providers type",
    run: (o) =>
      crashCycles({
        profile: o.profile,
        seed: o.seed,
        ...withLog(o),
        ...(o.profile === "long"
          ? { cycles: 100, authors: 6, typingMs: [300, 1_500] }
          : { cycles: 5, authors: 3, typingMs: [300, 900] }),
      }),
  },
  "crash-compaction": {
    describe: "SIGKILL timed to a compaction of a large paper",
    run: (o) =>
      crashCompaction({
        profile: o.profile,
        seed: o.seed,
        ...withLog(o),
        ...(o.profile === "long"
          ? { kills: 20, authors: 5, paperKiB: 4_096 }
          : { kills: 2, authors: 3, paperKiB: 1_024 }),
      }),
  },
  "crash-restore": {
    describe: "SIGKILL during a version restore (GraphQL restoreVersion)",
    run: (o) =>
      crashRestore({
        profile: o.profile,
        seed: o.seed,
        ...withLog(o),
        ...(o.profile === "long" ? { kills: 30, authors: 5 } : { kills: 3, authors: 3 }),
      }),
  },
  "disk-full": {
    describe: "the local server's data directory runs out of space while co-authors type",
    run: (o) =>
      diskFull({
        profile: o.profile,
        ...withLog(o),
        ...(o.profile === "long" ? { authors: 6, fullMs: 10_000 } : { authors: 3, fullMs: 1_000 }),
      }),
  },
  "serverless-faults": {
    describe:
      "serverless-local: DynamoDB throttling, lost and slow responses, $default duplicated, out of order, dying, or killed before or after its append, PostToConnection throttled, slow or answering Gone, a connection gone (410), the compactor failing halfway",
    run: (o) =>
      serverlessFaults({
        profile: o.profile,
        seed: o.seed,
        ...withLog(o),
        ...(o.profile === "long" ? { rounds: 3, authors: 5 } : { rounds: 1, authors: 3 }),
      }),
  },
  scale: {
    describe:
      "stock clients on many papers (load from worker threads): latency per window, memory, CPU, errors, loss; a step-up to p99 > 50 ms; the same smaller on serverless-local with cost per 1,000 edits",
    run: (o) => {
      const long = o.profile === "long";
      const durationMs = o.minutes !== undefined ? o.minutes * 60_000 : long ? 600_000 : 15_000;
      return scale({
        profile: o.profile,
        ...withLog(o),
        workers: 2,
        local: long
          ? { papers: 100, clientsPerPaper: 10, durationMs, windowMs: 60_000, typingEveryMs: 250 }
          : { papers: 4, clientsPerPaper: 5, durationMs, windowMs: 5_000, typingEveryMs: 100 },
        // The short profile (CI) keeps to zero loss and zero errors; latency is not asserted.
        stepUp: long
          ? {
              clients: [100, 250, 500, 1_000, 1_500, 2_000, 3_000, 4_000],
              clientsPerPaper: 10,
              stepMs: 20_000,
              warmupMs: 5_000,
              typingEveryMs: 250,
              maxTotalMs: 8 * 60_000,
            }
          : null,
        serverless: long
          ? {
              papers: 8,
              clientsPerPaper: 5,
              durationMs: 120_000,
              windowMs: 30_000,
              typingEveryMs: 250,
            }
          : {
              papers: 2,
              clientsPerPaper: 3,
              durationMs: 10_000,
              windowMs: 5_000,
              typingEveryMs: 100,
            },
      });
    },
  },
  soak: {
    describe:
      "mixed traffic on the local server (co-authors joining, typing and leaving, GraphQL reads and writes, role changes, versions and restores): RSS, heap and file descriptor slopes per hour, documents left open after everyone left, log volume",
    run: (o) => {
      const long = o.profile === "long";
      // Long: ten waves of 5 minutes, each followed by the unload (30 s) and a rest: an hour.
      const durationMs = o.minutes !== undefined ? o.minutes * 60_000 : long ? 50 * 60_000 : 8_000;
      return soak({
        profile: o.profile,
        seed: o.seed,
        ...withLog(o),
        durationMs,
        ...(long
          ? {
              papers: 6,
              traffic: {
                coAuthors: 3,
                sessionMs: [20_000, 90_000],
                awayMs: [5_000, 150_000],
                typingEveryMs: 1_000,
                cursorEveryMs: 500,
                leadEveryMs: 3_000,
                versionEvery: 10,
                reviewerEveryMs: 40_000,
                confirmDeadlineMs: 60_000,
              },
              waveMs: 5 * 60_000,
              restSamples: 10,
              sampleEveryMs: 10_000,
              warmupMs: Math.min(5 * 60_000, durationMs / 4),
              bounds: { rssMiBPerHour: 64, heapMiBPerHour: 48, fdsPerHour: 30 },
            }
          : {
              papers: 2,
              traffic: {
                coAuthors: 2,
                sessionMs: [1_500, 3_000],
                awayMs: [100, 600],
                typingEveryMs: 150,
                cursorEveryMs: 200,
                leadEveryMs: 500,
                versionEvery: 3,
                reviewerEveryMs: 700,
                confirmDeadlineMs: 30_000,
              },
              waveMs: durationMs,
              restSamples: 2,
              sampleEveryMs: 1_000,
              warmupMs: 0,
              bounds: null,
              // The unload itself is what is checked, not its delay: 3 s instead of 30 s keeps
              // the CI profile short.
              idleUnloadMs: 3_000,
            }),
      });
    },
  },
};
