// The results of a survey: per question and per diplomacy type, overall and by community, with
// small cells suppressed. Pure: the service passes the survey and every response.
//
// Disclosure control. A *cell* is the respondents of one breakdown group (a community, the
// members who stated none, or everyone) for one question or diplomacy type. A cell of fewer than
// SURVEY_LIMITS.minCellSize respondents is suppressed: it carries no count and no statistic.
// Within a breakdown, whenever the suppressed cells hold between 1 and minCellSize - 1
// respondents together, the smallest shown cell is suppressed too (complementary suppression),
// so "overall minus the shown cells" never isolates fewer than minCellSize respondents. Filters
// (`selectResults`) only choose which of these cells to return; they never recompute one, so no
// combination of filters yields a number that is not already one of these cells.
import { SURVEY_LIMITS } from "./limits.ts";
import { COMMUNITIES, DIPLOMACY_TYPES, type DiplomacyType } from "./model.ts";
import type { Survey, SurveyAnswer, SurveyQuestion, SurveyResponse } from "./surveys.ts";

/** The groups of a breakdown: each community, and members who stated none. */
export const RESULT_GROUPS = [...COMMUNITIES, "UNSTATED"] as const;
export type ResultGroup = (typeof RESULT_GROUPS)[number] | "OVERALL";

export interface DistributionEntry {
  /** LIKERT: the point (1..scale); choice and ranking: the option's index. */
  value: number;
  label: string;
  /** LIKERT and choices: respondents who gave it; RANKING: respondents who ranked it first. */
  count: number;
  /** RANKING only: the option's mean rank (1 = first). */
  meanRank: number | null;
}

export interface ResultCell {
  group: ResultGroup;
  /** Fewer than minCellSize respondents here (or complementary suppression): nothing shown. */
  suppressed: boolean;
  /** Null when suppressed. */
  respondents: number | null;
  mean: number | null;
  median: number | null;
  distribution: DistributionEntry[];
}

/** Science & technology minus diplomacy, with a 95 % Welch confidence interval. */
export interface CommunityDifference {
  suppressed: boolean;
  scienceMean: number | null;
  diplomacyMean: number | null;
  difference: number | null;
  low: number | null;
  high: number | null;
  confidence: number;
}

export interface QuestionResults {
  questionId: string;
  overall: ResultCell;
  byCommunity: ResultCell[];
  /** LIKERT questions only. */
  difference: CommunityDifference | null;
}

/**
 * The Likert questions tagged with one diplomacy type, pooled: each respondent's score is the
 * mean of their answers to those questions on a 0–100 scale (lowest anchor 0, highest 100).
 */
export interface DiplomacyTypeResults {
  diplomacyType: DiplomacyType;
  questionIds: string[];
  overall: ResultCell;
  byCommunity: ResultCell[];
  difference: CommunityDifference | null;
}

export interface SurveyResults {
  surveyId: string;
  minimumCellSize: number;
  questions: QuestionResults[];
  diplomacyTypes: DiplomacyTypeResults[];
}

const SCORE_BANDS = ["0–20", "20–40", "40–60", "60–80", "80–100"] as const;

type GroupedAnswer = { group: ResultGroup; answer: SurveyAnswer };
type GroupedScore = { group: ResultGroup; score: number };

/** Compute every cell of a survey's results. */
export function computeSurveyResults(
  survey: Pick<Survey, "id" | "questions">,
  responses: readonly Pick<SurveyResponse, "community" | "answers">[],
  minCell: number = SURVEY_LIMITS.minCellSize,
): SurveyResults {
  const { perQuestion, scores } = groupResponses(survey.questions, responses);
  const questions = survey.questions.map((question, i) =>
    questionResults(question, perQuestion[i] ?? [], minCell),
  );
  const diplomacyTypes = DIPLOMACY_TYPES.flatMap((type) =>
    diplomacyTypeResults(type, survey.questions, scores.get(type) ?? [], minCell),
  );
  return { surveyId: survey.id, minimumCellSize: minCell, questions, diplomacyTypes };
}

/**
 * One pass over the responses: each question's answers with the respondent's group, and each
 * respondent's mean Likert score (0–100) per diplomacy type over the questions tagged with it.
 */
function groupResponses(
  questions: readonly SurveyQuestion[],
  responses: readonly Pick<SurveyResponse, "community" | "answers">[],
) {
  const index = new Map(questions.map((q, i) => [q.id, i]));
  const perQuestion: GroupedAnswer[][] = questions.map(() => []);
  const scores = new Map<DiplomacyType, GroupedScore[]>(DIPLOMACY_TYPES.map((d) => [d, []]));
  for (const response of responses) {
    const group: ResultGroup = response.community ?? "UNSTATED";
    const sums = new Map<DiplomacyType, { total: number; n: number }>();
    for (const answer of response.answers) {
      const i = index.get(answer.questionId);
      if (i === undefined) continue;
      perQuestion[i]?.push({ group, answer });
      const question = questions[i] as SurveyQuestion;
      if (question.kind !== "LIKERT" || answer.value === null) continue;
      const scaled = ((answer.value - 1) / ((question.scale ?? 5) - 1)) * 100;
      for (const type of question.diplomacyTypes) {
        const sum = sums.get(type) ?? { total: 0, n: 0 };
        sum.total += scaled;
        sum.n += 1;
        sums.set(type, sum);
      }
    }
    for (const [type, sum] of sums) scores.get(type)?.push({ group, score: sum.total / sum.n });
  }
  return { perQuestion, scores };
}

function questionResults(
  question: SurveyQuestion,
  answers: readonly GroupedAnswer[],
  minCell: number,
): QuestionResults {
  // One pass groups the answers; each cell then reads only its own.
  const byGroup = groupBy(answers, (a) => a.group);
  const cells = breakdown(
    answers.map((a) => a.group),
    minCell,
    (group) =>
      describe(
        question,
        group === "OVERALL"
          ? answers.map((a) => a.answer)
          : (byGroup.get(group) ?? []).map((a) => a.answer),
      ),
  );
  const values = (group: ResultGroup) => (byGroup.get(group) ?? []).map((a) => a.answer.value ?? 0);
  return {
    questionId: question.id,
    ...cells,
    difference: question.kind === "LIKERT" ? difference(cells.byCommunity, values) : null,
  };
}

/** The scores of one diplomacy type in bands of 20 points; none when no question is tagged. */
function diplomacyTypeResults(
  type: DiplomacyType,
  questions: readonly SurveyQuestion[],
  typeScores: readonly GroupedScore[],
  minCell: number,
): DiplomacyTypeResults[] {
  const tagged = questions.filter((q) => q.kind === "LIKERT" && q.diplomacyTypes.includes(type));
  if (tagged.length === 0) return [];
  const byGroup = groupBy(typeScores, (s) => s.group);
  const cells = breakdown(
    typeScores.map((s) => s.group),
    minCell,
    (group) =>
      scoreStats(
        (group === "OVERALL" ? typeScores : (byGroup.get(group) ?? [])).map((s) => s.score),
      ),
  );
  const values = (group: ResultGroup) => (byGroup.get(group) ?? []).map((s) => s.score);
  return [
    {
      diplomacyType: type,
      questionIds: tagged.map((q) => q.id),
      ...cells,
      difference: difference(cells.byCommunity, values),
    },
  ];
}

function scoreStats(values: readonly number[]) {
  const bands = SCORE_BANDS.map((label, value) => ({
    value,
    label,
    count: 0,
    meanRank: null,
  }));
  for (const v of values) {
    const band = bands[Math.min(4, Math.floor(v / 20))];
    if (band) band.count += 1;
  }
  return { mean: mean(values), median: median(values), distribution: bands };
}

type CellStats = Pick<ResultCell, "mean" | "median" | "distribution">;

/** The cells of one breakdown, with primary and complementary suppression. */
function breakdown(
  groups: readonly ResultGroup[],
  minCell: number,
  stats: (group: ResultGroup) => CellStats,
): { overall: ResultCell; byCommunity: ResultCell[] } {
  const counts = new Map<ResultGroup, number>(RESULT_GROUPS.map((g) => [g, 0]));
  for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  const suppressed = new Set<ResultGroup>(
    RESULT_GROUPS.filter((g) => {
      const n = counts.get(g) ?? 0;
      return n > 0 && n < minCell;
    }),
  );
  const hidden = () => [...suppressed].reduce((sum, g) => sum + (counts.get(g) ?? 0), 0);
  while (hidden() > 0 && hidden() < minCell) {
    const next = RESULT_GROUPS.filter((g) => !suppressed.has(g) && (counts.get(g) ?? 0) > 0).sort(
      (a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0),
    )[0];
    if (next === undefined) break;
    suppressed.add(next);
  }
  const cell = (group: ResultGroup, n: number, hide: boolean): ResultCell =>
    hide
      ? { group, suppressed: true, respondents: null, mean: null, median: null, distribution: [] }
      : n === 0
        ? { group, suppressed: false, respondents: 0, mean: null, median: null, distribution: [] }
        : { group, suppressed: false, respondents: n, ...stats(group) };
  const total = groups.length;
  return {
    overall: cell("OVERALL", total, total > 0 && total < minCell),
    byCommunity: RESULT_GROUPS.map((g) => cell(g, counts.get(g) ?? 0, suppressed.has(g))),
  };
}

/** The statistics of one question's answers. */
function describe(question: SurveyQuestion, answers: readonly SurveyAnswer[]): CellStats {
  switch (question.kind) {
    case "LIKERT": {
      const values = answers.map((a) => a.value ?? 0);
      const counts = new Array<number>(question.labels.length).fill(0);
      for (const v of values) counts[v - 1] = (counts[v - 1] ?? 0) + 1;
      const distribution = question.labels.map((label, i) => ({
        value: i + 1,
        label,
        count: counts[i] ?? 0,
        meanRank: null,
      }));
      return { mean: mean(values), median: median(values), distribution };
    }
    case "NUMBER": {
      const values = answers.map((a) => a.value ?? 0);
      return { mean: mean(values), median: median(values), distribution: [] };
    }
    case "SINGLE_CHOICE":
    case "MULTIPLE_CHOICE": {
      const counts = new Array<number>(question.labels.length).fill(0);
      for (const a of answers) for (const c of a.choices) counts[c] = (counts[c] ?? 0) + 1;
      return {
        mean: null,
        median: null,
        distribution: question.labels.map((label, value) => ({
          value,
          label,
          count: counts[value] ?? 0,
          meanRank: null,
        })),
      };
    }
    case "RANKING": {
      const n = question.labels.length;
      const first = new Array<number>(n).fill(0);
      const rankSums = new Array<number>(n).fill(0);
      const ranked = new Array<number>(n).fill(0);
      for (const a of answers) {
        const top = a.choices[0];
        if (top !== undefined) first[top] = (first[top] ?? 0) + 1;
        a.choices.forEach((option, rank) => {
          rankSums[option] = (rankSums[option] ?? 0) + rank + 1;
          ranked[option] = (ranked[option] ?? 0) + 1;
        });
      }
      return {
        mean: null,
        median: null,
        distribution: question.labels.map((label, value) => ({
          value,
          label,
          count: first[value] ?? 0,
          meanRank: ranked[value] ? (rankSums[value] ?? 0) / (ranked[value] ?? 1) : null,
        })),
      };
    }
    case "TEXT":
      return { mean: null, median: null, distribution: [] };
  }
}

function difference(
  byCommunity: readonly ResultCell[],
  values: (group: ResultGroup) => number[],
): CommunityDifference {
  const science = byCommunity.find((c) => c.group === "SCIENCE_TECHNOLOGY");
  const diplomacy = byCommunity.find((c) => c.group === "DIPLOMACY");
  const none: CommunityDifference = {
    suppressed: true,
    scienceMean: null,
    diplomacyMean: null,
    difference: null,
    low: null,
    high: null,
    confidence: 0.95,
  };
  if (!science || !diplomacy || science.suppressed || diplomacy.suppressed) return none;
  const a = values("SCIENCE_TECHNOLOGY");
  const b = values("DIPLOMACY");
  if (a.length < 2 || b.length < 2)
    return { ...none, suppressed: a.length === 0 || b.length === 0 };
  const interval = welchInterval(a, b);
  return {
    suppressed: false,
    scienceMean: mean(a),
    diplomacyMean: mean(b),
    difference: interval.difference,
    low: interval.low,
    high: interval.high,
    confidence: 0.95,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => ResultGroup): Map<ResultGroup, T[]> {
  const groups = new Map<ResultGroup, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function variance(values: readonly number[], m: number): number {
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return sum / (values.length - 1);
}

/** Difference of means a − b and its 95 % interval (Welch's t, Welch–Satterthwaite df). */
export function welchInterval(a: readonly number[], b: readonly number[]) {
  const ma = mean(a) ?? 0;
  const mb = mean(b) ?? 0;
  const va = variance(a, ma) / a.length;
  const vb = variance(b, mb) / b.length;
  const se = Math.sqrt(va + vb);
  const df =
    se === 0
      ? Number.POSITIVE_INFINITY
      : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const half = tQuantile975(df) * se;
  return { difference: ma - mb, low: ma - mb - half, high: ma - mb + half, df };
}

/**
 * The 97.5 % quantile of Student's t with `df` degrees of freedom, by the Cornish–Fisher
 * expansion around the normal quantile (within 0.002 of the exact value from df = 3 up).
 */
export function tQuantile975(df: number): number {
  const z = 1.959963984540054;
  if (!Number.isFinite(df)) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

export interface ResultsFilter {
  communities?: readonly ResultGroup[] | null | undefined;
  questionIds?: readonly string[] | null | undefined;
  diplomacyTypes?: readonly DiplomacyType[] | null | undefined;
}

/** Choose cells; never recomputes one (see the top of this file). */
export function selectResults(results: SurveyResults, filter: ResultsFilter): SurveyResults {
  const keepGroup = (cell: ResultCell) =>
    !filter.communities?.length || filter.communities.includes(cell.group);
  return {
    ...results,
    questions: results.questions
      .filter((q) => !filter.questionIds?.length || filter.questionIds.includes(q.questionId))
      .map((q) => ({ ...q, byCommunity: q.byCommunity.filter(keepGroup) })),
    diplomacyTypes: results.diplomacyTypes
      .filter(
        (d) => !filter.diplomacyTypes?.length || filter.diplomacyTypes.includes(d.diplomacyType),
      )
      .map((d) => ({ ...d, byCommunity: d.byCommunity.filter(keepGroup) })),
  };
}

const CSV_HEADER = [
  "section",
  "question_id",
  "question",
  "diplomacy_type",
  "group",
  "respondents",
  "suppressed",
  "mean",
  "median",
  "value",
  "label",
  "count",
  "mean_rank",
  "difference_low",
  "difference_high",
];

type CsvRow = (string | number | null)[];

/** The first four columns: what a row's figures are about. */
interface CsvRowSubject {
  section: "question" | "diplomacy_type";
  questionId: string;
  prompt: string;
  diplomacyType: string;
}

const subjectColumns = (subject: CsvRowSubject): CsvRow => [
  subject.section,
  subject.questionId,
  subject.prompt,
  subject.diplomacyType,
];

/** One row per distribution entry of a cell, or one row with no entry columns if it has none. */
function cellRows(subject: CsvRowSubject, cell: ResultCell): CsvRow[] {
  const base = [
    ...subjectColumns(subject),
    cell.group,
    cell.respondents,
    cell.suppressed ? "yes" : "no",
    round(cell.mean),
    round(cell.median),
  ];
  if (cell.distribution.length === 0) return [[...base, null, null, null, null, null, null]];
  return cell.distribution.map((d) => [
    ...base,
    d.value,
    d.label,
    d.count,
    round(d.meanRank),
    null,
    null,
  ]);
}

function differenceRows(subject: CsvRowSubject, d: CommunityDifference | null): CsvRow[] {
  if (!d) return [];
  return [
    [
      ...subjectColumns(subject),
      "SCIENCE_TECHNOLOGY-DIPLOMACY",
      null,
      d.suppressed ? "yes" : "no",
      round(d.difference),
      null,
      null,
      null,
      null,
      null,
      round(d.low),
      round(d.high),
    ],
  ];
}

/** The rows of one question's or one diplomacy type's results: its cells, then its difference. */
function resultRows(
  subject: CsvRowSubject,
  result: Pick<QuestionResults, "overall" | "byCommunity" | "difference">,
): CsvRow[] {
  return [
    ...[result.overall, ...result.byCommunity].flatMap((cell) => cellRows(subject, cell)),
    ...differenceRows(subject, result.difference),
  ];
}

/**
 * The aggregated results as CSV (RFC 4180, CRLF): one row per cell and distribution entry, and
 * one per S&T-vs-diplomacy difference. Never a response. Text cells that a spreadsheet would
 * run as a formula are prefixed with an apostrophe.
 */
export function surveyResultsCsv(
  survey: Pick<Survey, "questions" | "title">,
  results: SurveyResults,
): string {
  const prompts = new Map(survey.questions.map((q) => [q.id, q.prompt]));
  const rows: CsvRow[] = [
    CSV_HEADER,
    ...results.questions.flatMap((q) =>
      resultRows(
        {
          section: "question",
          questionId: q.questionId,
          prompt: prompts.get(q.questionId) ?? "",
          diplomacyType: "",
        },
        q,
      ),
    ),
    ...results.diplomacyTypes.flatMap((d) =>
      resultRows(
        { section: "diplomacy_type", questionId: "", prompt: "", diplomacyType: d.diplomacyType },
        d,
      ),
    ),
  ];
  return `${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
