import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { paperTree, tableOfContents } from "../src/index.ts";
import { docOf, h, p, samplePaper, text } from "./fixtures.ts";

describe("paperTree", () => {
  it("reads blocks, lists and marks in the tree's fixed order", () => {
    const tree = paperTree(samplePaper());
    expect(tree.blocks.map((b) => b.type)).toEqual([
      "heading",
      "paragraph",
      "heading",
      "bulletList",
      "blockquote",
      "codeBlock",
      "paragraph",
      "heading",
      "evidence",
    ]);
    expect(tree.blocks[1]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "The high seas cover ", marks: [] },
        { type: "text", text: "two thirds", marks: [{ type: "bold" }] },
        { type: "text", text: " of the ocean.", marks: [] },
      ],
    });
    const list = tree.blocks[3];
    expect(list?.type === "bulletList" && list.items[1]?.blocks[1]).toMatchObject({
      type: "orderedList",
      start: 3,
    });
    expect(tree.blocks[5]).toEqual({ type: "codeBlock", language: "json", text: '{"a": 1}' });
    const link = docOf([p(text("x", "code", "bold", ["link", { href: "https://a.example" }]))]);
    expect(paperTree(link).blocks[0]).toEqual({
      type: "paragraph",
      content: [
        {
          type: "text",
          text: "x",
          marks: [{ type: "link", href: "https://a.example" }, { type: "bold" }, { type: "code" }],
        },
      ],
    });
  });

  it("gives headings unique ids from their text, listed by the table of contents", () => {
    const doc = docOf([h(1, "Énergie & climat"), h(2, "Énergie & climat"), h(3, "!!!")]);
    expect(tableOfContents(paperTree(doc))).toEqual([
      { level: 1, text: "Énergie & climat", id: "energie-climat" },
      { level: 2, text: "Énergie & climat", id: "energie-climat-2" },
      { level: 3, text: "!!!", id: "section" },
    ]);
  });

  it("shows suggested insertions not at all and suggested deletions as plain text", () => {
    const doc = docOf([
      p(
        "Keep ",
        text("added ", ["suggestionInsert", { id: "s1", author: "m1" }]),
        text("removed", ["suggestionDelete", { id: "s2", author: "m1" }], "italic"),
      ),
    ]);
    expect(paperTree(doc).blocks[0]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "Keep ", marks: [] },
        { type: "text", text: "removed", marks: [{ type: "italic" }] },
      ],
    });
  });

  it("leaves out blocks and list items that only a suggestion adds, keeps empty ones", () => {
    const added = (value: string) => text(value, ["suggestionInsert", { id: "s", author: "m1" }]);
    const doc = docOf([
      p("Kept"),
      p(added("A whole suggested paragraph")),
      { type: "paragraph", content: [] },
      {
        type: "bulletList",
        content: [
          { type: "listItem", content: [p("First")] },
          { type: "listItem", content: [p(added("Suggested item"))] },
        ],
      },
      { type: "orderedList", content: [{ type: "listItem", content: [p(added("Only"))] }] },
      { type: "blockquote", content: [p(added("Suggested quote"))] },
      h(2, added("Suggested heading")),
    ]);
    expect(paperTree(doc).blocks).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "Kept", marks: [] }] },
      { type: "paragraph", content: [] },
      {
        type: "bulletList",
        items: [
          {
            blocks: [{ type: "paragraph", content: [{ type: "text", text: "First", marks: [] }] }],
          },
        ],
      },
    ]);
  });

  it("places a note mark where its anchor ends, and follows edits before it", () => {
    const doc = docOf([p("The high seas cover two thirds of the ocean.")]);
    const textNode = (doc.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const position = (index: number, assoc: number) =>
      Buffer.from(
        Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(textNode, index, assoc)),
      ).toString("base64");
    const anchors = [{ noteId: "n1", start: position(20, 0), end: position(30, -1) }];
    textNode.insert(0, "Today ");
    expect(paperTree(doc, { anchors }).blocks[0]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "Today The high seas cover two thirds", marks: [] },
        { type: "noteRef", noteId: "n1" },
        { type: "text", text: " of the ocean.", marks: [] },
      ],
    });
    // An anchor that no longer resolves (garbage) places nothing.
    expect(
      paperTree(doc, { anchors: [{ noteId: "n2", start: "AAAA", end: "%%" }] }).blocks[0],
    ).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "Today The high seas cover two thirds of the ocean.", marks: [] },
      ],
    });
  });

  it("is empty for an empty document and keeps text of nodes outside the schema", () => {
    expect(paperTree(new Y.Doc())).toEqual({ blocks: [] });
    const doc = docOf([
      { type: "callout", content: [p("inside a callout")] },
      { type: "mystery", content: [{ type: "text", text: "loose text" }] },
    ]);
    expect(paperTree(doc).blocks).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "inside a callout", marks: [] }] },
      { type: "paragraph", content: [{ type: "text", text: "loose text", marks: [] }] },
    ]);
  });
});
