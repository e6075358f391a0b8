// Comments in a side panel, anchored to ranges of the body with Yjs relative positions: the
// highlight follows its words while anyone edits around them.
import {
  type CommentThreadFieldsFragment,
  WebAddCommentDocument,
  WebCommentThreadsDocument,
  type WebCommentThreadsQuery,
  WebReopenCommentThreadDocument,
  WebReplyToCommentDocument,
  WebResolveCommentThreadDocument,
} from "@accord/client";
import type { Editor } from "@tiptap/core";
import { errorMessage } from "../api.ts";
import type { AppContext } from "../context.ts";
import { announce, field, formatDate, h, messageArea } from "../dom.ts";
import { showList } from "../text.ts";
import {
  anchorOfSelection,
  type CommentRange,
  decodeRelativePosition,
  resolveRange,
  showCommentRanges,
} from "./editor.ts";
import {
  attachMentionPicker,
  bodyWithMentions,
  type MentionCandidate,
  mentionCandidates,
} from "./mentions.ts";

export interface CommentsPanelOptions {
  context: AppContext;
  paperId: string;
  editor: Editor;
  canComment: () => boolean;
  canResolve: () => boolean;
  /** Tell the others in the room that comments changed. */
  signalChange: () => void;
}

export interface CommentsPanel {
  element: HTMLElement;
  reload(): Promise<void>;
  destroy(): void;
}

type Thread = CommentThreadFieldsFragment;

/** What the panel's functions share: its options, the threads as last fetched, its elements. */
interface CommentsView {
  readonly options: CommentsPanelOptions;
  threads: Thread[];
  /** The thread whose range is highlighted as the current one. */
  active: string | null;
  showResolved: boolean;
  readonly messages: ReturnType<typeof messageArea>;
  readonly list: HTMLElement;
  readonly addButton: HTMLButtonElement;
  readonly composer: HTMLElement;
  /** The collaborators the comment boxes offer after @. */
  readonly mentionable: () => Promise<MentionCandidate[]>;
  /** A thread to open once loaded (`?thread=` of a link from the inbox). */
  pendingThread: string | null;
}

function ranges(view: CommentsView): CommentRange[] {
  return view.threads.flatMap((thread) => {
    if (thread.resolved || !thread.anchor) return [];
    const start = decodeRelativePosition(thread.anchor.start);
    const end = decodeRelativePosition(thread.anchor.end);
    return start && end ? [{ threadId: thread.id, start, end }] : [];
  });
}

function highlight(view: CommentsView): void {
  showCommentRanges(view.options.editor, ranges(view), view.active);
}

/** Runs a comment mutation; on success tells the room, announces `done` and reloads. */
function run(view: CommentsView, work: Promise<unknown>, done: string): Promise<void> {
  return work
    .then(() => {
      view.options.signalChange();
      announce(done);
      return reload(view);
    })
    .catch((error: unknown) => view.messages.error(errorMessage(error)));
}

function focusThread(view: CommentsView, thread: Thread): void {
  const { editor } = view.options;
  view.active = thread.id;
  highlight(view);
  draw(view);
  const range = ranges(view).find((candidate) => candidate.threadId === thread.id);
  const resolved = range ? resolveRange(editor.state, range) : null;
  if (resolved) {
    editor.commands.setTextSelection(resolved);
    editor.commands.scrollIntoView();
  }
}

function replyForm(view: CommentsView, thread: Thread): HTMLFormElement {
  const reply = h("textarea", { rows: 2, name: "reply" });
  const form = h(
    "form",
    { class: "reply" },
    field("Reply", reply),
    h("button", { type: "submit" }, "Reply"),
  );
  attachMentionPicker(reply, view.mentionable);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!reply.value.trim()) return;
    void run(
      view,
      view.options.context.api.request(WebReplyToCommentDocument, {
        input: { threadId: thread.id, body: reply.value.trim() },
      }),
      "Reply posted.",
    );
  });
  return form;
}

function resolveButton(view: CommentsView, thread: Thread): HTMLButtonElement {
  const { api } = view.options.context;
  const button = h("button", { type: "button" }, thread.resolved ? "Reopen" : "Resolve");
  button.addEventListener("click", () => {
    void run(
      view,
      thread.resolved
        ? api.request(WebReopenCommentThreadDocument, { threadId: thread.id })
        : api.request(WebResolveCommentThreadDocument, { threadId: thread.id }),
      thread.resolved ? "Thread reopened." : "Thread resolved.",
    );
  });
  return button;
}

/** The commented words as they read now (struck through when deleted); a click shows them. */
function quoteOf(view: CommentsView, thread: Thread): HTMLElement {
  const quote = thread.anchor
    ? h(
        "button",
        {
          type: "button",
          class: "quote",
          "aria-label": `Show the commented text: ${thread.anchor.currentText ?? thread.anchor.quote}`,
        },
        thread.anchor.currentText === null
          ? h("del", {}, thread.anchor.quote)
          : `“${thread.anchor.currentText ?? thread.anchor.quote}”`,
      )
    : h("p", { class: "meta" }, "On the whole paper");
  quote.addEventListener("click", () => focusThread(view, thread));
  return quote;
}

function commentList(thread: Thread): HTMLElement {
  return h(
    "ul",
    { class: "comments" },
    thread.comments.map((comment) =>
      h(
        "li",
        {},
        h(
          "p",
          { class: "meta" },
          h("strong", {}, comment.author?.displayName ?? "Former member"),
          ` · ${formatDate(comment.createdAt)}${comment.edited ? " · edited" : ""}`,
        ),
        h("p", { class: "comment-body" }, bodyWithMentions(comment.body)),
      ),
    ),
  );
}

function threadView(view: CommentsView, thread: Thread): HTMLElement {
  return h(
    "li",
    {
      class: `thread${thread.resolved ? " resolved" : ""}${thread.id === view.active ? " active" : ""}`,
      "data-thread": thread.id,
    },
    quoteOf(view, thread),
    commentList(thread),
    thread.resolved
      ? h("p", { class: "meta" }, `Resolved by ${thread.resolvedBy?.displayName ?? "someone"}`)
      : null,
    view.options.canComment() && !thread.resolved ? replyForm(view, thread) : null,
    view.options.canResolve() ? resolveButton(view, thread) : null,
  );
}

function draw(view: CommentsView): void {
  const shown = view.threads.filter((thread) => view.showResolved || !thread.resolved);
  showList(
    view.list,
    shown.map((thread) => threadView(view, thread)),
    view.threads.length === 0 ? "No comments yet." : "No open comments.",
  );
  view.addButton.hidden = !view.options.canComment();
}

/** Every thread of the paper, page after page. */
async function fetchThreads(context: AppContext, paperId: string): Promise<Thread[]> {
  const collected: Thread[] = [];
  let after: string | null = null;
  do {
    const result: WebCommentThreadsQuery = await context.api.request(WebCommentThreadsDocument, {
      paperId,
      ...(after ? { after } : {}),
    });
    const page = result.paper?.commentThreads;
    if (!page) break;
    collected.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
  } while (after);
  return collected;
}

async function reload(view: CommentsView): Promise<void> {
  try {
    view.threads = await fetchThreads(view.options.context, view.options.paperId);
    view.messages.clear();
  } catch (error) {
    view.messages.error(errorMessage(error));
  }
  draw(view);
  highlight(view);
  if (view.pendingThread) openPendingThread(view);
}

/** Show the thread a link asked for: scrolled to, focused, its words selected. */
function openPendingThread(view: CommentsView): void {
  const thread = view.threads.find((candidate) => candidate.id === view.pendingThread);
  view.pendingThread = null;
  if (!thread) return;
  if (thread.resolved) view.showResolved = true;
  focusThread(view, thread);
  const item = view.list.querySelector<HTMLElement>(`[data-thread="${CSS.escape(thread.id)}"]`);
  item?.setAttribute("tabindex", "-1");
  item?.scrollIntoView({ block: "center" });
  item?.focus({ preventScroll: true });
}

/** The form for a new comment on the selected words. */
function openComposer(view: CommentsView): void {
  const { editor, context, paperId } = view.options;
  const selected = anchorOfSelection(editor);
  if (!selected) {
    view.messages.error("Select some text in the paper first, then comment on it.");
    return;
  }
  const body = h("textarea", { rows: 3, name: "comment", required: true });
  const cancel = h("button", { type: "button" }, "Cancel");
  const form = h(
    "form",
    { class: "new-comment", "aria-label": "New comment" },
    h("p", { class: "quote" }, `“${selected.quote}”`),
    field("Comment", body),
    h("button", { type: "submit", class: "primary" }, "Post comment"),
    cancel,
  );
  attachMentionPicker(body, view.mentionable);
  cancel.addEventListener("click", () => {
    view.composer.replaceChildren();
    editor.commands.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!body.value.trim()) return;
    void run(
      view,
      context.api.request(WebAddCommentDocument, {
        input: { paperId, body: body.value.trim(), anchor: selected.anchor },
      }),
      "Comment posted.",
    ).then(() => view.composer.replaceChildren());
  });
  view.composer.replaceChildren(form);
  body.focus();
}

export function commentsPanel(options: CommentsPanelOptions): CommentsPanel {
  const { editor } = options;
  const view: CommentsView = {
    options,
    threads: [],
    active: null,
    showResolved: false,
    messages: messageArea(),
    list: h("ol", { class: "threads" }),
    addButton: h("button", { type: "button", disabled: true }, "Comment on selection"),
    composer: h("div", { class: "composer" }),
    mentionable: mentionCandidates(options.context, options.paperId),
    pendingThread: new URLSearchParams(window.location.search).get("thread"),
  };
  const resolvedToggle = h("input", { type: "checkbox", id: "show-resolved" });
  resolvedToggle.addEventListener("change", () => {
    view.showResolved = resolvedToggle.checked;
    draw(view);
  });
  view.addButton.addEventListener("click", () => openComposer(view));
  const onSelection = () => {
    view.addButton.disabled = editor.state.selection.empty;
  };
  editor.on("selectionUpdate", onSelection);

  const element = h(
    "section",
    { class: "panel comments-panel", "aria-labelledby": "comments-title" },
    h("h2", { id: "comments-title" }, "Comments"),
    view.addButton,
    view.composer,
    view.messages.element,
    h(
      "p",
      { class: "choice" },
      resolvedToggle,
      h("label", { for: "show-resolved" }, "Show resolved threads"),
    ),
    view.list,
  );
  draw(view);
  return {
    element,
    reload: () => reload(view),
    destroy() {
      editor.off("selectionUpdate", onSelection);
    },
  };
}
