// A published paper's public page in Chromium: the lead writes the paper in the editor and
// publishes it, follows the paper page's link to the public page; an anonymous reader opens it
// without signing in, finds its contents and text, and axe-core finds no violations at all;
// printed, the page drops the site chrome and still renders; archived, it answers 410.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  PaperContentDocument,
  WebChangePaperStatusDocument,
  WebEndorsePaperDocument,
} from "@accord/client";
import { evidenceFigure, type PublicEvidence, renderPublicPage } from "@accord/publication";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  createPaper,
  openPaper,
  signedInPage,
  typeAtEnd,
  useBrowserSuite,
} from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

/** Every axe-core violation in the page, whatever its impact, described. */
async function violations(page: Page): Promise<string[]> {
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  // Evaluated through the DevTools protocol: the page's CSP rightly refuses injected scripts.
  await page.evaluate(readFileSync(axePath, "utf8"));
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global script
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return (
      result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[]
    ).map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** Wait until the server's copy of the paper (what publishing renders) has `phrase`. */
async function storedText(paperId: string, phrase: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let text = "";
  while (Date.now() < deadline) {
    const result = await backend.as("ana").request(PaperContentDocument, { id: paperId });
    text = result.paper?.content.text ?? "";
    if (text.includes(phrase)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The stored paper never had "${phrase}"; it has ${JSON.stringify(text)}`);
}

async function changeStatus(
  paperId: string,
  status: "IN_REVIEW" | "ENDORSEMENT" | "PUBLISHED" | "ARCHIVED",
) {
  await backend.as("ana").request(WebChangePaperStatusDocument, { input: { id: paperId, status } });
}

describe("a published paper's public page", () => {
  it("is read without signing in, passes axe, prints, and answers 410 once archived", async () => {
    const title = "Ocean observation for climate diplomacy";
    const paperId = await createPaper(backend, "ana", { ben: "EDITOR", chen: "VIEWER" }, title);
    const path = `/papers/${paperId}`;
    const lead = await signedInPage(browser, backend, "ana", path);
    await openPaper(lead.page);
    // TipTap's input rule turns "## " into a second-level heading.
    await typeAtEnd(lead.page, "## Why share ocean data");
    await lead.page.keyboard.press("Enter");
    await lead.page.keyboard.type("Observations matter to negotiators.");
    await lead.page.keyboard.press("Enter");
    await lead.page.keyboard.type("## Recommendations");
    await lead.page.keyboard.press("Enter");
    await lead.page.keyboard.type("Share ocean data openly.");
    await storedText(paperId, "Share ocean data openly.");

    await changeStatus(paperId, "IN_REVIEW");
    await changeStatus(paperId, "ENDORSEMENT");
    await backend.as("chen").request(WebEndorsePaperDocument, {
      input: { paperId, organisation: "Ocean Institute", statement: "We agree." },
    });
    await changeStatus(paperId, "PUBLISHED");

    // The lead's paper page links to the public page once the paper is published.
    await lead.page.goto(`${backend.origin}${path}`);
    const link = lead.page.getByRole("link", { name: "Public page" });
    await link.click();
    await lead.page.waitForURL((url) => url.pathname === `/p/${paperId}`);
    await lead.page.getByRole("heading", { level: 1, name: title }).waitFor();
    await lead.context.close();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const response = await page.goto(`${backend.origin}/p/${paperId}`);
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    expect(await page.title()).toBe(`${title} — Accord`);
    expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toBe(`/p/${paperId}`);
    expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(title);
    const authors = page.getByRole("region", { name: "Authors" });
    expect(await authors.getByRole("listitem").allTextContents()).toEqual([
      "ana (lead author)",
      "ben",
    ]);
    await page.getByText("Ocean Institute").waitFor();

    // The contents lead to the headings of the text.
    const contents = page.getByRole("navigation", { name: "Contents" });
    expect(await contents.getByRole("link").allTextContents()).toEqual([
      "Why share ocean data",
      "Recommendations",
    ]);
    await contents.getByRole("link", { name: "Recommendations" }).click();
    await page.waitForURL((url) => url.hash.startsWith("#text-recommendations"));
    await page.getByRole("heading", { level: 2, name: "Recommendations" }).waitFor();
    await page.getByText("Share ocean data openly.").waitFor();

    expect(await violations(page)).toEqual([]);

    // Printed: the site header goes, the text stays, and Chromium makes a PDF of it.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.getByRole("heading", { level: 1, name: title }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(5_000);
    await page.emulateMedia({ media: "screen" });
    expect(await page.locator(".site-header").isVisible()).toBe(true);

    await changeStatus(paperId, "ARCHIVED");
    const gone = await page.goto(`${backend.origin}/p/${paperId}`);
    expect(gone?.status()).toBe(410);
    await page
      .getByRole("heading", { level: 1, name: "This paper is no longer published" })
      .waitFor();
    expect(await page.getByText(title).count()).toBe(0);
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it("shows cited survey results (in the text and at the end) that axe finds no fault with", async () => {
    const cell = (
      group: "OVERALL" | "DIPLOMACY" | "SCIENCE_TECHNOLOGY",
      respondents: number | null,
    ) => ({
      group,
      suppressed: respondents === null,
      respondents,
      mean: respondents === null ? null : 3.9,
      median: respondents === null ? null : 4,
      distribution:
        respondents === null
          ? []
          : [
              { value: 4, label: "Agree", count: respondents - 3, meanRank: null },
              { value: 5, label: "Strongly agree", count: 3, meanRank: null },
            ],
    });
    const cited = (citationId: string, prompt: string): PublicEvidence => ({
      citationId,
      surveyTitle: "Perceptions of ocean data",
      prompt,
      kind: "LIKERT",
      mode: "FROZEN",
      citedAt: "2026-11-01T10:00:00.000Z",
      results: {
        questionId: "q1",
        overall: cell("OVERALL", 40),
        byCommunity: [cell("SCIENCE_TECHNOLOGY", 31), cell("DIPLOMACY", null)],
        difference: null,
      },
    });
    const inText = cited("c1", "Ocean data should be shared openly");
    const atEnd = { ...cited("c2", "Negotiators read the data"), results: null };
    const html = renderPublicPage({
      id: "0b4f6c1e-1a2b-4c3d-8e9f-001122334455",
      title: "Ocean observation for climate diplomacy",
      summary: "A joint position.",
      workingGroup: "Oceans",
      publishedAt: "2026-12-05T09:30:00.000Z",
      authors: [{ displayName: "Ana Lima", affiliation: "University of Lisbon", role: "LEAD" }],
      endorsements: [],
      topics: ["Oceans"],
      diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
      body: {
        html: `<h2 id="text-why">Why</h2><p>Because.</p>${evidenceFigure(inText)}`,
        contents: [{ level: 2, text: "Why", id: "text-why" }],
        evidenceInText: ["c1"],
      },
      evidence: [inText, atEnd],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${backend.origin}/healthz`);
    await page.setContent(html);
    await page.getByRole("table", { name: "By community" }).waitFor();
    await page.getByText("The survey's results are not public.").waitFor();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});
