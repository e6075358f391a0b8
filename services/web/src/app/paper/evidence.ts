// The `evidence` block: a survey result cited in the paper (citeSurveyResult), placed in the
// text as a TipTap node whose `citationId` attribute names the citation. The node stores only
// the id; every reader's editor draws the cited question, its numbers and a table from the API,
// so a FROZEN citation shows the numbers as of citing and a LIVE one today's.
import {
  PaperEvidenceDocument,
  type PaperEvidenceQuery,
  RemoveEvidenceCitationDocument,
} from "@accord/client";
import { type Editor, Node } from "@tiptap/core";
import { errorMessage } from "../api.ts";
import type { AppContext } from "../context.ts";
import { formatDate, h, replaceChildren } from "../dom.ts";
import { plural } from "../text.ts";
import "./evidence.css";

export type Citation = NonNullable<PaperEvidenceQuery["paper"]>["evidence"][number];

/** The paper's citations, fetched once and again after `refresh`. */
export interface CitationSource {
  get(citationId: string): Promise<Citation | null>;
  all(): Promise<Citation[]>;
  refresh(): void;
}

export function citationSource(context: AppContext, paperId: string): CitationSource {
  let citations: Promise<Citation[]> | null = null;
  const all = () => {
    citations ??= context.api
      .request(PaperEvidenceDocument, { paperId })
      .then((result) => result.paper?.evidence ?? [])
      .catch((error: unknown) => {
        citations = null;
        throw error;
      });
    return citations;
  };
  return {
    all,
    async get(citationId) {
      return (await all()).find((citation) => citation.id === citationId) ?? null;
    },
    refresh() {
      citations = null;
    },
  };
}

const number = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : value.toFixed(2);

/** What a placed block shows: the question, where it comes from, and its numbers as a table. */
function drawCitation(figure: HTMLElement, citation: Citation): void {
  const { results } = citation;
  const overall = results?.overall;
  const table =
    overall && !overall.suppressed
      ? h(
          "table",
          { class: "results-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "Answer"),
              h("th", { scope: "col" }, "Respondents"),
            ),
          ),
          h(
            "tbody",
            {},
            overall.distribution.map((entry) =>
              h("tr", {}, h("th", { scope: "row" }, entry.label), h("td", {}, String(entry.count))),
            ),
          ),
        )
      : null;
  const difference = results?.difference;
  replaceChildren(
    figure,
    h(
      "figcaption",
      {},
      h("strong", {}, "Survey evidence: "),
      citation.question.prompt,
      h(
        "span",
        { class: "meta" },
        ` — ${citation.survey?.title ?? "a survey"}; ${citation.mode === "FROZEN" ? `numbers as of ${formatDate(citation.citedAt)}` : "live results"}`,
      ),
    ),
    !results
      ? h("p", { class: "meta" }, "The results are not visible yet (the survey may still be open).")
      : overall?.suppressed
        ? h("p", { class: "meta" }, "Suppressed: too few respondents to show.")
        : h(
            "p",
            {},
            plural(overall?.respondents ?? 0, "respondent"),
            overall?.mean !== null && overall?.mean !== undefined
              ? `, mean ${number(overall.mean)}`
              : "",
            difference && !difference.suppressed
              ? `; science & technology minus diplomacy ${number(difference.difference)} (95 %: ${number(difference.low)} to ${number(difference.high)})`
              : "",
            ".",
          ),
    table,
  );
}

export const EVIDENCE_NODE = "evidence";

/** The TipTap node; `source` resolves a citation id to what the block shows. */
export function evidenceNode(source: CitationSource) {
  return Node.create({
    name: EVIDENCE_NODE,
    group: "block",
    atom: true,
    selectable: true,
    addAttributes() {
      return {
        citationId: {
          default: null,
          parseHTML: (element: HTMLElement) => element.getAttribute("data-citation-id"),
          renderHTML: (attributes: Record<string, unknown>) => ({
            "data-citation-id": attributes.citationId,
          }),
        },
      };
    },
    parseHTML() {
      return [{ tag: "figure[data-evidence]" }];
    },
    renderHTML({ HTMLAttributes }) {
      return ["figure", { ...HTMLAttributes, "data-evidence": "" }];
    },
    addNodeView() {
      return ({ node }) => {
        const citationId = String(node.attrs.citationId ?? "");
        const figure = h(
          "figure",
          {
            class: "evidence-block",
            "data-evidence": "",
            "data-citation-id": citationId,
            contenteditable: "false",
          },
          h("p", { class: "meta" }, "Loading the cited survey result…"),
        );
        source
          .get(citationId)
          .then((citation) => {
            if (citation) drawCitation(figure, citation);
            else
              replaceChildren(
                figure,
                h("p", { class: "meta" }, "This survey citation was removed from the paper."),
              );
          })
          .catch((error: unknown) =>
            replaceChildren(figure, h("p", { class: "meta" }, errorMessage(error))),
          );
        return { dom: figure };
      };
    },
  });
}

/** "Place survey evidence": choose one of the paper's citations and put its block at the cursor. */
export function evidenceControl(
  editor: Editor,
  source: CitationSource,
  api: AppContext["api"],
): HTMLElement {
  const select = h(
    "select",
    { id: "evidence-choice" },
    h("option", { value: "" }, "Choose a cited result"),
  );
  const button = h("button", { type: "button" }, "Place evidence");
  const remove = h("button", { type: "button", class: "link-button" }, "Remove citation");
  const status = h("span", { class: "meta", role: "status" });
  const element = h(
    "div",
    { class: "evidence-control" },
    h("label", { for: select.id }, "Survey evidence"),
    select,
    button,
    remove,
    status,
  );
  const load = async () => {
    source.refresh();
    try {
      const citations = await source.all();
      replaceChildren(
        select,
        h(
          "option",
          { value: "" },
          citations.length === 0 ? "No survey results cited yet" : "Choose a cited result",
        ),
        citations.map((citation) =>
          h(
            "option",
            { value: citation.id },
            `${citation.question.prompt} (${citation.survey?.title ?? "survey"})`,
          ),
        ),
      );
    } catch (error) {
      status.textContent = errorMessage(error);
    }
  };
  select.addEventListener("focus", () => void load(), { once: true });
  button.addEventListener("click", () => {
    if (select.value === "") {
      status.textContent = "Choose a cited result first.";
      return;
    }
    editor
      .chain()
      .focus()
      .insertContent({ type: EVIDENCE_NODE, attrs: { citationId: select.value } })
      .run();
    status.textContent = "Evidence placed.";
  });
  // Blocks that name a removed citation say so; the citation itself is gone from the paper.
  remove.addEventListener("click", async () => {
    if (select.value === "") {
      status.textContent = "Choose a cited result first.";
      return;
    }
    remove.disabled = true;
    try {
      await api.request(RemoveEvidenceCitationDocument, { id: select.value });
      await load();
      status.textContent = "Citation removed.";
    } catch (error) {
      status.textContent = errorMessage(error);
    } finally {
      remove.disabled = false;
    }
  });
  void load();
  return element;
}
