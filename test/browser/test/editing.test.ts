// The document structure DESIGN.md names, written with the toolbar and shortcuts and read back
// by the server; collaborators managed from the page, a role change reaching the other person's
// editor; endorsing once the paper is open for endorsement.

import { MeDocument, PaperContentDocument } from "@accord/client";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  createPaper,
  openPaper,
  selectPhrase,
  signedInPage,
  typeAtEnd,
  useBrowserSuite,
  waitForText,
} from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

describe("writing a paper", () => {
  it("produces headings, paragraphs, marks, lists, code and quotes the server reads back", async () => {
    const paperId = await createPaper(backend, "rosa", {});
    const { context, page } = await signedInPage(browser, backend, "rosa", `/papers/${paperId}`);
    await openPaper(page);
    const tool = (name: string) => page.getByRole("button", { name, exact: true }).click();

    await page.locator(".paper-body").click();
    await tool("H1 heading");
    await page.keyboard.type("Energy security");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Grids need ");
    await page.keyboard.press("Control+b");
    await page.keyboard.type("shared");
    await page.keyboard.press("Control+b");
    await page.keyboard.type(" rules and ");
    await page.keyboard.press("Control+i");
    await page.keyboard.type("trust");
    await page.keyboard.press("Control+i");
    await page.keyboard.type(" with `code` ");
    await page.keyboard.press("Enter");
    await tool("Bulleted list");
    await page.keyboard.type("storage");
    await page.keyboard.press("Enter");
    await page.keyboard.type("interconnectors");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await tool("1. List (numbered)");
    await page.keyboard.type("first step");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await tool("Code block");
    await page.keyboard.type("capacity = demand * 1.2");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await tool("Quote");
    await page.keyboard.type("Security is shared.");

    await selectPhrase(page, "rules");
    page.once("dialog", (dialog) => void dialog.accept("https://example.org/rules"));
    await tool("Link");
    await page.locator('.paper-body a[href="https://example.org/rules"]').waitFor();
    await page.locator(".outline").getByRole("button", { name: "Energy security" }).waitFor();

    const deadline = Date.now() + 20_000;
    let markdown = "";
    while (Date.now() < deadline) {
      const content = await backend.as("rosa").request(PaperContentDocument, { id: paperId });
      markdown = content.paper?.content.markdown ?? "";
      if (markdown.includes("Security is shared.") && markdown.includes("example.org")) break;
      await page.waitForTimeout(100);
    }
    expect(markdown).toMatch(/^# Energy security$/m);
    expect(markdown).toContain("**shared**");
    expect(markdown).toMatch(/[_*]trust[_*]/);
    expect(markdown).toContain("`code`");
    expect(markdown).toContain("[rules](https://example.org/rules)");
    expect(markdown).toMatch(/^[-*] storage$/m);
    expect(markdown).toMatch(/^[-*] interconnectors$/m);
    expect(markdown).toMatch(/^1\. first step$/m);
    expect(markdown).toMatch(/```[a-z]*\ncapacity = demand \* 1\.2\n```/);
    expect(markdown).toMatch(/^> Security is shared\.$/m);
    const content = await backend.as("rosa").request(PaperContentDocument, { id: paperId });
    expect(content.paper?.content.outline).toEqual([{ level: 1, text: "Energy security" }]);
    expect(await page.locator(".word-count").innerText()).toBe(
      `${content.paper?.content.wordCount} words`,
    );
    await context.close();
  });

  it("adds a collaborator by search, and a role change reaches their open editor", async () => {
    await backend.as("mia").request(MeDocument);
    const paperId = await createPaper(backend, "lou", {});
    const path = `/papers/${paperId}`;
    const lou = await signedInPage(browser, backend, "lou", path);
    await openPaper(lou.page);

    await lou.page.getByLabel("Find a member").fill("mia");
    await lou.page.getByRole("button", { name: "Search", exact: true }).click();
    await lou.page
      .getByLabel("Member", { exact: true })
      .locator("option", { hasText: "mia" })
      .waitFor({ state: "attached" });
    await lou.page.getByLabel("Role", { exact: true }).selectOption("EDITOR");
    await lou.page.getByRole("button", { name: "Add collaborator" }).click();
    const miaRole = lou.page.getByLabel("Role of mia");
    await miaRole.waitFor();

    const mia = await signedInPage(browser, backend, "mia", path);
    await openPaper(mia.page);
    await typeAtEnd(mia.page, "Mia drafts the storage section.");
    await waitForText(lou.page, (t) => t.includes("storage section."), "Mia's text at Lou's");

    await miaRole.selectOption("VIEWER");
    await mia.page.locator('.paper-body[contenteditable="false"]').waitFor();
    await mia.page.locator(".read-only-note", { hasText: "viewer" }).waitFor();

    // Open for endorsement: Mia, now a viewer, endorses on behalf of her organisation.
    for (const action of ["Send to review", "Open for endorsement"]) {
      await lou.page.getByRole("button", { name: action }).click();
      await lou.page.getByRole("button", { name: action }).waitFor({ state: "detached" });
    }
    await mia.page.getByLabel("On behalf of (organisation)").fill("Nordic Energy Council");
    await mia.page.getByRole("button", { name: "Endorse", exact: true }).click();
    await mia.page.getByRole("button", { name: "Withdraw my endorsement" }).waitFor();
    await lou.page
      .getByRole("region", { name: "Endorsements" })
      .getByText("Nordic Energy Council")
      .waitFor();
    await expect(lou.page.getByText("1 endorsement", { exact: true }).isVisible()).resolves.toBe(
      true,
    );
    await mia.page.getByRole("button", { name: "Withdraw my endorsement" }).click();
    await lou.page.getByText("0 endorsements", { exact: true }).waitFor();

    await lou.context.close();
    await mia.context.close();
  });
});
