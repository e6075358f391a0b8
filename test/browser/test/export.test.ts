// Exporting a paper from its page in Chromium: the lead writes a heading and a paragraph, a
// reader (a VIEWER) opens the paper and exports it as Markdown with the comments as notes and as
// Word; each file arrives as a download and holds the paper (Markdown: its text; DOCX: a zip).
// The PDF hint shows only while PDF is chosen, and axe finds nothing wrong with the control.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { AddCommentDocument, PaperContentDocument } from "@accord/client";
import type { Browser, Download, Page } from "playwright-core";
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

/** Every axe-core violation inside `selector`, whatever its impact, described. */
async function violationsIn(page: Page, selector: string): Promise<string[]> {
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  // Evaluated through the DevTools protocol: the app's CSP rightly refuses injected scripts.
  await page.evaluate(readFileSync(axePath, "utf8"));
  return page.evaluate(async (include) => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global script
    const axe = (window as any).axe;
    const result = await axe.run({ include: [include] }, { resultTypes: ["violations"] });
    return (
      result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[]
    ).map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, selector);
}

/** Wait until the server's copy of the paper (what an export renders) has `phrase`. */
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

/** Export in `format` through the panel and wait for the browser's download of the file. */
async function exportAs(page: Page, format: string, withComments: boolean): Promise<Download> {
  const panel = page.getByRole("region", { name: "Export" });
  await panel.getByLabel("Format").selectOption({ label: format });
  await panel.getByLabel("Include comments as notes").setChecked(withComments);
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 60_000 }),
    panel.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  // The panel says where the file came from, and is ready for the next export.
  await panel
    .getByRole("status")
    .getByRole("link", { name: download.suggestedFilename() })
    .waitFor();
  await panel.getByRole("button", { name: "Export", exact: true, disabled: false }).waitFor();
  return download;
}

async function bytesOf(download: Download): Promise<Buffer> {
  const failure = await download.failure();
  if (failure)
    throw new Error(`The download of ${download.suggestedFilename()} failed: ${failure}`);
  return readFileSync(await download.path());
}

describe("exporting a paper from its page", () => {
  it("downloads Markdown with comments as notes and Word, from an accessible control", async () => {
    const paperId = await createPaper(backend, "ana", { ben: "VIEWER" }, "Ocean data for all");
    const path = `/papers/${paperId}`;
    const lead = await signedInPage(browser, backend, "ana", path);
    await openPaper(lead.page);
    // TipTap's input rule turns "## " into a second-level heading.
    await typeAtEnd(lead.page, "## Why share ocean data");
    await lead.page.keyboard.press("Enter");
    await lead.page.keyboard.type("Observations matter to negotiators.");
    await storedText(paperId, "Observations matter to negotiators.");
    await lead.context.close();
    await backend.as("ana").request(AddCommentDocument, {
      input: { paperId, body: "Cite the Argo programme here." },
    });

    const reader = await signedInPage(browser, backend, "ben", path);
    const page = reader.page;
    await openPaper(page);
    const panel = page.getByRole("region", { name: "Export" });
    await panel.waitFor();

    // The PDF's script limits are said while PDF is chosen, and only then.
    const hint = panel.getByText("PDF shows Latin, Greek and Cyrillic text", { exact: false });
    expect(await hint.isVisible()).toBe(false);
    await panel.getByLabel("Format").selectOption({ label: "PDF" });
    await hint.waitFor();
    expect(await panel.getByLabel("Format").getAttribute("aria-describedby")).toBe(
      await hint.getAttribute("id"),
    );
    expect(await violationsIn(page, ".export-panel")).toEqual([]);

    const markdown = await exportAs(page, "Markdown", true);
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const text = (await bytesOf(markdown)).toString("utf8");
    expect(text).toContain("Ocean data for all");
    expect(text).toMatch(/^#+ Why share ocean data$/m);
    expect(text).toContain("Observations matter to negotiators.");
    expect(text).toContain("Cite the Argo programme here.");

    const word = await exportAs(page, "Word (DOCX)", false);
    expect(word.suggestedFilename()).toMatch(/\.docx$/);
    const docx = await bytesOf(word);
    expect(docx.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(docx.length).toBeGreaterThan(1_000);

    // After both downloads the control still passes axe (the status line with its link).
    expect(await violationsIn(page, ".export-panel")).toEqual([]);
    await reader.context.close();
  });
});
