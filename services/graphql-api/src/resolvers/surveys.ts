// Perception surveys: create, edit, open, close, answer; results with small cells suppressed and
// their CSV; survey results cited in papers. Who may do what is the domain's decideSurveyAction.
//
// Anonymity: in an anonymous survey a response is stored under a per-survey pseudonym, an HMAC of
// the member id under the survey's own key, and without the member id; its times keep the day
// only. Nothing here logs a respondent, and no field returns anyone's response but the caller's.
import { createHmac, randomBytes } from "node:crypto";
import {
  type Actor,
  badInput,
  surveyFields as checkSurveyFields,
  computeSurveyResults,
  conflict,
  dayOf,
  decideCreateSurvey,
  decideSurveyAction,
  type EvidenceCitation,
  editSurvey,
  type Member,
  moveSurvey,
  newId,
  notFound,
  type QuestionResults,
  type ResultGroup,
  type Survey,
  type SurveyAction,
  type SurveyRelation,
  type SurveyResponse,
  selectResults,
  surveyQuestions,
  surveyRefusal,
  surveyResultsCsv,
  surveyStatus,
  unauthenticated,
  validateAnswers,
} from "@accord/domain";
import { paginate } from "@accord/storage";
import { groupRoleOf, paperFor } from "../access.ts";
import type { RequestContext } from "../context.ts";
import type {
  DiplomacyTypeResultsResolvers,
  EvidenceCitationResolvers,
  MutationResolvers,
  PositionPaperResolvers,
  QueryResolvers,
  QuestionResultsResolvers,
  SurveyInput,
  SurveyQuestionResolvers,
  SurveyResolvers,
  SurveyResponseResolvers,
  SurveyResultsResolvers,
} from "../generated/resolvers.ts";
import { loadExisting } from "../loaders.ts";
import type { SurveyPermissionsModel } from "../models.ts";
import { pageRequest, toConnection } from "../paging.ts";
import { topicIds } from "./input.ts";

/** The key a member's response is stored under: their id, or their pseudonym when anonymous. */
export function respondentKey(
  survey: Pick<Survey, "anonymous" | "pseudonymKey">,
  memberId: string,
) {
  if (!survey.anonymous) return memberId;
  return createHmac("sha256", Buffer.from(survey.pseudonymKey, "base64url"))
    .update(memberId)
    .digest("base64url");
}

interface SurveyAccess {
  survey: Survey;
  actor: Actor | null;
  viewer: Member | null;
  relation: SurveyRelation;
}

/** The caller's relation to a survey (group role, community, whether they responded). */
async function relationTo(
  context: RequestContext,
  survey: Survey,
  viewer: Member | null,
): Promise<SurveyRelation> {
  if (!viewer) return { groupRole: null, community: null, responded: false };
  const [groupRole, response] = await Promise.all([
    survey.workingGroupId ? groupRoleOf(context, survey.workingGroupId, viewer.id) : null,
    context.store.surveyResponses.get(survey.id, respondentKey(survey, viewer.id)),
  ]);
  return { groupRole, community: viewer.community, responded: response !== null };
}

async function accessOf(context: RequestContext, survey: Survey): Promise<SurveyAccess> {
  const [viewer, actor] = await Promise.all([context.viewer(), context.actor()]);
  return { survey, viewer, actor, relation: await relationTo(context, survey, viewer) };
}

/** Load a survey and check one action: NOT_FOUND, UNAUTHENTICATED, FORBIDDEN or CONFLICT. */
async function surveyFor(
  context: RequestContext,
  id: string,
  action: SurveyAction,
): Promise<SurveyAccess> {
  const survey = await context.store.surveys.get(id);
  if (!survey) throw notFound("survey", id);
  const access = await accessOf(context, survey);
  const decision = decideSurveyAction(access.actor, survey, access.relation, action, context.now());
  if (decision !== "ALLOW") throw surveyRefusal(decision, id, action);
  return access;
}

async function mayDo(context: RequestContext, survey: Survey, action: SurveyAction) {
  const access = await accessOf(context, survey);
  return (
    decideSurveyAction(access.actor, survey, access.relation, action, context.now()) === "ALLOW"
  );
}

async function resultsOf(context: RequestContext, survey: Survey) {
  const responses = await context.store.surveyResponses.listBySurvey(survey.id);
  return computeSurveyResults(survey, responses);
}

async function questionsFrom(context: RequestContext, input: SurveyInput) {
  if (!input.questions) return null;
  const questions = surveyQuestions(input.questions);
  for (const [i, q] of questions.entries()) {
    q.topicIds = await topicIds(context, `questions[${i}].topicIds`, q.topicIds);
  }
  return questions;
}

export const surveyQueries: QueryResolvers = {
  async survey(_parent, { id }, context) {
    return (await surveyFor(context, id, "read")).survey;
  },
  async surveys(_parent, args, context) {
    const all = await context.store.surveys.list();
    const now = context.now();
    const visible: Survey[] = [];
    for (const survey of all) {
      if (args.workingGroupId && survey.workingGroupId !== args.workingGroupId) continue;
      if (args.status && surveyStatus(survey, now) !== args.status) continue;
      if (await mayDo(context, survey, "read")) visible.push(survey);
    }
    return toConnection(
      paginate(
        visible,
        (s) => [s.createdAt, s.id],
        pageRequest(context.limits.graphql, args),
        true,
      ),
    );
  },
  async surveyResults(_parent, { id, filter }, context) {
    const { survey } = await surveyFor(context, id, "viewResults");
    const unfiltered = await resultsOf(context, survey);
    const results = selectResults(unfiltered, {
      communities: (filter?.groups ?? []).filter((g): g is ResultGroup => g !== "OVERALL"),
      questionIds: filter?.questionIds ?? null,
      diplomacyTypes: filter?.diplomacyTypes ?? null,
    });
    return { survey, results, unfiltered };
  },
};

export const surveyMutations: MutationResolvers = {
  async createSurvey(_parent, { workingGroupId, input }, context) {
    const viewer = await context.requireViewer();
    const actor = (await context.actor()) as Actor;
    const groupId = workingGroupId ?? null;
    if (groupId && !(await context.loaders.workingGroups.load(groupId))) {
      throw notFound("working group", groupId);
    }
    const groupRole = groupId ? await groupRoleOf(context, groupId, viewer.id) : null;
    const decision = decideCreateSurvey(actor, groupId, groupRole);
    if (decision !== "ALLOW") {
      throw surveyRefusal(
        decision === "UNAUTHENTICATED" ? "UNAUTHENTICATED" : "FORBIDDEN",
        "",
        "edit",
      );
    }
    const now = context.now();
    const survey: Survey = {
      id: newId(),
      workingGroupId: groupId,
      ...checkSurveyFields(input, groupId),
      status: "DRAFT",
      questions: (await questionsFrom(context, input)) ?? [],
      createdBy: viewer.id,
      openedAt: null,
      closedAt: null,
      pseudonymKey: randomBytes(32).toString("base64url"),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await context.store.surveys.create(survey);
    return survey;
  },
  async updateSurvey(_parent, { id, expectedVersion, input }, context) {
    const { survey } = await surveyFor(context, id, "edit");
    if (survey.version !== expectedVersion) {
      throw conflict("The survey was changed by someone else; reload it and try again.", {
        version: survey.version,
      });
    }
    const next = editSurvey(
      survey,
      checkSurveyFields(input, survey.workingGroupId),
      await questionsFrom(context, input),
      context.now(),
    );
    await context.store.surveys.update(next);
    return next;
  },
  async openSurvey(_parent, { id }, context) {
    const { survey } = await surveyFor(context, id, "open");
    const next = moveSurvey(survey, "OPEN", context.now());
    await context.store.surveys.update(next);
    return next;
  },
  async closeSurvey(_parent, { id }, context) {
    const { survey } = await surveyFor(context, id, "close");
    const next = moveSurvey(survey, "CLOSED", context.now());
    await context.store.surveys.update(next);
    return next;
  },
  async archiveSurvey(_parent, { id }, context) {
    const { survey } = await surveyFor(context, id, "archive");
    const next = moveSurvey(survey, "ARCHIVED", context.now());
    await context.store.surveys.update(next);
    return next;
  },
  async respondToSurvey(_parent, { surveyId, answers }, context) {
    const { survey, viewer } = await surveyFor(context, surveyId, "respond");
    if (!viewer) throw unauthenticated();
    const checked = validateAnswers(survey, answers);
    const key = respondentKey(survey, viewer.id);
    const existing = await context.store.surveyResponses.get(survey.id, key);
    const now = context.now();
    const when = survey.anonymous ? dayOf(now) : now;
    const response: SurveyResponse = {
      surveyId: survey.id,
      respondentKey: key,
      memberId: survey.anonymous ? null : viewer.id,
      community: viewer.community,
      answers: checked,
      version: (existing?.version ?? 0) + 1,
      createdAt: existing?.createdAt ?? when,
      updatedAt: when,
    };
    await context.store.surveyResponses.put(response);
    return response;
  },
  async citeSurveyResult(_parent, { paperId, surveyId, questionId, mode }, context) {
    const { paper, actor } = await paperFor(context, paperId, "editText");
    const { survey } = await surveyFor(context, surveyId, "read");
    if (!survey.questions.some((q) => q.id === questionId)) {
      throw badInput("questionId", `The survey has no question "${questionId}".`);
    }
    let frozenResults: string | null = null;
    if (mode === "FROZEN") {
      await surveyFor(context, surveyId, "viewResults");
      const results = await resultsOf(context, survey);
      frozenResults = JSON.stringify(results.questions.find((q) => q.questionId === questionId));
    }
    const citation: EvidenceCitation = {
      id: newId(),
      paperId: paper.id,
      surveyId,
      questionId,
      mode,
      frozenResults,
      citedBy: actor?.memberId ?? "",
      citedAt: context.now(),
    };
    await context.store.citations.create(citation);
    return citation;
  },
  async removeEvidenceCitation(_parent, { id }, context) {
    const actor = await context.actor();
    if (!actor) throw unauthenticated("Sign in to edit this paper.");
    const citation = await context.store.citations.get(id);
    if (!citation) throw notFound("citation", id);
    await paperFor(context, citation.paperId, "editText");
    await context.store.citations.remove(id);
    return true;
  },
};

export const surveyFields: SurveyResolvers = {
  async workingGroup(survey, _args, context) {
    return survey.workingGroupId ? context.loaders.workingGroups.load(survey.workingGroupId) : null;
  },
  status: (survey, _args, context) => surveyStatus(survey, context.now()),
  createdBy: (survey, _args, context) => context.loaders.members.load(survey.createdBy),
  async responseCount(survey, _args, context) {
    if (!(await mayDo(context, survey, "viewResponseCount"))) return null;
    return context.store.surveyResponses.count(survey.id);
  },
  async myResponse(survey, _args, context) {
    const viewer = await context.viewer();
    if (!viewer) return null;
    return context.store.surveyResponses.get(survey.id, respondentKey(survey, viewer.id));
  },
  async permissions(survey, _args, context): Promise<SurveyPermissionsModel> {
    const access = await accessOf(context, survey);
    const now = context.now();
    const may = (action: SurveyAction) =>
      decideSurveyAction(access.actor, survey, access.relation, action, now) === "ALLOW";
    return {
      edit: may("edit"),
      open: may("open"),
      close: may("close"),
      archive: may("archive"),
      respond: may("respond"),
      viewResults: may("viewResults"),
    };
  },
};

export const surveyQuestionFields: SurveyQuestionResolvers = {
  topics: (question, _args, context) => loadExisting(context.loaders.topics, question.topicIds),
};

export const surveyResponseFields: SurveyResponseResolvers = {
  submittedAt: (response) => response.createdAt,
};

const questionOf = (survey: Survey, id: string) => {
  const question = survey.questions.find((q) => q.id === id);
  if (!question) throw notFound("question", id);
  return question;
};

export const surveyResultsFields: SurveyResultsResolvers = {
  minimumCellSize: (model) => model.results.minimumCellSize,
  questions: (model) => model.results.questions.map((q) => ({ ...q, survey: model.survey })),
  diplomacyTypes: (model) =>
    model.results.diplomacyTypes.map((d) => ({ ...d, survey: model.survey })),
  csv: (model) => surveyResultsCsv(model.survey, model.unfiltered),
};

export const questionResultsFields: QuestionResultsResolvers = {
  question: (model) => questionOf(model.survey, model.questionId),
};

export const diplomacyTypeResultsFields: DiplomacyTypeResultsResolvers = {
  questions: (model) => model.questionIds.map((id) => questionOf(model.survey, id)),
};

async function citedSurvey(context: RequestContext, citation: EvidenceCitation) {
  const survey = await context.store.surveys.get(citation.surveyId);
  if (!survey) throw notFound("survey", citation.surveyId);
  return survey;
}

export const evidenceCitationFields: EvidenceCitationResolvers = {
  async survey(citation, _args, context) {
    const survey = await citedSurvey(context, citation);
    return (await mayDo(context, survey, "read")) ? survey : null;
  },
  async question(citation, _args, context) {
    return questionOf(await citedSurvey(context, citation), citation.questionId);
  },
  async results(citation, _args, context) {
    const survey = await citedSurvey(context, citation);
    if (citation.mode === "FROZEN" && citation.frozenResults) {
      return { ...(JSON.parse(citation.frozenResults) as QuestionResults), survey };
    }
    if (!(await mayDo(context, survey, "viewResults"))) return null;
    const results = await resultsOf(context, survey);
    const question = results.questions.find((q) => q.questionId === citation.questionId);
    return question ? { ...question, survey } : null;
  },
  citedBy: (citation, _args, context) => context.loaders.members.load(citation.citedBy),
};

export const evidencePaperFields: PositionPaperResolvers = {
  evidence: (paper, _args, context) => context.store.citations.listByPaper(paper.id),
};
