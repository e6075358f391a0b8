// The API explorer at /graphql works with the network cut: every request that is not to the
// local server is aborted (and a dead proxy stands behind that for anything routing misses),
// yet after the development sign-in GraphiQL loads, knows the schema and runs a query with
// the signed-in person's token. No request leaves the origin; the page's policy refuses none.
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type Backend, useBrowserSuite } from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

interface OfflineContext {
  context: BrowserContext;
  /** Every request the pages and their workers made, allowed or not. */
  requests: Request[];
  /** The URLs that were aborted because they were not to the local server. */
  aborted: string[];
}

async function offlineContext(): Promise<OfflineContext> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    // Only the local server bypasses the proxy; everything else goes to a port where nothing
    // listens, so the internet is unreachable whatever the routes below let through.
    proxy: { server: "http://127.0.0.1:9", bypass: "127.0.0.1" },
    serviceWorkers: "block",
  });
  const requests: Request[] = [];
  const aborted: string[] = [];
  context.on("request", (request) => requests.push(request));
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") {
      await route.continue();
      return;
    }
    aborted.push(url.toString());
    await route.abort("internetdisconnected");
  });
  // What the page's Content-Security-Policy refused, if anything.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  return { context, requests, aborted };
}

/** The response pane's text, with Monaco's non-breaking spaces as spaces. */
function responseText(page: Page): Promise<string> {
  return page
    .locator(".graphiql-response")
    .evaluate((pane) => (pane.textContent ?? "").replaceAll("\u00a0", " "));
}

async function runQuery(page: Page, query: string): Promise<void> {
  const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // Inserted whole: typed key by key, Monaco would close each brace a second time.
  await page.keyboard.insertText(query);
  await page.getByRole("button", { name: /Execute query/ }).click();
}

describe("the API explorer with the network cut", () => {
  it("signs in through the web app, runs { me { displayName } } and shows the answer", async () => {
    const { context, requests, aborted } = await offlineContext();
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    // Signed out, the explorer says so and sends no token.
    await page.goto(`${backend.origin}/graphql`);
    const note = page.getByRole("status").filter({ hasText: /signed in/i });
    await expect(note.textContent()).resolves.toContain("Not signed in");

    // The development sign-in of the web app, in the same browser profile.
    await page.goto(`${backend.origin}/sign-in?returnTo=${encodeURIComponent("/")}`);
    await page.getByLabel("Username").fill("ines");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");

    await page.goto(`${backend.origin}/graphql`);
    await page.locator(".explorer-note[data-state='signed-in']").waitFor();
    await expect(note.textContent()).resolves.toContain("Signed in as ines");
    await page.locator(".graphiql-query-editor .monaco-editor").first().waitFor();

    const sent = page.waitForRequest(
      (request) =>
        request.method() === "POST" &&
        new URL(request.url()).pathname === "/graphql" &&
        (request.postData() ?? "").includes("displayName"),
    );
    await runQuery(page, "{ me { displayName } }");
    const request = await sent;
    expect(request.headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const answer = await request.response();
    expect(await answer?.json()).toEqual({ data: { me: { displayName: "ines" } } });
    await expect
      .poll(() => responseText(page), { timeout: 30_000 })
      .toMatch(/"displayName":\s*"ines"/);

    // Nothing left the origin, nothing had to be stopped, and the policy refused nothing.
    const origins = new Set(
      requests.map((each) => new URL(each.url()).origin).filter((origin) => origin !== "null"),
    );
    expect([...origins]).toEqual([backend.origin]);
    expect(aborted).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
    // Monaco's workers came from this origin too.
    expect(
      requests.some((each) => /\/graphql\/assets\/[\w.]+\.worker-[\w-]+\.js$/.test(each.url())),
    ).toBe(true);

    await context.close();
  });
});
