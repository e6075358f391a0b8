// Perception surveys through GraphQL: answers checked per question with nothing stored on error,
// questions fixed once open, anonymous responses that cannot be joined to their member, results
// with small cells suppressed and their CSV, and results cited in a paper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, dataOf, startTestApi, type TestApi } from "./support.ts";

let api: TestApi;
let coordinator: string;

beforeAll(async () => {
  api = await startTestApi();
  coordinator = await api.token("survey-coordinator", { coordinator: true });
});
afterAll(() => api.close());

const QUESTIONS = `[
  { id: "advice", kind: LIKERT, prompt: "Scientific advice shapes our foreign policy",
    diplomacyTypes: [SCIENCE_IN_DIPLOMACY], topicIds: ["oceans"] },
  { id: "channel", kind: SINGLE_CHOICE, prompt: "Main channel", labels: ["Embassies", "Academies"] },
  { id: "rank", kind: RANKING, prompt: "Rank the priorities", labels: ["Space", "Oceans", "Energy"] },
  { id: "note", kind: TEXT, prompt: "Anything else?", required: false }
]`;

async function createSurvey(options: { anonymous?: boolean; visibility?: string } = {}) {
  const created = dataOf(
    await api.gql<{ createSurvey: { id: string; version: number } }>(
      `mutation($a: Boolean, $v: SurveyResultsVisibility) {
        createSurvey(input: { title: "How our communities see S&T diplomacy", anonymous: $a,
          resultsVisibility: $v, questions: ${QUESTIONS} }) { id version }
      }`,
      { a: options.anonymous ?? false, v: options.visibility ?? "MEMBERS" },
      coordinator,
    ),
  ).createSurvey;
  dataOf(
    await api.gql(
      `mutation($s: ID!) { openSurvey(id: $s) { id } }`,
      { s: created.id },
      coordinator,
    ),
  );
  return created.id;
}

/** A signed-in member of `community`, as a token. */
async function member(name: string, community: string | null) {
  const token = await api.token(name);
  if (community) {
    dataOf(
      await api.gql(
        `mutation($c: Community) { updateMe(input: { community: $c }) { id } }`,
        { c: community },
        token,
      ),
    );
  }
  return token;
}

const RESPOND = `mutation($s: ID!, $a: [SurveyAnswerInput!]!) {
  respondToSurvey(surveyId: $s, answers: $a) { community submittedAt answers { questionId value choices text } }
}`;

const answers = (advice: number) => [
  { questionId: "advice", value: advice },
  { questionId: "channel", choices: [advice % 2] },
  { questionId: "rank", choices: [2, 0, 1] },
];

describe("answering a survey", () => {
  it("names each wrong answer with BAD_USER_INPUT and stores nothing", async () => {
    const surveyId = await createSurvey();
    const token = await member("survey-ann", "DIPLOMACY");
    const response = await api.gql(
      RESPOND,
      {
        s: surveyId,
        a: [
          { questionId: "advice", value: 9 },
          { questionId: "channel", text: "embassies" },
          { questionId: "rank", choices: [0, 0, 1] },
        ],
      },
      token,
    );
    expect(codeOf(response)).toBe("BAD_USER_INPUT");
    const problems = response.errors?.[0]?.extensions?.problems as { questionId: string }[];
    expect(problems.map((p) => p.questionId)).toEqual(["advice", "channel", "rank"]);
    expect(await api.store.surveyResponses.count(surveyId)).toBe(0);
  });

  it("keeps one response per member, editable while open, with the community of the time", async () => {
    const surveyId = await createSurvey();
    const token = await member("survey-bea", "SCIENCE_TECHNOLOGY");
    dataOf(await api.gql(RESPOND, { s: surveyId, a: answers(2) }, token));
    dataOf(await api.gql(RESPOND, { s: surveyId, a: answers(5) }, token));
    // A later profile change does not rewrite the response.
    await member("survey-bea", "POLICY");
    const mine = dataOf(
      await api.gql<{
        survey: { myResponse: { community: string; answers: { value: number | null }[] } };
      }>(
        `query($s: ID!) { survey(id: $s) { myResponse { community answers { value } } } }`,
        { s: surveyId },
        token,
      ),
    ).survey.myResponse;
    expect(mine.answers[0]?.value).toBe(5);
    expect(mine.community).toBe("SCIENCE_TECHNOLOGY");
    expect(await api.store.surveyResponses.count(surveyId)).toBe(1);

    dataOf(
      await api.gql(
        `mutation($s: ID!) { closeSurvey(id: $s) { id } }`,
        { s: surveyId },
        coordinator,
      ),
    );
    const late = await api.gql(RESPOND, { s: surveyId, a: answers(1) }, token);
    expect(codeOf(late)).toBe("CONFLICT");
    const stored = await api.store.surveyResponses.listBySurvey(surveyId);
    expect(stored[0]?.answers[0]?.value).toBe(5);
  });

  it("refuses question edits once open (CONFLICT) but takes a new title", async () => {
    const surveyId = await createSurvey();
    const edit = (questions: string) =>
      api.gql(
        `mutation($s: ID!) { updateSurvey(id: $s, expectedVersion: 2, input: { title: "Renamed survey"
          ${questions} }) { title version } }`,
        { s: surveyId },
        coordinator,
      );
    expect(codeOf(await edit(`, questions: [{ kind: TEXT, prompt: "Different" }]`))).toBe(
      "CONFLICT",
    );
    expect(dataOf(await edit(""))).toEqual({
      updateSurvey: { title: "Renamed survey", version: 3 },
    });
    expect(codeOf(await edit(""))).toBe("CONFLICT");
  });

  it("a survey one may not see answers NOT_FOUND, results included", async () => {
    const draft = dataOf(
      await api.gql<{ createSurvey: { id: string } }>(
        `mutation { createSurvey(input: { title: "Not yet open" }) { id } }`,
        {},
        coordinator,
      ),
    ).createSurvey.id;
    const token = await member("survey-cid", null);
    for (const query of [
      `query($s: ID!) { survey(id: $s) { id } }`,
      `query($s: ID!) { surveyResults(id: $s) { csv } }`,
    ]) {
      expect(codeOf(await api.gql(query, { s: draft }, token))).toBe("NOT_FOUND");
    }
    expect(codeOf(await api.gql(RESPOND, { s: draft, a: [] }, token))).toBe("NOT_FOUND");
  });
});

describe("anonymous surveys", () => {
  it("store a per-survey pseudonym, never the member, and times to the day only", async () => {
    const surveyId = await createSurvey({ anonymous: true });
    const token = await member("survey-dan", "DIPLOMACY");
    const me = dataOf(await api.gql<{ me: { id: string } }>(`{ me { id } }`, {}, token)).me.id;
    dataOf(await api.gql(RESPOND, { s: surveyId, a: answers(3) }, token));
    dataOf(await api.gql(RESPOND, { s: surveyId, a: answers(4) }, token));

    const [stored, ...others] = await api.store.surveyResponses.listBySurvey(surveyId);
    expect(others).toEqual([]);
    expect(stored?.memberId).toBeNull();
    expect(stored?.respondentKey).not.toBe(me);
    expect(JSON.stringify(stored)).not.toContain(me);
    expect(stored?.updatedAt).toMatch(/T00:00:00\.000Z$/);
    expect(stored?.answers[0]?.value).toBe(4);

    // The same member gets another pseudonym in another anonymous survey.
    const otherSurvey = await createSurvey({ anonymous: true });
    dataOf(await api.gql(RESPOND, { s: otherSurvey, a: answers(3) }, token));
    const [elsewhere] = await api.store.surveyResponses.listBySurvey(otherSurvey);
    expect(elsewhere?.respondentKey).not.toBe(stored?.respondentKey);

    // No log line of these requests carries the pseudonym or the answers.
    const logged = JSON.stringify(api.logs);
    expect(logged).not.toContain(stored?.respondentKey);
    // Owners see how many responded, never who.
    const owner = dataOf(
      await api.gql<{ survey: { responseCount: number; myResponse: null } }>(
        `query($s: ID!) { survey(id: $s) { responseCount myResponse { community } } }`,
        { s: surveyId },
        coordinator,
      ),
    ).survey;
    expect(owner).toEqual({ responseCount: 1, myResponse: null });
  });
});

describe("results", () => {
  let surveyId: string;
  beforeAll(async () => {
    surveyId = await createSurvey({ anonymous: true, visibility: "PUBLIC" });
    const plan: [string, number][] = [
      ["SCIENCE_TECHNOLOGY", 8],
      ["DIPLOMACY", 6],
      ["POLICY", 2],
      // Members who named no community: with POLICY's 2, the hidden cells hold 5 together.
      ["UNSTATED", 3],
    ];
    for (const [community, n] of plan) {
      for (let i = 0; i < n; i++) {
        const token = await member(
          `survey-r-${community}-${i}`,
          community === "UNSTATED" ? null : community,
        );
        const advice = community === "DIPLOMACY" ? 5 - (i % 2) : 2 + (i % 2);
        dataOf(await api.gql(RESPOND, { s: surveyId, a: answers(advice) }, token));
      }
    }
  });

  const RESULTS = `query($s: ID!, $f: SurveyResultsFilter) {
    surveyResults(id: $s, filter: $f) {
      minimumCellSize csv
      questions {
        question { id }
        overall { group respondents suppressed mean }
        byCommunity { group respondents suppressed mean median distribution { value count } }
        difference { suppressed difference low high }
      }
      diplomacyTypes { diplomacyType questions { id } overall { respondents mean } }
    }
  }`;
  type Cell = {
    group: string;
    respondents: number | null;
    suppressed: boolean;
    mean: number | null;
  };
  type Results = {
    surveyResults: {
      minimumCellSize: number;
      csv: string;
      questions: {
        question: { id: string };
        overall: Cell;
        byCommunity: Cell[];
        difference: { suppressed: boolean; difference: number; low: number; high: number } | null;
      }[];
      diplomacyTypes: { diplomacyType: string; overall: { respondents: number } }[];
    };
  };

  it("are shown once closed, to anyone when public, with small cells suppressed", async () => {
    expect(codeOf(await api.gql(RESULTS, { s: surveyId }, null))).toBe("NOT_FOUND");
    dataOf(
      await api.gql(
        `mutation($s: ID!) { closeSurvey(id: $s) { id } }`,
        { s: surveyId },
        coordinator,
      ),
    );
    const results = dataOf(await api.gql<Results>(RESULTS, { s: surveyId }, null)).surveyResults;
    expect(results.minimumCellSize).toBe(5);
    const advice = results.questions.find((q) => q.question.id === "advice");
    expect(advice?.overall).toMatchObject({ respondents: 19, suppressed: false });
    const cell = (group: string) => advice?.byCommunity.find((c) => c.group === group);
    expect(cell("SCIENCE_TECHNOLOGY")).toMatchObject({ respondents: 8, mean: 2.5 });
    expect(cell("DIPLOMACY")).toMatchObject({ respondents: 6, mean: 4.5 });
    expect(cell("POLICY")).toMatchObject({ suppressed: true, respondents: null, mean: null });
    expect(cell("UNSTATED")).toMatchObject({ suppressed: true, respondents: null });
    expect(advice?.difference?.difference).toBeCloseTo(-2);
    expect(advice?.difference?.low).toBeLessThan(-2);
    expect(results.diplomacyTypes[0]).toMatchObject({
      diplomacyType: "SCIENCE_IN_DIPLOMACY",
      overall: { respondents: 19 },
    });
    // Overall minus the shown cells is the hidden ones together: never fewer than 5.
    const shown = advice?.byCommunity.reduce((sum, c) => sum + (c.respondents ?? 0), 0) ?? 0;
    expect(19 - shown).toBe(5);
  });

  it("filters choose cells and never change one; the CSV holds aggregates only", async () => {
    const all = dataOf(await api.gql<Results>(RESULTS, { s: surveyId }, coordinator)).surveyResults;
    const filtered = dataOf(
      await api.gql<Results>(
        RESULTS,
        { s: surveyId, f: { groups: ["DIPLOMACY", "POLICY"], questionIds: ["advice"] } },
        coordinator,
      ),
    ).surveyResults;
    expect(filtered.questions).toHaveLength(1);
    const full = all.questions.find((q) => q.question.id === "advice");
    expect(filtered.questions[0]?.overall).toEqual(full?.overall);
    for (const c of filtered.questions[0]?.byCommunity ?? []) {
      expect(c).toEqual(full?.byCommunity.find((f) => f.group === c.group));
    }
    expect(filtered.csv).toBe(all.csv);
    const header = all.csv.split("\r\n")[0];
    expect(header).toMatch(
      /^section,question_id,question,diplomacy_type,group,respondents,suppressed/,
    );
    expect(all.csv).not.toMatch(/survey-r-/);
    const stored = await api.store.surveyResponses.listBySurvey(surveyId);
    for (const r of stored) expect(all.csv).not.toContain(r.respondentKey);
  });

  it("can be cited in a paper, frozen or live", async () => {
    const lead = await api.token("survey-lead");
    const groupId = dataOf(
      await api.gql<{ createWorkingGroup: { id: string } }>(
        `mutation { createWorkingGroup(input: { name: "Ocean science diplomacy" }) { id } }`,
        {},
        lead,
      ),
    ).createWorkingGroup.id;
    const paperId = dataOf(
      await api.gql<{ createPaper: { id: string } }>(
        `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Ocean evidence" }) { id } }`,
        { g: groupId },
        lead,
      ),
    ).createPaper.id;
    const cite = (mode: string, questionId = "advice") =>
      api.gql<{ citeSurveyResult: { id: string } }>(
        `mutation($p: ID!, $s: ID!, $q: ID!, $m: CitationMode!) {
          citeSurveyResult(paperId: $p, surveyId: $s, questionId: $q, mode: $m) { id mode }
        }`,
        { p: paperId, s: surveyId, q: questionId, m: mode },
        lead,
      );
    dataOf(await cite("FROZEN"));
    dataOf(await cite("LIVE", "channel"));
    expect(codeOf(await cite("LIVE", "nope"))).toBe("BAD_USER_INPUT");
    const evidence = dataOf(
      await api.gql<{
        paper: {
          evidence: { mode: string; question: { id: string }; results: { overall: Cell } }[];
        };
      }>(
        `query($p: ID!) { paper(id: $p) { evidence { mode question { id } results { overall { group respondents suppressed mean } } } } }`,
        { p: paperId },
        lead,
      ),
    ).paper.evidence;
    expect(evidence.map((e) => [e.mode, e.question.id])).toEqual([
      ["FROZEN", "advice"],
      ["LIVE", "channel"],
    ]);
    expect(evidence[0]?.results.overall.respondents).toBe(19);
    expect(evidence[1]?.results.overall.respondents).toBe(19);
  });
});
