// The parent's side of the scale run's load generator: a bounded number of worker threads
// (load-worker.ts, run under the tsx loader), papers dealt to them round-robin, one command at a
// time answered by every worker. Workers are terminated on close, also when the run fails.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { withDeadline } from "../measure.ts";
import type {
  LoadCommand,
  LoadReply,
  PaperAssignment,
  WindowReading,
  WorkerConfig,
} from "./protocol.ts";

const require = createRequire(import.meta.url);
const WORKER = new URL("./load-worker.ts", import.meta.url).href;
/**
 * A worker's entry must be JavaScript: `--import <tsx loader>` in a worker's execArgv registers
 * the loader too late for the entry itself (ERR_UNKNOWN_FILE_EXTENSION). So the entry registers
 * tsx's ESM hooks in the thread, then imports the TypeScript worker.
 */
const TSX_ESM_API = pathToFileURL(
  join(dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs"),
).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_ESM_API)})
  .then((tsx) => tsx.register())
  .then(() => import(${JSON.stringify(WORKER)}));`;

class LoadWorker {
  private readonly worker: Worker;
  private pending: ((reply: LoadReply) => void) | null = null;
  private failure: Error | null = null;
  private failed: ((error: Error) => void) | null = null;

  constructor(config: WorkerConfig) {
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: config });
    this.worker.on("message", (reply: LoadReply) => {
      const pending = this.pending;
      this.pending = null;
      pending?.(reply);
    });
    this.worker.on("error", (error) => {
      this.failure = error;
      const pending = this.failed;
      this.failed = null;
      pending?.(error);
    });
  }

  /** Send one command; its answer within `deadlineMs` or the run fails. */
  async ask<K extends LoadReply["kind"]>(
    command: LoadCommand,
    kind: K,
    deadlineMs: number,
  ): Promise<Extract<LoadReply, { kind: K }>> {
    if (this.failure) throw this.failure;
    const answer = new Promise<LoadReply>((resolve, reject) => {
      this.pending = resolve;
      this.failed = reject;
    });
    this.worker.postMessage(command);
    const reply = await withDeadline(answer, `a load worker to answer ${command.kind}`, deadlineMs);
    if (reply.kind !== kind) throw new Error(`a load worker answered ${reply.kind} to ${kind}`);
    return reply as Extract<LoadReply, { kind: K }>;
  }

  terminate() {
    return this.worker.terminate();
  }
}

export interface PoolOptions extends WorkerConfig {
  workers: number;
}

export class LoadPool {
  private readonly workers: LoadWorker[];
  private next = 0;

  constructor(options: PoolOptions) {
    const config: WorkerConfig = { transport: options.transport, url: options.url };
    this.workers = Array.from({ length: options.workers }, () => new LoadWorker(config));
  }

  /** Deal `papers` to the workers and wait until every client synced (or the deadline). */
  async open(papers: PaperAssignment[], deadlineMs = 120_000): Promise<number> {
    const dealt = this.workers.map((): PaperAssignment[] => []);
    for (const paper of papers) {
      dealt[this.next % this.workers.length]!.push(paper);
      this.next += 1;
    }
    const replies = await Promise.all(
      this.workers.map((w, i) =>
        w.ask({ kind: "open", papers: dealt[i]!, deadlineMs }, "opened", deadlineMs + 30_000),
      ),
    );
    return replies.reduce((n, r) => n + r.clients, 0);
  }

  async typing(everyMs: number) {
    await Promise.all(
      this.workers.map((w) => w.ask({ kind: "typing", everyMs }, "typing", 30_000)),
    );
  }

  /** Every worker's readings since the last call, merged. */
  async window(): Promise<WindowReading> {
    const replies = await Promise.all(
      this.workers.map((w) => w.ask({ kind: "window" }, "window", 30_000)),
    );
    return {
      latencies: replies.flatMap((r) => r.latencies),
      errors: replies.flatMap((r) => r.errors).slice(0, 20),
      errorCount: replies.reduce((n, r) => n + r.errorCount, 0),
      typed: replies.reduce((n, r) => n + r.typed, 0),
      loopDelayP99Ms: Math.max(0, ...replies.map((r) => r.loopDelayP99Ms)),
    };
  }

  async finish(deadlineMs = 120_000) {
    const replies = await Promise.all(
      this.workers.map((w) =>
        w.ask({ kind: "finish", deadlineMs }, "finished", deadlineMs + 30_000),
      ),
    );
    return {
      missing: replies.reduce((n, r) => n + r.missing, 0),
      typedByPaper: Object.assign({}, ...replies.map((r) => r.typedByPaper)) as Record<
        string,
        number
      >,
    };
  }

  async close() {
    await Promise.all(
      this.workers.map(async (w) => {
        // A worker that cannot answer is terminated all the same.
        await w.ask({ kind: "close" }, "closed", 30_000).catch(() => {});
        await w.terminate();
      }),
    );
  }
}
