// Comments anchored to words: the highlight stays on its words while a co-author inserts text
// before them; replying and resolving work from the side panel.

import { WebCommentThreadsDocument } from "@accord/client";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  highlightedText,
  openPaperTogether,
  selectPhrase,
  typeAtEnd,
  useBrowserSuite,
  waitForHighlight,
  waitForText,
} from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

describe("comments on selected text", () => {
  it("keep their words while text is inserted before them; reply and resolve", async () => {
    const {
      paperId,
      people: { ana, ben },
    } = await openPaperTogether(backend, browser, "ana", { ben: "EDITOR" });

    await typeAtEnd(ana.page, "Sea levels rise faster than projected.");
    await waitForText(ben.page, (t) => t.includes("than projected."), "Ana's sentence at Ben's");

    await selectPhrase(ana.page, "rise faster");
    await ana.page.getByRole("button", { name: "Comment on selection" }).click();
    await ana.page.getByLabel("Comment", { exact: true }).fill("Cite the latest assessment here.");
    await ana.page.getByRole("button", { name: "Post comment" }).click();
    await waitForHighlight(ana.page, "rise faster");
    // Ben's page hears of the new thread and highlights the same words.
    await waitForHighlight(ben.page, "rise faster");

    // Ben writes before the commented words: the highlight moves with them.
    await ben.page.locator(".paper-body").click();
    await ben.page.keyboard.press("Control+Home");
    await ben.page.keyboard.type("Observed since 1993: ");
    await waitForText(
      ana.page,
      (t) => t.startsWith("Observed since 1993: Sea levels"),
      "Ben's insert at Ana's",
    );
    expect(await highlightedText(ana.page)).toBe("rise faster");
    await waitForHighlight(ben.page, "rise faster");
    // And inside the words too: the highlight grows with them.
    await selectPhrase(ben.page, "faster");
    await ben.page.keyboard.press("ArrowLeft");
    await ben.page.keyboard.type("much ");
    await waitForHighlight(ana.page, "rise much faster");
    await waitForHighlight(ben.page, "rise much faster");

    // The server resolves the anchor to the same words.
    const threads = await backend.as("ana").request(WebCommentThreadsDocument, { paperId });
    const thread = threads.paper?.commentThreads.edges[0]?.node;
    expect(thread?.anchor?.quote).toBe("rise faster");
    expect(thread?.anchor?.currentText).toBe("rise much faster");

    // Ben replies; Ana resolves; the highlight goes away for both.
    await ben.page.getByLabel("Reply").fill("Added the 2023 figure.");
    await ben.page.getByRole("button", { name: "Reply", exact: true }).click();
    await ana.page.locator(".comment-body", { hasText: "Added the 2023 figure." }).waitFor();
    await ana.page.getByRole("button", { name: "Resolve" }).click();
    await ana.page.locator(".comment-highlight").first().waitFor({ state: "detached" });
    await ben.page.locator(".comment-highlight").first().waitFor({ state: "detached" });
    await ana.page.getByLabel("Show resolved threads").check();
    await ana.page.locator(".thread.resolved").waitFor();

    await ana.context.close();
    await ben.context.close();
  });
});
