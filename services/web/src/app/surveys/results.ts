// A closed survey's results: per question a bar chart of the answers, a table of every group's
// numbers (the chart's text equivalent), and for Likert questions and diplomacy types how the
// science-and-technology and diplomatic communities differ. Cells under the minimum size come
// suppressed from the API and are shown as such. The aggregates download as CSV.
import {
  CitablePapersDocument,
  CiteSurveyResultDocument,
  type SurveyCommunityDifferenceFragment,
  type SurveyResultCellFragment,
  SurveyResultsCsvDocument,
  SurveyResultsDocument,
  type SurveyResultsQuery,
} from "@accord/client";
import { errorMessage } from "../api.ts";
import type { AppContext, Page } from "../context.ts";
import { announce, h, humanize, messageArea, uid } from "../dom.ts";
import { plural } from "../text.ts";
import { surveyPath } from "./pages.ts";
import "./surveys.css";

type Results = SurveyResultsQuery["surveyResults"];
type QuestionResults = Results["questions"][number];
type Charts = typeof import("./charts.ts");

const format = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? "—" : value.toFixed(digits);

function groupName(group: string): string {
  if (group === "OVERALL") return "All respondents";
  if (group === "UNSTATED") return "No community stated";
  return group === "SCIENCE_TECHNOLOGY" ? "Science & technology" : humanize(group);
}

function suppressedNote(minimum: number): string {
  return `Suppressed (fewer than ${minimum} respondents)`;
}

/** Every group's numbers for one question: the text equivalent of its chart. */
function cellsTable(
  caption: string,
  cells: readonly SurveyResultCellFragment[],
  minimum: number,
  options: { labels: readonly string[]; showDistribution: boolean },
): HTMLTableElement {
  const distributionHeads = options.showDistribution
    ? options.labels.map((label) => h("th", { scope: "col" }, label))
    : [];
  return h(
    "table",
    { class: "results-table" },
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Group"),
        h("th", { scope: "col" }, "Respondents"),
        h("th", { scope: "col" }, "Mean"),
        h("th", { scope: "col" }, "Median"),
        distributionHeads,
      ),
    ),
    h(
      "tbody",
      {},
      cells.map((cell) =>
        cell.suppressed
          ? h(
              "tr",
              { class: "suppressed" },
              h("th", { scope: "row" }, groupName(cell.group)),
              h("td", { colspan: 3 + distributionHeads.length }, suppressedNote(minimum)),
            )
          : h(
              "tr",
              {},
              h("th", { scope: "row" }, groupName(cell.group)),
              h("td", {}, String(cell.respondents ?? "—")),
              h("td", {}, format(cell.mean)),
              h("td", {}, format(cell.median)),
              options.showDistribution
                ? options.labels.map((_, index) =>
                    h("td", {}, String(cell.distribution[index]?.count ?? 0)),
                  )
                : [],
            ),
      ),
    ),
  );
}

/** A chart's frame: the picture is named for screen readers and points to its table. */
function chartFigure(
  name: string,
  draw: ((charts: Charts, host: HTMLElement) => void) | null,
  table: HTMLElement,
  charts: Promise<Charts>,
): HTMLElement {
  const host = h("div", { class: "chart", role: "img", "aria-label": name });
  if (draw) {
    charts
      .then((loaded) => draw(loaded, host))
      .catch(() => {
        host.removeAttribute("role");
        host.replaceChildren(h("p", {}, "Chart unavailable; the table gives the numbers."));
      });
  }
  return h("figure", { class: "result-figure" }, draw ? host : null, table);
}

type CitablePaper = { id: string; title: string };

/** The papers the viewer may write in, fetched once per results page when first needed. */
function citablePapers(context: AppContext): () => Promise<CitablePaper[]> {
  let papers: Promise<CitablePaper[]> | null = null;
  return () => {
    papers ??= context.api.request(CitablePapersDocument).then((result) =>
      result.papers.edges
        .map((edge) => edge.node)
        .filter((paper) => paper.viewerCan.editText)
        .map(({ id, title }) => ({ id, title })),
    );
    return papers;
  };
}

/** "Cite in a paper": the question's results become evidence co-authors place in the text. */
function citeForm(
  context: AppContext,
  surveyId: string,
  questionId: string,
  papers: () => Promise<CitablePaper[]>,
): HTMLElement {
  const messages = messageArea();
  const select = h("select", { id: uid("cite-paper") });
  const button = h("button", { type: "submit" }, "Cite");
  const form = h(
    "form",
    { class: "cite-form" },
    h("label", { for: select.id }, "Paper"),
    select,
    button,
    messages.element,
  );
  const details = h(
    "details",
    { class: "cite" },
    h("summary", {}, "Cite in a paper"),
    h(
      "p",
      { class: "hint" },
      "The numbers are kept as they are now; co-authors place the citation in the text with “Place evidence”.",
    ),
    form,
  );
  details.addEventListener(
    "toggle",
    () => {
      papers()
        .then((list) => {
          select.replaceChildren(
            ...(list.length === 0
              ? [h("option", { value: "" }, "No paper you can edit")]
              : list.map((paper) => h("option", { value: paper.id }, paper.title))),
          );
        })
        .catch((error: unknown) => messages.error(errorMessage(error)));
    },
    { once: true },
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (select.value === "") return;
    button.disabled = true;
    try {
      await context.api.request(CiteSurveyResultDocument, {
        paperId: select.value,
        surveyId,
        questionId,
        mode: "FROZEN",
      });
      const title = select.selectedOptions[0]?.textContent ?? "the paper";
      messages.info(`Cited in “${title}”.`);
      announce(`Cited in “${title}”.`);
    } catch (error) {
      messages.error(errorMessage(error));
    } finally {
      button.disabled = false;
    }
  });
  return details;
}

function questionSection(
  question: QuestionResults,
  position: number,
  minimum: number,
  charts: Promise<Charts>,
  cite: HTMLElement,
): HTMLElement {
  const { overall } = question;
  const hasDistribution = question.question.kind !== "NUMBER" && question.question.kind !== "TEXT";
  const labels = overall.distribution.map((entry) => entry.label);
  const headingId = uid("question");
  const prompt = `${position}. ${question.question.prompt}`;
  const draw =
    hasDistribution && !overall.suppressed && overall.distribution.length > 0
      ? (loaded: Charts, host: HTMLElement) =>
          loaded.distributionChart(
            host,
            overall.distribution.map((entry) => ({ label: entry.label, value: entry.count })),
          )
      : null;
  return h(
    "section",
    { class: "question-results", "aria-labelledby": headingId },
    h("h3", { id: headingId }, prompt),
    question.question.kind === "RANKING"
      ? h("p", { class: "hint" }, "Bars count who ranked each option first.")
      : null,
    overall.suppressed ? h("p", { class: "suppressed-note" }, suppressedNote(minimum)) : null,
    chartFigure(
      `Bar chart of the answers of all respondents to: ${question.question.prompt}. The table below gives the numbers.`,
      draw,
      cellsTable(
        `Answers to question ${position}, by community`,
        [overall, ...question.byCommunity],
        minimum,
        { labels, showDistribution: hasDistribution },
      ),
      charts,
    ),
    cite,
  );
}

interface DifferenceRow {
  label: string;
  difference: SurveyCommunityDifferenceFragment;
}

function differenceTable(caption: string, rows: readonly DifferenceRow[], minimum: number) {
  return h(
    "table",
    { class: "results-table" },
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Question or type"),
        h("th", { scope: "col" }, "Science & technology mean"),
        h("th", { scope: "col" }, "Diplomacy mean"),
        h("th", { scope: "col" }, "Difference"),
        h("th", { scope: "col" }, "Confidence interval"),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map(({ label, difference }) =>
        difference.suppressed
          ? h(
              "tr",
              { class: "suppressed" },
              h("th", { scope: "row" }, label),
              h("td", { colspan: 4 }, suppressedNote(minimum)),
            )
          : h(
              "tr",
              {},
              h("th", { scope: "row" }, label),
              h("td", {}, format(difference.scienceMean)),
              h("td", {}, format(difference.diplomacyMean)),
              h("td", {}, format(difference.difference)),
              h(
                "td",
                {},
                `${Math.round(difference.confidence * 100)} %: ${format(difference.low)} to ${format(difference.high)}`,
              ),
            ),
      ),
    ),
  );
}

function differenceSection(
  title: string,
  explanation: string,
  rows: readonly DifferenceRow[],
  minimum: number,
  charts: Promise<Charts>,
): HTMLElement | null {
  if (rows.length === 0) return null;
  const headingId = uid("difference");
  return h(
    "section",
    { class: "question-results", "aria-labelledby": headingId },
    h("h2", { id: headingId }, title),
    h("p", {}, explanation),
    chartFigure(
      `Diverging bar chart: ${title}. Bars right of zero: the science and technology community agrees more; left: less. The table below gives the numbers.`,
      (loaded, host) =>
        loaded.differenceChart(
          host,
          rows.map((row) => ({
            label: row.difference.suppressed ? `${row.label} (suppressed)` : row.label,
            difference: row.difference.suppressed ? null : (row.difference.difference ?? null),
          })),
        ),
      differenceTable(title, rows, minimum),
      charts,
    ),
  );
}

function csvButton(context: AppContext, surveyId: string, title: string): HTMLElement {
  const messages = messageArea();
  const button = h("button", { type: "button" }, "Download the results as CSV");
  button.addEventListener("click", async () => {
    button.disabled = true;
    messages.clear();
    try {
      const { surveyResults } = await context.api.request(SurveyResultsCsvDocument, {
        id: surveyId,
      });
      const url = URL.createObjectURL(new Blob([surveyResults.csv], { type: "text/csv" }));
      const link = h("a", {
        href: url,
        download: `${title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "survey"}-results.csv`,
      });
      document.body.append(link);
      link.click();
      link.remove();
      // The download has started from the object URL by now; free it on the next turn.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      messages.info("The CSV of the aggregated results is downloading.");
    } catch (error) {
      messages.error(errorMessage(error));
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "csv-download" }, button, messages.element);
}

function drawResults(context: AppContext, main: HTMLElement, results: Results): void {
  const charts: Promise<Charts> = import("./charts.ts");
  const papers = citablePapers(context);
  const minimum = results.minimumCellSize;
  const likert = results.questions.filter((question) => question.difference);
  main.replaceChildren(
    h(
      "section",
      { class: "survey-results" },
      h("p", {}, h("a", { href: surveyPath(results.survey.id) }, "Back to the survey")),
      h("h1", {}, `Results: ${results.survey.title}`),
      h(
        "p",
        { class: "meta" },
        `Groups with fewer than ${minimum} respondents are suppressed to protect respondents: their numbers are not shown.`,
      ),
      csvButton(context, results.survey.id, results.survey.title),
      differenceSection(
        "Science & technology versus diplomacy, per question",
        "The mean answer of the science and technology community minus that of the diplomatic community, on the question's own scale, with its confidence interval.",
        likert.map((question, index) => ({
          label: `${index + 1}. ${question.question.prompt}`,
          difference: question.difference as SurveyCommunityDifferenceFragment,
        })),
        minimum,
        charts,
      ),
      differenceSection(
        "Science & technology versus diplomacy, per diplomacy type",
        "Each respondent's Likert answers on the questions tagged with a type, pooled on a 0–100 scale.",
        results.diplomacyTypes
          .filter((type) => type.difference)
          .map((type) => ({
            label: humanize(type.diplomacyType),
            difference: type.difference as SurveyCommunityDifferenceFragment,
          })),
        minimum,
        charts,
      ),
      results.diplomacyTypes.length > 0
        ? h(
            "section",
            { class: "question-results", "aria-labelledby": "types-title" },
            h("h2", { id: "types-title" }, "Per diplomacy type, by community"),
            h(
              "p",
              {},
              "Each respondent's mean over the Likert questions tagged with the type, on a 0–100 scale.",
            ),
            results.diplomacyTypes.map((type) =>
              cellsTable(
                `${humanize(type.diplomacyType)} (${plural(type.questions.length, "question")})`,
                [type.overall, ...type.byCommunity],
                minimum,
                { labels: [], showDistribution: false },
              ),
            ),
          )
        : null,
      h("h2", {}, "Questions"),
      results.questions.map((question, index) =>
        questionSection(
          question,
          index + 1,
          minimum,
          charts,
          citeForm(context, results.survey.id, question.question.id, papers),
        ),
      ),
    ),
  );
}

export const surveyResultsPage: Page = async (context, main, params) => {
  try {
    const { surveyResults } = await context.api.request(SurveyResultsDocument, {
      id: params.id ?? "",
    });
    drawResults(context, main, surveyResults);
  } catch (error) {
    main.replaceChildren(
      h(
        "section",
        { class: "narrow" },
        h("h1", {}, "Results unavailable"),
        h("p", { role: "alert" }, errorMessage(error)),
        params.id ? h("a", { href: surveyPath(params.id) }, "Back to the survey") : null,
      ),
    );
  }
  return undefined;
};
