// Sign-in through an OAuth authorization server with PKCE, the way the app signs in on AWS with
// the Cognito Hosted UI. A stand-in for the Hosted UI runs on 127.0.0.1 (Cognito itself cannot
// run here); it checks the PKCE proof and hands out tokens the local backend trusts.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Backend,
  createPaper,
  ensureBuilt,
  launchChromium,
  openPaper,
  startBackend,
} from "../src/harness.ts";

const CLIENT_ID = "accord-web-client";

interface HostedUi {
  origin: string;
  /** Every token request, as form fields. */
  tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

/** /oauth2/authorize signs in `username` at once; /oauth2/token checks the PKCE verifier. */
async function startHostedUi(mint: () => Promise<string>): Promise<HostedUi> {
  const challenges = new Map<string, { challenge: string; redirectUri: string }>();
  const tokenRequests: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const cors = { "access-control-allow-origin": request.headers.origin ?? "*" };
    if (url.pathname === "/oauth2/authorize") {
      const params = url.searchParams;
      const valid =
        params.get("response_type") === "code" &&
        params.get("client_id") === CLIENT_ID &&
        params.get("code_challenge_method") === "S256" &&
        (params.get("code_challenge") ?? "").length === 43;
      if (!valid) {
        response.writeHead(400).end("bad authorize request");
        return;
      }
      const code = `code-${challenges.size + 1}`;
      challenges.set(code, {
        challenge: params.get("code_challenge")!,
        redirectUri: params.get("redirect_uri")!,
      });
      const back = new URL(params.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", params.get("state") ?? "");
      response.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === "/oauth2/token" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const issued = challenges.get(form.get("code") ?? "");
        const proof = createHash("sha256")
          .update(form.get("code_verifier") ?? "")
          .digest("base64url");
        if (
          !issued ||
          proof !== issued.challenge ||
          form.get("redirect_uri") !== issued.redirectUri
        ) {
          response.writeHead(400, { ...cors, "content-type": "application/json" });
          response.end(JSON.stringify({ error: "invalid_grant" }));
          return;
        }
        challenges.delete(form.get("code")!);
        void mint().then((idToken) => {
          response.writeHead(200, { ...cors, "content-type": "application/json" });
          response.end(
            JSON.stringify({ id_token: idToken, access_token: "unused", expires_in: 3600 }),
          );
        });
      });
      return;
    }
    if (url.pathname === "/logout") {
      response.writeHead(302, { location: url.searchParams.get("logout_uri") ?? "/" }).end();
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokenRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let backend: Backend;
let hostedUi: HostedUi;
let browser: Browser;

beforeAll(async () => {
  await ensureBuilt();
  // The Hosted UI's tokens are signed by the backend's development key, so the backend trusts them.
  hostedUi = await startHostedUi(() => backend.token("wanda"));
  backend = await startBackend({
    webConfig: () => ({
      graphqlUrl: "/graphql",
      collabUrl: "/collab",
      auth: {
        mode: "cognito",
        domain: hostedUi.origin,
        clientId: CLIENT_ID,
        userPoolId: "local_pool",
        region: "local",
        redirectPath: "/auth/callback",
      },
    }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hostedUi?.close();
  await backend?.close();
});

describe("sign-in with the authorization code flow and PKCE", () => {
  it("signs in through the hosted page, comes back to the paper, and signs out there too", async () => {
    const paperId = await createPaper(backend, "wanda", {});
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${backend.origin}/papers/${paperId}`);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === `/papers/${paperId}`);
    await openPaper(page);
    await page.getByText("Signed in as wanda").waitFor();

    const [exchange] = hostedUi.tokenRequests;
    expect(exchange?.get("grant_type")).toBe("authorization_code");
    expect(exchange?.get("client_id")).toBe(CLIENT_ID);
    expect(exchange?.get("redirect_uri")).toBe(`${backend.origin}/auth/callback`);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await context.close();
  });
});
