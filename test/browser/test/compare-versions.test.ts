// Compare versions: two members type, a version is saved, both type more; comparing the version
// with now shows each one's additions in their colour, named, and what was deleted, and by whom.
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

describe("compare versions", () => {
  it("shows both authors' additions since a saved version, each named", async () => {
    const {
      people: { lia, eli },
    } = await openPaperTogether(backend, browser, "lia", { eli: "EDITOR" });

    await typeAtEnd(lia.page, "Fisheries data should be shared.");
    await waitForText(eli.page, (t) => t.includes("be shared."), "Lia's text at Eli's");
    await typeAtEnd(eli.page, " Within a year.");
    await waitForText(lia.page, (t) => t.includes("Within a year."), "Eli's text at Lia's");
    await lia.page.getByLabel("Version name").fill("First draft");
    await lia.page.getByRole("button", { name: "Save version" }).click();
    await lia.page.getByRole("button", { name: "View “First draft”" }).waitFor();

    await typeAtEnd(lia.page, " Openly.");
    await waitForText(eli.page, (t) => t.includes("Openly."), "Lia's later text at Eli's");
    await typeAtEnd(eli.page, " Monthly reports follow.");
    await waitForText(lia.page, (t) => t.includes("reports follow."), "Eli's later text at Lia's");

    const form = lia.page.getByRole("form", { name: "Compare versions" });
    await expect(form.getByLabel("From").innerText()).resolves.toContain("First draft");
    await form.getByLabel("To").selectOption({ label: "Now" });
    await form.getByRole("button", { name: "Compare" }).click();
    const dialog = lia.page.getByRole("dialog", { name: "Compare versions" });
    await dialog.locator(".compare-text").waitFor();

    const additions = await dialog.locator("ins.compare-added").evaluateAll((nodes) =>
      nodes.map((node) => ({
        text: node.textContent ?? "",
        author: node.getAttribute("data-author"),
      })),
    );
    const by = (author: string) =>
      additions
        .filter((a) => a.author?.toLowerCase().includes(author))
        .map((a) => a.text)
        .join("");
    expect(by("lia")).toContain("Openly.");
    expect(by("eli")).toContain("Monthly reports follow.");
    expect(by("lia")).not.toContain("Monthly");
    // What the version already held is not an addition.
    expect(additions.map((a) => a.text).join("")).not.toContain("Fisheries");
    const legend = await dialog.getByRole("list", { name: "Changes by author" }).innerText();
    expect(legend.toLowerCase()).toContain("lia");
    expect(legend.toLowerCase()).toContain("eli");

    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "detached" });
    await lia.context.close();
    await eli.context.close();
  });
});
