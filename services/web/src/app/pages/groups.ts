// Home: the papers a member can see, filtered by group, topic, status and diplomacy type; the
// working groups they belong to; starting a paper or a group.
import {
  type DiplomacyType,
  type PaperStatus,
  WebAddWorkingGroupMemberDocument,
  WebCreatePaperDocument,
  WebCreateWorkingGroupDocument,
  WebMembersDocument,
  type WebPaperSummaryFragment,
  WebPapersDocument,
  WebTopicsDocument,
  type WebTopicsQuery,
  WebWorkingGroupsDocument,
  type WebWorkingGroupsQuery,
} from "@accord/client";
import { DIPLOMACY_TYPES, PAPER_STATUSES, TEXT_LIMITS } from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { AppContext, Page } from "../context.ts";
import {
  append,
  field,
  formatDate,
  h,
  humanize,
  messageArea,
  replaceChildren,
  uid,
} from "../dom.ts";
import { groupAdministration, joinRequestControl } from "../invitations.ts";

// Page size that keeps the list query well inside the server's cost limit.
const PAGE_SIZE = 25;

type Topic = WebTopicsQuery["topics"][number];
type Group = WebWorkingGroupsQuery["workingGroups"]["edges"][number]["node"];

function select(name: string, choices: [string, string][], value = ""): HTMLSelectElement {
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

function paperItem(paper: WebPaperSummaryFragment): HTMLElement {
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
  );
}

type Choice = [string, string];

/** The topics and the member's working groups; empty (with the error shown) when unavailable. */
async function loadChoices(
  context: AppContext,
  messages: ReturnType<typeof messageArea>,
): Promise<{ topics: Topic[]; groups: Group[] }> {
  try {
    const [topicResult, groupResult] = await Promise.all([
      context.api.request(WebTopicsDocument),
      context.api.request(WebWorkingGroupsDocument, { first: 50 }),
    ]);
    return {
      topics: topicResult.topics,
      groups: groupResult.workingGroups.edges.map((edge) => edge.node),
    };
  } catch (error) {
    messages.error(errorMessage(error));
    return { topics: [], groups: [] };
  }
}

function paperFilters(groups: Group[], topicChoices: Choice[]) {
  return {
    group: select("workingGroupId", [
      ["", "All groups"],
      ...groups.map((g): Choice => [g.id, g.name]),
    ]),
    topic: select("topicId", [["", "All topics"], ...topicChoices]),
    status: select("status", [
      ["", "Any status"],
      ...PAPER_STATUSES.map((s): Choice => [s, humanize(s)]),
    ]),
    diplomacy: select("diplomacyType", [
      ["", "Any diplomacy type"],
      ...DIPLOMACY_TYPES.map((t): Choice => [t, humanize(t)]),
    ]),
    search: h("input", { type: "search", name: "search" }),
  };
}

type PaperFilters = ReturnType<typeof paperFilters>;

function filterOf(filters: PaperFilters) {
  return {
    ...(filters.group.value ? { workingGroupId: filters.group.value } : {}),
    ...(filters.topic.value ? { topicId: filters.topic.value } : {}),
    ...(filters.status.value ? { status: filters.status.value as PaperStatus } : {}),
    ...(filters.diplomacy.value ? { diplomacyType: filters.diplomacy.value as DiplomacyType } : {}),
    ...(filters.search.value.trim() ? { search: filters.search.value.trim() } : {}),
  };
}

/** The filtered list of papers, a page at a time, with "Show more" for the next page. */
function paperList(context: AppContext, filters: PaperFilters) {
  const list = h("ul", { class: "paper-list", "aria-live": "polite" });
  const status = h("p", { class: "meta", role: "status" });
  const more = h("button", { type: "button", hidden: true }, "Show more papers");
  let shown = 0;
  let after: string | null = null;
  const load = async (next = false) => {
    try {
      const result = await context.api.request(WebPapersDocument, {
        first: PAGE_SIZE,
        filter: filterOf(filters),
        ...(next && after ? { after } : {}),
      });
      const papers = result.papers.edges.map((edge) => edge.node);
      if (next) append(list, papers.map(paperItem));
      else replaceChildren(list, papers.map(paperItem));
      shown = (next ? shown : 0) + papers.length;
      after = result.papers.pageInfo.endCursor ?? null;
      more.hidden = !result.papers.pageInfo.hasNextPage;
      status.textContent = shown === 0 ? "No papers match these filters." : `${shown} papers shown`;
    } catch (error) {
      status.textContent = errorMessage(error);
    }
  };
  more.addEventListener("click", () => void load(true));
  return { list, status, more, load };
}

function filterForm(filters: PaperFilters, load: () => Promise<void>): HTMLFormElement {
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter papers" },
    field("Working group", filters.group),
    field("Topic", filters.topic),
    field("Status", filters.status),
    field("Diplomacy type", filters.diplomacy),
    field("Words", filters.search),
  );
  form.addEventListener("change", () => void load());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void load();
  });
  return form;
}

export const groupsPage: Page = async (context, main) => {
  const messages = messageArea();
  const { topics, groups } = await loadChoices(context, messages);
  const topicChoices: Choice[] = topics.map((topic) => [topic.id, topic.name]);
  const filters = paperFilters(groups, topicChoices);
  const papers = paperList(context, filters);
  main.replaceChildren(
    h("h1", {}, "Position papers"),
    messages.element,
    filterForm(filters, () => papers.load()),
    papers.status,
    papers.list,
    papers.more,
    h(
      "div",
      { class: "columns" },
      newPaperForm(context, groups, topicChoices),
      groupsSection(context, groups),
    ),
  );
  await papers.load();
  return undefined;
};

function newPaperForm(
  context: AppContext,
  groups: Group[],
  topicChoices: [string, string][],
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
    writable.map((g): [string, string] => [g.id, g.name]),
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

function groupsSection(context: AppContext, groups: Group[]): HTMLElement {
  const messages = messageArea();
  const name = h("input", {
    name: "name",
    required: true,
    maxlength: TEXT_LIMITS.workingGroupName.max,
  });
  const description = h("textarea", { name: "description", rows: 2 });
  const form = h(
    "form",
    { "aria-labelledby": "new-group-title" },
    h("h3", { id: "new-group-title" }, "Start a working group"),
    field("Name", name),
    field("Description", description),
    h("button", { type: "submit" }, "Create group"),
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.api
      .request(WebCreateWorkingGroupDocument, {
        input: { name: name.value.trim(), description: description.value.trim() },
      })
      .then(() => context.navigate("/", { replace: true }))
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return h(
    "section",
    { "aria-labelledby": "groups-title" },
    h("h2", { id: "groups-title" }, "Working groups"),
    groups.length === 0
      ? h("p", {}, "You are not in a working group yet.")
      : h(
          "ul",
          { class: "group-list" },
          groups.map((group) =>
            h(
              "li",
              {},
              h("strong", {}, group.name),
              group.viewerRole ? ` (${humanize(group.viewerRole).toLowerCase()})` : "",
              group.description ? h("p", { class: "meta" }, group.description) : null,
              group.viewerCanAdminister ? addMemberForm(context, group) : null,
              group.viewerCanAdminister ? groupAdministration(context, group.id) : null,
              group.viewerRole ? null : joinRequestControl(context, group),
            ),
          ),
        ),
    form,
  );
}

/** Conveners bring members into their group: find them by name, add them. */
function addMemberForm(context: AppContext, group: Group): HTMLElement {
  const messages = messageArea();
  const search = h("input", { type: "search", name: "memberSearch", autocomplete: "off" });
  const candidates = h("select", { name: "member" }, h("option", { value: "" }, "Search first"));
  const find = h("button", { type: "button" }, "Find");
  const form = h(
    "form",
    { class: "inline-form", "aria-label": `Add a member to ${group.name}` },
    field("Find a member", search),
    find,
    field("Member", candidates),
    h("button", { type: "submit" }, "Add to group"),
    messages.element,
  );
  find.addEventListener("click", () => {
    context.api
      .request(WebMembersDocument, { search: search.value.trim(), first: 20 })
      .then((result) => {
        const members = result.members.edges.map((edge) => edge.node);
        replaceChildren(
          candidates,
          members.length === 0
            ? h("option", { value: "" }, "No member matches")
            : members.map((member) => h("option", { value: member.id }, member.displayName)),
        );
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!candidates.value) {
      messages.error("Find a member and choose one first.");
      return;
    }
    context.api
      .request(WebAddWorkingGroupMemberDocument, {
        input: { workingGroupId: group.id, memberId: candidates.value },
      })
      .then(() => messages.info("Added to the group."))
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return h("details", {}, h("summary", {}, "Add a member"), form);
}
