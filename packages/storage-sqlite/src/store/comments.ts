import type { CommentStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { commentColumns, toComment } from "./rows.ts";

export function commentStore(ctx: SqliteContext): CommentStore {
  const { all, one, run, write, insert, conditional } = ctx;
  return {
    async get(id) {
      const row = one("SELECT * FROM comments WHERE id = ?", id);
      return row ? toComment(row) : null;
    },
    async create(comment) {
      await write(() =>
        insert(
          `INSERT INTO comments (paper_id, thread_id, author_id, body, anchor, resolved,
             resolved_by, resolved_at, version, created_at, updated_at, id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [...commentColumns(comment), comment.id],
          { taken: "A comment with this id exists.", parent: ["paper", comment.paperId] },
        ),
      );
    },
    async update(comment) {
      await write(() => {
        const { changes } = run(
          `UPDATE comments SET paper_id = ?, thread_id = ?, author_id = ?, body = ?, anchor = ?,
             resolved = ?, resolved_by = ?, resolved_at = ?, version = ?, created_at = ?,
             updated_at = ?
           WHERE id = ? AND version = ?`,
          ...commentColumns(comment),
          comment.id,
          comment.version - 1,
        );
        conditional(changes, "comments", "comment", comment.id);
      });
    },
    async listByPaper(paperId) {
      return all("SELECT * FROM comments WHERE paper_id = ? ORDER BY created_at, id", paperId).map(
        toComment,
      );
    },
  };
}
