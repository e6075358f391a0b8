// The paper's text column: why the text is read-only (or the formatting toolbar when it is
// not), the editor and the word count.
import { h, humanize } from "../dom.ts";
import { evidenceControl } from "./evidence.ts";
import type { Paper, PaperState } from "./state.ts";
import { isSuggesting, onSuggestingChange, setSuggestOnly } from "./suggestions.ts";
import { formattingToolbar } from "./toolbar.ts";

/** Why the text cannot be changed by this person now; null when it can. */
function readOnlyReason(paper: Paper): string | null {
  if (paper.viewerCan.editText || paper.viewerCan.suggest) return null;
  if (paper.status === "PUBLISHED" || paper.status === "ARCHIVED") {
    return `This paper is ${humanize(paper.status).toLowerCase()}: its text is frozen.`;
  }
  if (paper.viewerRole === "COMMENTER") {
    return "You are a commenter: select text to comment on it; the text itself is read-only.";
  }
  if (paper.viewerRole === "VIEWER") return "You are a viewer: the text is read-only.";
  return "You can read this paper but not change its text.";
}

export function textColumn(
  state: PaperState,
  wordCount: HTMLElement,
): { element: HTMLElement; draw(): void } {
  const readOnly = h("p", { class: "read-only-note", role: "note" });
  const toolbar = formattingToolbar(state.editor);
  const evidence = evidenceControl(state.editor, state.evidence, state.context.api);
  const draw = () => {
    const reason = readOnlyReason(state.paper);
    const { editText, suggest } = state.paper.viewerCan;
    readOnly.textContent = reason ?? "";
    readOnly.hidden = reason === null;
    // Suggestions are insertions and deletions only: no formatting, no evidence blocks.
    setSuggestOnly(state.editor, !editText && suggest);
    toolbar.hidden = !editText || isSuggesting(state.editor);
    evidence.hidden = toolbar.hidden;
    state.editor.setEditable(editText || suggest);
  };
  const element = h(
    "section",
    { class: "editor-column", "aria-label": "Paper text" },
    readOnly,
    toolbar,
    evidence,
    state.editorHost,
    wordCount,
  );
  onSuggestingChange(state.editor, draw);
  return { element, draw };
}
