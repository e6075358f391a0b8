// Messages split into chunks, kept until whole.
import { badInput } from "@accord/domain";
import { type ChunkStore, checkChunk, concatChunks } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { asBuffer, asBytes } from "./rows.ts";

export function chunkStore(ctx: SqliteContext): ChunkStore {
  const { all, one, run, write, now } = ctx;
  return {
    async put(chunk) {
      checkChunk(chunk);
      const key = [chunk.connectionId, chunk.messageId] as const;
      return write(() => {
        run("DELETE FROM chunk_messages WHERE expires_at <= ?", now());
        run(
          `INSERT INTO chunk_messages (connection_id, message_id, total, completed, expires_at)
           VALUES (?, ?, ?, 0, ?)
           ON CONFLICT (connection_id, message_id)
           DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)`,
          ...key,
          chunk.total,
          chunk.expiresAt,
        );
        const message = one(
          "SELECT total, completed FROM chunk_messages WHERE connection_id = ? AND message_id = ?",
          ...key,
        );
        if (Number(message?.total) !== chunk.total) {
          throw badInput("total", "Chunks of one message disagree on how many chunks it has.");
        }
        if (Number(message?.completed) === 1) return null;
        const stored = run(
          `INSERT INTO chunk_parts (connection_id, message_id, chunk_index, data)
           VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          ...key,
          chunk.index,
          asBuffer(chunk.data),
        );
        if (stored.changes === 0) return null; // a repeat
        // Counting distinct chunks instead of rereading them keeps a message O(its size).
        const counted = one(
          `UPDATE chunk_messages SET received = received + 1
           WHERE connection_id = ? AND message_id = ? RETURNING received`,
          ...key,
        );
        if (Number(counted?.received) < chunk.total) return null;
        const parts = all(
          `SELECT data FROM chunk_parts WHERE connection_id = ? AND message_id = ?
           ORDER BY chunk_index`,
          ...key,
        );
        // Keep the message row (completed) until it expires, so late duplicates stay ignored.
        run(
          "UPDATE chunk_messages SET completed = 1 WHERE connection_id = ? AND message_id = ?",
          ...key,
        );
        run("DELETE FROM chunk_parts WHERE connection_id = ? AND message_id = ?", ...key);
        return concatChunks(parts.map((part) => asBytes(part.data)));
      });
    },
  };
}
