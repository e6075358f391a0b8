// The thread that makes document-log appends durable, so the fsync of each commit
// (synchronous = FULL) blocks this thread instead of the event loop serving live editing.
// Plain JavaScript on purpose: it runs as it is under vitest, tsx and node alike.
//
// Protocol with src/document-log.ts:
//   in:  { appends: [{ paperId, update, memberId, at, maxBytes }, ...] }   (maxBytes may be null)
//   out: { ids: [[id, ...], ...] }   the ids of each batch of one commit, oldest batch first;
//        null for an append refused because the document would pass its maxBytes
//        { error: { message, code }, batches }   that many batches (oldest first) failed
//   in:  "close" → commits what it holds, closes the connection and lets the thread end.
// The batches received since the last commit go into one IMMEDIATE transaction; the reply is
// posted only after its COMMIT has returned.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

if (!parentPort) throw new Error("append-worker.mjs runs as a worker thread.");
const port = parentPort;

/** @type {{ file: string; busyTimeoutMs: number; sql: { growDocument: string; insertEntry: string } }} */
const { file, busyTimeoutMs, sql } = workerData;

/** Open the connection and prepare the insert; errors leave as plain Errors (SqliteError's
 * message would not survive the trip to the main thread). */
function open() {
  try {
    const db = new Database(file);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // synchronous is a setting of each connection, not of the file: without it here the commits
    // of this thread would follow the compiled-in default (NORMAL in WAL), which is not durable.
    db.pragma("synchronous = FULL");
    if (Number(db.pragma("synchronous", { simple: true })) !== 2) {
      throw new Error("synchronous = FULL did not take");
    }
    // The main connection switched the file to WAL and migrated it before starting this thread.
    const mode = db.pragma("journal_mode", { simple: true });
    if (mode !== "wal") throw new Error(`the file is in journal mode "${mode}", not WAL`);
    const grow = db.prepare(sql.growDocument);
    const insert = db.prepare(sql.insertEntry);
    const appendAll = db.transaction(
      /** @param {{ paperId: string; update: Uint8Array; memberId: string | null; at: string; maxBytes: number | null }[]} appends */
      (appends) =>
        appends.map((append) => {
          const { buffer, byteOffset, byteLength } = append.update;
          const update = Buffer.from(buffer, byteOffset, byteLength);
          const { paperId, memberId, at, maxBytes } = append;
          if (!grow.get({ paperId, bytes: byteLength, maxBytes })) return null;
          return Number(insert.get({ paperId, update, memberId, at }).id);
        }),
    );
    return { db, appendAll };
  } catch (error) {
    throw new Error(`cannot open ${file} for appends: ${describe(error)}`);
  }
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

const { db, appendAll } = open();

/** @type {{ paperId: string; update: Uint8Array; memberId: string | null; at: string; maxBytes: number | null }[][]} */
const received = [];
let scheduled = false;

// Batches that arrive while a commit is in progress wait in the port; setImmediate runs after the
// port has delivered all of them, so they share the next transaction and its fsync.
function commitReceived() {
  scheduled = false;
  const batches = received.splice(0);
  if (batches.length === 0) return;
  let reply;
  try {
    const ids = appendAll.immediate(batches.flat());
    let next = 0;
    reply = {
      ids: batches.map((batch) => {
        next += batch.length;
        return ids.slice(next - batch.length, next);
      }),
    };
  } catch (error) {
    reply = {
      error: {
        message: describe(error),
        code: typeof error?.code === "string" ? error.code : undefined,
      },
      batches: batches.length,
    };
  }
  port.postMessage(reply);
}

port.on("message", (message) => {
  if (message === "close") {
    commitReceived();
    db.close();
    port.close();
    return;
  }
  received.push(message.appends);
  if (!scheduled) {
    scheduled = true;
    setImmediate(commitReceived);
  }
});
