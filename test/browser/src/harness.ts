// What the browser tests share: a fresh build of the web app when it is stale, the real local
// backend (startServer on port 0, SQLite in a temp dir) serving it, Debian's Chromium through
// playwright-core, and typed GraphQL calls (the client SDK) for setting up papers.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AccordClient, createClient } from "@accord/client";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { startServer } from "@accord/standalone";
import { ensureWebBuild, WEB_DIST_DIR } from "@accord/web";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const ARTIFACTS_DIR = fileURLToPath(new URL("../../../test-artifacts", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";

/** Build the app unless dist/ is newer than every source file. */
export async function ensureBuilt(): Promise<void> {
  await ensureWebBuild();
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}: run apt-get install -y chromium`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface TokenOptions {
  ttlSeconds?: number;
  /** In the coordinators group (platform role COORDINATOR). */
  coordinator?: boolean;
}

export interface Backend {
  /** http://127.0.0.1:<port>: the app, /graphql and /collab on one origin. */
  origin: string;
  token(username: string, options?: TokenOptions): Promise<string>;
  /** Typed GraphQL calls as `username`. */
  as(username: string, options?: TokenOptions): AccordClient;
  close(): Promise<void>;
}

/**
 * The real local backend (startServer) on port 0 with a temp SQLite file, serving the built app
 * beside /graphql and /collab, as `pnpm start` does.
 */
export async function startBackend(
  setup: {
    /** What /config.json says (default: the development sign-in). */
    webConfig?: () => Record<string, unknown>;
  } = {},
): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), "accord-web-"));
  const backend = await startServer({
    port: 0,
    dataDir,
    store: "sqlite",
    logLevel: "warn",
    webDistDir: WEB_DIST_DIR,
    webConfig: setup.webConfig?.(),
  });
  const key = await loadOrCreateDevSigningKey(dataDir);
  const mint = (username: string, options: TokenOptions = {}) =>
    mintLocalToken(key, {
      username,
      ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
      ...(options.coordinator ? { coordinator: true } : {}),
    });
  const origin = `http://127.0.0.1:${backend.port}`;
  return {
    origin,
    token: mint,
    as(username, options = {}) {
      return createClient({ url: `${origin}/graphql`, token: () => mint(username, options) });
    },
    async close() {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One test file's world: a fresh build, the real backend and one Chromium, started before the
 * file's tests and closed after them. `ready` receives them once they are up.
 */
export function useBrowserSuite(
  ready: (suite: { backend: Backend; browser: Browser }) => void,
  setup?: Parameters<typeof startBackend>[0],
): void {
  let backend: Backend | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    backend = await startBackend(setup);
    browser = await launchChromium();
    ready({ backend, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.close();
  });
}

/** Open a fresh browser profile and sign in through the development sign-in form. */
export async function signedInPage(
  browser: Browser,
  backend: Backend,
  username: string,
  path: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${backend.origin}/sign-in?returnTo=${encodeURIComponent(path)}`);
  await page.getByLabel("Username").fill(username);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === path);
  return { context, page };
}

/**
 * A paper started by `lead` with these collaborators, open in one signed-in browser profile per
 * person (the lead first, then the collaborators in the order given), each connected.
 */
export async function openPaperTogether<
  Lead extends string,
  Others extends Record<string, "LEAD" | "EDITOR" | "COMMENTER" | "VIEWER">,
>(
  backend: Backend,
  browser: Browser,
  lead: Lead,
  collaborators: Others,
): Promise<{
  paperId: string;
  path: string;
  /** Each person's browser profile and page, by username. */
  people: Record<Lead | (keyof Others & string), { context: BrowserContext; page: Page }>;
}> {
  const paperId = await createPaper(backend, lead, collaborators);
  const path = `/papers/${paperId}`;
  const people: Record<string, { context: BrowserContext; page: Page }> = {};
  for (const username of [lead, ...Object.keys(collaborators)]) {
    people[username] = await signedInPage(browser, backend, username, path);
  }
  await Promise.all(Object.values(people).map(({ page }) => openPaper(page)));
  return { paperId, path, people };
}

/** The paper page is ready: the editor is there and live editing is connected. */
export async function openPaper(page: Page): Promise<void> {
  await page.locator(".paper-body").waitFor();
  await page.locator('.connection[data-state="connected"]').waitFor();
}

/** The text of the paper as its reader sees it: without collaborators' caret labels. */
export function editorText(page: Page): Promise<string> {
  return page.locator(".paper-body").evaluate((body) => {
    const copy = body.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll(".collaboration-cursor__caret")) caret.remove();
    // innerText needs layout: measure the copy in the page, then take it out again.
    copy.style.position = "absolute";
    copy.style.left = "-10000px";
    document.body.append(copy);
    const text = copy.innerText.trim();
    copy.remove();
    return text;
  });
}

/** Wait until the editor's text passes `check`; the failure names what it last saw. */
export async function waitForText(
  page: Page,
  check: (text: string) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    last = await editorText(page);
    if (check(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`Timed out waiting for ${what}; the editor shows: ${JSON.stringify(last)}`);
}

/** Put the caret at the end of the document and type. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator(".paper-body").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

/** Start a working group and a paper as `lead`, with the others as collaborators. */
export async function createPaper(
  backend: Backend,
  lead: string,
  collaborators: Record<string, "LEAD" | "EDITOR" | "COMMENTER" | "VIEWER">,
  title = "Ocean observation for climate diplomacy",
): Promise<string> {
  const {
    MeDocument,
    WebAddCollaboratorDocument,
    WebCreatePaperDocument,
    WebCreateWorkingGroupDocument,
  } = await import("@accord/client");
  const api = backend.as(lead);
  const group = await api.request(WebCreateWorkingGroupDocument, {
    input: { name: `Oceans ${Math.random().toString(36).slice(2, 8)}`, description: "" },
  });
  const paper = await api.request(WebCreatePaperDocument, {
    input: { workingGroupId: group.createWorkingGroup.id, title, summary: "A joint position." },
  });
  for (const [username, role] of Object.entries(collaborators)) {
    const me = await backend.as(username).request(MeDocument);
    if (!me.me) throw new Error(`${username} has no member record`);
    await api.request(WebAddCollaboratorDocument, {
      input: { paperId: paper.createPaper.id, memberId: me.me.id, role },
    });
  }
  return paper.createPaper.id;
}

/** Select `phrase` in the editor the way a mouse drag would: a DOM selection in the text. */
export async function selectPhrase(page: Page, phrase: string): Promise<void> {
  await page.locator(".paper-body").focus();
  const found = await page.evaluate((wanted) => {
    const root = document.querySelector(".paper-body");
    if (!root) return false;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return true;
    }
    return false;
  }, phrase);
  if (!found) throw new Error(`"${phrase}" is not in the editor`);
}

/** Run axe-core in the page; the serious and critical violations, described. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  // Evaluated through the DevTools protocol: the app's CSP rightly refuses injected <script>s.
  await page.evaluate(readFileSync(axePath, "utf8"));
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global script
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return (
      result.violations as {
        id: string;
        impact: string;
        help: string;
        nodes: { target: string[] }[];
      }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.slice(0, 3).join(", ")})`);
}

/**
 * The words under a comment highlight. A collaborator's caret inside the range splits it into
 * several spans, so join them (the caret labels are not text of the paper).
 */
export async function highlightedText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".paper-body .comment-highlight")]
      .map((span) => {
        const copy = span.cloneNode(true) as HTMLElement;
        for (const caret of copy.querySelectorAll(".collaboration-cursor__caret")) caret.remove();
        return copy.textContent ?? "";
      })
      .join(""),
  );
}

/** Wait until the highlighted words are `expected`. */
export async function waitForHighlight(
  page: Page,
  expected: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    last = await highlightedText(page);
    if (last === expected) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`Timed out waiting for the highlight on "${expected}"; it covers "${last}"`);
}
