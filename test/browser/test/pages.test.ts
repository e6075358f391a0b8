// Around the paper: sign-in, working groups and papers with filters, creating a paper, the
// profile — each page checked with axe-core (no serious or critical violations) and driven by
// the keyboard where it matters.

import { MeDocument, WebWorkingGroupsDocument } from "@accord/client";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  openPaper,
  selectPhrase,
  seriousViolations,
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

/** Tab through the page; what got focus, by accessible name or text. */
async function tabStops(page: Page, presses: number): Promise<string[]> {
  await page.locator("body").focus();
  const stops: string[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    stops.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "";
        const labelled = el.getAttribute("aria-label");
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
        return (labelled ?? label ?? el.textContent ?? "").trim();
      }),
    );
  }
  return stops;
}

describe("pages around the paper", () => {
  it("sign in, start a group and a paper, filter the list, edit the profile", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${backend.origin}/papers/whatever`);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Username").fill("nora");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/papers/whatever");
    await page.getByRole("heading", { name: "Paper not found" }).waitFor();

    await page.getByRole("link", { name: "Working groups" }).click();
    await page.getByRole("heading", { name: "Working groups", exact: true }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Arctic science diplomacy");
    await page.getByRole("button", { name: "Create group" }).click();
    // The new group's page, where its convener may start a paper.
    await page.getByRole("heading", { name: "Arctic science diplomacy" }).waitFor();
    await page.getByRole("button", { name: "Create paper" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The convener brings a colleague into the group, who may then start papers in it.
    await backend.as("olaf").request(MeDocument);
    await page.getByText("Add a member").click();
    await page.getByLabel("Find a member").fill("olaf");
    await page.getByRole("button", { name: "Find", exact: true }).click();
    await page
      .getByLabel("Member", { exact: true })
      .locator("option", { hasText: "olaf" })
      .waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Add to group" }).click();
    await page.getByText("Added to the group.").waitFor();
    const olafGroups = await backend.as("olaf").request(WebWorkingGroupsDocument, { first: 10 });
    expect(
      olafGroups.workingGroups.edges.map((edge) => [
        edge.node.name,
        edge.node.viewerCanCreatePaper,
      ]),
    ).toEqual([["Arctic science diplomacy", true]]);

    await page.getByLabel("Title").fill("Shared Arctic observatories");
    await page.getByLabel("Summary").fill("Why research stations should be open to all.");
    await page.getByLabel("Science for diplomacy").check();
    await page.getByRole("button", { name: "Create paper" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/papers/"));
    await openPaper(page);
    await page.getByRole("heading", { name: "Shared Arctic observatories" }).waitFor();

    // Filters narrow the list: the paper is a draft for science-for-diplomacy, not published.
    await page.getByRole("link", { name: "Papers", exact: true }).click();
    const list = page.locator(".paper-list");
    await list.getByRole("link", { name: "Shared Arctic observatories" }).waitFor();
    await page.getByLabel("Status").selectOption("PUBLISHED");
    await page.getByText("No papers match these filters.").waitFor();
    await page.getByLabel("Status").selectOption("DRAFT");
    await page.getByLabel("Diplomacy type").selectOption("SCIENCE_FOR_DIPLOMACY");
    await list.getByRole("link", { name: "Shared Arctic observatories" }).waitFor();
    await page.getByLabel("Diplomacy type").selectOption("DIPLOMACY_FOR_SCIENCE");
    await page.getByText("No papers match these filters.").waitFor();

    await page.getByRole("link", { name: "Profile" }).click();
    await page.getByLabel("Affiliation").fill("Polar Institute");
    await page.getByLabel("Country").fill("no");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Profile saved.").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const me = await backend.as("nora").request(MeDocument);
    expect(me.me?.affiliation).toBe("Polar Institute");
    expect(me.me?.country).toBe("NO");

    // A bad value is refused with a sentence, not a dump.
    await page.getByLabel("Country").fill("zz");
    await page.getByRole("button", { name: "Save profile" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).not.toMatch(/[{}]/);

    await context.close();
  });

  it("the paper page has no serious accessibility problems and works from the keyboard", async () => {
    const { context, page } = await signedInPage(browser, backend, "kai", "/");
    await page.getByLabel("Name", { exact: true }).fill("Ocean governance");
    await page.getByRole("button", { name: "Create group" }).click();
    await page.getByLabel("Title").fill("High seas treaty in practice");
    await page.getByRole("button", { name: "Create paper" }).click();
    await openPaper(page);

    // Write with the keyboard: a heading, a paragraph, bold text; the outline follows.
    await page.locator(".paper-body").focus();
    await page.getByRole("button", { name: "H2 heading" }).click();
    await page.keyboard.type("Why it matters");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Marine protected areas need monitoring.");
    await page.locator(".outline").getByRole("button", { name: "Why it matters" }).waitFor();
    await expect(page.locator(".word-count").innerText()).resolves.toBe("8 words");

    await selectPhrase(page, "monitoring");
    await page.getByRole("button", { name: "Comment on selection" }).click();
    await page.getByLabel("Comment", { exact: true }).fill("Which agency?");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator(".comment-highlight").waitFor();
    await page.getByLabel("Version name").fill("First outline");
    await page.getByLabel("Version name").press("Enter");
    await page.getByRole("button", { name: "View “First outline”" }).waitFor();

    expect(await seriousViolations(page)).toEqual([]);

    // Every control is on the Tab path: toolbar, the text itself, panels and workflow.
    const stops = await tabStops(page, 60);
    for (const name of [
      "Bold",
      "H1 heading",
      "Code block",
      "Undo",
      "Send to review",
      "Save version",
    ]) {
      expect(stops, `Tab never reaches ${name}: ${stops.join(" | ")}`).toContain(name);
    }
    expect(stops.some((stop) => stop.startsWith("Text of"))).toBe(true);

    // A version opens as a dialog that the keyboard can leave.
    await page.getByRole("button", { name: "View “First outline”" }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.locator(".version-text").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    await typeAtEnd(page, " Done.");
    await context.close();
  });
});
