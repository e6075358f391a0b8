// Bodies for the render tests, built as TipTap JSON and stored the way y-prosemirror stores it.
import * as Y from "yjs";
import { appendBody, type BodyJson } from "../src/index.ts";

type Run = string | BodyJson;

export const text = (value: string, ...marks: (string | [string, Record<string, unknown>])[]) => ({
  type: "text",
  text: value,
  marks: marks.map((m) => (typeof m === "string" ? { type: m } : { type: m[0], attrs: m[1] })),
});
const runs = (content: Run[]): BodyJson[] =>
  content.map((c) => (typeof c === "string" ? { type: "text", text: c } : c));
export const p = (...content: Run[]): BodyJson => ({ type: "paragraph", content: runs(content) });
export const h = (level: number, ...content: Run[]): BodyJson => ({
  type: "heading",
  attrs: { level },
  content: runs(content),
});
export const li = (...content: BodyJson[]): BodyJson => ({ type: "listItem", content });
export const ul = (...items: BodyJson[]): BodyJson => ({ type: "bulletList", content: items });
export const ol = (start: number, ...items: BodyJson[]): BodyJson => ({
  type: "orderedList",
  attrs: { start },
  content: items,
});

export function docOf(nodes: BodyJson[]): Y.Doc {
  const doc = new Y.Doc();
  appendBody(doc, nodes);
  return doc;
}

/** A short paper with every kind of block and mark. */
export const samplePaper = () =>
  docOf([
    h(1, "Ocean governance"),
    p("The high seas cover ", text("two thirds", "bold"), " of the ocean."),
    h(2, "Recommendations"),
    ul(
      li(p("Ratify the ", text("BBNJ", "italic"), " agreement")),
      li(p("Fund monitoring"), ol(3, li(p("satellites")), li(p("buoys")))),
    ),
    { type: "blockquote", content: [p("Science informs diplomacy.")] },
    {
      type: "codeBlock",
      attrs: { language: "json" },
      content: [{ type: "text", text: '{"a": 1}' }],
    },
    p(
      "See ",
      text("the treaty", ["link", { href: "https://example.org/bbnj", target: "_blank" }]),
      " and ",
      text("code()", "code"),
      { type: "hardBreak" },
      "next line ",
      text("struck", "strike"),
    ),
    h(2, "Recommendations"),
    { type: "evidence", attrs: { citationId: "c-1" } },
  ]);
