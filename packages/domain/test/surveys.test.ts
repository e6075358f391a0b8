import { describe, expect, it } from "vitest";
import {
  type Actor,
  COMMUNITIES,
  type Community,
  computeSurveyResults,
  decideSurveyAction,
  editSurvey,
  isDomainError,
  moveSurvey,
  RESULT_GROUPS,
  type ResultCell,
  type Survey,
  type SurveyAnswer,
  type SurveyRelation,
  type SurveyResponse,
  selectResults,
  surveyFields,
  surveyQuestions,
  surveyResultsCsv,
  surveyStatus,
  tQuantile975,
  validateAnswers,
  welchInterval,
} from "../src/index.ts";

const NOW = "2025-03-01T12:00:00.000Z";

function survey(overrides: Partial<Survey> = {}): Survey {
  return {
    id: "s-1",
    workingGroupId: "g-1",
    title: "How do our communities see S&T diplomacy?",
    introduction: "",
    audience: "ALL_MEMBERS",
    audienceCommunities: [],
    opensAt: null,
    closesAt: null,
    status: "OPEN",
    anonymous: false,
    resultsVisibility: "MEMBERS",
    questions: surveyQuestions([
      {
        kind: "LIKERT",
        prompt: "Scientific advice informs our foreign policy.",
        diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
      },
      { kind: "SINGLE_CHOICE", prompt: "Main channel?", labels: ["Embassies", "Academies"] },
      { kind: "MULTIPLE_CHOICE", prompt: "Areas?", labels: ["Space", "Oceans", "Energy"] },
      { kind: "RANKING", prompt: "Rank the priorities", labels: ["A", "B", "C"] },
      { kind: "NUMBER", prompt: "Years of experience", min: 0, max: 80, required: false },
      { kind: "TEXT", prompt: "Anything else?", required: false },
    ]),
    createdBy: "m-1",
    openedAt: NOW,
    closedAt: null,
    pseudonymKey: "key",
    version: 2,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const member: Actor = { memberId: "m-2", platformRole: "MEMBER" };
const coordinator: Actor = { memberId: "m-9", platformRole: "COORDINATOR" };
const relation = (overrides: Partial<SurveyRelation> = {}): SurveyRelation => ({
  groupRole: null,
  community: "DIPLOMACY",
  responded: false,
  ...overrides,
});

const likert = (value: number): SurveyAnswer => ({
  questionId: "q1",
  value,
  choices: [],
  text: null,
});

function responses(counts: Partial<Record<Community | "UNSTATED", number>>, value = 4) {
  const out: Pick<SurveyResponse, "community" | "answers">[] = [];
  for (const [group, n] of Object.entries(counts)) {
    for (let i = 0; i < (n ?? 0); i++) {
      out.push({
        community: group === "UNSTATED" ? null : (group as Community),
        answers: [likert(((value + i) % 5) + 1)],
      });
    }
  }
  return out;
}

function problemsOf(fn: () => unknown): { questionId: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error) && error.code === "BAD_USER_INPUT") {
      return error.details.problems as { questionId: string; message: string }[];
    }
    throw error;
  }
  throw new Error("expected BAD_USER_INPUT");
}

describe("survey questions and fields", () => {
  it("numbers questions, gives Likert scales their default anchors and refuses bad shapes", () => {
    const [q1, q2] = surveyQuestions([
      { kind: "LIKERT", prompt: "Seven points here", scale: 7 },
      { kind: "RANKING", prompt: "Rank these", labels: ["x", "y"] },
    ]);
    expect(q1).toMatchObject({ id: "q1", scale: 7, required: true });
    expect(q1?.labels).toHaveLength(7);
    expect(q2).toMatchObject({ id: "q2", labels: ["x", "y"] });
    expect(() => surveyQuestions([{ kind: "LIKERT", prompt: "Six?", scale: 6 }])).toThrow(/5 or 7/);
    expect(() =>
      surveyQuestions([{ kind: "LIKERT", prompt: "Few anchors", labels: ["a", "b"] }]),
    ).toThrow(/anchor|options/);
    expect(() =>
      surveyQuestions([{ kind: "SINGLE_CHOICE", prompt: "One", labels: ["a"] }]),
    ).toThrow(/options/);
    expect(() => surveyQuestions([{ kind: "ESSAY", prompt: "Unknown kind" }])).toThrow(/kind/);
  });

  it("a working-group audience needs a group survey; a communities audience names some", () => {
    expect(() => surveyFields({ title: "Platform", audience: "WORKING_GROUP" }, null)).toThrow(
      /working group/,
    );
    expect(() => surveyFields({ title: "Chosen", audience: "COMMUNITIES" }, null)).toThrow(
      /community/,
    );
    expect(
      surveyFields(
        { title: "Chosen", audience: "COMMUNITIES", audienceCommunities: ["POLICY"] },
        null,
      ).audienceCommunities,
    ).toEqual(["POLICY"]);
  });

  it("questions cannot change once the survey is open; the title can", () => {
    const open = survey();
    const fields = surveyFields({ title: "A new title" }, "g-1");
    expect(editSurvey(open, fields, null, NOW).title).toBe("A new title");
    const changed = surveyQuestions([{ kind: "TEXT", prompt: "Something else" }]);
    expect(() => editSurvey(open, fields, changed, NOW)).toThrow(/cannot change once/);
    expect(editSurvey(survey({ status: "DRAFT" }), fields, changed, NOW).questions).toEqual(
      changed,
    );
  });

  it("an open survey past its closing time reads CLOSED; opening needs a question", () => {
    expect(surveyStatus(survey({ closesAt: "2025-03-01T11:00:00.000Z" }), NOW)).toBe("CLOSED");
    expect(surveyStatus(survey({ closesAt: "2025-03-02T00:00:00.000Z" }), NOW)).toBe("OPEN");
    expect(() => moveSurvey(survey({ status: "DRAFT", questions: [] }), "OPEN", NOW)).toThrow(
      /question/,
    );
    expect(moveSurvey(survey(), "CLOSED", NOW)).toMatchObject({ status: "CLOSED", closesAt: NOW });
  });
});

describe("answers", () => {
  const s = survey();
  const valid = [
    likert(5),
    { questionId: "q2", choices: [1] },
    { questionId: "q3", choices: [2, 0] },
    { questionId: "q4", choices: [2, 0, 1] },
    { questionId: "q5", value: 12 },
    { questionId: "q6", text: "  Thanks  " },
  ];

  it("accepts answers of the right kinds, normalised", () => {
    const answers = validateAnswers(s, valid);
    expect(answers.map((a) => a.questionId)).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
    expect(answers[2]?.choices).toEqual([0, 2]);
    expect(answers[3]?.choices).toEqual([2, 0, 1]);
    expect(answers[5]?.text).toBe("Thanks");
    expect(validateAnswers(s, valid.slice(0, 4))).toHaveLength(4);
  });

  it("names every question whose answer is wrong, at once", () => {
    const problems = problemsOf(() =>
      validateAnswers(s, [
        likert(6),
        { questionId: "q2", choices: [0, 1] },
        { questionId: "q3", text: "not a choice" },
        { questionId: "q4", choices: [0, 0, 1] },
        { questionId: "q5", value: 81 },
        { questionId: "q9", value: 1 },
      ]),
    );
    expect(problems.map((p) => p.questionId)).toEqual(["q9", "q1", "q2", "q3", "q4", "q5"]);
    expect(problems.find((p) => p.questionId === "q1")?.message).toMatch(/1 to 5/);
    expect(problems.find((p) => p.questionId === "q4")?.message).toMatch(/ranked twice/);
  });

  it("refuses a missing required answer, a partial ranking and a fractional Likert value", () => {
    expect(problemsOf(() => validateAnswers(s, valid.slice(1))).map((p) => p.questionId)).toEqual([
      "q1",
    ]);
    expect(
      problemsOf(() =>
        validateAnswers(s, [...valid.slice(0, 3), { questionId: "q4", choices: [0, 1] }]),
      ),
    ).toHaveLength(1);
    expect(problemsOf(() => validateAnswers(s, [likert(2.5), ...valid.slice(1)]))).toHaveLength(1);
  });
});

describe("who may do what with a survey", () => {
  it("a draft is the owners' only; an open survey is its audience's", () => {
    const draft = survey({ status: "DRAFT" });
    expect(decideSurveyAction(member, draft, relation(), "read", NOW)).toBe("NOT_FOUND");
    expect(
      decideSurveyAction(member, draft, relation({ groupRole: "CONVENER" }), "edit", NOW),
    ).toBe("ALLOW");
    expect(decideSurveyAction(member, draft, relation({ groupRole: "MEMBER" }), "read", NOW)).toBe(
      "NOT_FOUND",
    );
    expect(decideSurveyAction(coordinator, draft, relation(), "open", NOW)).toBe("ALLOW");
    const communities = survey({ audience: "COMMUNITIES", audienceCommunities: ["POLICY"] });
    expect(decideSurveyAction(member, communities, relation(), "read", NOW)).toBe("NOT_FOUND");
    expect(
      decideSurveyAction(member, communities, relation({ community: "POLICY" }), "respond", NOW),
    ).toBe("ALLOW");
    expect(decideSurveyAction(null, survey(), relation(), "read", NOW)).toBe("NOT_FOUND");
  });

  it("results only once closed, to whom the owner chose; public ones to anyone", () => {
    expect(decideSurveyAction(member, survey(), relation(), "viewResults", NOW)).toBe("CONFLICT");
    const closed = survey({ status: "CLOSED", resultsVisibility: "RESPONDENTS" });
    expect(decideSurveyAction(member, closed, relation(), "viewResults", NOW)).toBe("FORBIDDEN");
    expect(
      decideSurveyAction(member, closed, relation({ responded: true }), "viewResults", NOW),
    ).toBe("ALLOW");
    const open = survey({ resultsVisibility: "PUBLIC" });
    expect(decideSurveyAction(null, open, relation(), "viewResults", NOW)).toBe("NOT_FOUND");
    const published = survey({ status: "CLOSED", resultsVisibility: "PUBLIC" });
    expect(decideSurveyAction(null, published, relation(), "viewResults", NOW)).toBe("ALLOW");
    expect(decideSurveyAction(null, published, relation(), "respond", NOW)).toBe("UNAUTHENTICATED");
    expect(decideSurveyAction(member, published, relation(), "respond", NOW)).toBe("CONFLICT");
  });
});

describe("results", () => {
  const s = survey();
  const cell = (cells: ResultCell[], group: string) => cells.find((c) => c.group === group);

  it("counts, mean, median and distribution per community and overall", () => {
    const rs = [
      ...[1, 2, 3, 4, 5].map((v) => ({
        community: "SCIENCE_TECHNOLOGY" as const,
        answers: [likert(v)],
      })),
      ...[4, 4, 5, 5, 5, 5].map((v) => ({ community: "DIPLOMACY" as const, answers: [likert(v)] })),
    ];
    const q1 = computeSurveyResults(s, rs).questions[0];
    expect(q1?.overall).toMatchObject({ respondents: 11, median: 4 });
    expect(q1?.overall.mean).toBeCloseTo(43 / 11);
    const science = cell(q1?.byCommunity ?? [], "SCIENCE_TECHNOLOGY");
    expect(science).toMatchObject({ respondents: 5, mean: 3, median: 3, suppressed: false });
    expect(science?.distribution.map((d) => d.count)).toEqual([1, 1, 1, 1, 1]);
    expect(cell(q1?.byCommunity ?? [], "POLICY")).toMatchObject({
      respondents: 0,
      suppressed: false,
    });
    const d = q1?.difference;
    expect(d?.difference).toBeCloseTo(3 - 28 / 6);
    expect(d?.low).toBeLessThan(d?.difference ?? 0);
    expect(d?.high).toBeGreaterThan(d?.difference ?? 0);
  });

  it("a cell under 5 is suppressed, and so is the next smallest, so no subtraction reveals it", () => {
    const q1 = computeSurveyResults(
      s,
      responses({ SCIENCE_TECHNOLOGY: 9, DIPLOMACY: 6, POLICY: 3 }),
    ).questions[0];
    expect(cell(q1?.byCommunity ?? [], "POLICY")).toMatchObject({
      suppressed: true,
      respondents: null,
      mean: null,
      distribution: [],
    });
    // Overall 18 − science 9 would be policy's 3 if diplomacy were shown: it is not.
    expect(cell(q1?.byCommunity ?? [], "DIPLOMACY")?.suppressed).toBe(true);
    expect(cell(q1?.byCommunity ?? [], "SCIENCE_TECHNOLOGY")?.respondents).toBe(9);
    expect(q1?.overall.respondents).toBe(18);
    expect(q1?.difference?.suppressed).toBe(true);
  });

  it("fewer than 5 respondents in all suppresses everything", () => {
    const q1 = computeSurveyResults(s, responses({ DIPLOMACY: 4 })).questions[0];
    expect(q1?.overall.suppressed).toBe(true);
    expect(q1?.byCommunity.every((c) => c.suppressed || c.respondents === 0)).toBe(true);
  });

  it("no combination of filters reveals a cell under 5 (randomized, seeded)", () => {
    let seed = 20250301;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const counts: Partial<Record<Community | "UNSTATED", number>> = {};
      for (const group of RESULT_GROUPS) counts[group] = Math.floor(random() * 9);
      const results = computeSurveyResults(s, responses(counts, round));
      // Every filter choice returns cells of the unfiltered results, unchanged.
      const full = results.questions[0];
      if (!full) throw new Error("no question");
      for (let mask = 0; mask < 2 ** RESULT_GROUPS.length; mask += 7) {
        const chosen = RESULT_GROUPS.filter((_, i) => mask & (1 << i));
        const picked = selectResults(results, { communities: chosen }).questions[0];
        expect(picked?.overall).toEqual(full.overall);
        for (const c of picked?.byCommunity ?? [])
          expect(c).toEqual(cell(full.byCommunity, c.group));
      }
      const context = `seed round ${round}, counts ${JSON.stringify(counts)}`;
      for (const c of [full.overall, ...full.byCommunity]) {
        if (!c.suppressed)
          expect(c.respondents === 0 || (c.respondents ?? 0) >= 5, context).toBe(true);
      }
      const shown = full.byCommunity.reduce((sum, c) => sum + (c.respondents ?? 0), 0);
      const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
      const hidden = total - shown;
      expect(hidden === 0 || hidden >= 5, context).toBe(true);
      if (!full.overall.suppressed) expect(full.overall.respondents).toBe(total);
    }
  });

  it("pools Likert questions by diplomacy type on a 0–100 score", () => {
    const rs = responses({ SCIENCE_TECHNOLOGY: 5, DIPLOMACY: 5 }).map((r) => ({
      ...r,
      answers: [likert(r.community === "DIPLOMACY" ? 5 : 1)],
    }));
    const [type] = computeSurveyResults(s, rs).diplomacyTypes;
    expect(type).toMatchObject({ diplomacyType: "SCIENCE_IN_DIPLOMACY", questionIds: ["q1"] });
    expect(cell(type?.byCommunity ?? [], "DIPLOMACY")?.mean).toBe(100);
    expect(cell(type?.byCommunity ?? [], "SCIENCE_TECHNOLOGY")?.mean).toBe(0);
    expect(type?.difference).toMatchObject({ difference: -100, low: -100, high: -100 });
  });

  it("exports aggregates as CSV, never a response, with formulas defused", () => {
    const withFormula = survey({
      questions: surveyQuestions([{ kind: "LIKERT", prompt: "=HYPERLINK(1) or not" }]),
    });
    const csv = surveyResultsCsv(
      withFormula,
      computeSurveyResults(
        withFormula,
        responses({ SCIENCE_TECHNOLOGY: 7, DIPLOMACY: 6, POLICY: 2 }),
      ),
    );
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^section,question_id,question,/);
    expect(csv).toContain("'=HYPERLINK(1) or not");
    expect(lines.some((l) => l.includes(",POLICY,,yes,"))).toBe(true);
    expect(lines.some((l) => l.includes(",DIPLOMACY,,yes,"))).toBe(true);
    expect(lines.filter((l) => l.includes(",SCIENCE_TECHNOLOGY,7,no,"))).toHaveLength(5);
  });

  it("Welch interval and t quantiles match reference values", () => {
    expect(tQuantile975(4)).toBeCloseTo(2.776, 2);
    expect(tQuantile975(10)).toBeCloseTo(2.228, 3);
    expect(tQuantile975(Number.POSITIVE_INFINITY)).toBeCloseTo(1.96, 3);
    const { difference, low, high } = welchInterval([1, 2, 3, 4, 5], [2, 3, 4, 5, 6]);
    expect(difference).toBe(-1);
    // Equal variances 2.5, n = 5: se = 1, df = 8, t = 2.306.
    expect(high - difference).toBeCloseTo(2.306, 2);
    expect(low).toBeCloseTo(-3.306, 2);
  });

  it("communities list matches the breakdown order", () => {
    expect(RESULT_GROUPS.slice(0, COMMUNITIES.length)).toEqual([...COMMUNITIES]);
  });
});
