// Suggestions (track changes) in two browsers against the real backend: a COMMENTER suggests an
// insertion and a deletion, the LEAD sees them marked with their author, a reload keeps an open
// suggestion, and the LEAD accepts and rejects them; the LEAD may suggest too.

import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  editorText,
  openPaper,
  openPaperTogether,
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

/** The text of the suggestion marks of one kind, as shown. */
const marked = (page: Page, kind: "insert" | "delete") =>
  page.locator(`.paper-body .suggestion-${kind}`).evaluateAll((marks) =>
    marks.map((mark) => {
      // Without collaborators' caret labels, which may sit inside a mark.
      const copy = mark.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll(".collaboration-cursor__caret")) caret.remove();
      return copy.textContent ?? "";
    }),
  );

async function waitForMarks(
  page: Page,
  kind: "insert" | "delete",
  check: (texts: string[]) => boolean,
  what: string,
): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await marked(page, kind);
    if (check(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`Timed out waiting for ${what}; the marks are ${JSON.stringify(last)}`);
}

/** The paper's open suggestions and text, as GraphQL reads them from the stored document. */
async function stored(paperId: string, username: string) {
  const response = await fetch(`${backend.origin}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await backend.token(username)}`,
    },
    body: JSON.stringify({
      query: `query($id: ID!) { paper(id: $id) {
        suggestions { kind text authorName } content { text } } }`,
      variables: { id: paperId },
    }),
  });
  const body = (await response.json()) as {
    data?: {
      paper: {
        suggestions: { kind: string; text: string; authorName: string }[];
        content: { text: string };
      };
    };
  };
  if (!body.data) throw new Error(`GraphQL said ${JSON.stringify(body)}`);
  return body.data.paper;
}

describe("suggestions", () => {
  it("a commenter suggests, the lead sees it marked and accepts or rejects; a reload keeps it", async () => {
    const {
      paperId,
      people: { sofia: lead, cyrus: commenter },
    } = await openPaperTogether(backend, browser, "sofia", { cyrus: "COMMENTER" });

    await typeAtEnd(lead.page, "Oceans absorb heat");
    await waitForText(commenter.page, (t) => t.includes("absorb heat"), "the lead's text");

    // The commenter's editor takes input, without the formatting toolbar: every edit is a
    // suggestion.
    await expect(
      commenter.page.locator(".paper-body").getAttribute("contenteditable"),
    ).resolves.toBe("true");
    await expect(
      commenter.page.getByRole("toolbar", { name: "Formatting" }).isHidden(),
    ).resolves.toBe(true);
    await expect(commenter.page.locator(".suggesting-note").innerText()).resolves.toMatch(
      /suggestions/,
    );

    await typeAtEnd(commenter.page, " and carbon");
    // A letter typed before the same letter: it must be the new one that is marked. The caret
    // is moved with keys, which reach the editor in order.
    const keys = async (key: string, times: number) => {
      for (let i = 0; i < times; i++) await commenter.page.keyboard.press(key);
    };
    await commenter.page.keyboard.press("Home");
    await keys("ArrowRight", "Oceans ".length);
    await commenter.page.keyboard.type("a");
    // A word suggested for deletion: selected, then Backspace.
    await commenter.page.keyboard.press("Home");
    await keys("ArrowRight", "Oceans aabsorb ".length);
    await keys("Shift+ArrowRight", "heat".length);
    await commenter.page.keyboard.press("Backspace");

    await waitForMarks(
      lead.page,
      "insert",
      (texts) => texts.includes(" and carbon") && texts.includes("a"),
      "the suggested insertions at the lead's",
    );
    await waitForMarks(lead.page, "delete", (texts) => texts.includes("heat"), "the deletion");
    expect(await editorText(lead.page)).toContain("Oceans aabsorb heat and carbon");
    const title = await lead.page
      .locator(".paper-body .suggestion-insert", { hasText: "and carbon" })
      .getAttribute("title");
    expect(title).toContain("cyrus");
    // Nothing was refused: what the commenter suggested is what the server holds.
    const open = await stored(paperId, "sofia");
    expect(open.suggestions.map((s) => [s.kind, s.text]).sort()).toEqual([
      ["DELETE", "heat"],
      ["INSERT", " and carbon"],
      ["INSERT", "a"],
    ]);

    // The marks and the review panel have no serious accessibility problems.
    expect(await seriousViolations(lead.page)).toEqual([]);

    // A reload (from the device's copy and the server) keeps the open suggestions.
    await commenter.page.reload();
    await openPaper(commenter.page);
    await waitForMarks(
      commenter.page,
      "insert",
      (texts) => texts.includes(" and carbon"),
      "the suggestion after a reload",
    );

    // The panel shows where a suggestion is: its text selected in the editor.
    await lead.page
      .getByRole("button", { name: "Show in the text: cyrus suggests to delete “heat”" })
      .click();
    await lead.page.waitForFunction(() => window.getSelection()?.toString() === "heat");

    // The lead accepts one insertion, rejects the other, then accepts everything by cyrus.
    await lead.page
      .getByRole("button", { name: "Accept: cyrus suggests to insert “ and carbon”" })
      .click();
    await lead.page.getByRole("button", { name: "Reject: cyrus suggests to insert “a”" }).click();
    await lead.page.getByRole("button", { name: "Accept all suggestions by cyrus" }).click();
    for (const { page } of [lead, commenter]) {
      await waitForText(
        page,
        (t) => t.includes("Oceans absorb  and carbon"),
        "the accepted and rejected suggestions",
      );
      await waitForMarks(page, "insert", (texts) => texts.length === 0, "no insertion marks");
      await waitForMarks(page, "delete", (texts) => texts.length === 0, "no deletion marks");
    }
    const after = await stored(paperId, "sofia");
    expect(after.suggestions).toEqual([]);
    expect(after.content.text).toBe("Oceans absorb  and carbon");

    // The lead switches to suggesting: their edit is a suggestion too, which the lead rejects.
    await lead.page.getByRole("button", { name: "Suggesting: off" }).click();
    // Suggestions are insertions and deletions: the formatting toolbar goes while suggesting.
    await lead.page.getByRole("toolbar", { name: "Formatting" }).waitFor({ state: "hidden" });
    await typeAtEnd(lead.page, " today");
    await waitForMarks(
      commenter.page,
      "insert",
      (texts) => texts.includes(" today"),
      "the lead's suggestion at the commenter's",
    );
    await lead.page.getByRole("button", { name: "Reject all suggestions", exact: true }).click();
    await waitForText(commenter.page, (t) => !t.includes("today"), "the rejected suggestion");
    await lead.page.getByRole("button", { name: "Suggesting: on" }).click();
    await lead.page.getByRole("toolbar", { name: "Formatting" }).waitFor({ state: "visible" });

    for (const { context } of [lead, commenter]) await context.close();
  });
});
