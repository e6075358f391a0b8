// Home: the papers a member can see, filtered by group, topic, status and diplomacy type; the
// working groups they belong to (each a link to its page); starting a paper or a group.
import {
  type DiplomacyType,
  type PaperStatus,
  WebPapersDocument,
  WebTopicsDocument,
  type WebTopicsQuery,
  WebWorkingGroupsDocument,
  type WebWorkingGroupsQuery,
} from "@accord/client";
import { DIPLOMACY_TYPES, PAPER_STATUSES } from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { AppContext, Page } from "../context.ts";
import { append, field, h, humanize, messageArea, replaceChildren } from "../dom.ts";
import { plural, showList } from "../text.ts";
import { type Choice, newPaperForm, paperItem, select } from "./paper-list.ts";
import { groupPath, newGroupForm } from "./working-groups.ts";

// Page size that keeps the list query well inside the server's cost limit.
const PAGE_SIZE = 25;

type Topic = WebTopicsQuery["topics"][number];
type Group = WebWorkingGroupsQuery["workingGroups"]["edges"][number]["node"];

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
      status.textContent =
        shown === 0 ? "No papers match these filters." : `${plural(shown, "paper")} shown`;
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
      yourGroupsSection(context, groups),
    ),
  );
  await papers.load();
  return undefined;
};

/** The member's own groups as links to their pages, and starting a new one. */
function yourGroupsSection(context: AppContext, groups: Group[]): HTMLElement {
  const mine = groups.filter((group) => group.viewerRole !== null);
  const list = h("ul", { class: "group-links" });
  const section = h(
    "section",
    { "aria-labelledby": "groups-title" },
    h("h2", { id: "groups-title" }, "Your working groups"),
    list,
    h("p", {}, h("a", { href: "/groups" }, "All working groups")),
    newGroupForm(context, () => context.navigate("/", { replace: true })),
  );
  showList(
    list,
    mine.map((group) =>
      h(
        "li",
        {},
        h("a", { href: groupPath(group.id) }, group.name),
        group.viewerRole ? ` (${humanize(group.viewerRole).toLowerCase()})` : "",
      ),
    ),
    "You are not in a working group yet.",
  );
  return section;
}
