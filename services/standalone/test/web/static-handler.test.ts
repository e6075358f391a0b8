// The Node handler that serves the built app: files, SPA fallback, runtime config, the
// development sign-in and its refusals, over a real HTTP server on port 0.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebHandler, resolveUnder, securityHeaders } from "../../src/web/index.ts";

let dist: string;
const servers: Server[] = [];

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), "accord-web-dist-"));
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>Accord</title>");
  writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log('app');");
  writeFileSync(join(dist, "robots.txt"), "User-agent: *\n");
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  rmSync(dist, { recursive: true, force: true });
});

async function serve(handler: ReturnType<typeof createWebHandler>): Promise<string> {
  const server = createServer((request, response) => void handler(request, response));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("createWebHandler", () => {
  it("serves files, hashed assets for a year, and index.html for app routes", async () => {
    const origin = await serve(createWebHandler({ distDir: dist }));
    const asset = await fetch(`${origin}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(await asset.text()).toBe("console.log('app');");

    for (const route of ["/", "/papers/42", "/profile?x=1"]) {
      const page = await fetch(`${origin}${route}`);
      expect(page.status, route).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(await page.text()).toContain("<title>Accord</title>");
    }
    const head = await fetch(`${origin}/robots.txt`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("14");
  });

  it("sends security headers, refuses missing files, other methods and escapes from dist", async () => {
    const origin = await serve(createWebHandler({ distDir: dist }));
    const page = await fetch(`${origin}/`);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${origin}/`, { method: "DELETE" })).status).toBe(405);
    // fetch would normalise "..": check the resolver itself, and an encoded escape end to end.
    expect(resolveUnder(dist, "/../../etc/passwd")).toBeNull();
    expect(resolveUnder(dist, "/assets/../robots.txt")).toBe(join(dist, "robots.txt"));
    expect(resolveUnder(dist, "/%2e%2e/%2e%2e/etc/passwd")).toBeNull();
    expect(resolveUnder(dist, "/%E0%A4%A")).toBeNull();
    // The URL parser folds encoded dots away: the request lands inside dist, as an app route.
    const dotted = await fetch(`${origin}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await dotted.text()).toContain("<title>Accord</title>");
  });

  it("says the app is not built rather than serving nothing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "accord-web-empty-"));
    const origin = await serve(createWebHandler({ distDir: empty }));
    const response = await fetch(`${origin}/papers/1`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/pnpm --filter @accord\/web build/);
    rmSync(empty, { recursive: true, force: true });
  });

  it("answers /config.json: development sign-in only when a minting function is given", async () => {
    const dev = await serve(createWebHandler({ distDir: dist, devSignIn: async () => "t" }));
    const config = (await (await fetch(`${dev}/config.json`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      graphqlUrl: "/graphql",
      collabUrl: "/collab",
      auth: { mode: "development", signInUrl: "/auth/dev/sign-in" },
    });
    const plain = await serve(createWebHandler({ distDir: dist }));
    const without = (await (await fetch(`${plain}/config.json`)).json()) as {
      auth: { mode: string };
    };
    expect(without.auth.mode).not.toBe("development");
    const signIn = await fetch(`${plain}/auth/dev/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ada" }),
    });
    expect(signIn.status).toBe(404);
  });

  it("mints a development token for a username, and refuses what it should", async () => {
    const minted: string[] = [];
    const origin = await serve(
      createWebHandler({
        distDir: dist,
        devSignIn: async (username) => {
          if (username.includes("#")) {
            throw Object.assign(new Error("A username is letters and digits."), {
              code: "BAD_USER_INPUT",
            });
          }
          if (username === "boom") throw new Error("disk on fire");
          minted.push(username);
          return `token-for-${username}`;
        },
      }),
    );
    const post = (body: string, type = "application/json") =>
      fetch(`${origin}/auth/dev/sign-in`, {
        method: "POST",
        headers: { "content-type": type },
        body,
      });

    const ok = await post(JSON.stringify({ username: " ada " }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.json()).toEqual({ token: "token-for-ada" });
    expect(minted).toEqual(["ada"]);

    // A cross-site form cannot send JSON: form posts are refused.
    expect((await post("username=ada", "application/x-www-form-urlencoded")).status).toBe(415);
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ username: "" }))).status).toBe(400);
    const bad = await post(JSON.stringify({ username: "a#b" }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ message: "A username is letters and digits." });
    const broken = await post(JSON.stringify({ username: "boom" }));
    expect(broken.status).toBe(500);
    expect(JSON.stringify(await broken.json())).not.toContain("disk on fire");
    expect((await post("x".repeat(10_000))).status).toBe(413);
    expect((await fetch(`${origin}/auth/dev/sign-in`)).status).toBe(405);
  });
});

describe("securityHeaders", () => {
  it("lets the page reach cross-origin API, live-editing and sign-in URLs, and nothing else", () => {
    const local = securityHeaders({ graphqlUrl: "/graphql", collabUrl: "/collab" });
    expect(local["content-security-policy"]).toContain("connect-src 'self';");
    const csp = securityHeaders({
      graphqlUrl: "https://api.example.org/graphql",
      collabUrl: "wss://live.example.org/stage",
      auth: { mode: "cognito", domain: "https://login.example.org" },
    })["content-security-policy"];
    expect(csp).toContain(
      "connect-src 'self' https://api.example.org wss://live.example.org https://login.example.org;",
    );
    expect(csp).toContain("form-action 'self' https://login.example.org;");
  });
});
