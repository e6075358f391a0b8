import { describe, expect, it } from "vitest";
import { paperTree, renderMarkdown } from "../src/index.ts";
import { docOf, p, samplePaper, text } from "./fixtures.ts";

describe("renderMarkdown", () => {
  it("writes headings, marks, lists, quotes, code and evidence", () => {
    expect(renderMarkdown(paperTree(samplePaper()))).toBe(
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
        "next line ~~struck~~",
        "",
        "## Recommendations",
        "",
        "> Evidence: survey result, citation c-1",
      ].join("\n"),
    );
  });

  it("nests overlapping marks and keeps spaces outside delimiters", () => {
    const doc = docOf([p(text("bold ", "bold"), text("both", "bold", "italic"), " plain *star*")]);
    expect(renderMarkdown(paperTree(doc))).toBe("**bold _both_** plain \\*star\\*");
  });

  it("writes links to unsafe schemes as their text alone", () => {
    const doc = docOf([
      p(
        text("run", ["link", { href: "javascript:alert(1)" }]),
        " ",
        text("page", ["link", { href: "/p/paper-1" }]),
      ),
    ]);
    expect(renderMarkdown(paperTree(doc))).toBe("run [page](/p/paper-1)");
  });

  it("writes notes as footnotes", () => {
    const tree = {
      blocks: [
        {
          type: "paragraph" as const,
          content: [
            { type: "text" as const, text: "Seas", marks: [] },
            { type: "noteRef" as const, noteId: "a" },
          ],
        },
      ],
    };
    expect(
      renderMarkdown(tree, {
        notes: [{ id: "a", quote: "Seas", paragraphs: ["Ana: which *seas*?", "Ben: all"] }],
      }),
    ).toBe("Seas[^1]\n\n[^1]: “Seas”: Ana: which \\*seas\\*? / Ben: all");
  });
});
