// Surveys, their responses and evidence citations: the entity as JSON, beside the columns that
// lists, uniqueness and conditional writes use.
import {
  conflict,
  type EvidenceCitation,
  notFound,
  type Survey,
  type SurveyResponse,
} from "@accord/domain";
import type { EvidenceCitationStore, SurveyResponseStore, SurveyStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import type { Row } from "./rows.ts";

const fromData = <T>(row: Row): T => JSON.parse(row.data as string) as T;

export function surveyStore(ctx: SqliteContext): SurveyStore {
  const { one, all, run, write, insert, byIds } = ctx;
  return {
    async get(id) {
      const row = one("SELECT data FROM surveys WHERE id = ?", id);
      return row ? fromData<Survey>(row) : null;
    },
    async getMany(ids) {
      return byIds("surveys", ids, (row) => fromData<Survey>(row));
    },
    async create(s) {
      await write(() => {
        insert(
          `INSERT INTO surveys (id, working_group_id, status, version, created_at, data)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [s.id, s.workingGroupId, s.status, s.version, s.createdAt, JSON.stringify(s)],
          {
            taken: "A survey with this id exists.",
            parent: ["working group", s.workingGroupId ?? ""],
          },
        );
      });
    },
    async update(next) {
      await write(() => {
        const row = one("SELECT data FROM surveys WHERE id = ?", next.id);
        if (!row) throw notFound("survey", next.id);
        const stored = fromData<Survey>(row);
        const kept: Survey = {
          ...next,
          workingGroupId: stored.workingGroupId,
          createdBy: stored.createdBy,
          createdAt: stored.createdAt,
          pseudonymKey: stored.pseudonymKey,
        };
        const { changes } = run(
          "UPDATE surveys SET status = ?, version = ?, data = ? WHERE id = ? AND version = ?",
          kept.status,
          kept.version,
          JSON.stringify(kept),
          kept.id,
          kept.version - 1,
        );
        ctx.conditional(changes, "surveys", "survey", kept.id);
      });
    },
    async list() {
      return all("SELECT data FROM surveys ORDER BY created_at DESC, id DESC").map((row) =>
        fromData<Survey>(row),
      );
    },
  };
}

export function surveyResponseStore(ctx: SqliteContext): SurveyResponseStore {
  const { one, all, run, write, insert } = ctx;
  return {
    async get(surveyId, respondentKey) {
      const row = one(
        "SELECT data FROM survey_responses WHERE survey_id = ? AND respondent_key = ?",
        surveyId,
        respondentKey,
      );
      return row ? fromData<SurveyResponse>(row) : null;
    },
    async put(r) {
      await write(() => {
        if (r.version === 1) {
          insert(
            `INSERT INTO survey_responses (survey_id, respondent_key, version, data)
             VALUES (?, ?, ?, ?)`,
            [r.surveyId, r.respondentKey, r.version, JSON.stringify(r)],
            {
              taken: "You have already responded to this survey.",
              parent: ["survey", r.surveyId],
            },
          );
          return;
        }
        const row = one(
          "SELECT data FROM survey_responses WHERE survey_id = ? AND respondent_key = ?",
          r.surveyId,
          r.respondentKey,
        );
        if (!row) throw notFound("survey response", r.surveyId);
        const stored = fromData<SurveyResponse>(row);
        const kept: SurveyResponse = {
          ...r,
          memberId: stored.memberId,
          createdAt: stored.createdAt,
        };
        const { changes } = run(
          `UPDATE survey_responses SET version = ?, data = ?
           WHERE survey_id = ? AND respondent_key = ? AND version = ?`,
          kept.version,
          JSON.stringify(kept),
          kept.surveyId,
          kept.respondentKey,
          kept.version - 1,
        );
        if (changes === 0) {
          throw conflict("Your response was changed meanwhile; reload it and try again.");
        }
      });
    },
    async listBySurvey(surveyId) {
      return all(
        "SELECT data FROM survey_responses WHERE survey_id = ? ORDER BY respondent_key",
        surveyId,
      ).map((row) => fromData<SurveyResponse>(row));
    },
    async count(surveyId) {
      const row = one("SELECT count(*) AS n FROM survey_responses WHERE survey_id = ?", surveyId);
      return Number(row?.n ?? 0);
    },
  };
}

export function evidenceCitationStore(ctx: SqliteContext): EvidenceCitationStore {
  const { one, all, run, write, insert } = ctx;
  return {
    async get(id) {
      const row = one("SELECT data FROM evidence_citations WHERE id = ?", id);
      return row ? fromData<EvidenceCitation>(row) : null;
    },
    async create(c) {
      await write(() => {
        if (!one("SELECT 1 FROM surveys WHERE id = ?", c.surveyId)) {
          throw notFound("survey", c.surveyId);
        }
        insert(
          `INSERT INTO evidence_citations (id, paper_id, survey_id, cited_at, data)
           VALUES (?, ?, ?, ?, ?)`,
          [c.id, c.paperId, c.surveyId, c.citedAt, JSON.stringify(c)],
          { taken: "A citation with this id exists.", parent: ["paper", c.paperId] },
        );
      });
    },
    async remove(id) {
      await write(() => {
        const { changes } = run("DELETE FROM evidence_citations WHERE id = ?", id);
        if (changes === 0) throw notFound("citation", id);
      });
    },
    async listByPaper(paperId) {
      return all(
        "SELECT data FROM evidence_citations WHERE paper_id = ? ORDER BY cited_at, id",
        paperId,
      ).map((row) => fromData<EvidenceCitation>(row));
    },
  };
}
