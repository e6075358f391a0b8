// Named versions: save one, view it read-only, restore it, and the other open editor follows.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  openPaperTogether,
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

describe("version history", () => {
  it("restoring a version reaches the other open editor", async () => {
    const {
      people: { lia, eli },
    } = await openPaperTogether(backend, browser, "lia", { eli: "EDITOR" });

    await typeAtEnd(lia.page, "Technology controls must stay proportionate.");
    await waitForText(eli.page, (t) => t.includes("proportionate."), "the first text at Eli's");
    await lia.page.getByLabel("Version name").fill("Before the review");
    await lia.page.getByRole("button", { name: "Save version" }).click();
    await lia.page.getByRole("button", { name: "View “Before the review”" }).waitFor();

    await typeAtEnd(eli.page, " Export bans hurt research.");
    await waitForText(lia.page, (t) => t.includes("hurt research."), "Eli's later text at Lia's");

    await lia.page.getByRole("button", { name: "View “Before the review”" }).click();
    const dialog = lia.page.getByRole("dialog");
    await dialog.locator(".version-text").waitFor();
    expect(await dialog.locator(".version-text").innerText()).toContain("must stay proportionate.");
    expect(await dialog.locator(".version-text").innerText()).not.toContain("hurt research");
    await dialog.getByRole("button", { name: "Restore this version" }).click();
    await dialog.waitFor({ state: "detached" });

    const restored = (t: string) =>
      t.includes("must stay proportionate.") && !t.includes("hurt research");
    await waitForText(lia.page, restored, "the restored text at Lia's");
    await waitForText(eli.page, restored, "the restored text at Eli's");

    // The restore is an edit like any other: editing goes on from it.
    await typeAtEnd(eli.page, " Reviewed.");
    await waitForText(lia.page, (t) => t.endsWith("Reviewed."), "an edit after the restore");

    await lia.context.close();
    await eli.context.close();
  });
});
