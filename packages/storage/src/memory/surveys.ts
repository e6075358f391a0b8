// Surveys, their responses, and citations of their results in papers.
import { conflict, notFound } from "@accord/domain";
import type { EvidenceCitationStore, SurveyResponseStore, SurveyStore } from "../ports.ts";
import { byKey, clone, conditional, type MemoryState, pair } from "./state.ts";

export function surveyStore(state: MemoryState): SurveyStore {
  const { surveys } = state;
  return {
    async get(id) {
      return clone(surveys.get(id) ?? null);
    },
    async getMany(ids) {
      return ids.map((id) => clone(surveys.get(id) ?? null));
    },
    async create(survey) {
      if (surveys.has(survey.id)) throw conflict("A survey with this id exists.");
      surveys.set(survey.id, clone(survey));
    },
    async update(survey) {
      const stored = surveys.get(survey.id);
      conditional(stored, survey, "survey", survey.id);
      surveys.set(
        survey.id,
        clone({
          ...survey,
          workingGroupId: stored.workingGroupId,
          createdBy: stored.createdBy,
          createdAt: stored.createdAt,
          pseudonymKey: stored.pseudonymKey,
        }),
      );
    },
    async list() {
      return [...surveys.values()]
        .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id))
        .map(clone);
    },
  };
}

export function surveyResponseStore(state: MemoryState): SurveyResponseStore {
  const { surveyResponses } = state;
  return {
    async get(surveyId, respondentKey) {
      return clone(surveyResponses.get(pair(surveyId, respondentKey)) ?? null);
    },
    async put(response) {
      const key = pair(response.surveyId, response.respondentKey);
      const stored = surveyResponses.get(key);
      if (response.version === 1) {
        if (stored) throw conflict("You have already responded to this survey.");
        surveyResponses.set(key, clone(response));
        return;
      }
      if (!stored) throw notFound("survey response", response.surveyId);
      if (stored.version !== response.version - 1) {
        throw conflict("Your response was changed meanwhile; reload it and try again.");
      }
      surveyResponses.set(
        key,
        clone({ ...response, memberId: stored.memberId, createdAt: stored.createdAt }),
      );
    },
    async listBySurvey(surveyId) {
      return [...surveyResponses.values()]
        .filter((r) => r.surveyId === surveyId)
        .sort((a, b) => byKey(a.respondentKey, b.respondentKey))
        .map(clone);
    },
    async count(surveyId) {
      let n = 0;
      for (const r of surveyResponses.values()) if (r.surveyId === surveyId) n++;
      return n;
    },
  };
}

export function evidenceCitationStore(state: MemoryState): EvidenceCitationStore {
  const { citations } = state;
  return {
    async get(id) {
      return clone(citations.get(id) ?? null);
    },
    async create(citation) {
      if (citations.has(citation.id)) throw conflict("A citation with this id exists.");
      citations.set(citation.id, clone(citation));
    },
    async remove(id) {
      if (!citations.delete(id)) throw notFound("citation", id);
    },
    async listByPaper(paperId) {
      return [...citations.values()]
        .filter((c) => c.paperId === paperId)
        .sort((a, b) => byKey(a.citedAt, b.citedAt) || byKey(a.id, b.id))
        .map(clone);
    },
  };
}
