// The public page and the 410 page as a reader and a link preview see them: what is shown,
// where it links, and that nothing a member typed becomes markup.
import type { QuestionResults, ResultCell } from "@accord/domain";
import { describe, expect, it } from "vitest";
import {
  evidenceAnchor,
  evidenceFigure,
  type PublicPaper,
  publicPath,
  renderGonePage,
  renderPublicPage,
} from "../src/index.ts";
import { contentsList } from "../src/page.ts";

const cell = (group: ResultCell["group"], respondents: number | null): ResultCell => ({
  group,
  suppressed: respondents === null,
  respondents,
  mean: respondents === null ? null : 3.5,
  median: respondents === null ? null : 4,
  distribution:
    respondents === null
      ? []
      : [
          { value: 1, label: "Disagree", count: 2, meanRank: null },
          { value: 2, label: "Agree <strongly>", count: respondents - 2, meanRank: null },
        ],
});

const results: QuestionResults = {
  questionId: "q1",
  overall: cell("OVERALL", 40),
  byCommunity: [cell("SCIENCE_TECHNOLOGY", 30), cell("DIPLOMACY", null)],
  difference: null,
};

function paper(overrides: Partial<PublicPaper> = {}): PublicPaper {
  return {
    id: "0b4f6c1e-1a2b-4c3d-8e9f-001122334455",
    title: "Ocean observation for climate diplomacy",
    summary: "A joint position on sharing ocean data.",
    workingGroup: "Oceans",
    publishedAt: "2026-12-05T09:30:00.000Z",
    authors: [
      { displayName: "Ana Lima", affiliation: "University of Lisbon", role: "LEAD" },
      { displayName: "Ben Okafor", affiliation: null, role: "EDITOR" },
    ],
    endorsements: [
      { organisation: "Ocean Institute", endorsedBy: "Chen Wei", statement: "We agree." },
    ],
    topics: ["Oceans", "Climate change"],
    diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
    body: {
      html: '<h2 id="why">Why</h2><p>Because.</p><h3 id="data">Data</h3><p>Shared.</p>',
      contents: [
        { level: 2, text: "Why", id: "why" },
        { level: 3, text: "Data", id: "data" },
      ],
    },
    evidence: [
      {
        citationId: "c1",
        surveyTitle: "Perceptions of ocean data",
        prompt: "Ocean data should be shared openly",
        kind: "LIKERT",
        mode: "FROZEN",
        citedAt: "2026-11-01T10:00:00.000Z",
        results,
      },
    ],
    ...overrides,
  };
}

describe("renderPublicPage", () => {
  it("shows the title, summary, authors, endorsements, topics, diplomacy types and date", () => {
    const html = renderPublicPage(paper());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<title>Ocean observation for climate diplomacy — Accord</title>");
    expect(html).toContain("<h1>Ocean observation for climate diplomacy</h1>");
    expect(html).toContain("A joint position on sharing ocean data.");
    expect(html).toMatch(
      /Ana Lima, <span class="affiliation">University of Lisbon<\/span> \(lead author\)/,
    );
    expect(html).toContain("<li>Ben Okafor</li>");
    expect(html).toContain("<strong>Ocean Institute</strong> (endorsed by Chen Wei)");
    expect(html).toContain("<dd>Oceans, Climate change</dd>");
    expect(html).toContain("<dd>Science for diplomacy</dd>");
    expect(html).toContain('<time datetime="2026-12-05T09:30:00.000Z">5 December 2026</time>');
  });

  it("places the body and a table of contents that links to its headings", () => {
    const html = renderPublicPage(paper());
    expect(html).toContain('<h2 id="why">Why</h2><p>Because.</p>');
    expect(html).toContain(
      '<ol><li><a href="#why">Why</a><ol><li><a href="#data">Data</a></li></ol></li></ol>',
    );
    expect(renderPublicPage(paper({ body: { html: "<p>x</p>", contents: [] } }))).not.toContain(
      'class="toc"',
    );
  });

  it("nests the contents by heading level, and climbs back out", () => {
    expect(
      contentsList([
        { level: 1, text: "A", id: "a" },
        { level: 2, text: "B", id: "b" },
        { level: 3, text: "C", id: "c" },
        { level: 1, text: "D", id: "d" },
      ]),
    ).toBe(
      '<ol><li><a href="#a">A</a><ol><li><a href="#b">B</a><ol><li><a href="#c">C</a></li></ol></li></ol></li><li><a href="#d">D</a></li></ol>',
    );
  });

  it("gives canonical and Open Graph links, absolute when the site's address is known", () => {
    const relative = renderPublicPage(paper());
    const path = publicPath(paper().id);
    expect(relative).toContain(`<link rel="canonical" href="${path}">`);
    // og:url must be absolute: left out when there is no origin to make it so.
    expect(relative).not.toContain("og:url");
    const absolute = renderPublicPage(paper(), {
      siteUrl: "https://accord.example.org/",
      siteName: "Accord Oceans",
    });
    expect(absolute).toContain(`<link rel="canonical" href="https://accord.example.org${path}">`);
    expect(absolute).toContain(
      `<meta property="og:url" content="https://accord.example.org${path}">`,
    );
    expect(absolute).toContain('<meta property="og:type" content="article">');
    expect(absolute).toContain('<meta property="og:site_name" content="Accord Oceans">');
    expect(absolute).toContain(
      '<meta property="og:title" content="Ocean observation for climate diplomacy">',
    );
    expect(absolute).toContain(
      '<meta property="article:published_time" content="2026-12-05T09:30:00.000Z">',
    );
    expect(absolute).toContain('<meta property="article:tag" content="Climate change">');
  });

  it("escapes every value a member typed: a title with <script> stays text", () => {
    const hostile = `</title><script>alert("x")</script>"'&`;
    const html = renderPublicPage(
      paper({
        title: hostile,
        summary: `<img src=x onerror=alert(1)> "quoted"`,
        workingGroup: "<b>group</b>",
        authors: [{ displayName: "<script>", affiliation: `" onmouseover="x`, role: "LEAD" }],
        endorsements: [
          { organisation: "<i>org</i>", endorsedBy: "<u>me</u>", statement: "</blockquote>" },
        ],
        topics: ['"><script>'],
        body: { html: "<p>ok</p>", contents: [{ level: 2, text: "<em>h</em>", id: '"x' }] },
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>group");
    expect(html).not.toContain("<i>org");
    expect(html).toContain(
      "<title>&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&#39;&amp; — Accord</title>",
    );
    expect(html).toContain(
      '<meta property="og:title" content="&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&#39;&amp;">',
    );
    expect(html).toContain(
      '<meta name="description" content="&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;">',
    );
    expect(html).toContain('<a href="#&quot;x">&lt;em&gt;h&lt;/em&gt;</a>');
    expect(html).toContain(
      '&lt;script&gt;, <span class="affiliation">&quot; onmouseover=&quot;x</span>',
    );
    // The only <script> in the document would be one we put there: there is none at all.
    expect(html.match(/<script/gi)).toBeNull();
  });

  it("shows cited survey results with suppressed cells left suppressed", () => {
    const html = renderPublicPage(paper());
    expect(html).toContain(`id="${evidenceAnchor("c1")}"`);
    expect(html).toContain('<h2 id="evidence-heading">Cited survey results</h2>');
    expect(html).toContain("Ocean data should be shared openly");
    expect(html).toContain("Survey: Perceptions of ocean data; figures as of 1 November 2026.");
    expect(html).toContain("40 respondents; mean 3.50, median 4.");
    expect(html).toContain('<th scope="row">Agree &lt;strongly&gt;</th><td class="number">38</td>');
    expect(html).toContain(
      '<tr><th scope="row">Diplomacy</th><td colspan="3">suppressed (too few respondents)</td></tr>',
    );
    expect(html).toContain(
      '<th scope="row">Science &amp; technology</th><td class="number">30</td>',
    );
    const closed = renderPublicPage(
      paper({ evidence: [{ ...paper().evidence[0]!, mode: "LIVE", results: null }] }),
    );
    expect(closed).toContain("The survey's results are not public.");
    expect(closed).toContain("figures as of publication");
    expect(renderPublicPage(paper({ evidence: [] }))).not.toContain("Cited survey results");
  });

  it("lists at the end only the cited results the text does not already show", () => {
    const second = { ...paper().evidence[0]!, citationId: "c2", prompt: "Second question" };
    const html = renderPublicPage(
      paper({
        evidence: [paper().evidence[0]!, second],
        body: {
          html: evidenceFigure(paper().evidence[0]!),
          contents: [],
          evidenceInText: ["c1"],
        },
      }),
    );
    expect(html.match(/id="evidence-c1"/g)).toHaveLength(1);
    const section = html.slice(html.indexOf('id="evidence-heading"'));
    expect(section).toContain("Second question");
    expect(section).not.toContain("Ocean data should be shared openly");
    const allInText = renderPublicPage(
      paper({ body: { html: "", contents: [], evidenceInText: ["c1"] } }),
    );
    expect(allInText).not.toContain("Cited survey results");
  });

  it("carries a print stylesheet and no script", () => {
    const html = renderPublicPage(paper());
    expect(html).toMatch(/@media print \{[\s\S]*\.site-header \{ display: none; \}/);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"/);
  });

  it("cuts a long summary for link previews at a word", () => {
    const summary = `${"word ".repeat(100)}end`;
    const html = renderPublicPage(paper({ summary }));
    const description = /<meta name="description" content="([^"]*)">/.exec(html)?.[1] ?? "";
    expect(description.length).toBeLessThanOrEqual(301);
    expect(description.endsWith("word…")).toBe(true);
  });
});

describe("renderGonePage", () => {
  it("says the paper is withdrawn, without its title, and asks not to be indexed", () => {
    const html = renderGonePage();
    expect(html).toContain("<h1>This paper is no longer published</h1>");
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain("Ocean observation");
    expect(html.match(/<script/gi)).toBeNull();
  });
});
