// Members, unique by id and by identity-token subject.
import { conflict } from "@accord/domain";
import type { MemberStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { memberColumns, type Param, toMember } from "./rows.ts";

export function memberStore(ctx: SqliteContext): MemberStore {
  const { one, run, write, insert, conditional, keysetPage, byIds } = ctx;
  return {
    async get(id) {
      const row = one("SELECT * FROM members WHERE id = ?", id);
      return row ? toMember(row) : null;
    },
    async getMany(ids) {
      return byIds("members", ids, toMember);
    },
    async getBySubject(subject) {
      const row = one("SELECT * FROM members WHERE subject = ?", subject);
      return row ? toMember(row) : null;
    },
    async create(member) {
      await write(() => {
        if (one("SELECT 1 FROM members WHERE id = ?", member.id)) {
          throw conflict("A member with this id exists.");
        }
        insert(
          `INSERT INTO members (id, subject, display_name, affiliation, country, community,
             expertise_topic_ids, platform_role, search_text, version, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            member.id,
            member.subject,
            ...memberColumns(member),
            member.version,
            member.createdAt,
            member.updatedAt,
          ],
          { taken: "A member with this subject exists." },
        );
      });
    },
    async update(member) {
      await write(() => {
        const { changes } = run(
          `UPDATE members SET display_name = ?, affiliation = ?, country = ?, community = ?,
             expertise_topic_ids = ?, platform_role = ?, search_text = ?, version = ?,
             created_at = ?, updated_at = ?
           WHERE id = ? AND version = ?`,
          ...memberColumns(member),
          member.version,
          member.createdAt,
          member.updatedAt,
          member.id,
          member.version - 1,
        );
        conditional(changes, "members", "member", member.id);
      });
    },
    async list(filter, page) {
      const where: string[] = [];
      const params: Param[] = [];
      if (filter.search) {
        where.push("instr(search_text, ?) > 0");
        params.push(filter.search.toLowerCase());
      }
      return keysetPage(
        { select: "SELECT * FROM members", where, params, keys: ["display_name", "id"] },
        "ASC",
        page,
        toMember,
      );
    },
  };
}
