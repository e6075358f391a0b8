// Group commit of document-log appends: the appends made while a commit is in progress (or in the
// same turn of the event loop) go to disk together in the next one, and each resolves only once
// that commit has returned. The commit runs in a worker thread with its own connection
// (append-worker.mjs), so the fsync never blocks the event loop; or in this thread; or in this
// thread on a second connection that leaves the fsync to libuv's thread pool (syncedCommit).
import { closeSync, fdatasync, openSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { DomainError } from "@accord/domain";
import type { LogEntry } from "@accord/storage";
import Database from "better-sqlite3";

/** One append as it travels to the committing connection. */
export interface LogAppend {
  paperId: string;
  update: Uint8Array;
  memberId: string | null;
  at: string;
  /** The document limit the append is checked against; null for none. */
  maxBytes: number | null;
}

/**
 * Stores a batch in one transaction; resolves with each append's new id, in batch order, or null
 * for an append refused because the document would have grown past its `maxBytes`.
 */
export type CommitBatch = (appends: LogAppend[]) => Promise<(number | null)[]>;

/**
 * The two statements of an append, run in one transaction by whichever connection commits (the
 * worker gets them through workerData, so they are written once). `growDocument` adds the
 * update's bytes to the running size, unless that would pass `maxBytes`: then it changes no row
 * and returns none, and the entry is not inserted.
 */
export const APPEND_SQL = Object.freeze({
  growDocument: `INSERT INTO document_sizes (paper_id, bytes)
    SELECT @paperId, @bytes WHERE @maxBytes IS NULL OR @bytes <= @maxBytes
    ON CONFLICT (paper_id) DO UPDATE SET bytes = bytes + excluded.bytes
      WHERE @maxBytes IS NULL OR bytes + excluded.bytes <= @maxBytes
    RETURNING bytes`,
  insertEntry: `INSERT INTO document_log (paper_id, update_data, member_id, at)
    VALUES (@paperId, @update, @memberId, @at) RETURNING id`,
});

export const documentTooLarge = (paperId: string, maxBytes: number) =>
  new DomainError("PAYLOAD_TOO_LARGE", `The document would grow past ${maxBytes} bytes.`, {
    paperId,
    maxBytes,
  });

interface Waiting {
  append: LogAppend;
  resolve(entry: LogEntry): void;
  reject(error: unknown): void;
}

export class GroupCommit {
  #queued: Waiting[] = [];
  #scheduled = false;
  /** Batches handed to the committing connection and not settled yet. */
  #outstanding = 0;
  /** Set while writes of the main connection wait for the outstanding batches to settle. */
  #idle: { promise: Promise<void>; resolve(): void } | null = null;

  /**
   * `handOver` is when queued appends leave: "turn" gathers the whole turn of the event loop
   * (for a commit that blocks this thread: fewer, larger commits); "soon" sends them once the
   * current task's microtasks ran (for a worker, which gathers what arrives while it commits, so
   * its commit overlaps the rest of the turn here).
   */
  constructor(
    private readonly commit: CommitBatch,
    private readonly options: { handOver: "turn" | "soon"; stop?: () => Promise<void> },
  ) {}

  /**
   * Null when no batch is being committed; otherwise a promise that settles once none is, and no
   * new batch is handed over until it has (the appends made meanwhile wait). Writes of the main
   * connection wait for it instead of for the file's write lock, so they never block the event
   * loop on this store's own appends, and never meet SQLITE_BUSY because of them.
   */
  get committing(): Promise<void> | null {
    if (this.#outstanding === 0) return null;
    if (!this.#idle) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.#idle = { promise, resolve };
    }
    return this.#idle.promise;
  }

  append(append: LogAppend): Promise<LogEntry> {
    return new Promise<LogEntry>((resolve, reject) => {
      this.#queued.push({ append, resolve, reject });
      this.#schedule();
    });
  }

  /** Commit everything queued, wait for it, then release the committing connection. */
  async drain(): Promise<void> {
    for (;;) {
      const committing = this.committing;
      if (committing) {
        await committing;
        continue;
      }
      if (this.#queued.length === 0) break;
      this.#send();
    }
    await this.options.stop?.();
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const send = () => {
      this.#scheduled = false;
      this.#send();
    };
    if (this.options.handOver === "turn") setImmediate(send);
    else queueMicrotask(send);
  }

  /**
   * Hand the queued appends over as one batch. Batches are not held back while earlier ones
   * commit: the worker folds all it has received into its next transaction, so an append waits
   * for at most the commit in progress and its own, never for a round trip through this thread.
   */
  #send() {
    if (this.#idle || this.#queued.length === 0) return;
    const batch = this.#queued.splice(0);
    this.#outstanding++;
    let committed: Promise<(number | null)[]>;
    try {
      committed = this.commit(batch.map((waiting) => waiting.append));
    } catch (error) {
      committed = Promise.reject(error);
    }
    committed.then(
      (ids) => {
        batch.forEach(({ append, resolve, reject }, i) => {
          const id = ids[i];
          if (id === null || id === undefined) {
            reject(documentTooLarge(append.paperId, append.maxBytes ?? 0));
            return;
          }
          resolve({
            id: String(id),
            update: append.update,
            memberId: append.memberId,
            at: append.at,
          });
        });
        this.#settled();
      },
      (error: unknown) => {
        for (const { reject } of batch) reject(error);
        this.#settled();
      },
    );
  }

  #settled() {
    this.#outstanding--;
    if (this.#outstanding > 0) return;
    // The waiting writes resume before the next batch leaves: their continuations were queued
    // by this resolve, ahead of the send that #schedule queues.
    const idle = this.#idle;
    this.#idle = null;
    idle?.resolve();
    if (this.#queued.length > 0) this.#schedule();
  }
}

/** The shipped worker script; tests may start another (one that crashes, say). */
export const APPEND_WORKER_SCRIPT = new URL("./append-worker.mjs", import.meta.url);

/**
 * Commits batches in a worker thread holding its own connection to `file`. The worker starts with
 * the first batch and again after it stopped. It keeps the process alive only while a batch is in
 * flight, as a pending append would. If it stops (crash, uncaught error, failed start) before
 * answering, every batch it was given and did not answer fails: not known to be durable.
 */
export function workerCommit(options: { file: string; busyTimeoutMs: number; script: URL }): {
  commit: CommitBatch;
  stop(): Promise<void>;
} {
  let worker: Worker | null = null;
  /** Batches posted to the worker and not answered yet, oldest first. */
  const pending: { resolve(ids: (number | null)[]): void; reject(error: unknown): void }[] = [];

  const start = (): Worker => {
    const started = new Worker(options.script, {
      workerData: { file: options.file, busyTimeoutMs: options.busyTimeoutMs, sql: APPEND_SQL },
      // The worker is plain JavaScript: it needs none of the parent's loaders (tsx, vitest).
      execArgv: [],
    });
    let cause: unknown;
    started.on("message", (reply: WorkerReply) => {
      if ("ids" in reply) {
        for (const ids of reply.ids) pending.shift()?.resolve(ids);
      } else {
        const error = appendError(options.file, reply.error.message, reply.error.code);
        for (let i = 0; i < reply.batches; i++) pending.shift()?.reject(error);
      }
      if (pending.length === 0) started.unref();
    });
    started.on("error", (error) => {
      cause = error;
    });
    started.on("exit", (code) => {
      if (worker === started) worker = null;
      const error = new Error(
        `The append worker of the SQLite store ${options.file} stopped (exit code ${code}${
          cause === undefined ? "" : `: ${describe(cause)}`
        }) before it confirmed the commit; these updates are not known to be stored.`,
        { cause },
      );
      for (const batch of pending.splice(0)) batch.reject(error);
    });
    return started;
  };

  return {
    commit(appends) {
      return new Promise<(number | null)[]>((resolve, reject) => {
        worker ??= start();
        pending.push({ resolve, reject });
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

/** What the worker answers: the ids of each batch of one commit, or why it failed. */
type WorkerReply =
  | { ids: (number | null)[][] }
  | { error: { message: string; code?: string }; batches: number };

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

/**
 * One fdatasync of a file at a time, in libuv's thread pool; a caller waits for a sync that
 * started after it asked, so every write made before asking is on disk when it resolves. Callers
 * that ask while a sync runs share the next one.
 */
class FileSync {
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;

  constructor(private readonly fd: number) {}

  after(): Promise<void> {
    const running = this.#running;
    if (!running) return this.#start();
    if (!this.#next) {
      const settled = () => undefined;
      this.#next = running.then(settled, settled).then(() => {
        this.#next = null;
        return this.#start();
      });
    }
    return this.#next;
  }

  #start(): Promise<void> {
    const sync = new Promise<void>((resolve, reject) => {
      fdatasync(this.fd, (error) => (error ? reject(error) : resolve()));
    });
    this.#running = sync;
    const clear = () => {
      if (this.#running === sync) this.#running = null;
    };
    sync.then(clear, clear);
    return sync;
  }
}

/**
 * Commits batches in this thread on a connection of their own whose commits write the WAL
 * without waiting for the disk (synchronous = NORMAL), then waits for an fdatasync of the WAL run
 * in libuv's thread pool: a batch resolves only once its commit frame is on disk, as with
 * synchronous = FULL, but the event loop is blocked only for the write (tens of microseconds)
 * and batches committed while a sync runs share the next one. NORMAL, not OFF: this connection's
 * automatic checkpoints still sync the WAL before and the database file after copying, so the
 * WAL is never restarted over frames that are not in the synced database file.
 */
export function syncedCommit(options: { file: string; busyTimeoutMs: number }): {
  commit: CommitBatch;
  stop(): Promise<void>;
} {
  let opened: {
    db: Database.Database;
    appendAll: (appends: LogAppend[]) => (number | null)[];
    wal: FileSync | null;
    walFd: number | null;
  } | null = null;
  const open = () => {
    const db = new Database(options.file);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
      // The main connection switched the file to WAL and migrated it before this one opened.
      const mode = db.pragma("journal_mode", { simple: true });
      if (mode !== "wal") throw new Error(`the file is in journal mode "${String(mode)}", not WAL`);
      db.pragma("synchronous = NORMAL");
      const grow = db.prepare(APPEND_SQL.growDocument);
      const insert = db.prepare(APPEND_SQL.insertEntry);
      const transaction = db.transaction((appends: LogAppend[]) =>
        appends.map((append) => {
          const { paperId, memberId, at, maxBytes } = append;
          const { buffer, byteOffset, byteLength } = append.update;
          if (!grow.get({ paperId, bytes: byteLength, maxBytes })) return null;
          const update = Buffer.from(buffer, byteOffset, byteLength);
          const row = insert.get({ paperId, update, memberId, at }) as { id: number | bigint };
          return Number(row.id);
        }),
      );
      return {
        db,
        appendAll: (appends: LogAppend[]) => transaction.immediate(appends),
        wal: null,
        walFd: null,
      };
    } catch (error) {
      db.close();
      throw error;
    }
  };
  return {
    async commit(appends) {
      opened ??= open();
      const ids = opened.appendAll(appends);
      // The WAL exists once a transaction has written to it; it keeps its inode while any
      // connection has the file open (a restarted WAL is overwritten in place, not replaced).
      if (!opened.wal) {
        opened.walFd = openSync(`${options.file}-wal`, "r");
        opened.wal = new FileSync(opened.walFd);
      }
      await opened.wal.after();
      return ids;
    },
    async stop() {
      const current = opened;
      opened = null;
      if (!current) return;
      current.db.close();
      if (current.walFd !== null) closeSync(current.walFd);
    },
  };
}
