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
import { announce, field, formatDate, h, messageArea, replaceChildren } from "../dom.ts";
import {
  anchorOfSelection,
  type CommentRange,
  decodeRelativePosition,
  resolveRange,
  showCommentRanges,
} from "./editor.ts";

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

export function commentsPanel(options: CommentsPanelOptions): CommentsPanel {
  const { context, paperId, editor } = options;
  let threads: CommentThreadFieldsFragment[] = [];
  let active: string | null = null;
  let showResolved = false;
  const messages = messageArea();
  const list = h("ol", { class: "threads" });

  const addButton = h("button", { type: "button", disabled: true }, "Comment on selection");
  const composer = h("div", { class: "composer" });
  const resolvedToggle = h("input", { type: "checkbox", id: "show-resolved" });
  resolvedToggle.addEventListener("change", () => {
    showResolved = resolvedToggle.checked;
    draw();
  });

  const ranges = (): CommentRange[] =>
    threads.flatMap((thread) => {
      if (thread.resolved || !thread.anchor) return [];
      const start = decodeRelativePosition(thread.anchor.start);
      const end = decodeRelativePosition(thread.anchor.end);
      return start && end ? [{ threadId: thread.id, start, end }] : [];
    });

  const highlight = () => showCommentRanges(editor, ranges(), active);

  const run = (work: Promise<unknown>, done: string) =>
    work
      .then(() => {
        options.signalChange();
        announce(done);
        return reload();
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));

  const focusThread = (thread: CommentThreadFieldsFragment) => {
    active = thread.id;
    highlight();
    draw();
    const range = ranges().find((candidate) => candidate.threadId === thread.id);
    const resolved = range ? resolveRange(editor.state, range) : null;
    if (resolved) {
      editor.commands.setTextSelection(resolved);
      editor.commands.scrollIntoView();
    }
  };

  const threadView = (thread: CommentThreadFieldsFragment) => {
    const reply = h("textarea", { rows: 2, name: "reply" });
    const replyForm = h(
      "form",
      { class: "reply" },
      field("Reply", reply),
      h("button", { type: "submit" }, "Reply"),
    );
    replyForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!reply.value.trim()) return;
      void run(
        context.api.request(WebReplyToCommentDocument, {
          input: { threadId: thread.id, body: reply.value.trim() },
        }),
        "Reply posted.",
      );
    });
    const resolveButton = h("button", { type: "button" }, thread.resolved ? "Reopen" : "Resolve");
    resolveButton.addEventListener("click", () => {
      void run(
        thread.resolved
          ? context.api.request(WebReopenCommentThreadDocument, { threadId: thread.id })
          : context.api.request(WebResolveCommentThreadDocument, { threadId: thread.id }),
        thread.resolved ? "Thread reopened." : "Thread resolved.",
      );
    });
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
    quote.addEventListener("click", () => focusThread(thread));
    return h(
      "li",
      {
        class: `thread${thread.resolved ? " resolved" : ""}${thread.id === active ? " active" : ""}`,
        "data-thread": thread.id,
      },
      quote,
      h(
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
            h("p", { class: "comment-body" }, comment.body),
          ),
        ),
      ),
      thread.resolved
        ? h("p", { class: "meta" }, `Resolved by ${thread.resolvedBy?.displayName ?? "someone"}`)
        : null,
      options.canComment() && !thread.resolved ? replyForm : null,
      options.canResolve() ? resolveButton : null,
    );
  };

  const draw = () => {
    const shown = threads.filter((thread) => showResolved || !thread.resolved);
    replaceChildren(
      list,
      shown.length === 0 ? h("li", { class: "meta" }, "No comments yet.") : shown.map(threadView),
    );
    addButton.hidden = !options.canComment();
  };

  const reload = async () => {
    try {
      const collected: CommentThreadFieldsFragment[] = [];
      let after: string | null = null;
      do {
        const result: WebCommentThreadsQuery = await context.api.request(
          WebCommentThreadsDocument,
          {
            paperId,
            ...(after ? { after } : {}),
          },
        );
        const page = result.paper?.commentThreads;
        if (!page) break;
        collected.push(...page.edges.map((edge) => edge.node));
        after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
      } while (after);
      threads = collected;
      messages.clear();
    } catch (error) {
      messages.error(errorMessage(error));
    }
    draw();
    highlight();
  };

  const openComposer = () => {
    const selected = anchorOfSelection(editor);
    if (!selected) {
      messages.error("Select some text in the paper first, then comment on it.");
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
    cancel.addEventListener("click", () => {
      composer.replaceChildren();
      editor.commands.focus();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!body.value.trim()) return;
      void run(
        context.api.request(WebAddCommentDocument, {
          input: { paperId, body: body.value.trim(), anchor: selected.anchor },
        }),
        "Comment posted.",
      ).then(() => composer.replaceChildren());
    });
    composer.replaceChildren(form);
    body.focus();
  };
  addButton.addEventListener("click", openComposer);

  const onSelection = () => {
    addButton.disabled = editor.state.selection.empty;
  };
  editor.on("selectionUpdate", onSelection);

  const element = h(
    "section",
    { class: "panel comments-panel", "aria-labelledby": "comments-title" },
    h("h2", { id: "comments-title" }, "Comments"),
    addButton,
    composer,
    messages.element,
    h(
      "p",
      { class: "choice" },
      resolvedToggle,
      h("label", { for: "show-resolved" }, "Show resolved threads"),
    ),
    list,
  );
  draw();
  return {
    element,
    reload,
    destroy() {
      editor.off("selectionUpdate", onSelection);
    },
  };
}
