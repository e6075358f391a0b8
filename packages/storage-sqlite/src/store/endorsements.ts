// Endorsements of papers.
import { notFound } from "@accord/domain";
import type { EndorsementStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { toEndorsement } from "./rows.ts";

export function endorsementStore(ctx: SqliteContext): EndorsementStore {
  const { one, run, write, insert, keysetPage } = ctx;
  return {
    async get(paperId, memberId) {
      const row = one(
        "SELECT * FROM endorsements WHERE paper_id = ? AND member_id = ?",
        paperId,
        memberId,
      );
      return row ? toEndorsement(row) : null;
    },
    async create(endorsement) {
      await write(() =>
        insert(
          `INSERT INTO endorsements (paper_id, member_id, organisation, statement, created_at)
           VALUES (?, ?, ?, ?, ?)`,
          [
            endorsement.paperId,
            endorsement.memberId,
            endorsement.organisation,
            endorsement.statement,
            endorsement.createdAt,
          ],
          {
            taken: "This member has already endorsed this paper.",
            parent: ["paper", endorsement.paperId],
          },
        ),
      );
    },
    async remove(paperId, memberId) {
      const { changes } = await write(() =>
        run("DELETE FROM endorsements WHERE paper_id = ? AND member_id = ?", paperId, memberId),
      );
      if (changes === 0) throw notFound("endorsement", `${paperId}/${memberId}`);
    },
    async listByPaper(paperId, page) {
      return keysetPage(
        {
          select: "SELECT * FROM endorsements",
          where: ["paper_id = ?"],
          params: [paperId],
          keys: ["created_at", "member_id"],
        },
        "ASC",
        page,
        toEndorsement,
      );
    },
    async count(paperId) {
      const row = one("SELECT count(*) AS n FROM endorsements WHERE paper_id = ?", paperId);
      return Number(row?.n ?? 0);
    },
  };
}
