// The rich-text editor on the paper's `body` (a Y.XmlFragment): TipTap's node schema, so the
// document is what DESIGN.md names — headings, paragraphs, lists, blockquote, codeBlock and
// bold/italic/code/link marks — plus collaborators' carets and comment highlights.
import { Editor, Extension, type Extensions } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCursor from "@tiptap/extension-collaboration-cursor";
import Link from "@tiptap/extension-link";
import { type EditorState, Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import StarterKit from "@tiptap/starter-kit";
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
} from "y-prosemirror";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { h } from "../dom.ts";
import { bindingOf } from "./binding.ts";

export const BODY_FIELD = "body";

export interface Collaborator {
  name: string;
  color: string;
}

/** A comment thread's range of the body, as Yjs relative positions so it follows the text. */
export interface CommentRange {
  threadId: string;
  start: Y.RelativePosition;
  end: Y.RelativePosition;
}

interface HighlightState {
  ranges: CommentRange[];
  active: string | null;
}

const highlightKey = new PluginKey<HighlightState>("commentHighlights");

/** Where a range is in the editor now; null when its text is gone. */
export function resolveRange(
  state: EditorState,
  range: Pick<CommentRange, "start" | "end">,
): { from: number; to: number } | null {
  const binding = bindingOf(state);
  if (!binding) return null;
  const from = relativePositionToAbsolutePosition(
    binding.doc,
    binding.type,
    range.start,
    binding.mapping,
  );
  const to = relativePositionToAbsolutePosition(
    binding.doc,
    binding.type,
    range.end,
    binding.mapping,
  );
  if (from === null || to === null || to <= from) return null;
  return { from, to };
}

const CommentHighlights = Extension.create({
  name: "commentHighlights",
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: highlightKey,
        state: {
          init: () => ({ ranges: [], active: null }),
          apply: (tr, value) => (tr.getMeta(highlightKey) as HighlightState | undefined) ?? value,
        },
        props: {
          decorations(state) {
            const { ranges, active } = highlightKey.getState(state) ?? { ranges: [], active: null };
            const decorations: Decoration[] = [];
            for (const range of ranges) {
              const resolved = resolveRange(state, range);
              if (!resolved) continue;
              decorations.push(
                Decoration.inline(resolved.from, resolved.to, {
                  class:
                    range.threadId === active ? "comment-highlight active" : "comment-highlight",
                  "data-thread": range.threadId,
                }),
              );
            }
            return DecorationSet.create(state.doc, decorations);
          },
        },
      }),
    ];
  },
});

/** Draw these comment ranges over the text, `active` emphasised. */
export function showCommentRanges(
  editor: Editor,
  ranges: CommentRange[],
  active: string | null,
): void {
  const state: HighlightState = { ranges, active };
  editor.view.dispatch(editor.state.tr.setMeta(highlightKey, state).setMeta("addToHistory", false));
}

/**
 * The selected text as a comment anchor: base64 relative positions in the body, and the quote
 * to show while composing (the server takes the quote from the document itself).
 */
export function anchorOfSelection(
  editor: Editor,
): { anchor: { start: string; end: string }; quote: string } | null {
  const { from, to, empty } = editor.state.selection;
  const binding = bindingOf(editor.state);
  if (empty || !binding) return null;
  const quote = editor.state.doc.textBetween(from, to, "\n").trim();
  if (!quote) return null;
  const start = absolutePositionToRelativePosition(from, binding.type, binding.mapping);
  let end = absolutePositionToRelativePosition(to, binding.type, binding.mapping);
  // The end sticks to the character before it, so typing just after the range does not grow it.
  const absoluteEnd = Y.createAbsolutePositionFromRelativePosition(end, binding.doc);
  if (absoluteEnd && absoluteEnd.index > 0) {
    end = Y.createRelativePositionFromTypeIndex(absoluteEnd.type, absoluteEnd.index, -1);
  }
  return {
    anchor: {
      start: toBase64(Y.encodeRelativePosition(start)),
      end: toBase64(Y.encodeRelativePosition(end)),
    },
    quote,
  };
}

export function decodeRelativePosition(base64: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(base64));
  } catch {
    return null;
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

export interface PaperEditorOptions {
  element: HTMLElement;
  doc: Y.Doc;
  awareness: Awareness;
  user: Collaborator;
  editable: boolean;
  label: string;
  /** More node types (the evidence block). */
  extensions?: Extensions;
}

export function createPaperEditor(options: PaperEditorOptions): Editor {
  const editor = new Editor({
    element: options.element,
    editable: options.editable,
    extensions: [
      // Yjs keeps the undo history (per person, not per keystroke of others).
      StarterKit.configure({ history: false, strike: false, horizontalRule: false }),
      Link.configure({ openOnClick: false, autolink: true }),
      Collaboration.configure({ document: options.doc, field: BODY_FIELD }),
      CollaborationCursor.configure({
        provider: { awareness: options.awareness },
        user: options.user,
        render: (user: Record<string, unknown>) => {
          const color = typeof user.color === "string" ? user.color : "#555";
          const name = typeof user.name === "string" ? user.name : "Someone";
          return h(
            "span",
            { class: "collaboration-cursor__caret", style: `border-color: ${color}` },
            h(
              "span",
              { class: "collaboration-cursor__label", style: `background-color: ${color}` },
              name,
            ),
          );
        },
      }),
      CommentHighlights,
      ...(options.extensions ?? []),
    ],
    editorProps: {
      attributes: {
        class: "paper-body",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": options.label,
        spellcheck: "true",
      },
    },
  });
  // Highlights are drawn from Yjs positions through y-prosemirror's node mapping, which is only
  // brought up to date after each change reaches Yjs: draw them again once it has.
  let scheduled = false;
  const redraw = () => {
    scheduled = false;
    if (editor.isDestroyed) return;
    const current = highlightKey.getState(editor.state);
    if (current && current.ranges.length > 0) {
      editor.view.dispatch(
        editor.state.tr.setMeta(highlightKey, { ...current }).setMeta("addToHistory", false),
      );
    }
  };
  const onBodyChange = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(redraw);
  };
  const body = options.doc.getXmlFragment(BODY_FIELD);
  body.observeDeep(onBodyChange);
  editor.on("destroy", () => body.unobserveDeep(onBodyChange));
  return editor;
}

// The server's definition (packages/collab): letters and digits, joined by ' ’ - or a dot.
const WORD = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu;

/** Words in the body, counted as the server counts them, so both show the same number. */
export function wordCount(editor: Editor): number {
  const text = editor.state.doc.textBetween(0, editor.state.doc.content.size, "\n", "\n");
  return text.match(WORD)?.length ?? 0;
}

export function outlineOf(editor: Editor): { level: number; text: string; pos: number }[] {
  const headings: { level: number; text: string; pos: number }[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === "heading") {
      headings.push({ level: Number(node.attrs.level) || 1, text: node.textContent, pos });
      return false;
    }
    return true;
  });
  return headings;
}
