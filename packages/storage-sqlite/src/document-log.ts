// Group commit of document-log appends: the appends made while a commit is in progress (or in the
// same turn of the event loop) go to disk together in the next one, and each resolves only once
// that commit has returned. The commit runs either in a worker thread with its own connection
// (append-worker.mjs), so the fsync never blocks the event loop, or in this thread.
import { Worker } from "node:worker_threads";
import type { LogEntry } from "@accord/storage";

/** One append as it travels to the committing connection. */
export interface LogAppend {
  paperId: string;
  update: Uint8Array;
  memberId: string | null;
  at: string;
}

/** Stores a batch in one transaction; resolves with each append's new id, in batch order. */
export type CommitBatch = (appends: LogAppend[]) => Promise<number[]>;

interface Waiting {
  append: LogAppend;
  resolve(entry: LogEntry): void;
  reject(error: unknown): void;
}

export class GroupCommit {
  #queued: Waiting[] = [];
  #scheduled = false;
  #inFlight: Promise<void> | null = null;

  constructor(
    private readonly commit: CommitBatch,
    private readonly stop: () => Promise<void> = async () => {},
  ) {}

  /**
   * Settles when the batch being committed, if any, no longer holds the file's write lock; null
   * when none is. Writes of the main connection wait for it instead of for the lock, so they never
   * block the event loop on this store's own appends (and never meet SQLITE_BUSY because of them).
   */
  get committing(): Promise<void> | null {
    return this.#inFlight;
  }

  append(append: LogAppend): Promise<LogEntry> {
    return new Promise<LogEntry>((resolve, reject) => {
      this.#queued.push({ append, resolve, reject });
      this.#schedule();
    });
  }

  /** Commit everything queued, wait for it, then release the committing connection. */
  async drain(): Promise<void> {
    while (this.#inFlight || this.#queued.length > 0) {
      this.#next();
      await this.#inFlight;
    }
    await this.stop();
  }

  #schedule() {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    // setImmediate, not a microtask: appends of the whole turn join, and writes of the main
    // connection woken by the previous commit run before the next one takes the lock.
    setImmediate(() => {
      this.#scheduled = false;
      this.#next();
    });
  }

  #next() {
    if (this.#inFlight || this.#queued.length === 0) return;
    const batch = this.#queued.splice(0);
    let committed: Promise<number[]>;
    try {
      committed = this.commit(batch.map((waiting) => waiting.append));
    } catch (error) {
      committed = Promise.reject(error);
    }
    this.#inFlight = committed.then(
      (ids) => {
        this.#inFlight = null;
        batch.forEach(({ append, resolve }, i) => {
          resolve({
            id: String(ids[i]),
            update: append.update,
            memberId: append.memberId,
            at: append.at,
          });
        });
        if (this.#queued.length > 0) this.#schedule();
      },
      (error: unknown) => {
        this.#inFlight = null;
        for (const { reject } of batch) reject(error);
        if (this.#queued.length > 0) this.#schedule();
      },
    );
  }
}

/** The shipped worker script; tests may start another (one that crashes, say). */
export const APPEND_WORKER_SCRIPT = new URL("./append-worker.mjs", import.meta.url);

/**
 * Commits batches in a worker thread holding its own connection to `file`. The worker starts with
 * the first batch and again after it stopped. It keeps the process alive only while a batch is in
 * flight, as a pending append would. If it stops (crash, uncaught error, failed start) while
 * committing, that batch fails: its appends are not known to be durable.
 */
export function workerCommit(options: { file: string; busyTimeoutMs: number; script: URL }): {
  commit: CommitBatch;
  stop(): Promise<void>;
} {
  let worker: Worker | null = null;
  let current: { resolve(ids: number[]): void; reject(error: unknown): void } | null = null;

  const start = (): Worker => {
    const started = new Worker(options.script, {
      workerData: { file: options.file, busyTimeoutMs: options.busyTimeoutMs },
      // The worker is plain JavaScript: it needs none of the parent's loaders (tsx, vitest).
      execArgv: [],
    });
    let cause: unknown;
    started.on(
      "message",
      (reply: { ids: number[] } | { error: { message: string; code?: string } }) => {
        const waiting = current;
        current = null;
        started.unref();
        if (!waiting) return;
        if ("ids" in reply) waiting.resolve(reply.ids);
        else waiting.reject(appendError(options.file, reply.error.message, reply.error.code));
      },
    );
    started.on("error", (error) => {
      cause = error;
    });
    started.on("exit", (code) => {
      if (worker === started) worker = null;
      const waiting = current;
      current = null;
      waiting?.reject(
        new Error(
          `The append worker of the SQLite store ${options.file} stopped (exit code ${code}${
            cause === undefined ? "" : `: ${describe(cause)}`
          }) before it confirmed the commit; these updates are not known to be stored.`,
          { cause },
        ),
      );
    });
    return started;
  };

  return {
    commit(appends) {
      return new Promise<number[]>((resolve, reject) => {
        worker ??= start();
        current = { resolve, reject };
        worker.ref();
        worker.postMessage({ appends });
      });
    },
    async stop() {
      const running = worker;
      if (!running) return;
      worker = null;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.ref();
      running.postMessage("close");
      await exited;
    },
  };
}

function appendError(file: string, message: string, code: string | undefined): Error {
  const error = new Error(`Cannot append to the document log in ${file}: ${message}`);
  if (code) Object.assign(error, { code });
  return error;
}

/** Errors from a worker arrive as clones: a subclass's message may be missing. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) {
    return String(error.message);
  }
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
