// The document log: appends (group-committed), loads, compaction and the running size.
import { conflict } from "@accord/domain";
import type { DocumentStore } from "@accord/storage";
import { APPEND_SQL, type LogAppend } from "../document-log.ts";
import type { SqliteContext } from "./context.ts";
import { asBuffer, asBytes, plusMs, type Row, toLogEntry } from "./rows.ts";

// A port: the factory is only the closure of its methods over `ctx` (each is short).
export function documentStore(ctx: SqliteContext): DocumentStore {
  const { all, one, run, write, read, file } = ctx;
  return {
    append(paperId, update, origin, options) {
      if (ctx.closing) return Promise.reject(new Error(`The SQLite store ${file} is closed.`));
      const maxBytes = options?.maxBytes ?? null;
      // Group commit: appends made while a commit is in progress, or in the same turn of the
      // event loop, share the next transaction, so one fsync (synchronous = FULL) makes them
      // all durable; none resolves before its commit has returned.
      return ctx.log.append({
        paperId,
        update: update.slice(),
        memberId: origin.memberId,
        at: origin.at,
        maxBytes,
      });
    },
    async load(paperId) {
      return read(() => {
        const doc = one(
          "SELECT snapshot, snapshot_version FROM documents WHERE paper_id = ?",
          paperId,
        );
        const tail = all(
          `SELECT id, update_data, member_id, at FROM document_log
           WHERE paper_id = ? AND retired_until IS NULL ORDER BY id`,
          paperId,
        ).map(toLogEntry);
        return {
          snapshot: doc ? asBytes(doc.snapshot) : null,
          snapshotVersion: doc ? Number(doc.snapshot_version) : 0,
          tail,
        };
      });
    },
    async compact(paperId, input) {
      const expiresAt = plusMs(input.now, input.retainMs);
      // Ids this adapter made are decimal integers; anything else names no entry.
      const merged = input.mergedEntryIds.filter((id) => /^[1-9][0-9]{0,15}$/.test(id)).map(Number);
      return write(() => {
        const current = one("SELECT snapshot_version FROM documents WHERE paper_id = ?", paperId);
        const version = current ? Number(current.snapshot_version) : 0;
        if (version !== input.expectedVersion) {
          throw conflict("Another compaction of this document won.", { paperId });
        }
        run(
          `INSERT INTO documents (paper_id, snapshot, snapshot_version, compacted_at)
           VALUES (?, ?, ?, ?)
           ON CONFLICT (paper_id) DO UPDATE SET snapshot = excluded.snapshot,
             snapshot_version = excluded.snapshot_version, compacted_at = excluded.compacted_at`,
          paperId,
          asBuffer(input.snapshot),
          version + 1,
          input.now,
        );
        run(
          `UPDATE document_log SET retired_until = ?
           WHERE paper_id = ? AND retired_until IS NULL
             AND id IN (SELECT value FROM json_each(?))`,
          expiresAt,
          paperId,
          JSON.stringify(merged),
        );
        // Exact, not a delta: this transaction holds the write lock, so no append interleaves.
        run(
          `INSERT INTO document_sizes (paper_id, bytes)
           SELECT ?, ? + coalesce(sum(length(update_data)), 0) FROM document_log
           WHERE paper_id = ? AND retired_until IS NULL
           ON CONFLICT (paper_id) DO UPDATE SET bytes = excluded.bytes`,
          paperId,
          input.snapshot.length,
          paperId,
        );
        return { snapshotVersion: version + 1 };
      });
    },
    async tailLength(paperId) {
      const row = one(
        "SELECT count(*) AS n FROM document_log WHERE paper_id = ? AND retired_until IS NULL",
        paperId,
      );
      return Number(row?.n ?? 0);
    },
    async size(paperId) {
      const row = one("SELECT bytes FROM document_sizes WHERE paper_id = ?", paperId);
      return Number(row?.bytes ?? 0);
    },
    async purgeExpired(now) {
      // The old snapshot is replaced in the compaction's transaction: nothing else to purge.
      const { changes } = await write(() =>
        run("DELETE FROM document_log WHERE retired_until IS NOT NULL AND retired_until <= ?", now),
      );
      return changes;
    },
  };
}

/** Commit `appends` on this connection (stores whose appends do not go through a worker). */
export function insertAppends(ctx: SqliteContext, appends: LogAppend[]): (number | null)[] {
  return ctx.writeNow(() =>
    appends.map((append) => {
      const { paperId, memberId, at, maxBytes } = append;
      const bytes = append.update.length;
      if (!ctx.sql(APPEND_SQL.growDocument).get({ paperId, bytes, maxBytes })) return null;
      const update = asBuffer(append.update);
      const row = ctx.sql(APPEND_SQL.insertEntry).get({ paperId, update, memberId, at }) as Row;
      return Number(row.id);
    }),
  );
}
