// The inbox: the header's link with its unread badge, kept current by polling the inbox state
// (one small request answering a version; the list is fetched only when the version moved),
// and the inbox page (/inbox) listing notifications with links to their paper or thread.
import "./inbox.css";
import {
  WebAcceptInvitationDocument,
  WebInboxDocument,
  type WebInboxQuery,
  WebInboxStateDocument,
  WebMarkAllNotificationsReadDocument,
  WebMarkNotificationsReadDocument,
} from "@accord/client";
import { errorMessage } from "./api.ts";
import type { AppContext, Page } from "./context.ts";
import { announce, formatDate, h, humanize, messageArea } from "./dom.ts";
import { currentSession } from "./session.ts";
import { showList } from "./text.ts";

/** How often the badge asks whether the inbox changed, while the page is visible. */
const POLL_MS = 10_000;
/** Dispatched on `window` when the inbox's version moves; the inbox page redraws on it. */
const INBOX_CHANGED = "accord:inbox-changed";

type NotificationItem = NonNullable<WebInboxQuery["inbox"]>["edges"][number]["node"];

interface Watch {
  link: HTMLAnchorElement;
  badge: HTMLElement;
  /** The signed-in person the state belongs to (a new sign-in starts afresh). */
  owner: string | null;
  version: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  polling: boolean;
}

let watch: Watch | null = null;

function showCount(current: Watch, unread: number): void {
  current.badge.textContent = unread > 99 ? "99+" : String(unread);
  current.badge.hidden = unread === 0;
  current.link.setAttribute("aria-label", unread === 0 ? "Inbox" : `Inbox, ${unread} unread`);
}

/** Ask for the inbox state once; tell the page when the version moved. */
async function poll(context: AppContext, current: Watch): Promise<void> {
  if (current.polling || !currentSession()) return;
  current.polling = true;
  try {
    const { inboxState } = await context.api.request(WebInboxStateDocument);
    showCount(current, inboxState.unreadCount);
    if (inboxState.version !== current.version) {
      const first = current.version === null;
      current.version = inboxState.version;
      if (!first) window.dispatchEvent(new CustomEvent(INBOX_CHANGED));
    }
  } catch {
    // The badge is a hint: a failed poll leaves it as it was and the next one tries again.
  } finally {
    current.polling = false;
  }
}

function schedule(context: AppContext, current: Watch): void {
  if (current.timer) clearTimeout(current.timer);
  current.timer = null;
  if (document.visibilityState !== "visible" || !currentSession()) return;
  current.timer = setTimeout(() => {
    void poll(context, current).then(() => schedule(context, current));
  }, POLL_MS);
}

/** Poll now (after the page becomes visible again, or an action of one's own), then go on. */
function pollNow(context: AppContext, current: Watch): void {
  void poll(context, current).then(() => schedule(context, current));
}

/**
 * The header's inbox link with its badge: one element for the app's lifetime (the header is
 * redrawn on every route), polling while the tab is visible and someone is signed in.
 */
export function inboxLink(context: AppContext): HTMLAnchorElement {
  if (!watch) {
    const badge = h("span", { class: "badge", "aria-hidden": "true", hidden: true });
    const link = h("a", { href: "/inbox", class: "inbox-link" }, "Inbox ", badge);
    const created: Watch = { link, badge, owner: null, version: null, timer: null, polling: false };
    watch = created;
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") pollNow(context, created);
      else schedule(context, created);
    });
  }
  const current = watch;
  const owner = currentSession()?.name ?? null;
  if (owner !== current.owner) {
    current.owner = owner;
    current.version = null;
    showCount(current, 0);
    pollNow(context, current);
  }
  if (window.location.pathname === "/inbox") current.link.setAttribute("aria-current", "page");
  else current.link.removeAttribute("aria-current");
  return current.link;
}

/** Where a notification leads: its thread, its paper, or the place of an invitation. */
function destinationOf(item: NotificationItem): string | null {
  if (!item.paper) return null;
  const paper = `/papers/${encodeURIComponent(item.paper.id)}`;
  return item.threadId ? `${paper}?thread=${encodeURIComponent(item.threadId)}` : paper;
}

function actorName(item: NotificationItem): string {
  return item.actor?.displayName ?? "A former member";
}

function paperName(item: NotificationItem): string {
  return item.paper ? `“${item.paper.title}”` : "a paper you can no longer open";
}

/** The notification as a sentence. */
function sentenceOf(item: NotificationItem): string {
  const who = actorName(item);
  switch (item.kind) {
    case "MENTION":
      return `${who} mentioned you on ${paperName(item)}`;
    case "REPLY":
      return `${who} replied in a thread on ${paperName(item)}`;
    case "STATUS_CHANGED":
      return `${who} moved ${paperName(item)} from ${humanize(item.fromStatus ?? "")} to ${humanize(item.toStatus ?? "")}`;
    case "ENDORSEMENT_REQUESTED":
      return `${who} asks you to endorse ${paperName(item)}`;
    case "INVITATION":
      return `${who} invited you to ${item.invitation ? `“${item.invitation.targetName}”` : "join them"}`;
  }
}

interface InboxView {
  readonly context: AppContext;
  readonly messages: ReturnType<typeof messageArea>;
  readonly list: HTMLElement;
  readonly more: HTMLButtonElement;
  items: NotificationItem[];
  after: string | null;
  unreadOnly: boolean;
}

async function markRead(view: InboxView, item: NotificationItem): Promise<void> {
  if (item.read) return;
  await view.context.api.request(WebMarkNotificationsReadDocument, { ids: [item.id] });
  if (watch) pollNow(view.context, watch);
}

function acceptButton(view: InboxView, item: NotificationItem): HTMLButtonElement | null {
  const invitation = item.invitation;
  if (item.kind !== "INVITATION" || !invitation || invitation.status !== "PENDING") return null;
  const button = h("button", { type: "button" }, "Accept invitation");
  button.addEventListener("click", () => {
    button.disabled = true;
    void view.context.api
      .request(WebAcceptInvitationDocument, { id: invitation.id })
      .then(async ({ acceptInvitation }) => {
        await markRead(view, item);
        announce("Invitation accepted.");
        view.context.navigate(
          acceptInvitation.target === "PAPER"
            ? `/papers/${encodeURIComponent(acceptInvitation.targetId)}`
            : `/groups/${encodeURIComponent(acceptInvitation.targetId)}`,
        );
      })
      .catch((error: unknown) => {
        button.disabled = false;
        view.messages.error(errorMessage(error));
      });
  });
  return button;
}

function itemView(view: InboxView, item: NotificationItem): HTMLElement {
  const destination = destinationOf(item);
  const sentence = sentenceOf(item);
  const title = destination
    ? h("a", { href: destination, class: "notification-link" }, sentence)
    : h("span", {}, sentence);
  // Following the link marks it read first, so the badge is right on the page it opens.
  if (destination) {
    title.addEventListener("click", (event) => {
      event.preventDefault();
      void markRead(view, item)
        .catch(() => undefined)
        .then(() => view.context.navigate(destination));
    });
  }
  return h(
    "li",
    { class: `notification${item.read ? "" : " unread"}`, "data-notification": item.id },
    h("p", {}, item.read ? null : h("span", { class: "visually-hidden" }, "Unread: "), title),
    item.excerpt ? h("blockquote", { class: "excerpt" }, item.excerpt) : null,
    item.message ? h("blockquote", { class: "excerpt" }, item.message) : null,
    h("p", { class: "meta" }, formatDate(item.createdAt)),
    acceptButton(view, item),
  );
}

function draw(view: InboxView): void {
  showList(
    view.list,
    view.items.map((item) => itemView(view, item)),
    view.unreadOnly ? "Nothing unread." : "Your inbox is empty.",
  );
  view.more.hidden = view.after === null;
}

/** Load the first page again (`append` false) or the next one. */
async function load(view: InboxView, append: boolean): Promise<void> {
  try {
    const { inbox } = await view.context.api.request(WebInboxDocument, {
      unreadOnly: view.unreadOnly,
      ...(append && view.after ? { after: view.after } : {}),
    });
    const page = inbox.edges.map((edge) => edge.node);
    view.items = append ? [...view.items, ...page] : page;
    view.after = inbox.pageInfo.hasNextPage ? (inbox.pageInfo.endCursor ?? null) : null;
    view.messages.clear();
  } catch (error) {
    view.messages.error(errorMessage(error));
  }
  draw(view);
}

export const inboxPage: Page = async (context, main) => {
  const view: InboxView = {
    context,
    messages: messageArea(),
    list: h("ol", { class: "notifications", "aria-labelledby": "inbox-title" }),
    more: h("button", { type: "button", hidden: true }, "Show older"),
    items: [],
    after: null,
    unreadOnly: false,
  };
  const unreadToggle = h("input", { type: "checkbox", id: "inbox-unread-only" });
  unreadToggle.addEventListener("change", () => {
    view.unreadOnly = unreadToggle.checked;
    void load(view, false);
  });
  const markAll = h("button", { type: "button" }, "Mark all read");
  markAll.addEventListener("click", () => {
    void context.api
      .request(WebMarkAllNotificationsReadDocument)
      .then(() => {
        announce("All notifications marked read.");
        if (watch) pollNow(context, watch);
        return load(view, false);
      })
      .catch((error: unknown) => view.messages.error(errorMessage(error)));
  });
  view.more.addEventListener("click", () => void load(view, true));
  main.replaceChildren(
    h(
      "section",
      { class: "narrow inbox" },
      h("h1", { id: "inbox-title" }, "Inbox"),
      h(
        "div",
        { class: "toolbar" },
        h(
          "p",
          { class: "choice" },
          unreadToggle,
          h("label", { for: "inbox-unread-only" }, "Unread only"),
        ),
        markAll,
      ),
      view.messages.element,
      view.list,
      view.more,
    ),
  );
  await load(view, false);
  const onChange = () => void load(view, false);
  window.addEventListener(INBOX_CHANGED, onChange);
  return () => window.removeEventListener(INBOX_CHANGED, onChange);
};
