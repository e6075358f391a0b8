// Perception surveys as people use them in the app: a coordinator writes a survey, previews and
// opens it; members answer (one in the browser at phone width, by keyboard, after a refused
// first try; the rest through the API so every community cell has enough respondents); the
// coordinator closes it and reads the results, charts beside their tables.
import {
  CloseSurveyDocument,
  type Community,
  CreateSurveyDocument,
  OpenSurveyDocument,
  RespondToSurveyDocument,
  type SurveyAnswerInput,
  SurveyDocument,
  UpdateMeDocument,
} from "@accord/client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  createPaper,
  openPaper,
  seriousViolations,
  signedInPage,
  useBrowserSuite,
} from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

/**
 * A coordinator's browser: the development sign-in form makes members only, so the session the
 * app keeps in localStorage is written with a coordinator's token before the app starts.
 */
async function coordinatorPage(
  username: string,
  path: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const token = await backend.token(username, { coordinator: true });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    ["accord.session", JSON.stringify({ token, expiresAt: null, name: username })] as const,
  );
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${backend.origin}${path}`);
  return { context, page };
}

const LIKERT_PROMPT = "Scientific advice should shape foreign-policy objectives.";
const CHOICE_PROMPT = "Which area needs science diplomacy most?";

async function writeSurvey(page: Page): Promise<string> {
  await page.getByRole("heading", { name: "New survey" }).waitFor();
  await page.getByLabel("Title").fill("How our communities see S&T diplomacy");
  await page.getByLabel("Introduction").fill("Five minutes on science in diplomacy.");
  const first = page.locator(".question-editor").nth(0);
  await first.getByLabel("Question", { exact: true }).fill(LIKERT_PROMPT);
  await first.getByLabel("Science in diplomacy").check();
  await page.getByRole("button", { name: "Add a question" }).click();
  const second = page.locator(".question-editor").nth(1);
  await second.getByLabel("Question", { exact: true }).fill(CHOICE_PROMPT);
  await second.getByLabel("Kind").selectOption("SINGLE_CHOICE");
  await second
    .getByLabel("Options, one per line")
    .fill("Supply chains\nTechnology controls\nOceans");

  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.locator(".survey-preview");
  await preview.getByText(`1. ${LIKERT_PROMPT}`).waitFor();
  await expect(preview.getByLabel("Strongly agree").count()).resolves.toBe(1);
  await expect(preview.getByLabel("Technology controls").count()).resolves.toBe(1);

  await page.getByRole("button", { name: "Create survey" }).click();
  await page.waitForURL(
    (url) => /^\/surveys\/[^/]+$/.test(url.pathname) && url.pathname !== "/surveys/new",
  );
  return decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
}

/** Members of each community answer through the API: enough for the S&T and diplomacy cells. */
async function seedResponses(surveyId: string): Promise<void> {
  const survey = (
    await backend.as("cora", { coordinator: true }).request(SurveyDocument, {
      id: surveyId,
    })
  ).survey;
  const [likert, choice] = survey.questions;
  if (!likert || !choice) throw new Error("the survey lost its questions");
  const person = (name: string, community: Community) => ({ name, community });
  const people = [
    ...Array.from({ length: 6 }, (_, i) => person(`sci${i}`, "SCIENCE_TECHNOLOGY")),
    ...Array.from({ length: 5 }, (_, i) => person(`dip${i}`, "DIPLOMACY")),
    // Small groups, suppressed; five together, so no shown cell must be hidden to protect them.
    person("pol0", "POLICY"),
    person("pol1", "POLICY"),
    person("jou0", "JOURNALISM"),
    person("jou1", "JOURNALISM"),
    person("ind0", "INDUSTRY"),
  ];
  for (const [index, person] of people.entries()) {
    const client = backend.as(person.name);
    await client.request(UpdateMeDocument, { input: { community: person.community } });
    const answers: SurveyAnswerInput[] = [
      // Scientists agree more than diplomats, so the difference has a sign to show.
      {
        questionId: likert.id,
        value: person.community === "SCIENCE_TECHNOLOGY" ? 4 + (index % 2) : 2 + (index % 2),
      },
      { questionId: choice.id, choices: [index % 3] },
    ];
    await client.request(RespondToSurveyDocument, { surveyId, answers });
  }
}

describe("perception surveys", () => {
  it("is written, opened, answered by keyboard on a phone, closed, and its results charted with tables", async () => {
    const coordinator = await coordinatorPage("cora", "/surveys/new");
    const surveyId = await writeSurvey(coordinator.page);
    // The draft's page shows its questions as respondents will see them.
    await coordinator.page.locator(".survey-preview").getByText(`2. ${CHOICE_PROMPT}`).waitFor();
    await coordinator.page.getByRole("button", { name: "Open survey" }).click();
    await coordinator.page.locator(".status", { hasText: "Open" }).waitFor();
    // Open, its questions are fixed; the introduction may still change.
    await coordinator.page.getByRole("link", { name: "Edit" }).click();
    await coordinator.page
      .getByText("its questions, audience and opening time can no longer change")
      .waitFor();
    await expect(coordinator.page.locator(".question-editor").count()).resolves.toBe(0);
    await coordinator.page
      .getByLabel("Introduction")
      .fill("Five minutes on science and diplomacy.");
    await coordinator.page.getByRole("button", { name: "Save" }).click();
    await coordinator.page.getByText("Five minutes on science and diplomacy.").waitFor();
    await coordinator.page.goto(`${backend.origin}/surveys`);
    await coordinator.page
      .getByRole("link", { name: "How our communities see S&T diplomacy" })
      .waitFor();

    await seedResponses(surveyId);

    // mina, a diplomat, answers on a phone-sized screen.
    await backend.as("mina").request(UpdateMeDocument, { input: { community: "DIPLOMACY" } });
    const mina = await signedInPage(browser, backend, "mina", `/surveys/${surveyId}`);
    await mina.page.setViewportSize({ width: 390, height: 844 });
    const form = mina.page.locator("form.survey-answer");
    await form.waitFor();
    // Sending nothing is refused question by question, and focus goes to the first one.
    await form.getByRole("button", { name: "Send my answers" }).click();
    await form.locator(".question-error", { hasText: "needs an answer" }).first().waitFor();
    await expect(form.locator(".question-error:not([hidden])").count()).resolves.toBe(2);
    await expect(
      mina.page.evaluate(() => document.activeElement?.closest(".survey-question")?.textContent),
    ).resolves.toContain(LIKERT_PROMPT);
    expect(await seriousViolations(mina.page)).toEqual([]);

    // By keyboard: arrows move within a radio group, Tab to the next question, Enter sends.
    await form.getByLabel("Strongly disagree").focus();
    for (let step = 0; step < 3; step += 1) await mina.page.keyboard.press("ArrowDown");
    await expect(form.getByLabel("Agree", { exact: true }).isChecked()).resolves.toBe(true);
    await mina.page.keyboard.press("Tab");
    await mina.page.keyboard.press("Space");
    await expect(form.getByLabel("Supply chains").isChecked()).resolves.toBe(true);
    await form.getByRole("button", { name: "Send my answers" }).focus();
    await mina.page.keyboard.press("Enter");
    await form.getByText("Thank you: your answers were saved").waitFor();
    await expect(form.locator(".question-error:not([hidden])").count()).resolves.toBe(0);
    const pageWidth = await mina.page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    expect(await seriousViolations(mina.page)).toEqual([]);

    // The coordinator closes it and reads the results.
    await coordinator.page.goto(`${backend.origin}/surveys/${surveyId}`);
    await coordinator.page.getByText("17 responses").waitFor();
    await coordinator.page.getByRole("button", { name: "Close survey" }).click();
    await coordinator.page.locator(".status", { hasText: "Closed" }).waitFor();
    await coordinator.page.getByRole("link", { name: "Results" }).click();
    await coordinator.page.getByRole("heading", { name: /^Results:/ }).waitFor();
    const results = coordinator.page;
    // Charts: the answers of each question, and the S&T–diplomacy difference.
    // A bar is an SVG line: its box has no height, so it is awaited as drawn, not as "visible".
    await results.locator(".chart svg.ct-chart-bar .ct-bar").first().waitFor({ state: "attached" });
    await expect(
      results.locator(".chart svg.ct-chart-bar").count(),
    ).resolves.toBeGreaterThanOrEqual(3);
    await expect(
      results.getByRole("img", { name: /Diverging bar chart/ }).count(),
    ).resolves.toBeGreaterThan(0);
    // Their text equivalents.
    const likertTable = results.getByRole("table", { name: "Answers to question 1, by community" });
    await expect(
      likertTable.getByRole("row", { name: /Science & technology/ }).innerText(),
    ).resolves.toMatch(/6\s+4\.50/);
    await expect(
      likertTable.getByRole("row", { name: /All respondents/ }).innerText(),
    ).resolves.toMatch(/^All respondents\s+17/);
    await expect(likertTable.getByRole("row", { name: /Policy/ }).innerText()).resolves.toContain(
      "Suppressed (fewer than 5 respondents)",
    );
    const differences = results.getByRole("table", {
      name: "Science & technology versus diplomacy, per question",
    });
    await expect(
      differences.getByRole("row", { name: new RegExp(LIKERT_PROMPT) }).innerText(),
    ).resolves.toMatch(/4\.50\s+2\.\d\d\s+[12]\.\d\d\s+95 %/);
    const pooled = results.getByRole("table", { name: "Science in diplomacy (1 question)" });
    await expect(
      pooled.getByRole("row", { name: /Science & technology/ }).innerText(),
    ).resolves.toMatch(/6\s+87\.50/);
    expect(await seriousViolations(results)).toEqual([]);

    // The CSV of the aggregates downloads.
    const download = results.waitForEvent("download");
    await results.getByRole("button", { name: "Download the results as CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("How-our-communities-see-S-T-diplomacy-results.csv");
    for (const { context } of [coordinator, mina]) await context.close();
  });
});

describe("survey evidence in a paper", () => {
  it("a result cited from the results page is placed in the text as a block showing its numbers, stays there, and says so once removed", async () => {
    const coordinator = backend.as("cora", { coordinator: true });
    const created = await coordinator.request(CreateSurveyDocument, {
      input: {
        title: "Evidence for the oceans paper",
        resultsVisibility: "MEMBERS",
        questions: [
          { kind: "LIKERT", prompt: LIKERT_PROMPT, diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"] },
          {
            kind: "SINGLE_CHOICE",
            prompt: CHOICE_PROMPT,
            labels: ["Supply chains", "Technology controls", "Oceans"],
          },
        ],
      },
    });
    const surveyId = created.createSurvey.id;
    await coordinator.request(OpenSurveyDocument, { id: surveyId });
    await seedResponses(surveyId);
    await coordinator.request(CloseSurveyDocument, { id: surveyId });

    const paperId = await createPaper(backend, "lena", {});
    // lena, who writes the paper, cites the first question from the results page.
    const lena = await signedInPage(browser, backend, "lena", `/surveys/${surveyId}/results`);
    const first = lena.page.locator(".question-results", { hasText: LIKERT_PROMPT }).last();
    await first.getByText("Cite in a paper").click();
    await first
      .getByLabel("Paper")
      .selectOption({ label: "Ocean observation for climate diplomacy" });
    await first.getByRole("button", { name: "Cite" }).click();
    await first.getByText("Cited in “Ocean observation for climate diplomacy”.").waitFor();

    await lena.page.goto(`${backend.origin}/papers/${paperId}`);
    await openPaper(lena.page);
    await lena.page.locator(".paper-body").click();
    await lena.page
      .getByLabel("Survey evidence")
      .selectOption({ label: `${LIKERT_PROMPT} (Evidence for the oceans paper)` });
    await lena.page.getByRole("button", { name: "Place evidence" }).click();
    const block = lena.page.locator(".paper-body figure.evidence-block");
    await block.getByText("16 respondents").waitFor();
    await expect(block.innerText()).resolves.toContain(LIKERT_PROMPT);
    await expect(block.getByRole("row", { name: /Agree/ }).first().innerText()).resolves.toMatch(
      /\d/,
    );
    expect(await seriousViolations(lena.page)).toEqual([]);

    // The block is part of the shared text: it is there again after a reload.
    await lena.page.reload();
    await openPaper(lena.page);
    await lena.page
      .locator(".paper-body figure.evidence-block")
      .getByText("16 respondents")
      .waitFor();

    // Removing the citation: the block stays in the text and says what happened.
    await lena.page
      .getByLabel("Survey evidence")
      .selectOption({ label: `${LIKERT_PROMPT} (Evidence for the oceans paper)` });
    await lena.page.getByRole("button", { name: "Remove citation" }).click();
    await lena.page.getByText("Citation removed.").waitFor();
    await lena.page.reload();
    await openPaper(lena.page);
    await lena.page
      .locator(".paper-body figure.evidence-block")
      .getByText("This survey citation was removed from the paper.")
      .waitFor();
    await lena.context.close();
  });
});
