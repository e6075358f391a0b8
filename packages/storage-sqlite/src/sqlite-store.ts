// The SQLite adapter of every storage port: one file, WAL, migrations at open. better-sqlite3 is
// synchronous, so each port method runs to completion (inside one transaction when it reads or
// writes more than one statement) before any other starts in this process; other processes are
// kept out by SQLite's locks (immediate transactions, busy_timeout). Document-log appends are the
// exception: they are group-committed, by default written on a second connection in this thread
// and made durable by an fdatasync in libuv's thread pool (document-log.ts), and the writes of the
// main connection take turns with those commits.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Store } from "@accord/storage";
import Database from "better-sqlite3";
import { APPEND_WORKER_SCRIPT, GroupCommit, syncedCommit, workerCommit } from "./document-log.ts";
import { migrate } from "./migrations.ts";
import { activityStore } from "./store/activity.ts";
import { attributionStore } from "./store/attribution.ts";
import { chunkStore } from "./store/chunks.ts";
import { collaboratorStore } from "./store/collaborators.ts";
import { commentStore } from "./store/comments.ts";
import { connectionStore } from "./store/connections.ts";
import { createContext } from "./store/context.ts";
import { documentStore, insertAppends } from "./store/documents.ts";
import { endorsementStore } from "./store/endorsements.ts";
import { invitationStore, joinRequestStore } from "./store/invitations.ts";
import { memberStore } from "./store/members.ts";
import { notificationStore } from "./store/notifications.ts";
import { paperStore } from "./store/papers.ts";
import { evidenceCitationStore, surveyResponseStore, surveyStore } from "./store/surveys.ts";
import { topicStore } from "./store/topics.ts";
import { versionStore } from "./store/versions.ts";
import { workingGroupStore } from "./store/working-groups.ts";

export interface SqliteStoreOptions {
  /** Path of the database file (its directory is created), or ":memory:" for a private one. */
  file: string;
  /** The clock of the TTL sweeps of connections and chunked messages (tests pin it). */
  clock?: () => Date;
  /** How long a write waits for another process's lock before failing; default 5 s. */
  busyTimeoutMs?: number;
  /**
   * Commit document-log appends in a worker thread with its own connection (true) or in this
   * thread on the main connection (false). Without it, or `appendCommit`, appends take the
   * default path, "async-fsync" (chosen by test/bench bench:collab). A ":memory:" database
   * always commits in this thread.
   */
  appendsInWorker?: boolean;
  /**
   * How document-log appends are committed; overrides `appendsInWorker`. "in-thread": one group
   * commit per turn of the event loop on the main connection (synchronous = FULL, the fsync on
   * the event loop); "worker": the worker thread above; "async-fsync": written in this thread
   * on a second connection, then made durable by an fdatasync of the WAL in libuv's thread pool
   * before the append resolves (document-log.ts, syncedCommit).
   */
  appendCommit?: AppendCommit;
  /** The append worker's script; tests substitute one that crashes. Default: append-worker.mjs. */
  appendWorkerScript?: URL;
}

export type AppendCommit = "in-thread" | "worker" | "async-fsync";

/** The commit path when the options name none (what `pnpm start` runs). */
const DEFAULT_APPEND_COMMIT: AppendCommit = "async-fsync";

export interface SqliteStore extends Store {
  /** The absolute path of the file (or ":memory:"). */
  readonly file: string;
  /** The connection's durability settings and schema version, for start-up logs and tests. */
  settings(): SqliteSettings;
}

export interface SqliteSettings {
  journalMode: string;
  synchronous: "OFF" | "NORMAL" | "FULL" | "EXTRA";
  foreignKeys: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
  /** Whether document-log appends are committed by a worker thread (see the options). */
  appendsInWorker: boolean;
  /** How document-log appends are committed (see the options). */
  appendCommit: AppendCommit;
}

// Every store still open in this process, so a shutdown hook or a test teardown can close all.
const openStores = new Set<SqliteStore>();

/** Close every SQLite store this process opened and has not closed yet. */
export async function closeAllSqliteStores(): Promise<void> {
  await Promise.all([...openStores].map((store) => store.close()));
}

/**
 * Open (creating and migrating as needed) the store in `file`. Throws a plain Error naming the
 * file when it cannot be created, opened, or is not an Accord database.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const file = options.file === ":memory:" ? ":memory:" : resolve(options.file);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const db = openDatabase(file, busyTimeoutMs);
  const appendCommit: AppendCommit =
    file === ":memory:"
      ? "in-thread"
      : (options.appendCommit ??
        (options.appendsInWorker === undefined
          ? DEFAULT_APPEND_COMMIT
          : options.appendsInWorker
            ? "worker"
            : "in-thread"));
  const appendsInWorker = appendCommit === "worker";
  const ctx = createContext(db, file, options.clock ?? (() => new Date()));
  const log = (() => {
    if (appendCommit === "worker") {
      const worker = workerCommit({
        file,
        busyTimeoutMs,
        script: options.appendWorkerScript ?? APPEND_WORKER_SCRIPT,
      });
      return new GroupCommit(worker.commit, { handOver: "soon", stop: worker.stop });
    }
    if (appendCommit === "async-fsync") {
      const synced = syncedCommit({ file, busyTimeoutMs });
      return new GroupCommit(synced.commit, { handOver: "turn", stop: synced.stop });
    }
    return new GroupCommit(async (appends) => insertAppends(ctx, appends), { handOver: "turn" });
  })();
  ctx.setLog(log);

  const ports: Store = {
    members: memberStore(ctx),
    topics: topicStore(ctx),
    workingGroups: workingGroupStore(ctx),
    papers: paperStore(ctx),
    collaborators: collaboratorStore(ctx),
    comments: commentStore(ctx),
    versions: versionStore(ctx),
    endorsements: endorsementStore(ctx),
    activity: activityStore(ctx),
    invitations: invitationStore(ctx),
    joinRequests: joinRequestStore(ctx),
    surveys: surveyStore(ctx),
    surveyResponses: surveyResponseStore(ctx),
    citations: evidenceCitationStore(ctx),
    notifications: notificationStore(ctx),
    documents: documentStore(ctx),
    attribution: attributionStore(ctx),
    connections: connectionStore(ctx),
    chunks: chunkStore(ctx),
    close() {
      if (!ctx.closing) {
        ctx.setClosing(
          (async () => {
            // Appends already made are committed (and their promises settled) before the worker
            // and the connection close; appends made from now on are refused.
            await log.drain();
            ctx.markClosed();
            openStores.delete(store);
            db.close();
          })(),
        );
      }
      return ctx.closing as Promise<void>;
    },
  };
  const store: SqliteStore = {
    ...ports,
    file,
    settings() {
      const pragma = (name: string) => db.pragma(name, { simple: true });
      const levels = ["OFF", "NORMAL", "FULL", "EXTRA"] as const;
      // Through the context, so a closed store refuses with its plain error.
      const version = ctx.one("SELECT coalesce(max(version), 0) AS v FROM schema_migrations");
      return {
        journalMode: String(pragma("journal_mode")),
        synchronous: levels[Number(pragma("synchronous"))] ?? "OFF",
        foreignKeys: Number(pragma("foreign_keys")) === 1,
        busyTimeoutMs: Number(pragma("busy_timeout")),
        schemaVersion: Number(version?.v),
        appendsInWorker,
        appendCommit,
      };
    },
  };
  openStores.add(store);
  return store;
}

function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  const problem = (error: unknown) =>
    new Error(
      `Cannot open the SQLite store at ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  if (file !== ":memory:") {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw problem(error);
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // The busy timeout first: switching to WAL needs a lock another process may hold.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (file !== ":memory:" && mode !== "wal") {
      throw new Error(`the file stays in journal mode "${String(mode)}" instead of WAL`);
    }
    // FULL: each commit is fsynced, so an appended update survives power loss before broadcast.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw problem(error);
  }
}
