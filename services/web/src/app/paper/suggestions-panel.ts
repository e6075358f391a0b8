// The review of suggestions (track changes): the open ones, read from the Yjs body and grouped
// by author, each accepted or rejected by a LEAD or an EDITOR (one, all of an author, all) or
// withdrawn by its COMMENTER; and the switch of suggesting mode for EDITORs and LEADs.
import {
  SUGGESTION_DELETE,
  SUGGESTION_INSERT,
  type SuggestionAttrs,
  suggestionAttrsOf,
} from "@accord/domain";
import type { Editor } from "@tiptap/core";
import { ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import { formatDate, h, replaceChildren } from "../dom.ts";
import { emptyState } from "../text.ts";
import { isSuggesting, onSuggestingChange, runsOf, setSuggesting } from "./suggestions.ts";

export interface OpenSuggestion extends SuggestionAttrs {
  kind: "INSERT" | "DELETE";
  text: string;
}

function textsOf(node: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) textsOf(child, out);
  }
  return out;
}

const KINDS = [
  [SUGGESTION_INSERT, "INSERT"],
  [SUGGESTION_DELETE, "DELETE"],
] as const;

/** Every open suggestion in the body, in order of its first character. */
function openSuggestions(body: Y.XmlFragment): OpenSuggestion[] {
  const found = new Map<string, OpenSuggestion>();
  for (const text of textsOf(body)) {
    for (const op of text.toDelta() as {
      insert: unknown;
      attributes?: Record<string, unknown>;
    }[]) {
      if (typeof op.insert !== "string") continue;
      for (const [key, kind] of KINDS) {
        const attrs = suggestionAttrsOf(op.attributes?.[key]);
        if (!attrs) continue;
        const open = found.get(`${kind}:${attrs.id}`);
        if (open) open.text += op.insert;
        else found.set(`${kind}:${attrs.id}`, { ...attrs, kind, text: op.insert });
      }
    }
  }
  return [...found.values()];
}

/**
 * Accept (or reject) the open suggestions `which` selects: an accepted insertion becomes text
 * and an accepted deletion goes; a rejected insertion goes and a rejected deletion stays as text.
 */
function resolveSuggestions(
  body: Y.XmlFragment,
  which: (suggestion: Pick<OpenSuggestion, "kind" | "id" | "author">) => boolean,
  accept: boolean,
): void {
  // Through the editor's undo manager like any edit of this person.
  body.doc?.transact(() => {
    for (const text of textsOf(body)) {
      for (const run of runsOf(text).reverse()) {
        const matched = (key: string, kind: OpenSuggestion["kind"]) => {
          const attrs = suggestionAttrsOf(run.attributes[key]);
          return attrs !== null && which({ kind, id: attrs.id, author: attrs.author });
        };
        const insert = matched(SUGGESTION_INSERT, "INSERT");
        const remove = matched(SUGGESTION_DELETE, "DELETE");
        if ((accept && remove) || (!accept && insert)) text.delete(run.index, run.length);
        else if (accept && insert)
          text.format(run.index, run.length, { [SUGGESTION_INSERT]: null });
        else if (!accept && remove)
          text.format(run.index, run.length, { [SUGGESTION_DELETE]: null });
      }
    }
  }, ySyncPluginKey);
}

// --- the panel ---------------------------------------------------------------------------------

export interface SuggestionsPanelOptions {
  editor: Editor;
  body: Y.XmlFragment;
  viewerId: string;
  /** LEAD and EDITOR accept and reject, and may switch suggesting mode on. */
  canReview: () => boolean;
  /** May suggest (a COMMENTER, or a reviewer). */
  canSuggest: () => boolean;
}

const quote = (text: string) => `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`;

export function suggestionsPanel(options: SuggestionsPanelOptions): {
  element: HTMLElement;
  draw(): void;
  destroy(): void;
} {
  const { editor, body, viewerId } = options;
  const toggle = h("button", {
    type: "button",
    class: "suggesting-toggle",
    "aria-pressed": "false",
    onclick: () => setSuggesting(editor, !isSuggesting(editor)),
  });
  const note = h("p", { class: "hint suggesting-note" });
  const list = h("div", { class: "suggestion-list" });
  const button = (label: string, name: string, run: () => void) =>
    h("button", { type: "button", "aria-label": name, onclick: run }, label);
  const resolve = (which: Parameters<typeof resolveSuggestions>[1], accept: boolean) => () => {
    resolveSuggestions(body, which, accept);
    editor.commands.focus();
  };

  /** Select the suggestion's first stretch of text in the editor, and bring it into view. */
  const show = (s: OpenSuggestion) => () => {
    const markName = s.kind === "INSERT" ? SUGGESTION_INSERT : SUGGESTION_DELETE;
    let range: { from: number; to: number } | null = null;
    editor.state.doc.descendants((node, pos) => {
      if (range) return false;
      const marked = node.marks.some((m) => m.type.name === markName && m.attrs.id === s.id);
      if (node.isText && marked) range = { from: pos, to: pos + node.nodeSize };
      return true;
    });
    if (range) editor.chain().focus().setTextSelection(range).scrollIntoView().run();
  };

  const itemOf = (s: OpenSuggestion) => {
    const what = s.kind === "INSERT" ? "insert" : "delete";
    const label = `${s.authorName} suggests to ${what} ${quote(s.text)}`;
    const one = (x: Pick<OpenSuggestion, "kind" | "id">) => x.kind === s.kind && x.id === s.id;
    const decide = options.canReview()
      ? [
          button("Accept", `Accept: ${label}`, resolve(one, true)),
          button("Reject", `Reject: ${label}`, resolve(one, false)),
        ]
      : s.author === viewerId && options.canSuggest()
        ? [button("Withdraw", `Withdraw: ${label}`, resolve(one, false))]
        : [];
    const controls = [button("Show", `Show in the text: ${label}`, show(s)), ...decide];
    return h(
      "li",
      { class: `suggestion-item suggestion-${s.kind.toLowerCase()}`, "data-suggestion": s.id },
      h(
        "p",
        {},
        h("span", { class: "suggestion-kind" }, s.kind === "INSERT" ? "Insert " : "Delete "),
        s.kind === "INSERT" ? h("ins", {}, quote(s.text)) : h("del", {}, quote(s.text)),
      ),
      h("p", { class: "hint" }, `${s.authorName}, ${formatDate(s.at)}`),
      h("div", { class: "actions" }, controls),
    );
  };

  const drawList = () => {
    const open = openSuggestions(body);
    if (open.length === 0) {
      replaceChildren(list, emptyState("No open suggestions."));
      return;
    }
    const byAuthor = new Map<string, OpenSuggestion[]>();
    for (const s of open) byAuthor.set(s.author, [...(byAuthor.get(s.author) ?? []), s]);
    const review = options.canReview();
    replaceChildren(
      list,
      review
        ? h(
            "div",
            { class: "actions" },
            button(
              "Accept all",
              "Accept all suggestions",
              resolve(() => true, true),
            ),
            button(
              "Reject all",
              "Reject all suggestions",
              resolve(() => true, false),
            ),
          )
        : null,
      [...byAuthor].map(([author, mine]) => {
        const name = mine[0]?.authorName ?? "?";
        const theirs = (x: Pick<OpenSuggestion, "author">) => x.author === author;
        return h(
          "section",
          { class: "suggestion-author", "aria-label": `Suggestions by ${name}` },
          h("h3", {}, `${name} (${mine.length})`),
          review
            ? h(
                "div",
                { class: "actions" },
                button("Accept all", `Accept all suggestions by ${name}`, resolve(theirs, true)),
                button("Reject all", `Reject all suggestions by ${name}`, resolve(theirs, false)),
              )
            : null,
          h("ul", {}, mine.map(itemOf)),
        );
      }),
    );
  };

  const drawMode = () => {
    const review = options.canReview();
    const suggest = options.canSuggest();
    const on = isSuggesting(editor);
    toggle.hidden = !review;
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = on ? "Suggesting: on" : "Suggesting: off";
    note.hidden = !suggest;
    note.textContent = !suggest
      ? ""
      : on
        ? "Your edits are suggestions: a lead or an editor accepts or rejects them."
        : "Your edits change the text directly.";
    editor.view.dom.classList.toggle("suggesting", on);
  };

  let scheduled = false;
  const onBodyChange = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      drawList();
    });
  };
  body.observeDeep(onBodyChange);
  const stopDrawingMode = onSuggestingChange(editor, drawMode);

  const element = h(
    "section",
    { class: "panel suggestions-panel", "aria-labelledby": "suggestions-title" },
    h("h2", { id: "suggestions-title" }, "Suggestions"),
    toggle,
    note,
    list,
  );
  return {
    element,
    draw() {
      drawMode();
      drawList();
    },
    destroy() {
      body.unobserveDeep(onBodyChange);
      stopDrawingMode();
    },
  };
}
