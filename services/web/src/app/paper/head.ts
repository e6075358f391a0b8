// The head of a paper page: group, status and topics, title and summary, and the form that
// edits the title and summary for those who may.
import { WebUpdatePaperDocument } from "@accord/client";
import { TEXT_LIMITS } from "@accord/domain";
import { errorMessage } from "../api.ts";
import { announce, field, h, humanize, messageArea, replaceChildren } from "../dom.ts";
import { diplomacyTypeTags } from "../text.ts";
import type { Paper, PaperState } from "./state.ts";

function metaLine(paper: Paper): string {
  const topics =
    paper.topics.length > 0 ? ` · ${paper.topics.map((topic) => topic.name).join(", ")}` : "";
  return `${paper.workingGroup.name} · ${humanize(paper.status)}${topics}`;
}

function detailsEditor(
  state: PaperState,
  changed: (paper?: Paper) => Promise<void>,
): { element: HTMLDetailsElement; draw(): void } {
  const messages = messageArea();
  const titleInput = h("input", {
    name: "title",
    required: true,
    maxlength: TEXT_LIMITS.paperTitle.max,
  });
  const summaryInput = h("textarea", { name: "summary", rows: 3 });
  const form = h(
    "form",
    { class: "inline-form" },
    field("Title", titleInput),
    field("Summary", summaryInput),
    h("button", { type: "submit" }, "Save details"),
    messages.element,
  );
  const element = h(
    "details",
    { class: "edit-details" },
    h("summary", {}, "Edit title and summary"),
    form,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.context.api
      .request(WebUpdatePaperDocument, {
        input: {
          id: state.paperId,
          title: titleInput.value.trim(),
          summary: summaryInput.value.trim(),
          expectedVersion: state.paper.version,
        },
      })
      .then(async (result) => {
        element.open = false;
        announce("Details saved.");
        await changed(result.updatePaper);
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  const draw = () => {
    element.hidden = !state.paper.viewerCan.editMetadata;
    titleInput.value = state.paper.title;
    summaryInput.value = state.paper.summary;
  };
  return { element, draw };
}

/** The page's header; `liveBar` (connection and presence) goes below the details. */
export function paperHead(
  state: PaperState,
  changed: (paper?: Paper) => Promise<void>,
  liveBar: HTMLElement,
): { element: HTMLElement; draw(): void } {
  const title = h("h1", { class: "paper-title" });
  const meta = h("p", { class: "meta" });
  const summary = h("p", { class: "summary" });
  const diplomacy = h("div");
  // target _self: a page load, since the public page is served beside the app, not by it.
  const publicPage = h("a", { class: "public-page-link", target: "_self" }, "Public page");
  const details = detailsEditor(state, changed);
  const draw = () => {
    const current = state.paper;
    title.textContent = current.title;
    document.title = `${current.title} · Accord`;
    meta.textContent = metaLine(current);
    summary.textContent = current.summary;
    replaceChildren(diplomacy, diplomacyTypeTags(current.diplomacyTypes));
    publicPage.hidden = current.status !== "PUBLISHED";
    publicPage.setAttribute("href", `/p/${encodeURIComponent(current.id)}`);
    details.draw();
  };
  const element = h(
    "header",
    { class: "paper-head" },
    meta,
    title,
    summary,
    diplomacy,
    publicPage,
    details.element,
    liveBar,
  );
  return { element, draw };
}
