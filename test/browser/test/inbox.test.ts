// Mentions and the inbox: Ana mentions Bea in a comment through the @ picker; Bea's unread
// badge goes up on the page she has open, without a reload; from her inbox she lands on the
// thread, and the badge goes back down.
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  openPaperTogether,
  selectPhrase,
  seriousViolations,
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

/** The badge polls every few seconds: wait generously, never on a fixed sleep. */
const BADGE_DEADLINE_MS = 60_000;

function badge(page: Page) {
  return page.locator(".inbox-link .badge");
}

describe("mentions and the inbox", () => {
  it("notify the mentioned collaborator live, and lead from the inbox to the thread", async () => {
    const {
      paperId,
      people: { ana, bea },
    } = await openPaperTogether(backend, browser, "ana", { bea: "COMMENTER" });
    // Bea's page keeps a mark: it is gone if anything reloads the page.
    await bea.page.evaluate(() => {
      (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
    });
    expect(await badge(bea.page).isHidden()).toBe(true);

    await typeAtEnd(ana.page, "Coastal monitoring needs shared buoys.");
    await waitForText(bea.page, (t) => t.includes("shared buoys."), "Ana's sentence at Bea's");
    await selectPhrase(ana.page, "shared buoys");
    await ana.page.getByRole("button", { name: "Comment on selection" }).click();
    const box = ana.page.getByLabel("Comment", { exact: true });
    await box.click();
    await box.pressSequentially("Could @be");
    // The picker offers the collaborators whose names match; Enter picks the highlighted one.
    const option = ana.page.getByRole("option", { name: /bea/ });
    await option.waitFor();
    expect(await seriousViolations(ana.page)).toEqual([]);
    await box.press("Enter");
    await box.pressSequentially("check the costs?");
    expect(await box.inputValue()).toMatch(/^Could @\[bea\]\(member:[^)]+\) check the costs\?$/);
    await ana.page.getByRole("button", { name: "Post comment" }).click();
    // The posted comment shows the mention as a name.
    const mention = ana.page.locator(".comment-body .mention");
    await mention.waitFor();
    expect(await mention.textContent()).toBe("@bea");

    // Bea's badge shows it without a reload; Ana (who wrote it) has nothing.
    await badge(bea.page).filter({ hasText: /^1$/ }).waitFor({ timeout: BADGE_DEADLINE_MS });
    expect(
      await bea.page.evaluate(
        () => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage,
      ),
    ).toBe(true);
    expect(await badge(ana.page).isHidden()).toBe(true);

    // From the inbox, Bea opens the thread.
    await bea.page.getByRole("link", { name: /Inbox, 1 unread/ }).click();
    await bea.page.waitForURL((url) => url.pathname === "/inbox");
    const entry = bea.page.getByRole("link", { name: /ana mentioned you on/ });
    await entry.waitFor();
    expect(await seriousViolations(bea.page)).toEqual([]);
    expect(await bea.page.locator(".notification .excerpt").textContent()).toBe(
      "Could @bea check the costs?",
    );
    await entry.click();
    await bea.page.waitForURL(
      (url) => url.pathname === `/papers/${paperId}` && url.searchParams.has("thread"),
    );
    const threadId = new URL(bea.page.url()).searchParams.get("thread");
    const thread = bea.page.locator(`.thread.active[data-thread="${threadId}"]`);
    await thread.waitFor();
    expect(await thread.locator(".comment-body").textContent()).toBe("Could @bea check the costs?");
    expect(
      await bea.page.evaluate(() => document.activeElement?.getAttribute("data-thread") ?? null),
    ).toBe(threadId);
    // Opening it marked it read: the badge is gone.
    await badge(bea.page).waitFor({ state: "hidden", timeout: BADGE_DEADLINE_MS });

    await ana.context.close();
    await bea.context.close();
  });
});
