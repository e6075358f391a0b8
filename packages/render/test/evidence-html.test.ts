// A page that has a cited result's figures shows them where the authors put its block.
import { describe, expect, it } from "vitest";
import { paperTree, renderHtmlBody } from "../src/index.ts";
import { samplePaper } from "./fixtures.ts";

describe("renderHtmlBody with evidenceHtml", () => {
  it("puts the caller's HTML in place of a cited result's placeholder, or keeps it on null", () => {
    const tree = paperTree(samplePaper());
    const placed = renderHtmlBody(tree, {
      evidenceHtml: (citationId) => `<figure data-cited="${citationId}">figures</figure>`,
    });
    expect(placed).toContain('<figure data-cited="c-1">figures</figure>');
    expect(placed).not.toContain('<aside class="evidence"');
    const kept = renderHtmlBody(tree, { evidenceHtml: () => null });
    expect(kept).toContain('<aside class="evidence" data-citation-id="c-1">');
  });
});
