// Who may change the text: a VIEWER sees a read-only editor, a COMMENTER may only suggest
// (suggestions.test.ts), and once the LEAD publishes the paper through the workflow buttons it
// is read-only for everyone.

import { WebPaperDocument } from "@accord/client";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  editorText,
  openPaperTogether,
  selectPhrase,
  seriousViolations,
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

describe("read-only roles", () => {
  it("a VIEWER cannot change the text, a COMMENTER only suggests, while the LEAD can", async () => {
    const {
      paperId,
      people: { lena: lead, vic: viewer, cora: commenter },
    } = await openPaperTogether(backend, browser, "lena", { vic: "VIEWER", cora: "COMMENTER" });

    await typeAtEnd(lead.page, "Space debris threatens shared orbits.");
    await waitForText(
      viewer.page,
      (t) => t.includes("shared orbits."),
      "the lead's text at the viewer's",
    );
    await waitForText(
      commenter.page,
      (t) => t.includes("shared orbits."),
      "the lead's text at the commenter's",
    );

    // The commenter's editor takes suggestions only: no formatting toolbar.
    await expect(
      commenter.page.locator(".paper-body").getAttribute("contenteditable"),
    ).resolves.toBe("true");
    await expect(
      commenter.page.getByRole("toolbar", { name: "Formatting" }).isHidden(),
    ).resolves.toBe(true);
    for (const { page } of [viewer]) {
      await expect(page.locator(".paper-body").getAttribute("contenteditable")).resolves.toBe(
        "false",
      );
      await expect(page.locator(".read-only-note").innerText()).resolves.toMatch(/read-only/);
      await expect(page.getByRole("toolbar", { name: "Formatting" }).isHidden()).resolves.toBe(
        true,
      );
      // Typing into a read-only editor changes nothing, here or for anyone else.
      await typeAtEnd(page, " VIEWER WAS HERE");
      expect(await editorText(page)).not.toContain("VIEWER WAS HERE");
    }
    // The lead's next edit arrives everywhere, and nothing of the read-only typing did.
    await typeAtEnd(lead.page, " Traffic rules need treaties.");
    for (const { page } of [viewer, commenter, lead]) {
      const text = await waitForText(
        page,
        (t) => t.includes("need treaties."),
        "the lead's second edit",
      );
      expect(text).not.toContain("VIEWER WAS HERE");
    }
    const stored = await backend.as("lena").request(WebPaperDocument, { id: paperId });
    expect(stored.paper?.status).toBe("DRAFT");

    // The commenter comments on words of the read-only text; the viewer may not comment.
    await selectPhrase(commenter.page, "shared orbits");
    await commenter.page.getByRole("button", { name: "Comment on selection" }).click();
    await commenter.page.getByLabel("Comment", { exact: true }).fill("Which orbits?");
    await commenter.page.getByRole("button", { name: "Post comment" }).click();
    await waitForHighlight(commenter.page, "shared orbits");
    await waitForHighlight(lead.page, "shared orbits");
    await expect(
      viewer.page.getByRole("button", { name: "Comment on selection" }).isHidden(),
    ).resolves.toBe(true);

    // A viewer's page has no serious accessibility problems either.
    expect(await seriousViolations(viewer.page)).toEqual([]);

    for (const { context } of [lead, viewer, commenter]) await context.close();
  });

  it("a PUBLISHED paper is read-only for everyone, its LEAD included", async () => {
    const {
      paperId,
      people: { pia: lead, ed: editor },
    } = await openPaperTogether(backend, browser, "pia", { ed: "EDITOR" });
    await typeAtEnd(lead.page, "Final text on supply chains.");
    await waitForText(
      editor.page,
      (t) => t.includes("supply chains."),
      "the lead's text at the editor's",
    );

    // The LEAD walks the workflow with the buttons the server allows.
    for (const action of ["Send to review", "Open for endorsement", "Publish"]) {
      await lead.page.getByRole("button", { name: action }).click();
      await lead.page.getByRole("button", { name: action }).waitFor({ state: "detached" });
    }
    await expect(lead.page.locator(".paper-status").innerText()).resolves.toBe("Published");
    for (const { page } of [lead, editor]) {
      await page.locator('.paper-body[contenteditable="false"]').waitFor();
      await expect(page.locator(".read-only-note").innerText()).resolves.toMatch(/frozen/);
      await typeAtEnd(page, " CHANGED AFTER PUBLISHING");
      expect(await editorText(page)).not.toContain("CHANGED AFTER PUBLISHING");
    }
    const stored = await backend.as("pia").request(WebPaperDocument, { id: paperId });
    expect(stored.paper?.status).toBe("PUBLISHED");
    expect(stored.paper?.viewerCan.editText).toBe(false);

    for (const { context } of [lead, editor]) await context.close();
  });
});
