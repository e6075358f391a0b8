// Live connections: records, frame counts per rate window, role and status changes.
import type { PaperRole } from "@accord/domain";
import type { ConnectionStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { toConnection } from "./rows.ts";

export function connectionStore(ctx: SqliteContext): ConnectionStore {
  const { all, one, run, write, insert, now } = ctx;
  return {
    async put(connection) {
      await write(() => {
        run("DELETE FROM connections WHERE expires_at <= ?", now());
        insert(
          `INSERT INTO connections (connection_id, paper_id, member_id, platform_role, role,
             paper_status, connected_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            connection.connectionId,
            connection.paperId,
            connection.memberId,
            connection.platformRole,
            connection.role,
            connection.paperStatus,
            connection.connectedAt,
            connection.expiresAt,
          ],
          { taken: "This connection id is already registered." },
        );
      });
    },
    async get(connectionId) {
      const row = one("SELECT * FROM connections WHERE connection_id = ?", connectionId);
      return row ? toConnection(row) : null;
    },
    async arrive(connectionId, window) {
      // One statement: SET reads the row as it was, so a new window restarts the count.
      const row = await write(() =>
        one(
          `UPDATE connections
           SET rate_count = CASE WHEN rate_window = ? THEN rate_count + 1 ELSE 1 END,
             rate_window = ?
           WHERE connection_id = ? RETURNING *`,
          window,
          window,
          connectionId,
        ),
      );
      return row ? { connection: toConnection(row), framesInWindow: Number(row.rate_count) } : null;
    },
    async listByPaper(paperId, at) {
      return all(
        `SELECT * FROM connections WHERE paper_id = ? AND expires_at > ?
         ORDER BY connection_id`,
        paperId,
        at,
      ).map(toConnection);
    },
    async setRoleForMember(paperId, memberId, role: PaperRole | null) {
      return write(() =>
        all(
          `UPDATE connections SET role = ?
           WHERE paper_id = ? AND member_id = ? AND role IS NOT ? RETURNING *`,
          role,
          paperId,
          memberId,
          role,
        ).map(toConnection),
      );
    },
    async setStatusForPaper(paperId, status) {
      return write(() =>
        all(
          `UPDATE connections SET paper_status = ?
           WHERE paper_id = ? AND paper_status <> ? RETURNING *`,
          status,
          paperId,
          status,
        ).map(toConnection),
      );
    },
    async remove(connectionId) {
      await write(() => run("DELETE FROM connections WHERE connection_id = ?", connectionId));
    },
  };
}
