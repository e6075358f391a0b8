// Perception surveys of the platform's communities: the entities, their lifecycle, who may do
// what with them, and the rules of questions and answers. Results are in survey-results.ts.
import { badInput, DomainError } from "./errors.ts";
import { SURVEY_LIMITS, TEXT_LIMITS } from "./limits.ts";
import {
  COMMUNITIES,
  type Community,
  DIPLOMACY_TYPES,
  type DiplomacyType,
  type Versioned,
  type WorkingGroupRole,
} from "./model.ts";
import type { Actor } from "./permissions.ts";
import { distinctList, longText, oneOf, text } from "./validation.ts";

/** Stored statuses; an OPEN survey whose `closesAt` has passed reads CLOSED. */
export const SURVEY_STATUSES = ["DRAFT", "OPEN", "CLOSED", "ARCHIVED"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Who is asked: every member, the members of the owning working group, or chosen communities. */
export const SURVEY_AUDIENCES = ["ALL_MEMBERS", "WORKING_GROUP", "COMMUNITIES"] as const;
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

/** Who sees results once the survey is CLOSED (its owners always do). */
export const SURVEY_RESULTS_VISIBILITIES = ["RESPONDENTS", "MEMBERS", "PUBLIC"] as const;
export type SurveyResultsVisibility = (typeof SURVEY_RESULTS_VISIBILITIES)[number];

export const QUESTION_KINDS = [
  "LIKERT",
  "SINGLE_CHOICE",
  "MULTIPLE_CHOICE",
  "RANKING",
  "NUMBER",
  "TEXT",
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const LIKERT_SCALES = [5, 7] as const;
export type LikertScale = (typeof LIKERT_SCALES)[number];

/** The anchors a Likert question gets when its author names none. */
export const DEFAULT_LIKERT_LABELS: Readonly<Record<LikertScale, readonly string[]>> = {
  5: ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
  7: [
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
  ],
};

export interface SurveyQuestion {
  /** Stable within the survey (answers and citations name it). */
  id: string;
  kind: QuestionKind;
  prompt: string;
  required: boolean;
  diplomacyTypes: DiplomacyType[];
  topicIds: string[];
  /** LIKERT only: 5 or 7 points. */
  scale: LikertScale | null;
  /** LIKERT: one label per point, lowest first. Choice and ranking: the options, in order. */
  labels: string[];
  /** NUMBER only: the accepted range, each end optional. */
  min: number | null;
  max: number | null;
}

export interface Survey extends Versioned {
  id: string;
  /** The owning working group; null for a platform survey (owned by coordinators). */
  workingGroupId: string | null;
  title: string;
  introduction: string;
  audience: SurveyAudience;
  /** COMMUNITIES audience only: who is asked. */
  audienceCommunities: Community[];
  /** Responses are accepted from `opensAt` (when set) once OPEN, until `closesAt` (when set). */
  opensAt: string | null;
  closesAt: string | null;
  status: SurveyStatus;
  anonymous: boolean;
  resultsVisibility: SurveyResultsVisibility;
  questions: SurveyQuestion[];
  createdBy: string;
  openedAt: string | null;
  closedAt: string | null;
  /**
   * Anonymous surveys: the key of the per-survey pseudonym (base64url). Server-side only; no
   * GraphQL field and no log carries it.
   */
  pseudonymKey: string;
}

/**
 * One answer. LIKERT and NUMBER use `value`; SINGLE_CHOICE and MULTIPLE_CHOICE the chosen option
 * indexes in `choices`; RANKING every option index in `choices`, first-ranked first; TEXT `text`.
 */
export interface SurveyAnswer {
  questionId: string;
  value: number | null;
  choices: number[];
  text: string | null;
}

export interface SurveyResponse {
  surveyId: string;
  /** The member's id, or in an anonymous survey the member's per-survey pseudonym. */
  respondentKey: string;
  /** Null in anonymous surveys: the member id is never stored with their answers. */
  memberId: string | null;
  /** The respondent's community when they (last) responded; later profile changes keep it. */
  community: Community | null;
  answers: SurveyAnswer[];
  version: number;
  /** In anonymous surveys, the day only (00:00 UTC), so a time cannot match a request log. */
  createdAt: string;
  updatedAt: string;
}

export const CITATION_MODES = ["FROZEN", "LIVE"] as const;
/** FROZEN: the numbers as of citing; LIVE: recomputed until the survey closes. */
export type CitationMode = (typeof CITATION_MODES)[number];

/** A survey question's results cited in a paper as evidence. */
export interface EvidenceCitation {
  id: string;
  paperId: string;
  surveyId: string;
  questionId: string;
  mode: CitationMode;
  /** FROZEN only: the question's results (JSON of QuestionResults) when it was cited. */
  frozenResults: string | null;
  citedBy: string;
  citedAt: string;
}

/** The status a reader sees at `now`: an OPEN survey past `closesAt` is CLOSED. */
export function surveyStatus(
  survey: Pick<Survey, "status" | "closesAt">,
  now: string,
): SurveyStatus {
  if (survey.status === "OPEN" && survey.closesAt !== null && survey.closesAt <= now) {
    return "CLOSED";
  }
  return survey.status;
}

/** Does this survey take responses at `now`? */
export function acceptsResponses(
  survey: Pick<Survey, "status" | "closesAt" | "opensAt">,
  now: string,
): boolean {
  return surveyStatus(survey, now) === "OPEN" && (survey.opensAt === null || survey.opensAt <= now);
}

// ---------------------------------------------------------------------------------------------
// Who may do what

/** What the caller is to a survey, found by the service before it asks `decideSurveyAction`. */
export interface SurveyRelation {
  /** The caller's role in the owning working group (null when none, or a platform survey). */
  groupRole: WorkingGroupRole | null;
  /** The caller's current community (audience of a COMMUNITIES survey). */
  community: Community | null;
  /** Whether the caller has a response to this survey. */
  responded: boolean;
}

export const SURVEY_ACTIONS = [
  "read",
  "edit",
  "open",
  "close",
  "archive",
  "respond",
  "viewResults",
  "viewResponseCount",
] as const;
export type SurveyAction = (typeof SURVEY_ACTIONS)[number];

export type SurveyDecision = "ALLOW" | "UNAUTHENTICATED" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT";

/** Coordinators own every survey; a working group's conveners own the group's surveys. */
export function isSurveyOwner(
  actor: Actor | null,
  survey: Pick<Survey, "workingGroupId">,
  relation: Pick<SurveyRelation, "groupRole">,
): boolean {
  if (!actor) return false;
  if (actor.platformRole === "COORDINATOR") return true;
  return survey.workingGroupId !== null && relation.groupRole === "CONVENER";
}

/** Who may create a survey: coordinators (any), conveners (for their group). */
export function decideCreateSurvey(
  actor: Actor | null,
  workingGroupId: string | null,
  groupRole: WorkingGroupRole | null,
): SurveyDecision {
  if (!actor) return "UNAUTHENTICATED";
  return isSurveyOwner(actor, { workingGroupId }, { groupRole }) ? "ALLOW" : "FORBIDDEN";
}

/** Is the caller among those the survey asks? */
export function inSurveyAudience(
  actor: Actor | null,
  survey: Pick<Survey, "audience" | "audienceCommunities">,
  relation: Pick<SurveyRelation, "groupRole" | "community">,
): boolean {
  if (!actor) return false;
  switch (survey.audience) {
    case "ALL_MEMBERS":
      return true;
    case "WORKING_GROUP":
      return relation.groupRole !== null;
    case "COMMUNITIES":
      return relation.community !== null && survey.audienceCommunities.includes(relation.community);
  }
}

/**
 * May the caller see that the survey exists? Owners always; a DRAFT nobody else; the audience
 * and past respondents once it is OPEN; anyone once CLOSED when its results are PUBLIC.
 */
export function canSeeSurvey(
  actor: Actor | null,
  survey: Survey,
  relation: SurveyRelation,
  now: string,
): boolean {
  if (isSurveyOwner(actor, survey, relation)) return true;
  const status = surveyStatus(survey, now);
  if (status === "DRAFT") return false;
  if (survey.resultsVisibility === "PUBLIC" && (status === "CLOSED" || status === "ARCHIVED")) {
    return true;
  }
  if (!actor) return false;
  return relation.responded || inSurveyAudience(actor, survey, relation);
}

/**
 * Decide one action. A survey the caller may not see is NOT_FOUND; an action their relation
 * lacks is FORBIDDEN (UNAUTHENTICATED when signing in could help); an action the survey's status
 * forbids is CONFLICT. Results are shown only once the survey is CLOSED: while it is open, two
 * readings a response apart would tell that one respondent's answers.
 */
export function decideSurveyAction(
  actor: Actor | null,
  survey: Survey,
  relation: SurveyRelation,
  action: SurveyAction,
  now: string,
): SurveyDecision {
  if (!canSeeSurvey(actor, survey, relation, now)) return "NOT_FOUND";
  const status = surveyStatus(survey, now);
  const owner = isSurveyOwner(actor, survey, relation);
  switch (action) {
    case "read":
      return "ALLOW";
    case "edit":
      if (!owner) return actor ? "FORBIDDEN" : "UNAUTHENTICATED";
      return status === "DRAFT" || status === "OPEN" ? "ALLOW" : "CONFLICT";
    case "open":
      if (!owner) return actor ? "FORBIDDEN" : "UNAUTHENTICATED";
      return status === "DRAFT" ? "ALLOW" : "CONFLICT";
    case "close":
      if (!owner) return actor ? "FORBIDDEN" : "UNAUTHENTICATED";
      return status === "OPEN" ? "ALLOW" : "CONFLICT";
    case "archive":
      if (!owner) return actor ? "FORBIDDEN" : "UNAUTHENTICATED";
      return status === "CLOSED" ? "ALLOW" : "CONFLICT";
    case "viewResponseCount":
      return owner ? "ALLOW" : actor ? "FORBIDDEN" : "UNAUTHENTICATED";
    case "respond":
      if (!actor) return "UNAUTHENTICATED";
      if (!inSurveyAudience(actor, survey, relation)) return "FORBIDDEN";
      return acceptsResponses(survey, now) ? "ALLOW" : "CONFLICT";
    case "viewResults": {
      const mayView =
        owner ||
        survey.resultsVisibility === "PUBLIC" ||
        (survey.resultsVisibility === "MEMBERS" &&
          (relation.responded || inSurveyAudience(actor, survey, relation))) ||
        (survey.resultsVisibility === "RESPONDENTS" && relation.responded);
      if (!mayView) return actor ? "FORBIDDEN" : "UNAUTHENTICATED";
      return status === "CLOSED" || status === "ARCHIVED" ? "ALLOW" : "CONFLICT";
    }
  }
}

/** The error a refused survey action becomes. */
export function surveyRefusal(
  decision: Exclude<SurveyDecision, "ALLOW">,
  id: string,
  action: SurveyAction,
) {
  switch (decision) {
    case "NOT_FOUND":
      return new DomainError("NOT_FOUND", `No survey with id "${id}".`, { what: "survey", id });
    case "UNAUTHENTICATED":
      return new DomainError("UNAUTHENTICATED", "Sign in to continue.");
    case "FORBIDDEN":
      return new DomainError(
        "FORBIDDEN",
        action === "respond"
          ? "This survey does not ask you."
          : action === "viewResults"
            ? "The survey's owner does not show you its results."
            : "Only the survey's owners (its working group's conveners, coordinators) may do this.",
      );
    case "CONFLICT":
      return new DomainError("CONFLICT", CONFLICT_MESSAGES[action], { action });
  }
}

const CONFLICT_MESSAGES: Record<SurveyAction, string> = {
  read: "",
  edit: "A closed or archived survey cannot change.",
  open: "Only a DRAFT survey can be opened.",
  close: "Only an OPEN survey can be closed.",
  archive: "Only a CLOSED survey can be archived.",
  respond: "This survey is not taking responses (it is not open, not open yet, or closed).",
  viewResults: "Results are shown once the survey is closed.",
  viewResponseCount: "",
};

// ---------------------------------------------------------------------------------------------
// Input rules

export interface SurveyQuestionInput {
  id?: string | null | undefined;
  kind: string;
  prompt: string;
  required?: boolean | null | undefined;
  diplomacyTypes?: readonly string[] | null | undefined;
  topicIds?: readonly string[] | null | undefined;
  scale?: number | null | undefined;
  labels?: readonly string[] | null | undefined;
  min?: number | null | undefined;
  max?: number | null | undefined;
}

/** Where a question's errors point: its field path and its position for people. */
interface QuestionPlace {
  field: string;
  index: number;
}

/** The options (or anchors) of a question: `min` to the limit, each once. */
function questionLabels(
  input: SurveyQuestionInput,
  { field, index }: QuestionPlace,
  min: number,
): string[] {
  const labels = (input.labels ?? []).map((l, i) =>
    text(`${field}.labels[${i}]`, l, SURVEY_LIMITS.optionLabel),
  );
  if (labels.length < min || labels.length > SURVEY_LIMITS.optionsPerQuestion) {
    throw badInput(
      `${field}.labels`,
      `Question ${index + 1} needs ${min} to ${SURVEY_LIMITS.optionsPerQuestion} options.`,
    );
  }
  if (new Set(labels).size !== labels.length) {
    throw badInput(`${field}.labels`, `Question ${index + 1} lists an option twice.`);
  }
  return labels;
}

type KindFields = Pick<SurveyQuestion, "scale" | "labels" | "min" | "max">;

function likertFields(input: SurveyQuestionInput, place: QuestionPlace): KindFields {
  const { field } = place;
  const scale = input.scale ?? 5;
  if (scale !== 5 && scale !== 7) {
    throw badInput(`${field}.scale`, `A Likert scale has 5 or 7 points (got ${scale}).`);
  }
  const labels = input.labels?.length
    ? questionLabels(input, place, scale)
    : [...DEFAULT_LIKERT_LABELS[scale]];
  if (labels.length !== scale) {
    throw badInput(`${field}.labels`, `A ${scale}-point scale needs ${scale} anchor labels.`);
  }
  return { scale, labels, min: null, max: null };
}

function numberFields(input: SurveyQuestionInput, { field, index }: QuestionPlace): KindFields {
  const min = input.min ?? null;
  const max = input.max ?? null;
  for (const [name, v] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (v !== null && !Number.isFinite(v)) {
      throw badInput(`${field}.${name}`, `${name} must be a finite number.`);
    }
  }
  if (min !== null && max !== null && min > max) {
    throw badInput(`${field}.min`, `Question ${index + 1}: min is above max.`);
  }
  return { scale: null, labels: [], min, max };
}

/** The fields only some kinds of question have, null or empty for the others. */
function kindFields(
  kind: QuestionKind,
  input: SurveyQuestionInput,
  place: QuestionPlace,
): KindFields {
  switch (kind) {
    case "LIKERT":
      return likertFields(input, place);
    case "SINGLE_CHOICE":
    case "MULTIPLE_CHOICE":
    case "RANKING":
      return { scale: null, labels: questionLabels(input, place, 2), min: null, max: null };
    case "NUMBER":
      return numberFields(input, place);
    default:
      return { scale: null, labels: [], min: null, max: null };
  }
}

function surveyQuestion(
  id: string,
  input: SurveyQuestionInput,
  place: QuestionPlace,
): SurveyQuestion {
  const { field } = place;
  const kind = oneOf(`${field}.kind`, input.kind, QUESTION_KINDS);
  const prompt = text(`${field}.prompt`, input.prompt, SURVEY_LIMITS.prompt);
  const diplomacyTypes = distinctList(
    `${field}.diplomacyTypes`,
    (input.diplomacyTypes ?? []).map((d) => oneOf(`${field}.diplomacyTypes`, d, DIPLOMACY_TYPES)),
    DIPLOMACY_TYPES.length,
  );
  const topicIds = distinctList(
    `${field}.topicIds`,
    input.topicIds ?? [],
    TEXT_LIMITS.topicsPerEntity,
  );
  const base = { id, kind, prompt, required: input.required ?? true, diplomacyTypes, topicIds };
  return { ...base, ...kindFields(kind, input, place) };
}

/** Check and normalise questions; ids are kept when given (unique), else `q1`, `q2`, … */
export function surveyQuestions(inputs: readonly SurveyQuestionInput[]): SurveyQuestion[] {
  if (inputs.length > SURVEY_LIMITS.questionsPerSurvey) {
    throw badInput(
      "questions",
      `A survey has at most ${SURVEY_LIMITS.questionsPerSurvey} questions (got ${inputs.length}).`,
    );
  }
  const given = new Set(inputs.map((q) => q.id).filter((id): id is string => !!id));
  let next = 1;
  const freshId = () => {
    while (given.has(`q${next}`)) next++;
    given.add(`q${next}`);
    return `q${next}`;
  };
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    const field = `questions[${index}]`;
    const id = input.id ? text(`${field}.id`, input.id, { min: 1, max: 64 }) : freshId();
    if (seen.has(id)) throw badInput(`${field}.id`, `Two questions have the id "${id}".`);
    seen.add(id);
    return surveyQuestion(id, input, { field, index });
  });
}

export interface SurveyFieldsInput {
  title: string;
  introduction?: string | null | undefined;
  audience?: string | null | undefined;
  audienceCommunities?: readonly string[] | null | undefined;
  opensAt?: string | null | undefined;
  closesAt?: string | null | undefined;
  anonymous?: boolean | null | undefined;
  resultsVisibility?: string | null | undefined;
}

export type SurveyFields = Pick<
  Survey,
  | "title"
  | "introduction"
  | "audience"
  | "audienceCommunities"
  | "opensAt"
  | "closesAt"
  | "anonymous"
  | "resultsVisibility"
>;

/** Check a survey's own fields (not its questions). */
export function surveyFields(
  input: SurveyFieldsInput,
  workingGroupId: string | null,
): SurveyFields {
  const audience = oneOf("audience", input.audience ?? "ALL_MEMBERS", SURVEY_AUDIENCES);
  if (audience === "WORKING_GROUP" && workingGroupId === null) {
    throw badInput("audience", "Only a working group's survey can ask its members.");
  }
  const audienceCommunities = distinctList(
    "audienceCommunities",
    (input.audienceCommunities ?? []).map((c) => oneOf("audienceCommunities", c, COMMUNITIES)),
    COMMUNITIES.length,
  );
  if (audience === "COMMUNITIES" && audienceCommunities.length === 0) {
    throw badInput("audienceCommunities", "Name at least one community to ask.");
  }
  const time = (field: string, value: string | null | undefined) => {
    if (value === null || value === undefined || value === "") return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw badInput(field, `${field} must be an ISO-8601 date and time.`);
    return new Date(ms).toISOString();
  };
  const opensAt = time("opensAt", input.opensAt);
  const closesAt = time("closesAt", input.closesAt);
  if (opensAt !== null && closesAt !== null && closesAt <= opensAt) {
    throw badInput("closesAt", "closesAt must come after opensAt.");
  }
  return {
    title: text("title", input.title, SURVEY_LIMITS.title),
    introduction: longText("introduction", input.introduction ?? "", SURVEY_LIMITS.introduction),
    audience,
    audienceCommunities: audience === "COMMUNITIES" ? audienceCommunities : [],
    opensAt,
    closesAt,
    anonymous: input.anonymous ?? false,
    resultsVisibility: oneOf(
      "resultsVisibility",
      input.resultsVisibility ?? "MEMBERS",
      SURVEY_RESULTS_VISIBILITIES,
    ),
  };
}

/**
 * The survey after an edit. Once OPEN, questions, audience and anonymity are fixed: changing
 * them is CONFLICT (respondents answered those questions, under those terms).
 */
export function editSurvey(
  survey: Survey,
  fields: SurveyFields,
  questions: SurveyQuestion[] | null,
  now: string,
): Survey {
  const status = surveyStatus(survey, now);
  if (status !== "DRAFT") {
    const fixed =
      (questions !== null && JSON.stringify(questions) !== JSON.stringify(survey.questions)) ||
      fields.audience !== survey.audience ||
      JSON.stringify(fields.audienceCommunities) !== JSON.stringify(survey.audienceCommunities) ||
      fields.anonymous !== survey.anonymous ||
      fields.opensAt !== survey.opensAt;
    if (fixed) {
      throw new DomainError(
        "CONFLICT",
        "Questions, audience, anonymity and opening time cannot change once the survey is open.",
        { status },
      );
    }
  }
  return {
    ...survey,
    ...fields,
    questions: questions ?? survey.questions,
    version: survey.version + 1,
    updatedAt: now,
  };
}

/** DRAFT → OPEN (needs a question), OPEN → CLOSED, CLOSED → ARCHIVED. */
export function moveSurvey(
  survey: Survey,
  to: "OPEN" | "CLOSED" | "ARCHIVED",
  now: string,
): Survey {
  if (to === "OPEN" && survey.questions.length === 0) {
    throw badInput("questions", "Add at least one question before opening the survey.");
  }
  return {
    ...survey,
    status: to,
    openedAt: to === "OPEN" ? now : survey.openedAt,
    closedAt: to === "CLOSED" ? (survey.closedAt ?? now) : survey.closedAt,
    // Closing early ends it now; a scheduled close already past stays as it was.
    closesAt:
      to === "CLOSED" && (survey.closesAt === null || survey.closesAt > now)
        ? now
        : survey.closesAt,
    version: survey.version + 1,
    updatedAt: now,
  };
}

export interface SurveyAnswerInput {
  questionId: string;
  value?: number | null | undefined;
  choices?: readonly number[] | null | undefined;
  text?: string | null | undefined;
}

/** One problem with one answer, for the client to show beside its question. */
export interface AnswerProblem {
  questionId: string;
  message: string;
}

/**
 * Check answers against the survey's questions. Every problem is reported at once, as one
 * BAD_USER_INPUT whose `details.problems` name each question; nothing is stored then.
 */
export function validateAnswers(
  survey: Pick<Survey, "questions">,
  inputs: readonly SurveyAnswerInput[],
): SurveyAnswer[] {
  const problems: AnswerProblem[] = [];
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  const given = new Map<string, SurveyAnswerInput>();
  for (const input of inputs) {
    if (!byId.has(input.questionId)) {
      problems.push({ questionId: input.questionId, message: "This survey has no such question." });
    } else if (given.has(input.questionId)) {
      problems.push({ questionId: input.questionId, message: "Answered twice." });
    } else {
      given.set(input.questionId, input);
    }
  }
  const answers: SurveyAnswer[] = [];
  for (const question of survey.questions) {
    const input = given.get(question.id);
    const problem = (message: string) => problems.push({ questionId: question.id, message });
    if (!input || isEmptyAnswer(input)) {
      if (question.required) problem("This question needs an answer.");
      continue;
    }
    const answer = checkAnswer(question, input, problem);
    if (answer) answers.push(answer);
  }
  if (problems.length > 0) {
    const first = problems[0] as AnswerProblem;
    throw new DomainError(
      "BAD_USER_INPUT",
      problems.length === 1
        ? `Question "${first.questionId}": ${first.message}`
        : `${problems.length} answers need attention; the first, question "${first.questionId}": ${first.message}`,
      { field: "answers", problems },
    );
  }
  return answers;
}

const isEmptyAnswer = (input: SurveyAnswerInput) =>
  (input.value === null || input.value === undefined) &&
  (input.choices ?? []).length === 0 &&
  (input.text ?? "").trim() === "";

/** One answer being checked against its question; `problem` records why it is refused. */
interface AnswerCheck {
  question: SurveyQuestion;
  input: SurveyAnswerInput;
  value: number | null;
  choices: number[];
  /** The empty answer to this question, to fill in. */
  answer: SurveyAnswer;
  problem: (message: string) => void;
  /** False (and a problem recorded) when the answer gives more than `what`. */
  onlyUses: (what: "value" | "choices" | "text") => boolean;
}

function checkLikert({ question, value, answer, problem, onlyUses }: AnswerCheck) {
  if (!onlyUses("value")) return null;
  const scale = question.scale ?? 5;
  if (value === null || !Number.isInteger(value) || value < 1 || value > scale) {
    problem(`A Likert answer is a whole number from 1 to ${scale} (got ${value}).`);
    return null;
  }
  return { ...answer, value };
}

function checkNumber({ question, value, answer, problem, onlyUses }: AnswerCheck) {
  if (!onlyUses("value")) return null;
  if (value === null || !Number.isFinite(value)) {
    problem("The answer must be a number.");
    return null;
  }
  if (
    (question.min !== null && value < question.min) ||
    (question.max !== null && value > question.max)
  ) {
    problem(`The answer must be between ${question.min ?? "-∞"} and ${question.max ?? "∞"}.`);
    return null;
  }
  return { ...answer, value };
}

function checkChoices({ question, choices, answer, problem, onlyUses }: AnswerCheck) {
  const options = question.labels.length;
  const outOfRange = choices.find((c) => !Number.isInteger(c) || c < 0 || c >= options);
  if (!onlyUses("choices")) return null;
  if (outOfRange !== undefined) {
    problem(`There is no option ${outOfRange} (options are 0 to ${options - 1}).`);
    return null;
  }
  if (new Set(choices).size !== choices.length) {
    problem(
      question.kind === "RANKING"
        ? "Each option takes one rank: an option is ranked twice."
        : "An option is chosen twice.",
    );
    return null;
  }
  if (question.kind === "SINGLE_CHOICE" && choices.length !== 1) {
    problem("Choose exactly one option.");
    return null;
  }
  if (question.kind === "RANKING" && choices.length !== options) {
    problem(`Rank all ${options} options.`);
    return null;
  }
  return {
    ...answer,
    choices: question.kind === "MULTIPLE_CHOICE" ? choices.sort((a, b) => a - b) : choices,
  };
}

function checkText({ input, answer, problem, onlyUses }: AnswerCheck) {
  if (!onlyUses("text")) return null;
  try {
    return { ...answer, text: longText("text", input.text ?? "", SURVEY_LIMITS.textAnswer) };
  } catch (error) {
    problem(error instanceof Error ? error.message : "The text is not accepted.");
    return null;
  }
}

const answerChecks: Record<QuestionKind, (check: AnswerCheck) => SurveyAnswer | null> = {
  LIKERT: checkLikert,
  NUMBER: checkNumber,
  SINGLE_CHOICE: checkChoices,
  MULTIPLE_CHOICE: checkChoices,
  RANKING: checkChoices,
  TEXT: checkText,
};

function checkAnswer(
  question: SurveyQuestion,
  input: SurveyAnswerInput,
  problem: (message: string) => void,
): SurveyAnswer | null {
  const value = input.value ?? null;
  const choices = [...(input.choices ?? [])];
  const onlyUses = (what: "value" | "choices" | "text") => {
    const extra =
      (what !== "value" && value !== null) ||
      (what !== "choices" && choices.length > 0) ||
      (what !== "text" && (input.text ?? "") !== "");
    if (extra) problem(`A ${question.kind} answer gives only ${what}.`);
    return !extra;
  };
  const answer: SurveyAnswer = { questionId: question.id, value: null, choices: [], text: null };
  return answerChecks[question.kind]({
    question,
    input,
    value,
    choices,
    answer,
    problem,
    onlyUses,
  });
}

/** The day of `now` (00:00 UTC): the only time an anonymous response keeps. */
export const dayOf = (now: string) => `${now.slice(0, 10)}T00:00:00.000Z`;
