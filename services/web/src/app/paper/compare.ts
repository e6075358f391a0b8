// Compare in the versions panel: pick two saved versions, or a version and the paper now, and
// read the text with additions and deletions coloured by author, each author named (in a legend
// with their words added and removed, and on every change).
import { WebCompareVersionsDocument, type WebCompareVersionsQuery } from "@accord/client";
import { errorMessage } from "../api.ts";
import type { AppContext } from "../context.ts";
import { field, formatDate, h, replaceChildren } from "../dom.ts";
import "./compare.css";

type Comparison = WebCompareVersionsQuery["compareVersions"];
type Block = Comparison["blocks"][number];

/** What the form needs of the versions panel's list. */
export interface ComparableVersion {
  id: string;
  name: string;
  createdAt: string;
}

/** "Now" in the `to` select: the paper as it is. */
const NOW = "";
/** Author colours, each with 4.5:1 contrast on its light background (compare.css). */
const PALETTE_SIZE = 6;
const UNKNOWN = "someone (not recorded)";

function legend(comparison: Comparison, colourOf: (authorId: string | null) => number) {
  if (comparison.authors.length === 0) return h("p", { class: "meta" }, "No changes.");
  return h(
    "ul",
    { class: "compare-legend", "aria-label": "Changes by author" },
    comparison.authors.map((entry) =>
      h(
        "li",
        { class: `compare-author compare-colour-${colourOf(entry.author?.id ?? null)}` },
        h("span", { class: "compare-swatch", "aria-hidden": "true" }),
        h("strong", {}, entry.author?.displayName ?? UNKNOWN),
        ` +${entry.wordsAdded} ${entry.wordsAdded === 1 ? "word" : "words"}, −${entry.wordsRemoved} removed`,
      ),
    ),
  );
}

function blockElement(block: Block, colourOf: (authorId: string | null) => number): HTMLElement {
  const tag =
    block.type === "heading"
      ? (`h${Math.min(6, Math.max(3, (block.level ?? 1) + 2))}` as "h3")
      : "p";
  const runs = block.runs.map((run) => {
    if (run.change === "SAME") return document.createTextNode(run.text);
    const who = run.author?.displayName ?? UNKNOWN;
    const added = run.change === "ADDED";
    return h(
      added ? "ins" : "del",
      {
        class: `compare-${added ? "added" : "deleted"} compare-colour-${colourOf(run.author?.id ?? null)}`,
        title: `${added ? "Added" : "Deleted"} by ${who}`,
        "data-author": who,
      },
      run.text,
    );
  });
  return h(tag, { class: `compare-block compare-${block.type}` }, runs);
}

function comparisonView(comparison: Comparison): HTMLElement {
  const colours = new Map<string | null, number>();
  const colourOf = (authorId: string | null) => {
    if (!colours.has(authorId)) colours.set(authorId, colours.size % PALETTE_SIZE);
    return colours.get(authorId)!;
  };
  for (const entry of comparison.authors) colourOf(entry.author?.id ?? null);
  const to = comparison.to ? `“${comparison.to.name}”` : "now";
  return h(
    "div",
    { class: "compare-view" },
    h(
      "p",
      { class: "meta" },
      `From “${comparison.from.name}” (${formatDate(comparison.from.createdAt)}) to ${to}.`,
    ),
    legend(comparison, colourOf),
    h(
      "div",
      { class: "compare-text", tabindex: 0, "aria-label": "The text with its changes" },
      comparison.blocks.map((block) => blockElement(block, colourOf)),
    ),
  );
}

/** Opens a modal dialog with the comparison of `from` and `to` (null: now). */
function showComparison(context: AppContext, paperId: string, from: string, to: string | null) {
  const dialog = h("dialog", {
    class: "version-dialog compare-dialog",
    "aria-labelledby": "compare-title",
  });
  const closeButton = h("button", { type: "button" }, "Close");
  closeButton.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  const title = h("h2", { id: "compare-title" }, "Compare versions");
  replaceChildren(dialog, title, h("p", { role: "status" }, "Comparing…"), closeButton);
  document.body.append(dialog);
  dialog.showModal();
  context.api
    .request(WebCompareVersionsDocument, { paperId, from, to })
    .then((result) => {
      replaceChildren(dialog, title, comparisonView(result.compareVersions), closeButton);
      closeButton.focus();
    })
    .catch((error: unknown) => {
      replaceChildren(dialog, title, h("p", { role: "alert" }, errorMessage(error)), closeButton);
    });
}

/**
 * The "Compare" form of the versions panel; `setVersions` after each reload of the list. Hidden
 * until there is a version to compare.
 */
export function compareVersionsForm(p: { context: AppContext; paper: () => { id: string } }): {
  element: HTMLElement;
  setVersions(versions: readonly ComparableVersion[]): void;
} {
  const from = h("select", { name: "compareFrom" });
  const to = h("select", { name: "compareTo" });
  const form = h(
    "form",
    { class: "inline-form compare-form", "aria-label": "Compare versions", hidden: true },
    field("From", from),
    field("To", to),
    h("button", { type: "submit" }, "Compare"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!from.value) return;
    showComparison(p.context, p.paper().id, from.value, to.value === NOW ? null : to.value);
  });
  const option = (version: ComparableVersion, selected: boolean) =>
    h(
      "option",
      { value: version.id, selected },
      `${version.name} (${formatDate(version.createdAt)})`,
    );
  return {
    element: form,
    setVersions(versions) {
      form.hidden = versions.length === 0;
      // Newest first in the list: compare the newest version with now by default.
      replaceChildren(
        from,
        versions.map((v, i) => option(v, i === 0)),
      );
      replaceChildren(
        to,
        h("option", { value: NOW, selected: true }, "Now"),
        versions.map((v) => option(v, false)),
      );
    },
  };
}
