// Suggesting mode (track changes): insertions and deletions proposed instead of made, as the
// marks `suggestionInsert` and `suggestionDelete` with their author (the review panel is in
// suggestions-panel.ts). A COMMENTER is always in suggesting mode; an EDITOR or a LEAD may
// switch to it.
//
// In suggesting mode every edit is written to the Yjs body directly, at the exact characters it
// concerns, and reaches the editor like a remote change. Going through ProseMirror instead would
// let y-prosemirror's text diff pick *other* identical characters (typing "a" before an "a"
// inserts after it and marks the old one), which the server rightly refuses from a COMMENTER.
import {
  SUGGESTION_DELETE,
  SUGGESTION_INSERT,
  type SuggestionAttrs,
  suggestionAttrsOf,
} from "@accord/domain";
import { type Editor, Extension, Mark } from "@tiptap/core";
import type { Mark as ProseMirrorMark, ResolvedPos } from "@tiptap/pm/model";
import { type EditorState, Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import { formatDate } from "../dom.ts";
import "./suggestions.css";
import { bindingOf, type YBinding } from "./binding.ts";

export interface SuggestionAuthor {
  id: string;
  name: string;
}

// --- the marks -----------------------------------------------------------------------------

// Stored as the Yjs formatting attribute's value: exactly these four, never rendered as HTML
// attributes of their own.
const attributes = () => ({
  id: { default: null, rendered: false },
  author: { default: null, rendered: false },
  authorName: { default: "", rendered: false },
  at: { default: "", rendered: false },
});

function describe(kind: "insertion" | "deletion", attrs: Record<string, unknown>): string {
  const name = typeof attrs.authorName === "string" && attrs.authorName ? attrs.authorName : "?";
  const at = typeof attrs.at === "string" && attrs.at ? `, ${formatDate(attrs.at)}` : "";
  return `Suggested ${kind} by ${name}${at}`;
}

const SuggestionInsert = Mark.create({
  name: SUGGESTION_INSERT,
  // Typing next to a suggestion does not join it unless suggesting mode says so.
  inclusive: false,
  addAttributes: attributes,
  // Never taken from pasted HTML: a suggestion only comes from suggesting mode.
  parseHTML: () => [],
  renderHTML: ({ mark }) => [
    "ins",
    {
      class: "suggestion suggestion-insert",
      "data-suggestion": String(mark.attrs.id ?? ""),
      title: describe("insertion", mark.attrs),
    },
    0,
  ],
});

const SuggestionDelete = Mark.create({
  name: SUGGESTION_DELETE,
  inclusive: false,
  addAttributes: attributes,
  parseHTML: () => [],
  renderHTML: ({ mark }) => [
    "del",
    {
      class: "suggestion suggestion-delete",
      "data-suggestion": String(mark.attrs.id ?? ""),
      title: describe("deletion", mark.attrs),
    },
    0,
  ],
});

// --- the mode ------------------------------------------------------------------------------

interface Mode {
  author: SuggestionAuthor;
  /** Chosen by an EDITOR or a LEAD. */
  chosen: boolean;
  /** A COMMENTER may only suggest. */
  forced: boolean;
  listeners: Set<() => void>;
}

const modes = new WeakMap<Editor, Mode>();

function modeOf(editor: Editor): Mode | null {
  return modes.get(editor) ?? null;
}

const suggesting = (mode: Mode) => mode.forced || mode.chosen;

export function isSuggesting(editor: Editor): boolean {
  const mode = modeOf(editor);
  return mode !== null && suggesting(mode);
}

/** A COMMENTER's editor: every edit is a suggestion. */
export function setSuggestOnly(editor: Editor, forced: boolean): void {
  const mode = modeOf(editor);
  if (!mode || mode.forced === forced) return;
  mode.forced = forced;
  for (const listener of mode.listeners) listener();
}

/** Call `listener` whenever suggesting mode is switched; the returned function stops it. */
export function onSuggestingChange(editor: Editor, listener: () => void): () => void {
  const mode = modeOf(editor);
  mode?.listeners.add(listener);
  return () => mode?.listeners.delete(listener);
}

/** An EDITOR's or a LEAD's choice. */
export function setSuggesting(editor: Editor, on: boolean): void {
  const mode = modeOf(editor);
  if (!mode || mode.chosen === on) return;
  mode.chosen = on;
  for (const listener of mode.listeners) listener();
}

// --- from the editor to the Yjs body ---------------------------------------------------------

/**
 * The Yjs element of the textblock `$pos` is in: block nodes and Yjs elements correspond one
 * to one, by index, from the body down.
 */
function elementOf(binding: YBinding, $pos: ResolvedPos): Y.XmlElement | null {
  let node: Y.XmlFragment | Y.XmlElement = binding.type;
  for (let depth = 0; depth < $pos.depth; depth++) {
    const child: unknown = node.get($pos.index(depth));
    if (!(child instanceof Y.XmlElement)) return null;
    node = child;
  }
  const element = node as Y.XmlElement;
  return element.nodeName === $pos.parent.type.name ? element : null;
}

/** A textblock's children in Yjs: text runs (Y.XmlText) and inline nodes (one position each). */
function childrenOf(element: Y.XmlElement): (Y.XmlText | Y.XmlElement)[] {
  return element.toArray().filter((c) => c instanceof Y.XmlText || c instanceof Y.XmlElement) as (
    | Y.XmlText
    | Y.XmlElement
  )[];
}

/** Where offset `offset` of a textblock is as text; a text run is made when there is none. */
function textAt(element: Y.XmlElement, offset: number): { text: Y.XmlText; index: number } {
  const children = childrenOf(element);
  let rest = offset;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child instanceof Y.XmlText) {
      if (rest <= child.length) return { text: child, index: rest };
      rest -= child.length;
    } else if (rest === 0) {
      const text = new Y.XmlText();
      element.insert(element.toArray().indexOf(child as Y.XmlElement), [text]);
      return { text, index: 0 };
    } else {
      rest -= 1;
    }
  }
  const text = new Y.XmlText();
  element.insert(element.length, [text]);
  return { text, index: 0 };
}

/** The text runs covering [from, to) of a textblock, as (run, index, length). */
function textSpans(element: Y.XmlElement, from: number, to: number) {
  const spans: { text: Y.XmlText; index: number; length: number }[] = [];
  let start = 0;
  for (const child of childrenOf(element)) {
    const length = child instanceof Y.XmlText ? child.length : 1;
    const a = Math.max(from, start);
    const b = Math.min(to, start + length);
    if (child instanceof Y.XmlText && a < b)
      spans.push({ text: child, index: a - start, length: b - a });
    start += length;
  }
  return spans;
}

export interface Run {
  index: number;
  length: number;
  attributes: Record<string, unknown>;
}

/** A text node's runs of equal formatting, with their index. */
export function runsOf(text: Y.XmlText): Run[] {
  let index = 0;
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map(
    (op) => {
      const length = typeof op.insert === "string" ? op.insert.length : 1;
      const run = { index, length, attributes: op.attributes ?? {} };
      index += length;
      return run;
    },
  );
}

const isSuggestionMark = (mark: ProseMirrorMark) =>
  mark.type.name === SUGGESTION_INSERT || mark.type.name === SUGGESTION_DELETE;

function newAttrs(author: SuggestionAuthor): SuggestionAttrs {
  return {
    id: crypto.randomUUID(),
    author: author.id,
    authorName: author.name,
    at: new Date().toISOString(),
  };
}

/** The author's suggestion of `kind` touching [from, to), to continue it rather than start one. */
function adjacentOwn(
  state: EditorState,
  from: number,
  to: number,
  kind: string,
  author: SuggestionAuthor,
): SuggestionAttrs | null {
  for (const node of [state.doc.resolve(from).nodeBefore, state.doc.resolve(to).nodeAfter]) {
    const mark = node?.marks.find((m) => m.type.name === kind);
    const attrs = suggestionAttrsOf(mark?.attrs);
    if (attrs?.author === author.id) return attrs;
  }
  return null;
}

/** Edits of one transaction on the body, then the caret placed where `caret` says. */
function change(
  view: EditorView,
  edit: (binding: YBinding) => (() => number | null) | undefined,
): boolean {
  const binding = bindingOf(view.state);
  if (!binding) return true;
  let caret: (() => number | null) | undefined;
  // Tracked by the editor's undo manager like any edit of this person.
  binding.doc.transact(() => {
    caret = edit(binding);
  }, ySyncPluginKey);
  const pos = caret?.();
  if (pos !== null && pos !== undefined && !view.isDestroyed) {
    const clamped = Math.max(0, Math.min(pos, view.state.doc.content.size));
    try {
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, clamped)));
    } catch {
      // The position is not in text any more (someone else's edit): leave the caret.
    }
  }
  return true;
}

/** Where a Yjs text position is in the editor now. */
function caretAt(binding: YBinding, text: Y.XmlText, index: number): () => number | null {
  const relative = Y.createRelativePositionFromTypeIndex(text, index);
  return () =>
    relativePositionToAbsolutePosition(binding.doc, binding.type, relative, binding.mapping);
}

/** Mark [from, to) as suggested for deletion; the author's own suggested text goes at once. */
function markDeleted(
  binding: YBinding,
  state: EditorState,
  from: number,
  to: number,
  author: SuggestionAuthor,
): void {
  const attrs = adjacentOwn(state, from, to, SUGGESTION_DELETE, author) ?? newAttrs(author);
  const blocks: { $pos: ResolvedPos; a: number; b: number }[] = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const start = pos + 1;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, start + node.content.size) - start;
    if (a < b) blocks.push({ $pos: state.doc.resolve(start), a, b });
    return false;
  });
  for (const { $pos, a, b } of blocks.reverse()) {
    const element = elementOf(binding, $pos);
    if (!element) continue;
    for (const span of textSpans(element, a, b).reverse()) {
      const end = span.index + span.length;
      const runs = runsOf(span.text).filter(
        (r) => r.index < end && r.index + r.length > span.index,
      );
      for (const run of runs.reverse()) {
        const start = Math.max(run.index, span.index);
        const length = Math.min(run.index + run.length, end) - start;
        const inserted = suggestionAttrsOf(run.attributes[SUGGESTION_INSERT]);
        if (inserted?.author === author.id) span.text.delete(start, length);
        else if (!run.attributes[SUGGESTION_DELETE]) {
          span.text.format(start, length, { [SUGGESTION_DELETE]: attrs });
        }
      }
    }
  }
}

function suggestText(
  view: EditorView,
  from: number,
  to: number,
  typed: string,
  author: SuggestionAuthor,
) {
  const { state } = view;
  const $to = state.doc.resolve(to);
  if (!$to.parent.isTextblock || typed === "") return true;
  const formatting: Record<string, unknown> = {};
  for (const mark of state.storedMarks ?? $to.marks()) {
    if (!isSuggestionMark(mark)) formatting[mark.type.name] = mark.attrs;
  }
  const attrs = adjacentOwn(state, to, to, SUGGESTION_INSERT, author) ?? newAttrs(author);
  return change(view, (binding) => {
    const element = elementOf(binding, $to);
    if (!element) return undefined;
    const { text, index } = textAt(element, $to.parentOffset);
    // Every attribute named: Yjs would otherwise copy the formatting of the character before.
    text.insert(index, typed, {
      ...formatting,
      [SUGGESTION_INSERT]: attrs,
      [SUGGESTION_DELETE]: null,
    });
    if (from < to) markDeleted(binding, state, from, to, author);
    return caretAt(binding, text, index + typed.length);
  });
}

function suggestDeletion(view: EditorView, direction: -1 | 1, author: SuggestionAuthor): boolean {
  const { state } = view;
  const { selection } = state;
  if (!selection.empty) {
    return change(view, (binding) => {
      const $end = direction < 0 ? selection.$from : selection.$to;
      const element = elementOf(binding, $end);
      const at = element ? textAt(element, $end.parentOffset) : null;
      markDeleted(binding, state, selection.from, selection.to, author);
      return at ? caretAt(binding, at.text, at.index) : undefined;
    });
  }
  const $cursor = selection.$from;
  const beside = direction < 0 ? $cursor.nodeBefore : $cursor.nodeAfter;
  if (beside?.isText) {
    const from = direction < 0 ? $cursor.pos - 1 : $cursor.pos;
    return change(view, (binding) => {
      const element = elementOf(binding, $cursor);
      if (!element) return undefined;
      const keep = textAt(element, $cursor.parentOffset + (direction < 0 ? -1 : 1));
      markDeleted(binding, state, from, from + 1, author);
      return caretAt(binding, keep.text, keep.index);
    });
  }
  // An empty line may go (the server allows an empty paragraph to be removed); blocks are
  // never joined: that would change accepted text.
  const parent = $cursor.parent;
  if (direction < 0 && parent.type.name === "paragraph" && parent.content.size === 0) {
    const before = $cursor.before();
    if (before === 0) return true;
    return change(view, (binding) => {
      const element = elementOf(binding, $cursor);
      const container = element?.parent;
      if (!element || !(container instanceof Y.XmlElement || container instanceof Y.XmlFragment)) {
        return undefined;
      }
      container.delete(container.toArray().indexOf(element), 1);
      return () => before - 1;
    });
  }
  return true;
}

function suggestLine(view: EditorView): boolean {
  const { state } = view;
  const { $from, empty } = state.selection;
  const parent = $from.parent;
  const paragraph = state.schema.nodes.paragraph;
  const atEnd = empty && $from.parentOffset === parent.content.size;
  const index = $from.index($from.depth - 1);
  if (
    !paragraph ||
    !atEnd ||
    !["paragraph", "heading"].includes(parent.type.name) ||
    !$from.node(-1).canReplaceWith(index + 1, index + 1, paragraph)
  ) {
    return true;
  }
  const inside = $from.after() + 1;
  return change(view, (binding) => {
    const element = elementOf(binding, $from);
    const container = element?.parent;
    if (!element || !(container instanceof Y.XmlElement || container instanceof Y.XmlFragment)) {
      return undefined;
    }
    container.insert(container.toArray().indexOf(element) + 1, [new Y.XmlElement("paragraph")]);
    return () => inside;
  });
}

/**
 * Take the caret from the page: the editor learns of a moved selection only when the browser's
 * selectionchange event comes, which can be after the next key (arrows, then typing at once).
 */
function syncSelection(view: EditorView): void {
  const selection = (view.root as Document).getSelection?.() ?? null;
  if (!selection?.anchorNode || !selection.focusNode) return;
  if (!view.dom.contains(selection.anchorNode) || !view.dom.contains(selection.focusNode)) return;
  try {
    const anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset);
    const head = view.posAtDOM(selection.focusNode, selection.focusOffset);
    const current = view.state.selection;
    if (current.anchor === anchor && current.head === head) return;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, anchor, head)));
  } catch {
    // Not a position in text (a caret label, a block's edge): keep the editor's own.
  }
}

const suggestingKey = new PluginKey("suggesting");

/** The marks, and suggesting mode for `author`. */
export function suggestionExtensions(author: SuggestionAuthor) {
  const SuggestingMode = Extension.create({
    name: "suggestingMode",
    // Before the editor's own keys and input rules: in suggesting mode nothing else edits.
    priority: 1000,
    addKeyboardShortcuts() {
      const editor = this.editor;
      const when = (run: (view: EditorView) => boolean) => () => {
        if (!isSuggesting(editor)) return false;
        syncSelection(editor.view);
        return run(editor.view);
      };
      const nothing = () => true;
      return {
        Backspace: when((view) => suggestDeletion(view, -1, author)),
        Delete: when((view) => suggestDeletion(view, 1, author)),
        Enter: when(suggestLine),
        "Shift-Enter": when(nothing),
        "Mod-Enter": when(nothing),
        "Mod-Backspace": when(nothing),
        "Mod-Delete": when(nothing),
        "Alt-Backspace": when(nothing),
      };
    },
    addProseMirrorPlugins() {
      const editor = this.editor;
      modes.set(editor, { author, chosen: false, forced: false, listeners: new Set() });
      return [
        new Plugin({
          key: suggestingKey,
          props: {
            handleDOMEvents: {
              beforeinput(view, event) {
                if (!isSuggesting(editor)) return false;
                const input = event as InputEvent;
                if (input.inputType === "insertText" && input.data) {
                  event.preventDefault();
                  syncSelection(view);
                  const { from, to } = view.state.selection;
                  return suggestText(view, from, to, input.data, author);
                }
                return false;
              },
            },
            handleTextInput(view, from, to, text) {
              if (!isSuggesting(editor)) return false;
              return suggestText(view, from, to, text, author);
            },
            handlePaste(view, _event, slice) {
              if (!isSuggesting(editor)) return false;
              const text = slice.content.textBetween(0, slice.content.size, " ", " ");
              const { from, to } = view.state.selection;
              return suggestText(view, from, to, text, author);
            },
            handleDrop: () => isSuggesting(editor),
          },
          // Whatever else would change the text (formatting keys, the toolbar, cut, IME
          // composition) is dropped: only the body's own changes reach the editor.
          filterTransaction: (tr) =>
            !isSuggesting(editor) || !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
        }),
      ];
    },
  });
  return [SuggestionInsert, SuggestionDelete, SuggestingMode];
}
