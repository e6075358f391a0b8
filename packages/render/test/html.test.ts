import { describe, expect, it } from "vitest";
import { paperTree, renderHtmlBody } from "../src/index.ts";
import { docOf, h, p, samplePaper, text } from "./fixtures.ts";

describe("renderHtmlBody", () => {
  it("renders blocks, lists, marks and links with heading ids", () => {
    const html = renderHtmlBody(paperTree(samplePaper()));
    expect(html).toContain('<h1 id="ocean-governance">Ocean governance</h1>');
    expect(html).toContain("<p>The high seas cover <strong>two thirds</strong> of the ocean.</p>");
    expect(html).toContain(
      '<ul><li><p>Ratify the <em>BBNJ</em> agreement</p></li><li><p>Fund monitoring</p>\n<ol start="3"><li><p>satellites</p></li><li><p>buoys</p></li></ol></li></ul>',
    );
    expect(html).toContain("<blockquote><p>Science informs diplomacy.</p></blockquote>");
    expect(html).toContain('<pre><code class="language-json">{&quot;a&quot;: 1}</code></pre>');
    expect(html).toContain(
      '<a href="https://example.org/bbnj" rel="noopener noreferrer nofollow">the treaty</a> and <code>code()</code><br>next line <s>struck</s>',
    );
    expect(html).toContain('<h2 id="recommendations-2">Recommendations</h2>');
    expect(html).toContain('<aside class="evidence" data-citation-id="c-1">');
  });

  it("escapes text and drops links that are not web or mail links", () => {
    const doc = docOf([
      h(2, '<script>alert("x")</script>'),
      p(
        text("click", ["link", { href: "javascript:alert(1)" }]),
        " ",
        text("mail", ["link", { href: "mailto:a@example.org" }]),
        " <img src=x onerror=alert(1)>",
      ),
      {
        type: "paragraph",
        content: [{ type: "image", attrs: { src: "data:text/html,x", alt: "a" } }],
      },
    ]);
    const html = renderHtmlBody(paperTree(doc));
    expect(html).not.toMatch(/<script|<img|javascript:|data:/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("<p>click ");
    expect(html).toContain('<a href="mailto:a@example.org"');
  });

  it("numbers notes in the order of their marks and lists them after the body", () => {
    const tree = {
      blocks: [
        {
          type: "paragraph" as const,
          content: [
            { type: "text" as const, text: "Seas", marks: [] },
            { type: "noteRef" as const, noteId: "b" },
            { type: "text" as const, text: " and ice", marks: [] },
            { type: "noteRef" as const, noteId: "a" },
          ],
        },
      ],
    };
    const html = renderHtmlBody(tree, {
      notes: [
        { id: "a", quote: "ice", paragraphs: ["Ana: <cite> the source"] },
        { id: "whole", quote: null, paragraphs: ["Ben: good draft"] },
        { id: "b", quote: "Seas", paragraphs: ["Cy: which seas?"] },
      ],
      idPrefix: "paper-",
    });
    expect(html).toContain(
      'Seas<sup class="note-ref" id="paper-note-ref-1"><a href="#paper-note-1">1</a></sup> and ice<sup class="note-ref" id="paper-note-ref-2"><a href="#paper-note-2">2</a></sup>',
    );
    expect(html).toContain(
      '<li id="paper-note-1"><blockquote class="note-quote">Seas</blockquote><p>Cy: which seas?</p></li>' +
        '<li id="paper-note-2"><blockquote class="note-quote">ice</blockquote><p>Ana: &lt;cite&gt; the source</p></li>' +
        '<li id="paper-note-3"><p>Ben: good draft</p></li>',
    );
  });
});
