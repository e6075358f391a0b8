import type { VersionStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { asBuffer, toVersion } from "./rows.ts";

export function versionStore(ctx: SqliteContext): VersionStore {
  const { one, write, insert, keysetPage } = ctx;
  return {
    async get(id) {
      const row = one("SELECT * FROM paper_versions WHERE id = ?", id);
      return row ? toVersion(row) : null;
    },
    async create(version) {
      await write(() =>
        insert(
          `INSERT INTO paper_versions (id, paper_id, name, created_by, created_at, snapshot)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [
            version.id,
            version.paperId,
            version.name,
            version.createdBy,
            version.createdAt,
            asBuffer(version.snapshot),
          ],
          { taken: "A version with this id exists.", parent: ["paper", version.paperId] },
        ),
      );
    },
    async listByPaper(paperId, page) {
      return keysetPage(
        {
          select: "SELECT * FROM paper_versions",
          where: ["paper_id = ?"],
          params: [paperId],
          keys: ["created_at", "id"],
        },
        "DESC",
        page,
        toVersion,
      );
    },
  };
}
