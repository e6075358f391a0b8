// Position papers and the filters of their list.
import { badInput } from "@accord/domain";
import type { PaperStore } from "@accord/storage";
import { insertCollaborator } from "./collaborators.ts";
import type { SqliteContext } from "./context.ts";
import { type Param, paperColumns, toPaper } from "./rows.ts";

// A port: the factory is only the closure of its methods over `ctx` (each is short).
export function paperStore(ctx: SqliteContext): PaperStore {
  const { one, run, write, insert, conditional, keysetPage, byIds } = ctx;
  return {
    async get(id) {
      const row = one("SELECT * FROM papers WHERE id = ?", id);
      return row ? toPaper(row) : null;
    },
    async getMany(ids) {
      return byIds("papers", ids, toPaper);
    },
    async create(paper, lead) {
      if (lead.role !== "LEAD") throw badInput("lead", "A paper starts with a LEAD.");
      if (lead.paperId !== paper.id) {
        throw badInput("lead", "The first LEAD must be a collaborator on the new paper.");
      }
      await write(() => {
        insert(
          `INSERT INTO papers (id, working_group_id, title, summary, topic_ids, diplomacy_types,
             status, published_at, search_text, version, updated_at, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [paper.id, ...paperColumns(paper)],
          {
            taken: "A paper with this id exists.",
            parent: ["working group", paper.workingGroupId],
          },
        );
        insertCollaborator(ctx, lead);
      });
    },
    async update(paper) {
      await write(() => {
        const { changes } = run(
          `UPDATE papers SET working_group_id = ?, title = ?, summary = ?, topic_ids = ?,
             diplomacy_types = ?, status = ?, published_at = ?, search_text = ?, version = ?,
             updated_at = ?, created_by = ?, created_at = ?
           WHERE id = ? AND version = ?`,
          ...paperColumns(paper),
          paper.id,
          paper.version - 1,
        );
        conditional(changes, "papers", "paper", paper.id);
      });
    },
    async list(filter, page) {
      const where: string[] = [];
      const params: Param[] = [];
      const isCollaborator =
        "EXISTS (SELECT 1 FROM collaborators c WHERE c.paper_id = p.id AND c.member_id = ?)";
      if (filter.workingGroupId) {
        where.push("p.working_group_id = ?");
        params.push(filter.workingGroupId);
      }
      if (filter.topicId) {
        where.push("EXISTS (SELECT 1 FROM json_each(p.topic_ids) WHERE value = ?)");
        params.push(filter.topicId);
      }
      if (filter.status) {
        where.push("p.status = ?");
        params.push(filter.status);
      }
      if (filter.diplomacyType) {
        where.push("EXISTS (SELECT 1 FROM json_each(p.diplomacy_types) WHERE value = ?)");
        params.push(filter.diplomacyType);
      }
      if (filter.collaboratorId) {
        where.push(isCollaborator);
        params.push(filter.collaboratorId);
      }
      if (filter.visibleTo) {
        where.push(`(p.status = 'PUBLISHED' OR ${isCollaborator})`);
        params.push(filter.visibleTo);
      }
      if (filter.search) {
        where.push("instr(p.search_text, ?) > 0");
        params.push(filter.search.toLowerCase());
      }
      return keysetPage(
        { select: "SELECT p.* FROM papers p", where, params, keys: ["p.created_at", "p.id"] },
        "DESC",
        page,
        toPaper,
      );
    },
  };
}
