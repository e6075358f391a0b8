// The thread that makes document-log appends durable, so the fsync of each commit
// (synchronous = FULL) blocks this thread instead of the event loop serving live editing.
// Plain JavaScript on purpose: it runs as it is under vitest, tsx and node alike.
//
// Protocol with src/document-log.ts, one batch at a time:
//   in:  { appends: [{ paperId, update, memberId, at }, ...] }  → out: { ids: [number, ...] }
//                                                                 or { error: { message, code } }
//   in:  "close" → closes the connection and lets the thread end.
// A batch is one IMMEDIATE transaction; its reply is posted only after COMMIT has returned.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

if (!parentPort) throw new Error("append-worker.mjs runs as a worker thread.");
const port = parentPort;

/** @type {{ file: string; busyTimeoutMs: number }} */
const { file, busyTimeoutMs } = workerData;

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
    const insert = db.prepare(
      `INSERT INTO document_log (paper_id, update_data, member_id, at) VALUES (?, ?, ?, ?)
       RETURNING id`,
    );
    const appendAll = db.transaction(
      /** @param {{ paperId: string; update: Uint8Array; memberId: string | null; at: string }[]} appends */
      (appends) =>
        appends.map((append) => {
          const { buffer, byteOffset, byteLength } = append.update;
          const update = Buffer.from(buffer, byteOffset, byteLength);
          return Number(insert.get(append.paperId, update, append.memberId, append.at).id);
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

port.on("message", (message) => {
  if (message === "close") {
    db.close();
    port.close();
    return;
  }
  let reply;
  try {
    reply = { ids: appendAll.immediate(message.appends) };
  } catch (error) {
    reply = {
      error: {
        message: describe(error),
        code: typeof error?.code === "string" ? error.code : undefined,
      },
    };
  }
  port.postMessage(reply);
});
