// Two co-authors in two browsers on one paper: each sees the other's text and caret; one goes
// offline, both keep typing, and after reconnecting both show the same text.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  ARTIFACTS_DIR,
  type Backend,
  editorText,
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

describe("two co-authors on one paper", () => {
  it("see each other's text and caret, and converge after one was offline", async () => {
    const {
      people: { alice, bob },
    } = await openPaperTogether(backend, browser, "alice", { bob: "EDITOR" });

    await typeAtEnd(alice.page, "Oceans absorb most of the excess heat.");
    await waitForText(
      bob.page,
      (text) => text.includes("excess heat."),
      "Alice's sentence at Bob's",
    );
    await typeAtEnd(bob.page, " Monitoring needs shared data.");
    await waitForText(
      alice.page,
      (text) => text.includes("shared data."),
      "Bob's sentence at Alice's",
    );

    // Each sees the other's named caret and both in the presence list.
    await alice.page.locator(".collaboration-cursor__label", { hasText: "bob" }).waitFor();
    await bob.page.locator(".collaboration-cursor__label", { hasText: "alice" }).waitFor();
    await expect(alice.page.locator(".presence").innerText()).resolves.toContain("bob");
    await expect(bob.page.locator(".presence").innerText()).resolves.toContain("alice");
    // Their carets have different colours.
    const caretColor = (page: typeof alice.page) =>
      page
        .locator(".collaboration-cursor__caret")
        .evaluate((caret) => getComputedStyle(caret).borderLeftColor);
    await bob.page.waitForFunction(
      () => document.querySelectorAll(".presence .person").length === 2,
    );
    const colors = new Set([await caretColor(alice.page), await caretColor(bob.page)]);
    expect(colors.size).toBe(2);

    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await alice.page.screenshot({ path: join(ARTIFACTS_DIR, "paper-two-carets-alice.png") });
    await bob.page.screenshot({ path: join(ARTIFACTS_DIR, "paper-two-carets-bob.png") });

    // Bob loses the network; both keep typing.
    await bob.context.setOffline(true);
    await bob.page.locator('.connection[data-state="offline"]').waitFor();
    await typeAtEnd(bob.page, " Bob wrote this offline.");
    await typeAtEnd(alice.page, " Alice kept writing online.");
    await bob.page.locator('.connection[data-state="offline"]:not([data-unsent="0"])').waitFor();
    await expect(bob.page.locator(".connection").innerText()).resolves.toMatch(/unsent edit/);
    expect(await editorText(alice.page)).not.toContain("Bob wrote this offline.");

    await bob.context.setOffline(false);
    await bob.page.locator('.connection[data-state="connected"]').waitFor();
    const both = (text: string) =>
      text.includes("Bob wrote this offline.") && text.includes("Alice kept writing online.");
    const atAlice = await waitForText(alice.page, both, "both offline-era sentences at Alice's");
    const atBob = await waitForText(bob.page, both, "both offline-era sentences at Bob's");
    // Converged: the same text on both sides (Yjs orders the concurrent inserts the same way).
    const settled = await waitForText(bob.page, (text) => text === atAlice, "identical text");
    expect(settled).toBe(await editorText(alice.page));
    expect(atBob.length).toBe(atAlice.length);

    await alice.context.close();
    await bob.context.close();
  });
});
