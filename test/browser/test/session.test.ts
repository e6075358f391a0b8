// A sign-in that expires while someone is editing: the app asks them to sign in again on the
// same page, and the edits they made meanwhile are kept and sent afterwards.
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  createPaper,
  editorText,
  openPaper,
  openPaperTogether,
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

describe("an expired sign-in", () => {
  it("asks to sign in again without losing unsent edits", async () => {
    const paperId = await createPaper(backend, "ines", { otto: "EDITOR" });
    const path = `/papers/${paperId}`;
    const ines = await signedInPage(browser, backend, "ines", path);

    // Otto's token lives 12 seconds (the app treats the last 5 as expired already).
    const lifetime = 12;
    const token = await backend.token("otto", { ttlSeconds: lifetime });
    const expiresAt = Date.now() + lifetime * 1000;
    const otto = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await otto.addInitScript(
      (session) => {
        if (!localStorage.getItem("accord.session")) {
          localStorage.setItem("accord.session", JSON.stringify(session));
        }
      },
      { token, expiresAt, name: "otto" },
    );
    const page = await otto.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${backend.origin}${path}`);
    await Promise.all([openPaper(ines.page), openPaper(page)]);

    // Offline, Otto keeps writing while his token runs out.
    await otto.setOffline(true);
    await page.locator('.connection[data-state="offline"]').waitFor();
    await typeAtEnd(page, "Written while the sign-in ran out.");
    await page.waitForFunction((deadline) => Date.now() > deadline + 500, expiresAt, {
      timeout: (lifetime + 5) * 1000,
    });
    await otto.setOffline(false);

    // The server refuses the stale token; the page asks Otto to sign in again, edits intact.
    const dialog = page.getByRole("dialog", { name: "Sign in again" });
    await dialog.waitFor();
    await expect(page.locator(".connection").getAttribute("data-state")).resolves.toBe(
      "signed-out",
    );
    expect(await editorText(page)).toContain("Written while the sign-in ran out.");
    await dialog.getByLabel("Username").fill("otto");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.locator('.connection[data-state="connected"]').waitFor();
    await waitForText(
      ines.page,
      (t) => t.includes("Written while the sign-in ran out."),
      "Otto's kept edit at Ines's",
    );

    await otto.close();
    await ines.context.close();
  });

  it("keeps edits made offline on the device, even across a closed tab, and sends them later", async () => {
    const {
      path,
      people: { uma, theo },
    } = await openPaperTogether(backend, browser, "uma", { theo: "EDITOR" });
    await typeAtEnd(theo.page, "Energy grids cross borders.");
    await waitForText(uma.page, (t) => t.includes("cross borders."), "Theo's online text at Uma's");

    await theo.context.setOffline(true);
    await theo.page.locator('.connection[data-state="offline"]').waitFor();
    await typeAtEnd(theo.page, " Typed offline, tab closed.");
    await theo.page.locator('.connection:not([data-unsent="0"])').waitFor();
    // Closing a tab abandons IndexedDB writes still in flight: close once the edit is stored.
    await theo.page.locator('.connection[data-stored-on-device="true"]').waitFor();
    await theo.page.close();
    expect(await editorText(uma.page)).not.toContain("tab closed");

    // Back online in a new tab: the edit comes out of the device's store and reaches Uma.
    await theo.context.setOffline(false);
    const again = await theo.context.newPage();
    await again.goto(`${backend.origin}${path}`);
    await openPaper(again);
    await waitForText(
      uma.page,
      (t) => t.includes("Typed offline, tab closed."),
      "the stored edit at Uma's",
    );

    await theo.context.close();
    await uma.context.close();
  });
});
