// The outline of the paper's headings (each one a jump into the text) and its word count,
// redrawn at most once a frame while people type.
import type { Editor } from "@tiptap/core";
import { h } from "../dom.ts";
import { plural, showList } from "../text.ts";
import { outlineOf, wordCount } from "./editor.ts";

function headingItem(editor: Editor, heading: ReturnType<typeof outlineOf>[number]): HTMLElement {
  const jump = h(
    "button",
    { type: "button", class: `link-button level-${heading.level}` },
    heading.text || "(empty heading)",
  );
  jump.addEventListener("click", () => {
    editor
      .chain()
      .focus()
      .setTextSelection(heading.pos + 1)
      .scrollIntoView()
      .run();
  });
  return h("li", {}, jump);
}

export function outlinePanel(editor: Editor): {
  element: HTMLElement;
  words: HTMLElement;
  draw(): void;
} {
  const outline = h("ol", { class: "outline" });
  const words = h("p", { class: "word-count", "aria-live": "off" });
  let drawScheduled = false;
  const draw = () => {
    drawScheduled = false;
    const count = wordCount(editor);
    words.textContent = plural(count, "word");
    const headings = outlineOf(editor);
    showList(
      outline,
      headings.map((heading) => headingItem(editor, heading)),
      "Headings appear here.",
    );
  };
  editor.on("update", () => {
    if (drawScheduled) return;
    drawScheduled = true;
    requestAnimationFrame(draw);
  });
  const element = h(
    "section",
    { class: "panel", "aria-labelledby": "outline-title" },
    h("h2", { id: "outline-title" }, "Outline"),
    outline,
  );
  return { element, words, draw };
}
