// A working group's own page: what it is about, its members (conveners rename the group, change
// roles and remove members; members may leave), its papers and its activity.
import {
  ChangeWorkingGroupMemberRoleDocument,
  RemoveWorkingGroupMemberDocument,
  UpdateWorkingGroupDocument,
  WebAddWorkingGroupMemberDocument,
  WebMembersDocument,
  WebTopicsDocument,
  WorkingGroupDocument,
  type WorkingGroupQuery,
  type WorkingGroupRole,
} from "@accord/client";
import { TEXT_LIMITS, WORKING_GROUP_ROLES } from "@accord/domain";
import { type ActivityPanel, groupActivityPanel } from "../activity.ts";
import { ApiError, errorMessage } from "../api.ts";
import type { AppContext, Page, Viewer } from "../context.ts";
import { announce, field, formatDate, h, humanize, messageArea, replaceChildren } from "../dom.ts";
import { groupAdministration, joinRequestControl } from "../invitations.ts";
import { plural, showList } from "../text.ts";
import { confirmAction } from "./confirm.ts";
import { type Choice, newPaperForm, paperItem } from "./paper-list.ts";

type Group = NonNullable<WorkingGroupQuery["workingGroup"]>;
type Membership = Group["memberships"][number];
type Messages = ReturnType<typeof messageArea>;

const PAPERS_SHOWN = 25;

/** What the parts of the page share: the group as last fetched and how to fetch it again. */
interface GroupView {
  readonly context: AppContext;
  readonly viewer: Viewer;
  readonly group: Group;
  readonly messages: Messages;
  /** Fetch the group again and redraw the page. */
  reload(): Promise<void>;
}

/** Conveners rename and re-describe the group; a concurrent change is refused, not lost. */
function renameForm(view: GroupView): HTMLElement {
  const { group, context } = view;
  const messages = messageArea();
  const name = h("input", {
    name: "groupName",
    required: true,
    maxlength: TEXT_LIMITS.workingGroupName.max,
    value: group.name,
  });
  const description = h("textarea", { name: "groupDescription", rows: 2 }, group.description);
  const form = h(
    "form",
    { class: "inline-form", "aria-label": "Rename the group" },
    field("Group name", name),
    field("Description", description),
    h("button", { type: "submit" }, "Save group details"),
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.api
      .request(UpdateWorkingGroupDocument, {
        input: {
          id: group.id,
          name: name.value.trim(),
          description: description.value.trim(),
          expectedVersion: group.version,
        },
      })
      .then(async () => {
        announce("Group details saved.");
        await view.reload();
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return h(
    "details",
    { class: "edit-details" },
    h("summary", {}, "Rename or describe the group"),
    form,
  );
}

async function removeMember(view: GroupView, membership: Membership): Promise<void> {
  const { context, group, viewer } = view;
  const self = membership.member.id === viewer.id;
  const name = membership.member.displayName;
  const confirmed = await confirmAction(
    self
      ? {
          title: `Leave ${group.name}?`,
          detail:
            "You will no longer be able to start papers in this group. Your papers keep you as a collaborator. To come back, ask a convener.",
          confirm: "Leave the group",
        }
      : {
          title: `Remove ${name} from ${group.name}?`,
          detail: `${name} will no longer be able to start papers in this group. Papers they collaborate on keep them as a collaborator.`,
          confirm: `Remove ${name}`,
        },
  );
  if (!confirmed) return;
  try {
    await context.api.request(RemoveWorkingGroupMemberDocument, {
      input: { workingGroupId: group.id, memberId: membership.member.id },
    });
    announce(self ? `You left ${group.name}.` : `${name} was removed from the group.`);
    await view.reload();
  } catch (error) {
    view.messages.error(errorMessage(error));
  }
}

function roleSelect(view: GroupView, membership: Membership): HTMLSelectElement {
  const name = membership.member.displayName;
  const select = h(
    "select",
    { "aria-label": `Role of ${name}` },
    WORKING_GROUP_ROLES.map((role) =>
      h("option", { value: role, selected: role === membership.role }, humanize(role)),
    ),
  );
  select.addEventListener("change", () => {
    view.context.api
      .request(ChangeWorkingGroupMemberRoleDocument, {
        input: {
          workingGroupId: view.group.id,
          memberId: membership.member.id,
          role: select.value as WorkingGroupRole,
        },
      })
      .then(async () => {
        announce(`${name} is now ${humanize(select.value).toLowerCase()}.`);
        await view.reload();
      })
      .catch((error: unknown) => {
        select.value = membership.role;
        view.messages.error(errorMessage(error));
      });
  });
  return select;
}

function memberItem(view: GroupView, membership: Membership): HTMLElement {
  const { member } = membership;
  const self = member.id === view.viewer.id;
  const administer = view.group.viewerCanAdminister;
  const remove = h(
    "button",
    { type: "button", "aria-label": `Remove ${member.displayName} from the group` },
    "Remove",
  );
  remove.addEventListener("click", () => void removeMember(view, membership));
  return h(
    "li",
    { "data-member": member.id },
    h("strong", {}, self ? `${member.displayName} (you)` : member.displayName),
    member.affiliation ? ` · ${member.affiliation}` : "",
    " · ",
    administer ? roleSelect(view, membership) : humanize(membership.role),
    h("span", { class: "meta" }, ` · joined ${formatDate(membership.addedAt)} `),
    administer && !self ? remove : null,
  );
}

function membersSection(view: GroupView): HTMLElement {
  const { group, viewer } = view;
  const list = h("ul", { class: "members" });
  const mine = group.memberships.find((m) => m.member.id === viewer.id);
  const leave = h("button", { type: "button" }, "Leave this group");
  if (mine) leave.addEventListener("click", () => void removeMember(view, mine));
  const section = h(
    "section",
    { class: "panel", "aria-labelledby": "members-title" },
    h("h2", { id: "members-title" }, `Members (${group.memberships.length})`),
    list,
    mine ? leave : null,
    group.viewerCanAdminister
      ? addMemberForm(view.context, group, (name) => {
          // The page is drawn again: say so where the page's messages stay.
          view.messages.info(`${name} added to the group.`);
          void view.reload();
        })
      : null,
    group.viewerCanAdminister ? groupAdministration(view.context, group.id) : null,
  );
  showList(
    list,
    group.memberships.map((membership) => memberItem(view, membership)),
    "Nobody is in this group.",
  );
  return section;
}

function papersSection(view: GroupView, topicChoices: Choice[]): HTMLElement {
  const { group } = view;
  const papers = group.papers.edges.map((edge) => edge.node);
  const list = h("ul", { class: "paper-list" });
  const section = h(
    "section",
    { "aria-labelledby": "group-papers-title" },
    h("h2", { id: "group-papers-title" }, "Papers"),
    h(
      "p",
      { class: "meta" },
      group.papers.pageInfo.hasNextPage
        ? `The ${PAPERS_SHOWN} newest papers you can see.`
        : `${plural(papers.length, "paper")} you can see.`,
    ),
    list,
    group.viewerCanCreatePaper ? newPaperForm(view.context, [group], topicChoices) : null,
  );
  showList(list, papers.map(paperItem), "No papers in this group that you can see yet.");
  return section;
}

function groupHead(view: GroupView): HTMLElement {
  const { group } = view;
  return h(
    "header",
    { class: "group-head" },
    h("p", { class: "meta" }, h("a", { href: "/groups" }, "Working groups")),
    h("h1", {}, group.name),
    group.description ? h("p", { class: "summary" }, group.description) : null,
    group.topics.length > 0
      ? h(
          "p",
          { class: "tags" },
          group.topics.map((topic) => h("span", { class: "tag" }, topic.name)),
        )
      : null,
    h(
      "p",
      { class: "meta" },
      group.viewerRole
        ? `You are ${humanize(group.viewerRole).toLowerCase() === "convener" ? "a convener" : "a member"} of this group.`
        : "You are not in this group.",
    ),
    group.viewerRole ? null : joinRequestControl(view.context, group),
    group.viewerCanAdminister ? renameForm(view) : null,
  );
}

/** Conveners bring members into their group: find them by name, add them. */
function addMemberForm(
  context: AppContext,
  group: Group,
  added: (name: string) => void,
): HTMLElement {
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
      .then(() => added(candidates.selectedOptions[0]?.textContent ?? "The member"))
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return h("details", {}, h("summary", {}, "Add a member"), form);
}

async function fetchGroup(context: AppContext, id: string): Promise<Group | null> {
  try {
    const result = await context.api.request(WorkingGroupDocument, {
      id,
      papersFirst: PAPERS_SHOWN,
    });
    return result.workingGroup;
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

export const workingGroupPage: Page = async (context, main, params) => {
  const groupId = params.id ?? "";
  const messages = messageArea();
  let activity: ActivityPanel | null = null;
  let topicChoices: Choice[] = [];
  let viewer: Viewer | null = null;
  let latest: Group | null = null;

  const draw = async () => {
    let group: Group | null;
    try {
      group = await fetchGroup(context, groupId);
    } catch (error) {
      messages.error(errorMessage(error));
      return;
    }
    if (!group || !viewer) {
      main.replaceChildren(
        h("h1", {}, "Working group not found"),
        h("p", {}, "This working group does not exist, or it was removed."),
        h("a", { href: "/groups" }, "All working groups"),
      );
      return;
    }
    const current = group;
    const view: GroupView = { context, viewer, group: current, messages, reload: draw };
    activity ??= groupActivityPanel({
      context,
      workingGroupId: groupId,
      memberName: (id) => latest?.memberships.find((m) => m.member.id === id)?.member.displayName,
    });
    latest = current;
    document.title = `${current.name} · Accord`;
    replaceChildren(
      main,
      h(
        "article",
        { class: "group-page" },
        groupHead(view),
        messages.element,
        h(
          "div",
          { class: "group-layout" },
          papersSection(view, topicChoices),
          h("div", { class: "side" }, membersSection(view), activity.element),
        ),
      ),
    );
    await activity.refresh();
  };

  try {
    const [me, topics] = await Promise.all([
      context.viewer(),
      context.api.request(WebTopicsDocument).then((result) => result.topics),
    ]);
    viewer = me;
    topicChoices = topics.map((topic): Choice => [topic.id, topic.name]);
  } catch (error) {
    main.replaceChildren(
      h("h1", {}, "Working group"),
      h("p", { role: "alert" }, errorMessage(error)),
    );
    return undefined;
  }
  await draw();
  return () => {
    activity?.destroy();
    document.title = "Accord";
  };
};
