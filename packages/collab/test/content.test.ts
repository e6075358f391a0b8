import { createMemoryStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  countWords,
  createAnchor,
  loadPaperContent,
  readContent,
  resolveAnchor,
} from "../src/index.ts";

/** Build body nodes the way y-prosemirror stores a TipTap document. */
type Node =
  | string
  | { text: string; marks?: Record<string, unknown> }
  | { type: string; attrs?: Record<string, unknown>; content?: Node[] };

function build(nodes: Node[]): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let pendingText: Y.XmlText | null = null;
  for (const node of nodes) {
    if (typeof node === "string" || "text" in node) {
      const text: string = typeof node === "string" ? node : node.text;
      const marks = typeof node === "string" ? {} : (node.marks ?? {});
      if (!pendingText) {
        pendingText = new Y.XmlText();
        out.push(pendingText);
      }
      const target = pendingText;
      // Formatted runs are inserted once the text node is part of the document.
      deferred.push(() => target.insert(target.length, text, marks));
      continue;
    }
    pendingText = null;
    const element = new Y.XmlElement(node.type);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      element.setAttribute(key, value as string);
    }
    element.insert(0, build(node.content ?? []));
    out.push(element);
  }
  return out;
}

let deferred: (() => void)[] = [];

function insertBlocks(doc: Y.Doc, index: number, nodes: Node[]) {
  deferred = [];
  doc.transact(() => {
    doc.getXmlFragment("body").insert(index, build(nodes));
    for (const run of deferred) run();
  });
}

function docOf(nodes: Node[]): Y.Doc {
  const doc = new Y.Doc();
  insertBlocks(doc, 0, nodes);
  return doc;
}

const p = (...content: Node[]): Node => ({ type: "paragraph", content });
const h = (level: number, ...content: Node[]): Node => ({
  type: "heading",
  attrs: { level },
  content,
});
const li = (...content: Node[]): Node => ({ type: "listItem", content });

const paper = () =>
  docOf([
    h(1, "Ocean governance"),
    p("The high seas cover ", { text: "two thirds", marks: { bold: {} } }, " of the ocean."),
    h(2, "Recommendations"),
    {
      type: "bulletList",
      content: [
        li(p("Ratify the ", { text: "BBNJ", marks: { italic: {} } }, " agreement")),
        li(p("Fund monitoring"), {
          type: "orderedList",
          attrs: { start: 3 },
          content: [li(p("satellites")), li(p("buoys"))],
        }),
      ],
    },
    { type: "blockquote", content: [p("Science informs diplomacy.")] },
    { type: "codeBlock", attrs: { language: "json" }, content: ['{"a": 1}'] },
    p(
      "See ",
      {
        text: "the treaty",
        marks: { link: { href: "https://example.org/bbnj", target: "_blank" } },
      },
      " and ",
      { text: "code()", marks: { code: {} } },
      { type: "hardBreak" },
      "next line",
    ),
  ]);

describe("readContent", () => {
  it("reads plain text, one line per block", () => {
    const content = readContent(paper());
    expect(content.text).toBe(
      [
        "Ocean governance",
        "The high seas cover two thirds of the ocean.",
        "Recommendations",
        "Ratify the BBNJ agreement",
        "Fund monitoring",
        "satellites",
        "buoys",
        "Science informs diplomacy.",
        '{"a": 1}',
        "See the treaty and code()",
        "next line",
      ].join("\n"),
    );
  });

  it("builds the outline from headings", () => {
    expect(readContent(paper()).outline).toEqual([
      { level: 1, text: "Ocean governance" },
      { level: 2, text: "Recommendations" },
    ]);
  });

  it("renders markdown with marks, lists, quotes and code", () => {
    expect(readContent(paper()).markdown).toBe(
      [
        "# Ocean governance",
        "",
        "The high seas cover **two thirds** of the ocean.",
        "",
        "## Recommendations",
        "",
        "- Ratify the _BBNJ_ agreement",
        "- Fund monitoring",
        "  3. satellites",
        "  4. buoys",
        "",
        "> Science informs diplomacy.",
        "",
        "```json",
        '{"a": 1}',
        "```",
        "",
        "See [the treaty](https://example.org/bbnj) and `code()`\\",
        "next line",
      ].join("\n"),
    );
  });

  it("nests overlapping marks and keeps spaces outside delimiters", () => {
    const doc = docOf([
      p(
        { text: "bold ", marks: { bold: {} } },
        { text: "both", marks: { bold: {}, italic: {} } },
        " plain *star*",
      ),
    ]);
    expect(readContent(doc).markdown).toBe("**bold _both_** plain \\*star\\*");
  });

  it("counts words", () => {
    expect(readContent(paper()).wordCount).toBe(countWords(readContent(paper()).text));
    expect(countWords("The EU's 2030 target — net-zero, by U.S. standards.")).toBe(8);
    expect(countWords("")).toBe(0);
  });

  it("gives empty content for an empty document", () => {
    expect(readContent(new Y.Doc())).toEqual({
      text: "",
      markdown: "",
      outline: [],
      wordCount: 0,
      lastEditedAt: null,
    });
  });

  it("keeps a cited survey result's place in the markdown", () => {
    const doc = docOf([
      p("Before"),
      { type: "evidence", attrs: { citationId: "c-1" } },
      p("After"),
    ]);
    const content = readContent(doc);
    expect(content.markdown).toBe("Before\n\n> Evidence: survey result, citation c-1\n\nAfter");
    expect(content.text).toBe("Before\nAfter");
  });

  it("tolerates nodes outside the schema", () => {
    const doc = docOf([
      { type: "callout", content: [p("inside a callout")] },
      { type: "mystery", content: ["loose text"] },
      { type: "horizontalRule" },
    ]);
    const content = readContent(doc);
    expect(content.text).toBe("inside a callout\nloose text");
    expect(content.markdown).toBe("inside a callout\n\nloose text\n\n---");
  });
});

describe("loadPaperContent", () => {
  it("gives empty content for a paper nobody edited", async () => {
    const store = createMemoryStore();
    expect(await loadPaperContent(store, "nobody-edited")).toEqual({
      text: "",
      markdown: "",
      outline: [],
      wordCount: 0,
      lastEditedAt: null,
    });
  });

  it("reads snapshot + tail and reports the last edit time", async () => {
    const store = createMemoryStore();
    const doc = paper();
    await store.documents.append("p1", Y.encodeStateAsUpdate(doc), {
      memberId: "ada",
      at: "2025-03-01T10:00:00.000Z",
    });
    const sv = Y.encodeStateVector(doc);
    insertBlocks(doc, 0, [p("Preface")]);
    await store.documents.append("p1", Y.encodeStateAsUpdate(doc, sv), {
      memberId: "bo",
      at: "2025-03-02T09:00:00.000Z",
    });
    const content = await loadPaperContent(store, "p1");
    expect(content.text.startsWith("Preface\nOcean governance")).toBe(true);
    expect(content.lastEditedAt).toBe("2025-03-02T09:00:00.000Z");
  });
});

describe("comment anchors", () => {
  it("anchors a range of the plain text and follows edits around it", () => {
    const doc = paper();
    const { text } = readContent(doc);
    const from = text.indexOf("two thirds");
    const anchor = createAnchor(doc, from, from + "two thirds".length);
    expect(anchor.quote).toBe("two thirds");
    expect(resolveAnchor(doc, anchor)).toBe("two thirds");

    // Someone edits before and inside the range, on another replica.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const paragraph = other.getXmlFragment("body").get(1) as Y.XmlElement;
    const run = paragraph.get(0) as Y.XmlText;
    run.insert(0, "Today, ");
    run.insert("Today, The high seas cover two".length, " of the");
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    expect(resolveAnchor(doc, anchor)).toBe("two of the thirds");
  });

  it("does not grow when someone types at its edges", () => {
    const doc = docOf([p("alpha beta gamma")]);
    const anchor = createAnchor(doc, 6, 10);
    const run = (doc.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    run.insert(10, "!!");
    run.insert(6, "<<");
    expect(resolveAnchor(doc, anchor)).toBe("beta");
  });

  it("spans blocks", () => {
    const doc = docOf([p("first block"), p("second block")]);
    const anchor = createAnchor(doc, 6, 18);
    expect(anchor.quote).toBe("block\nsecond");
    expect(resolveAnchor(doc, anchor)).toBe("block\nsecond");
  });

  it("resolves to null when the anchored paragraph is removed", () => {
    const doc = docOf([p("keep"), p("remove me")]);
    const anchor = createAnchor(doc, 5, 11);
    doc.getXmlFragment("body").delete(1, 1);
    expect(resolveAnchor(doc, anchor)).toBeNull();
  });

  it("resolves to an empty string when the text in range was deleted", () => {
    const doc = docOf([p("alpha beta gamma")]);
    const anchor = createAnchor(doc, 6, 10);
    const run = (doc.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    run.delete(6, 4);
    expect(resolveAnchor(doc, anchor)).toBe("");
  });

  it("refuses ranges outside the text and papers without text", () => {
    const doc = docOf([p("short")]);
    expect(() => createAnchor(doc, 2, 99)).toThrow(/outside the text/);
    expect(() => createAnchor(doc, 3, 2)).toThrow(/outside the text/);
    expect(() => createAnchor(new Y.Doc(), 0, 0)).toThrow(/no text/);
    expect(resolveAnchor(doc, { start: "garbage!", end: "garbage!" })).toBeNull();
  });
});
