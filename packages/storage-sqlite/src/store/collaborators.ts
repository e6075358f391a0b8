// Collaborators of a paper (triggers keep a LEAD on each paper).
import { type Collaborator, notFound } from "@accord/domain";
import type { CollaboratorStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { toCollaborator } from "./rows.ts";

export function collaboratorStore(ctx: SqliteContext): CollaboratorStore {
  const { all, one, run, write, orLastLead } = ctx;
  return {
    async get(paperId, memberId) {
      const row = one(
        "SELECT * FROM collaborators WHERE paper_id = ? AND member_id = ?",
        paperId,
        memberId,
      );
      return row ? toCollaborator(row) : null;
    },
    async listByPaper(paperId) {
      return all(
        "SELECT * FROM collaborators WHERE paper_id = ? ORDER BY added_at, member_id",
        paperId,
      ).map(toCollaborator);
    },
    async listByPapers(paperIds) {
      if (paperIds.length === 0) return [];
      const rows = all(
        `SELECT * FROM collaborators WHERE paper_id IN (SELECT value FROM json_each(?))
         ORDER BY added_at, member_id`,
        JSON.stringify([...new Set(paperIds)]),
      );
      const byPaper = new Map<string, Collaborator[]>();
      for (const row of rows) {
        const c = toCollaborator(row);
        byPaper.set(c.paperId, [...(byPaper.get(c.paperId) ?? []), c]);
      }
      return paperIds.map((id) => byPaper.get(id)?.map((c) => ({ ...c })) ?? []);
    },
    async add(collaborator) {
      await write(() => insertCollaborator(ctx, collaborator));
    },
    async setRole(paperId, memberId, role) {
      return write(() =>
        orLastLead(() => {
          const row = one(
            "UPDATE collaborators SET role = ? WHERE paper_id = ? AND member_id = ? RETURNING *",
            role,
            paperId,
            memberId,
          );
          if (!row) throw notFound("collaborator", `${paperId}/${memberId}`);
          return toCollaborator(row);
        }),
      );
    },
    async remove(paperId, memberId) {
      await write(() =>
        orLastLead(() => {
          const { changes } = run(
            "DELETE FROM collaborators WHERE paper_id = ? AND member_id = ?",
            paperId,
            memberId,
          );
          if (changes === 0) throw notFound("collaborator", `${paperId}/${memberId}`);
        }),
      );
    },
  };
}

/** Shared with `papers.create`, which adds the first LEAD in its transaction. */
export function insertCollaborator(ctx: SqliteContext, collaborator: Collaborator) {
  ctx.insert(
    `INSERT INTO collaborators (paper_id, member_id, role, added_by, added_at)
     VALUES (?, ?, ?, ?, ?)`,
    [
      collaborator.paperId,
      collaborator.memberId,
      collaborator.role,
      collaborator.addedBy,
      collaborator.addedAt,
    ],
    { taken: "This member is already a collaborator.", parent: ["paper", collaborator.paperId] },
  );
}
