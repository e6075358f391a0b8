// The activity feed of a paper or a working group, each event told as a sentence with its
// actor and a relative time ("Ana Lima sent the paper to review · 3 minutes ago").
import {
  type ActivityEventFieldsFragment,
  MemberDocument,
  PaperActivityDocument,
  WebWorkingGroupActivityDocument,
} from "@accord/client";
import { errorMessage } from "./api.ts";
import type { AppContext } from "./context.ts";
import { formatDate, h, humanize, messageArea } from "./dom.ts";
import { duration, relativeTime, showList } from "./text.ts";

/** An event as the feed shows it; `paper` is set when a group's feed shows a paper's event. */
export interface ActivityEntry extends ActivityEventFieldsFragment {
  paper?: { id: string; title: string };
}

export interface ActivityWords {
  /** Whose feed it is: an event without a paper happened to "the paper" or "the group". */
  where: "paper" | "group";
  /** The display name of a member an event names by id, when known. */
  memberName(id: string): string | undefined;
}

/** The parts of an event's sentence: who did it, and what they did. */
export interface ActivitySentence {
  actor: string;
  text: string;
}

const STATUS_WORDS: Record<string, (subject: string, from: string | null) => string> = {
  DRAFT: (subject) => `moved ${subject} back to draft`,
  IN_REVIEW: (subject, from) =>
    from === "ENDORSEMENT" ? `took ${subject} back to review` : `sent ${subject} to review`,
  ENDORSEMENT: (subject) => `opened ${subject} for endorsement`,
  PUBLISHED: (subject) => `published ${subject}`,
  ARCHIVED: (subject) => `archived ${subject}`,
};

const FIELD_WORDS: Record<string, string> = {
  title: "the title",
  summary: "the summary",
  topicIds: "the topics",
  diplomacyTypes: "the diplomacy types",
};

/** "a", "b" and "c". */
function listed(words: string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** "an editor", "a commenter": a role as a person would say it. */
function aRole(role: string | null): string {
  const word = humanize(role ?? "member").toLowerCase();
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

const count = new Intl.NumberFormat("en");

/** "edited for 12 minutes: +340 / −25 words" (the subject named when it is not this paper). */
function editingSession(detail: (name: string) => string | null, subject: string): string {
  const started = Date.parse(detail("startedAt") ?? "");
  const ended = Date.parse(detail("endedAt") ?? "");
  const added = Number(detail("wordsAdded") ?? 0);
  const removed = Number(detail("wordsRemoved") ?? 0);
  const what = subject === "the paper" ? "edited" : `edited ${subject}`;
  const how =
    Number.isNaN(started) || Number.isNaN(ended) ? "" : ` for ${duration(ended - started)}`;
  // U+2212, the minus sign, reads as "minus" where a hyphen would read as a dash.
  return `${what}${how}: +${count.format(added)} / −${count.format(removed)} words`;
}

/** "renamed the group from “A” to “B”", or which of its details changed. */
function groupUpdate(detail: (name: string) => string | null, group: string): string {
  const fields = (detail("fields") ?? "").split(",").filter((field) => field !== "");
  const from = detail("from");
  const name = detail("name");
  const renamed = fields.includes("name") && from !== null && name !== null;
  const others = fields
    .filter((field) => field !== "name")
    .map((field) => (field === "topicIds" ? "the topics" : `the ${field}`));
  const rename = renamed ? `renamed ${group} from “${from}” to “${name}”` : "";
  if (others.length === 0) return rename || `edited ${group}`;
  const edit = `edited ${listed(others)} of ${renamed ? "it" : group}`;
  return renamed ? `${rename} and ${edit}` : edit;
}

function invitationWords(
  kind: string,
  detail: (name: string) => string | null,
  subject: string,
): string {
  const invitee = detail("invitee");
  switch (kind) {
    case "INVITATION_SENT":
      return `invited ${invitee ?? "someone by email"} to ${subject} as ${aRole(detail("role"))}`;
    case "INVITATION_REVOKED":
      return `revoked the invitation of ${invitee ?? "an email address"} to ${subject}`;
    default:
      return `joined ${subject} as ${aRole(detail("role"))}, by invitation`;
  }
}

/** The sentence of one event: every kind in words, an unknown kind by its name. */
export function activitySentence(event: ActivityEntry, words: ActivityWords): ActivitySentence {
  const detail = (name: string) => event.details.find((d) => d.name === name)?.value ?? null;
  const subject = event.paper ? `“${event.paper.title}”` : `the ${words.where}`;
  const group = event.paper ? "the group" : subject;
  const member = (fallback: string) => {
    const id = detail("memberId");
    return (id ? words.memberName(id) : undefined) ?? fallback;
  };
  const actor = event.actor?.displayName ?? "A former member";
  const on = (text: string) => ({ actor, text });
  switch (event.kind) {
    case "PAPER_CREATED":
      return on(`started ${subject}`);
    case "METADATA_EDITED": {
      const fields = (detail("fields") ?? "").split(",").filter((field) => field !== "");
      const named = fields.map((field) => FIELD_WORDS[field] ?? humanize(field).toLowerCase());
      return on(`edited ${listed(named) || "the details"} of ${subject}`);
    }
    case "STATUS_CHANGED": {
      const to = detail("to") ?? "";
      const words = STATUS_WORDS[to];
      return on(
        words
          ? words(subject, detail("from"))
          : `moved ${subject} to ${humanize(to).toLowerCase()}`,
      );
    }
    case "COLLABORATOR_ADDED":
      return on(`added ${member("a collaborator")} to ${subject} as ${aRole(detail("role"))}`);
    case "COLLABORATOR_ROLE_CHANGED":
      return on(
        `made ${member("a collaborator")} ${aRole(detail("to"))} on ${subject} (was ${humanize(detail("from") ?? "").toLowerCase()})`,
      );
    case "COLLABORATOR_REMOVED":
      return on(`removed ${member("a collaborator")} from ${subject}`);
    case "VERSION_CREATED":
      return on(`saved the version “${detail("name") ?? ""}” of ${subject}`);
    case "VERSION_RESTORED":
      return on(`restored the version “${detail("name") ?? ""}” of ${subject}`);
    case "COMMENT_ADDED":
      return on(
        detail("reply") === "true"
          ? `replied to a comment on ${subject}`
          : `commented on ${subject}`,
      );
    case "COMMENT_RESOLVED":
      return on(`resolved a comment on ${subject}`);
    case "COMMENT_REOPENED":
      return on(`reopened a comment on ${subject}`);
    case "ENDORSED":
      return on(`endorsed ${subject} on behalf of ${detail("organisation") ?? "an organisation"}`);
    case "ENDORSEMENT_WITHDRAWN":
      return on(
        `withdrew the endorsement of ${detail("organisation") ?? "an organisation"} from ${subject}`,
      );
    case "EDITING_SESSION":
      return on(editingSession(detail, subject));
    case "INVITATION_SENT":
    case "INVITATION_REVOKED":
    case "INVITATION_ACCEPTED":
      return on(invitationWords(event.kind, detail, subject));
    case "JOIN_REQUESTED":
      return on(`asked to join ${group}`);
    case "JOIN_REQUEST_APPROVED":
      return on(`approved the request of ${member("a member")} to join ${group}`);
    case "JOIN_REQUEST_DECLINED":
      return on(`declined the request of ${member("a member")} to join ${group}`);
    case "JOIN_REQUEST_WITHDRAWN":
      return on(`withdrew a request to join ${group}`);
    case "GROUP_CREATED":
      return on(`started ${group}`);
    case "GROUP_UPDATED":
      return on(groupUpdate(detail, group));
    case "GROUP_MEMBER_ADDED":
      return on(`added ${member("a member")} to ${group} as ${aRole(detail("role"))}`);
    case "GROUP_MEMBER_ROLE_CHANGED":
      return on(`made ${member("a member")} ${aRole(detail("to"))} of ${group}`);
    case "GROUP_MEMBER_REMOVED":
      return on(
        detail("left") === "true" ? `left ${group}` : `removed ${member("a member")} from ${group}`,
      );
    default:
      // A kind newer than this app: still say who did what, by the kind's name.
      return on(`— ${humanize(String(event.kind)).toLowerCase()} on ${subject}`);
  }
}

/** One event in the feed: the actor in bold, the sentence, and when (exact time on hover). */
function activityItem(event: ActivityEntry, words: ActivityWords, now: number): HTMLElement {
  const sentence = activitySentence(event, words);
  return h(
    "li",
    { class: "activity-item", "data-kind": event.kind },
    h("strong", {}, sentence.actor),
    ` ${sentence.text} · `,
    h("time", { datetime: event.at, title: formatDate(event.at) }, relativeTime(event.at, now)),
  );
}

/** Display names of members that events name by id and that `known` does not know. */
class MemberNames {
  private readonly names = new Map<string, Promise<string | undefined>>();
  private readonly resolved = new Map<string, string>();

  constructor(
    private readonly context: AppContext,
    private readonly known: (id: string) => string | undefined,
  ) {}

  name = (id: string): string | undefined => this.known(id) ?? this.resolved.get(id);

  /** Look up the names the events need (a removed collaborator is no longer on the paper). */
  async learn(events: readonly ActivityEntry[]): Promise<void> {
    const ids = new Set(
      events.flatMap((event) =>
        event.details.filter((d) => d.name === "memberId" && d.value).map((d) => d.value!),
      ),
    );
    await Promise.all(
      [...ids]
        .filter((id) => this.name(id) === undefined)
        .map((id) => {
          let lookup = this.names.get(id);
          if (!lookup) {
            lookup = this.context.api
              .request(MemberDocument, { id })
              .then((result) => result.member?.displayName)
              .catch(() => undefined);
            this.names.set(id, lookup);
          }
          return lookup.then((name) => {
            if (name) this.resolved.set(id, name);
          });
        }),
    );
  }
}

// A page polls this often while it is visible; see docs/ARCHITECTURE.md ("Seeing others' changes").
const POLL_MS = 15_000;
const PAGE_SIZE = 15;

/** Calls `check` every `every` ms while the page is visible, and at once when it becomes visible. */
function whileVisible(check: () => Promise<void>, every = POLL_MS): () => void {
  let running = false;
  const tick = () => {
    if (document.visibilityState !== "visible" || running) return;
    running = true;
    void check().finally(() => {
      running = false;
    });
  };
  const timer = window.setInterval(tick, every);
  document.addEventListener("visibilitychange", tick);
  return () => {
    window.clearInterval(timer);
    document.removeEventListener("visibilitychange", tick);
  };
}

/** What identifies the newest event as it is now (an editing session grows in place). */
const signature = (event: ActivityEntry | undefined) =>
  event ? `${event.id}:${event.details.map((d) => d.value).join("|")}` : "";

export interface PaperActivityOptions {
  context: AppContext;
  paperId: string;
  viewerId: string;
  /** Names of the paper's collaborators, which most events name. */
  memberName(id: string): string | undefined;
  /** Someone else commented, replied, resolved or reopened: the comments need fetching. */
  onOthersComments(): void;
}

export interface ActivityPanel {
  element: HTMLElement;
  /** Fetch the newest events again. */
  refresh(): Promise<void>;
  destroy(): void;
}

function activityPanel(
  title: string,
  list: HTMLElement,
  ...rest: (HTMLElement | null)[]
): HTMLElement {
  return h(
    "section",
    { class: "panel activity-panel", "aria-labelledby": "activity-title" },
    h("h2", { id: "activity-title" }, title),
    list,
    ...rest,
  );
}

/**
 * A paper's feed, newest first, a page at a time. While the page is visible it asks for the
 * newest event every POLL_MS (one event: cheap), and fetches the page when that changed; new
 * comment events by others also reload the comments, so they appear without a reload even when
 * their author is not in the live room.
 */
export function paperActivityPanel(options: PaperActivityOptions): ActivityPanel {
  const { context, paperId } = options;
  const messages = messageArea();
  const list = h("ol", { class: "activity", "aria-label": "Activity, newest first" });
  const more = h("button", { type: "button", hidden: true }, "Show earlier activity");
  const names = new MemberNames(context, options.memberName);
  const words: ActivityWords = { where: "paper", memberName: names.name };
  let events: ActivityEntry[] = [];
  let after: string | null = null;
  let loaded = false;
  let openedEarlier = false;

  const draw = () => {
    const now = Date.now();
    showList(
      list,
      events.map((event) => activityItem(event, words, now)),
      "Nothing has happened here yet.",
    );
    more.hidden = after === null;
  };

  const fetchPage = async (cursor: string | null) => {
    const result = await context.api.request(PaperActivityDocument, {
      id: paperId,
      first: PAGE_SIZE,
      ...(cursor ? { after: cursor } : {}),
    });
    const page = result.paper?.activity;
    const fetched = page?.edges.map((edge) => edge.node) ?? [];
    await names.learn(fetched);
    return { fetched, page };
  };

  const refresh = async () => {
    try {
      const { fetched, page } = await fetchPage(null);
      const known = new Set(events.map((event) => event.id));
      const fresh = loaded ? fetched.filter((event) => !known.has(event.id)) : [];
      if (openedEarlier) {
        // The pages the reader opened stay below what is newest now.
        const newest = new Set(fetched.map((event) => event.id));
        events = [...fetched, ...events.filter((event) => !newest.has(event.id))];
      } else {
        events = fetched;
        after = page?.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
      }
      loaded = true;
      messages.clear();
      draw();
      const othersComments = fresh.some(
        (event) => event.kind.startsWith("COMMENT_") && event.actor?.id !== options.viewerId,
      );
      if (othersComments) options.onOthersComments();
    } catch (error) {
      messages.error(errorMessage(error));
    }
  };

  more.addEventListener("click", async () => {
    if (!after) return;
    try {
      const { fetched, page } = await fetchPage(after);
      const known = new Set(events.map((event) => event.id));
      events = [...events, ...fetched.filter((event) => !known.has(event.id))];
      openedEarlier = true;
      after = page?.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
      draw();
    } catch (error) {
      messages.error(errorMessage(error));
    }
  });

  const stop = whileVisible(async () => {
    try {
      const head = await context.api.request(PaperActivityDocument, { id: paperId, first: 1 });
      const newest = head.paper?.activity.edges[0]?.node;
      if (signature(newest) !== signature(events[0])) await refresh();
      else draw(); // "3 minutes ago" moves on.
    } catch {
      // A failed check is retried at the next one; the reader keeps what is shown.
    }
  });

  return {
    element: activityPanel("Activity", list, more, messages.element),
    refresh,
    destroy: stop,
  };
}

export interface GroupActivityOptions {
  context: AppContext;
  workingGroupId: string;
  /** Names of the group's members. */
  memberName(id: string): string | undefined;
}

const GROUP_FEED_SIZE = 25;
const GROUP_POLL_MS = 60_000;

/**
 * A working group's feed: its own events (invitations, join requests) and the latest events of
 * its papers, merged newest first, each paper's event naming its paper.
 */
export function groupActivityPanel(options: GroupActivityOptions): ActivityPanel {
  const { context, workingGroupId } = options;
  const messages = messageArea();
  const list = h("ol", { class: "activity", "aria-label": "Recent activity, newest first" });
  const names = new MemberNames(context, options.memberName);
  const words: ActivityWords = { where: "group", memberName: names.name };
  let events: ActivityEntry[] = [];

  const draw = () => {
    const now = Date.now();
    showList(
      list,
      events.map((event) => activityItem(event, words, now)),
      "Nothing has happened in this group yet.",
    );
  };

  const refresh = async () => {
    try {
      const result = await context.api.request(WebWorkingGroupActivityDocument, {
        id: workingGroupId,
        first: GROUP_FEED_SIZE,
        papers: 10,
        perPaper: 5,
      });
      const own: ActivityEntry[] = result.workingGroupActivity.edges.map((edge) => edge.node);
      const papers: ActivityEntry[] = (result.workingGroup?.papers.edges ?? []).flatMap(
        ({ node: paper }) =>
          paper.activity.edges.map((edge) => ({
            ...edge.node,
            paper: { id: paper.id, title: paper.title },
          })),
      );
      const merged = [...own, ...papers].sort((a, b) => b.at.localeCompare(a.at));
      events = merged.slice(0, GROUP_FEED_SIZE);
      await names.learn(events);
      messages.clear();
      draw();
    } catch (error) {
      messages.error(errorMessage(error));
    }
  };

  // The whole feed each time (several sources have no one newest event): less often.
  const stop = whileVisible(refresh, GROUP_POLL_MS);
  return {
    element: activityPanel("Recent activity", list, messages.element),
    refresh,
    destroy: stop,
  };
}
