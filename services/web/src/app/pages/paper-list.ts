// What the lists of papers share (the home page, a working group's page): one paper as a list
// item, and the form that starts a paper.
import {
  type DiplomacyType,
  WebCreatePaperDocument,
  type WebPaperSummaryFragment,
} from "@accord/client";
import { DIPLOMACY_TYPES, TEXT_LIMITS } from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { AppContext } from "../context.ts";
import { field, formatDate, h, humanize, messageArea, uid } from "../dom.ts";
import { diplomacyTypeTags } from "../text.ts";

export type Choice = [string, string];

/** A working group a paper may be started in. */
export interface PaperGroup {
  id: string;
  name: string;
  viewerCanCreatePaper: boolean;
}

export function select(name: string, choices: [string, string][], value = ""): HTMLSelectElement {
  return h(
    "select",
    { name },
    choices.map(([choice, label]) =>
      h("option", { value: choice, selected: choice === value }, label),
    ),
  );
}

function checkboxGroup(
  legend: string,
  name: string,
  choices: [string, string][],
): HTMLFieldSetElement {
  return h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, legend),
    choices.map(([value, label]) => {
      const id = uid(name);
      return h(
        "span",
        { class: "choice" },
        h("input", { type: "checkbox", id, name, value }),
        h("label", { for: id }, label),
      );
    }),
  );
}

function checkedValues(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
    (input) => input.value,
  );
}

/** One paper in a list: title, status, group, role, summary, topics and diplomacy types. */
export function paperItem(paper: WebPaperSummaryFragment): HTMLElement {
  return h(
    "li",
    { class: "paper-item" },
    h("a", { href: `/papers/${encodeURIComponent(paper.id)}` }, paper.title),
    h("span", { class: `status status-${paper.status.toLowerCase()}` }, humanize(paper.status)),
    h(
      "p",
      { class: "meta" },
      `${paper.workingGroup.name} · updated ${formatDate(paper.updatedAt)}`,
      paper.viewerRole ? ` · you are ${humanize(paper.viewerRole).toLowerCase()}` : "",
    ),
    paper.summary ? h("p", { class: "summary" }, paper.summary) : null,
    paper.topics.length > 0
      ? h(
          "p",
          { class: "tags" },
          paper.topics.map((topic) => h("span", { class: "tag" }, topic.name)),
        )
      : null,
    diplomacyTypeTags(paper.diplomacyTypes),
  );
}

/**
 * Start a paper in one of `groups` (those the member may start papers in); on a group's page
 * `groups` is that group alone.
 */
export function newPaperForm(
  context: AppContext,
  groups: readonly PaperGroup[],
  topicChoices: Choice[],
): HTMLElement {
  const writable = groups.filter((group) => group.viewerCanCreatePaper);
  if (writable.length === 0) {
    return h(
      "section",
      { "aria-labelledby": "new-paper-title" },
      h("h2", { id: "new-paper-title" }, "Start a paper"),
      h("p", {}, "Join or start a working group to start a paper."),
    );
  }
  const messages = messageArea();
  const group = select(
    "workingGroupId",
    writable.map((g): Choice => [g.id, g.name]),
  );
  const title = h("input", {
    name: "title",
    required: true,
    maxlength: TEXT_LIMITS.paperTitle.max,
  });
  const summary = h("textarea", { name: "summary", rows: 3 });
  const form = h(
    "form",
    { "aria-labelledby": "new-paper-title" },
    h("h2", { id: "new-paper-title" }, "Start a paper"),
    field("Working group", group),
    field("Title", title),
    field("Summary", summary),
    topicChoices.length > 0 ? checkboxGroup("Topics", "topicIds", topicChoices) : null,
    checkboxGroup(
      "Diplomacy types",
      "diplomacyTypes",
      DIPLOMACY_TYPES.map((t) => [t, humanize(t)]),
    ),
    h("button", { type: "submit", class: "primary" }, "Create paper"),
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.api
      .request(WebCreatePaperDocument, {
        input: {
          workingGroupId: group.value,
          title: title.value.trim(),
          summary: summary.value.trim(),
          topicIds: checkedValues(form, "topicIds"),
          diplomacyTypes: checkedValues(form, "diplomacyTypes") as DiplomacyType[],
        },
      })
      .then((result) => context.navigate(`/papers/${encodeURIComponent(result.createPaper.id)}`))
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return h("section", {}, form);
}
