// Public pages on the local server: a paper published through GraphQL is readable at
// /p/<paperId> without signing in (200), answers 410 once archived, and anything else under /p/
// is 404, each with the same security headers as the other routes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, resolveConfig, startServer } from "../../src/index.ts";

let server: RunningServer;
let dataDir: string;
let origin: string;
let token: string;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const move = (id: string, status: string) =>
  gql(
    `mutation ($id: ID!, $status: PaperStatus!) {
      changePaperStatus(input: { id: $id, status: $status }) { status } }`,
    { id, status },
  );

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "accord-public-pages-"));
  server = await startServer({ port: 0, dataDir, store: "sqlite", logLevel: "warn" });
  origin = `http://127.0.0.1:${server.port}`;
  token = await mintLocalToken(await loadOrCreateDevSigningKey(dataDir), { username: "ana" });
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
}

describe("--site-url", () => {
  it("takes a public origin for canonical links, from the flag or the environment", () => {
    expect(resolveConfig([], {})).toMatchObject({ siteUrl: undefined });
    expect(resolveConfig(["--site-url", "https://accord.example.org"], {})).toMatchObject({
      siteUrl: "https://accord.example.org",
    });
    expect(resolveConfig([], { ACCORD_SITE_URL: "http://localhost:4000" })).toMatchObject({
      siteUrl: "http://localhost:4000",
    });
    expect(() => resolveConfig(["--site-url", "https://accord.example.org/p"], {})).toThrow(
      /must be an origin/,
    );
  });
});

describe("/p/<paperId>", () => {
  it("serves a published paper to anyone (200), then its 410 page once archived", async () => {
    const { createWorkingGroup } = await gql<{ createWorkingGroup: { id: string } }>(
      `mutation { createWorkingGroup(input: { name: "Oceans" }) { id } }`,
    );
    const { createPaper } = await gql<{ createPaper: { id: string } }>(
      `mutation ($group: ID!) { createPaper(input: { workingGroupId: $group,
        title: "Ocean observation", summary: "Sharing ocean data." }) { id } }`,
      { group: createWorkingGroup.id },
    );
    const path = `/p/${createPaper.id}`;
    // Not published yet: there is no page, and the answer does not say the paper exists.
    const before = await fetch(`${origin}${path}`);
    expect(before.status).toBe(404);
    await before.text();

    for (const status of ["IN_REVIEW", "ENDORSEMENT", "PUBLISHED"])
      await move(createPaper.id, status);
    const page = await fetch(`${origin}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expectSecurityHeaders(page);
    const html = await page.text();
    expect(html).toContain("<h1>Ocean observation</h1>");
    expect(html).toContain(`<link rel="canonical" href="${path}">`);
    const head = await fetch(`${origin}${path}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(html)));

    await move(createPaper.id, "ARCHIVED");
    const gone = await fetch(`${origin}${path}`);
    expect(gone.status).toBe(410);
    expectSecurityHeaders(gone);
    const goneHtml = await gone.text();
    expect(goneHtml).toContain("This paper is no longer published");
    expect(goneHtml).not.toContain("Ocean observation");
  });

  it("answers 404 for an unknown paper or a path that is not a page, 405 for other methods", async () => {
    for (const path of [
      "/p/00000000-0000-4000-8000-000000000000",
      "/p/",
      "/p/..%2Faccord.sqlite",
      "/p/%E0%A4%A",
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(404);
      expectSecurityHeaders(response);
      await response.text();
    }
    const post = await fetch(`${origin}/p/x`, { method: "POST", body: "" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("gives published papers without a page one at start (here: the demo platform's)", async () => {
    const demoDir = mkdtempSync(join(tmpdir(), "accord-public-pages-demo-"));
    const demo = await startServer({
      port: 0,
      dataDir: demoDir,
      store: "sqlite",
      logLevel: "warn",
      seed: "demo",
    });
    try {
      const demoOrigin = `http://127.0.0.1:${demo.port}`;
      const listed = await fetch(`${demoOrigin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "{ papers(first: 100) { edges { node { id title } } } }",
        }),
      });
      const { data } = (await listed.json()) as {
        data: { papers: { edges: { node: { id: string; title: string } }[] } };
      };
      // Anonymous callers see exactly the published papers.
      expect(data.papers.edges.length).toBeGreaterThan(0);
      for (const { node } of data.papers.edges) {
        const page = await fetch(`${demoOrigin}/p/${node.id}`);
        expect(page.status, node.title).toBe(200);
        const escaped = node.title.replace(
          /[&<>"']/g,
          (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
        );
        expect(await page.text()).toContain(`<h1>${escaped}</h1>`);
      }
    } finally {
      await demo.close();
      rmSync(demoDir, { recursive: true, force: true });
    }
  });
});
