// Cited survey results on a public page: one box per citation with the overall figures, the
// distribution of answers and the breakdown by community. Suppressed cells stay suppressed.
import type { ResultCell } from "@accord/domain";
import { enumLabel, escapeHtml, longDate } from "./html.ts";
import type { PublicEvidence } from "./model.ts";

/** The element id of a citation's box, for links from the text's evidence blocks. */
export function evidenceAnchor(citationId: string): string {
  return `evidence-${citationId.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

const figure = (value: number | null): string =>
  value === null ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(2);

const SUPPRESSED = "suppressed (too few respondents)";

/** Breakdown groups as readers name them; the rest read well from their enum names. */
const GROUP_LABELS: Readonly<Record<string, string>> = {
  SCIENCE_TECHNOLOGY: "Science & technology",
  UNSTATED: "Not stated",
};

const groupLabel = (group: string) => GROUP_LABELS[group] ?? enumLabel(group);

function distributionTable(cell: ResultCell, caption: string): string {
  if (cell.suppressed || cell.distribution.length === 0) return "";
  const ranking = cell.distribution.some((entry) => entry.meanRank !== null);
  const head = ranking
    ? '<th scope="col">Option</th><th scope="col" class="number">Ranked first</th><th scope="col" class="number">Mean rank</th>'
    : '<th scope="col">Answer</th><th scope="col" class="number">Respondents</th>';
  const rows = cell.distribution
    .map(
      (entry) =>
        `<tr><th scope="row">${escapeHtml(entry.label)}</th><td class="number">${entry.count}</td>${
          ranking ? `<td class="number">${figure(entry.meanRank)}</td>` : ""
        }</tr>`,
    )
    .join("");
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function communityTable(cells: ResultCell[], withMeans: boolean): string {
  if (cells.length === 0) return "";
  const rows = cells
    .map((cell) => {
      const group = escapeHtml(groupLabel(cell.group));
      if (cell.suppressed) {
        return `<tr><th scope="row">${group}</th><td colspan="${withMeans ? 3 : 1}">${SUPPRESSED}</td></tr>`;
      }
      const means = withMeans
        ? `<td class="number">${figure(cell.mean)}</td><td class="number">${figure(cell.median)}</td>`
        : "";
      return `<tr><th scope="row">${group}</th><td class="number">${figure(cell.respondents)}</td>${means}</tr>`;
    })
    .join("");
  const meanHeads = withMeans
    ? '<th scope="col" class="number">Mean</th><th scope="col" class="number">Median</th>'
    : "";
  return `<table><caption>By community</caption><thead><tr><th scope="col">Community</th><th scope="col" class="number">Respondents</th>${meanHeads}</tr></thead><tbody>${rows}</tbody></table>`;
}

function resultsHtml(item: PublicEvidence): string {
  const results = item.results;
  if (!results) {
    return "<p>The survey's results are not public.</p>";
  }
  const overall = results.overall;
  const withMeans = item.kind === "LIKERT" || item.kind === "NUMBER";
  const summary = overall.suppressed
    ? `<p>Overall: ${SUPPRESSED}.</p>`
    : `<p>${figure(overall.respondents)} respondents${
        withMeans ? `; mean ${figure(overall.mean)}, median ${figure(overall.median)}` : ""
      }.</p>`;
  return (
    summary +
    distributionTable(overall, "All respondents") +
    communityTable(results.byCommunity, withMeans)
  );
}

/**
 * One cited result as a figure: the question, the survey and the figures. The body places it
 * where the authors put the citation's block; the rest go to the section at the end.
 */
export function evidenceFigure(item: PublicEvidence): string {
  const when =
    item.mode === "FROZEN"
      ? `figures as of ${longDate(item.citedAt)}`
      : "figures as of publication";
  return `<figure class="evidence-item" id="${evidenceAnchor(item.citationId)}">
<figcaption><strong>${escapeHtml(item.prompt)}</strong><span class="evidence-meta"> Survey: ${escapeHtml(item.surveyTitle)}; ${when}.</span></figcaption>
${resultsHtml(item)}
</figure>`;
}

/** The page's "Cited survey results" section; empty when there are none to list. */
export function evidenceSection(evidence: PublicEvidence[]): string {
  if (evidence.length === 0) return "";
  return `<section class="evidence" aria-labelledby="evidence-heading">
<h2 id="evidence-heading">Cited survey results</h2>
${evidence.map(evidenceFigure).join("\n")}
</section>`;
}
