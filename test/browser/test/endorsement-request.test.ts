// Asking for endorsements: Ana, the lead, asks Bea from the endorsements panel (Dan has already
// endorsed, so he is not offered); Bea finds the request with its message in her inbox and
// lands on the paper, where only leads see the control. Then the server refuses two requests
// the page could not foresee, and each refusal reads as a sentence about the paper as it is.
import { WebChangePaperStatusDocument, WebEndorsePaperDocument } from "@accord/client";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  createPaper,
  openPaper,
  seriousViolations,
  signedInPage,
  useBrowserSuite,
} from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

/** The machine is shared and busy: wait generously for what the page shows. */
const DEADLINE_MS = 60_000;
const TITLE = "Ocean observation for climate diplomacy";

function requestForm(page: Page) {
  return page.getByRole("form", { name: "Request an endorsement" });
}

function offered(page: Page): Promise<string[]> {
  return page.getByLabel("Collaborator to ask").locator("option").allTextContents();
}

describe("requesting an endorsement", () => {
  it("reaches the member's inbox, and refusals say why", { timeout: 300_000 }, async () => {
    const paperId = await createPaper(backend, "ana", {
      bea: "COMMENTER",
      cho: "EDITOR",
      dan: "VIEWER",
    });
    const lead = backend.as("ana");
    for (const status of ["IN_REVIEW", "ENDORSEMENT"] as const) {
      await lead.request(WebChangePaperStatusDocument, { input: { id: paperId, status } });
    }
    await backend
      .as("dan")
      .request(WebEndorsePaperDocument, { input: { paperId, organisation: "Blue Ocean Lab" } });
    const path = `/papers/${paperId}`;

    const ana = await signedInPage(browser, backend, "ana", path);
    ana.page.setDefaultTimeout(DEADLINE_MS);
    await openPaper(ana.page);
    const panel = ana.page.getByRole("region", { name: "Endorsements" });
    await requestForm(ana.page).waitFor();
    // Neither Ana herself nor Dan, who has endorsed, is offered.
    expect(await offered(ana.page)).toEqual(["bea (Commenter)", "cho (Editor)"]);
    const message = panel.getByLabel("Message (optional)");
    expect(await message.getAttribute("maxlength")).toBe("1000");
    expect(await seriousViolations(ana.page)).toEqual([]);

    await panel.getByLabel("Collaborator to ask").selectOption({ label: "bea (Commenter)" });
    await message.fill("Your costings made section 3; would the institute endorse it?");
    await panel.getByRole("button", { name: "Send request" }).click();
    await panel
      .getByRole("status")
      .filter({ hasText: "Request sent: bea will find it in their inbox, with your message." })
      .waitFor();
    expect(await message.inputValue()).toBe("");
    expect(await offered(ana.page)).toEqual(["bea (Commenter) · asked", "cho (Editor)"]);
    expect(await seriousViolations(ana.page)).toEqual([]);

    // Bea opens her inbox afterwards (a fresh load): the request is there with Ana's message.
    const bea = await signedInPage(browser, backend, "bea", "/inbox");
    bea.page.setDefaultTimeout(DEADLINE_MS);
    const entry = bea.page.getByRole("link", {
      name: `ana asks you to endorse “${TITLE}”`,
    });
    await entry.waitFor();
    expect(await bea.page.locator(".notification .excerpt").allTextContents()).toEqual([
      "Your costings made section 3; would the institute endorse it?",
    ]);
    await entry.click();
    await bea.page.waitForURL((url) => url.pathname === path);
    await openPaper(bea.page);
    // She may endorse; asking others is for leads.
    await bea.page.getByRole("form", { name: "Endorse this paper" }).waitFor();
    expect(await requestForm(bea.page).count()).toBe(0);
    expect(await bea.page.getByText("Request an endorsement").isVisible()).toBe(false);

    // Cho endorses while Ana's page still offers him: the refusal names what happened.
    await backend
      .as("cho")
      .request(WebEndorsePaperDocument, { input: { paperId, organisation: "Tide Council" } });
    await panel.getByLabel("Collaborator to ask").selectOption({ label: "cho (Editor)" });
    await panel.getByRole("button", { name: "Send request" }).click();
    await panel
      .getByRole("alert")
      .filter({ hasText: "No request was sent: cho has already endorsed this paper." })
      .waitFor();
    // The page fetched the paper again: Cho is gone from the list and counted.
    await panel.getByText("2 endorsements", { exact: true }).waitFor();
    expect(await offered(ana.page)).toEqual(["bea (Commenter) · asked"]);

    // The paper goes back to review elsewhere: the refusal says so, and the control goes away.
    await lead.request(WebChangePaperStatusDocument, {
      input: { id: paperId, status: "IN_REVIEW" },
    });
    await panel.getByRole("button", { name: "Send request" }).click();
    await panel
      .getByRole("alert")
      .filter({
        hasText:
          "No request was sent: the paper is in review now, and endorsements can be requested only while it is open for endorsement.",
      })
      .waitFor();
    await requestForm(ana.page).waitFor({ state: "hidden" });
    expect(await seriousViolations(ana.page)).toEqual([]);

    await ana.context.close();
    await bea.context.close();
  });
});
