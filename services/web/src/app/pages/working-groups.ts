// The working groups page: every group by name, each a link to its own page, with the member's
// role or a request to join; and starting a new group.
import { WebCreateWorkingGroupDocument, WebWorkingGroupsDocument } from "@accord/client";
import { TEXT_LIMITS } from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { AppContext, Page } from "../context.ts";
import { append, field, h, humanize, messageArea } from "../dom.ts";
import { joinRequestControl } from "../invitations.ts";
import { plural, showList } from "../text.ts";

const PAGE_SIZE = 50;

export const groupPath = (id: string) => `/groups/${encodeURIComponent(id)}`;

/** Start a working group; `created` receives the new group's id. */
export function newGroupForm(context: AppContext, created: (id: string) => void): HTMLElement {
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
      .then((result) => created(result.createWorkingGroup.id))
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return form;
}

type Group = Awaited<ReturnType<typeof fetchGroups>>["workingGroups"]["edges"][number]["node"];

function fetchGroups(context: AppContext, after: string | null) {
  return context.api.request(WebWorkingGroupsDocument, {
    first: PAGE_SIZE,
    ...(after ? { after } : {}),
  });
}

function groupItem(context: AppContext, group: Group): HTMLElement {
  return h(
    "li",
    { class: "group-item" },
    h("a", { href: groupPath(group.id), class: "group-name" }, group.name),
    group.viewerRole ? ` (${humanize(group.viewerRole).toLowerCase()})` : "",
    group.description ? h("p", { class: "meta" }, group.description) : null,
    group.topics.length > 0
      ? h(
          "p",
          { class: "tags" },
          group.topics.map((topic) => h("span", { class: "tag" }, topic.name)),
        )
      : null,
    group.viewerRole ? null : joinRequestControl(context, group),
  );
}

export const workingGroupsPage: Page = async (context, main) => {
  const messages = messageArea();
  const list = h("ul", { class: "group-list" });
  const status = h("p", { class: "meta", role: "status" });
  const more = h("button", { type: "button", hidden: true }, "Show more groups");
  let after: string | null = null;
  let shown = 0;
  const load = async (next: boolean) => {
    try {
      const result = await fetchGroups(context, next ? after : null);
      const groups = result.workingGroups.edges.map((edge) => edge.node);
      const items = groups.map((group) => groupItem(context, group));
      if (next) append(list, items);
      else showList(list, items, "There are no working groups yet: start the first one.");
      shown = (next ? shown : 0) + groups.length;
      status.textContent = shown > 0 ? `${plural(shown, "working group")} shown` : "";
      after = result.workingGroups.pageInfo.endCursor ?? null;
      more.hidden = !result.workingGroups.pageInfo.hasNextPage;
    } catch (error) {
      messages.error(errorMessage(error));
    }
  };
  more.addEventListener("click", () => void load(true));
  main.replaceChildren(
    h("h1", {}, "Working groups"),
    h(
      "p",
      {},
      "The teams that write position papers together. Open a group to see its members, papers and activity.",
    ),
    messages.element,
    status,
    list,
    more,
    h(
      "section",
      { class: "narrow" },
      newGroupForm(context, (id) => context.navigate(groupPath(id))),
    ),
  );
  document.title = "Working groups · Accord";
  await load(false);
  return () => {
    document.title = "Accord";
  };
};
