// The Cognito PKCE flow and the runtime config, against a stand-in token endpoint on 127.0.0.1
// (Cognito itself cannot run here).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseRuntimeConfig } from "../../src/app/config.ts";
import {
  authorizeUrl,
  beginSignIn,
  challengeOf,
  completeSignIn,
  createVerifier,
  logoutUrl,
  type PendingStore,
  type PkceClient,
  refreshTokens,
  SignInError,
} from "../../src/app/pkce.ts";

function memoryStore(): PendingStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

let server: Server;
let client: PkceClient;
const received: URLSearchParams[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const form = new URLSearchParams(body);
      received.push(form);
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      if (request.url !== "/oauth2/token") return reply(404, {});
      if (form.get("grant_type") === "refresh_token") {
        return form.get("refresh_token") === "r1"
          ? reply(200, { id_token: "id2", access_token: "a2", expires_in: 3600 })
          : reply(400, { error: "invalid_grant" });
      }
      if (form.get("code") !== "good-code") return reply(400, { error: "invalid_grant" });
      reply(200, { id_token: "id1", access_token: "a1", refresh_token: "r1", expires_in: 3600 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = {
    domain: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientId: "client-123",
    redirectUri: "https://app.example.org/auth/callback",
    scopes: ["openid", "email", "profile"],
  };
});

afterAll(() => new Promise((done) => server.close(done)));

describe("PKCE", () => {
  it("derives the S256 challenge of RFC 7636's example verifier", async () => {
    expect(await challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    const verifier = createVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createVerifier()).not.toBe(verifier);
  });

  it("sends the browser to the Hosted UI and trades the returned code for tokens", async () => {
    const store = memoryStore();
    const url = new URL(await beginSignIn(client, store, "/papers/7"));
    expect(url.pathname).toBe("/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: "code",
      client_id: "client-123",
      redirect_uri: client.redirectUri,
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    const pending = JSON.parse([...store.items.values()][0]!) as {
      state: string;
      verifier: string;
    };
    expect(url.searchParams.get("state")).toBe(pending.state);
    expect(url.searchParams.get("code_challenge")).toBe(await challengeOf(pending.verifier));

    const callback = `${client.redirectUri}?code=good-code&state=${pending.state}`;
    const { tokens, returnTo } = await completeSignIn(client, store, callback);
    expect(tokens).toEqual({
      idToken: "id1",
      accessToken: "a1",
      refreshToken: "r1",
      expiresIn: 3600,
    });
    expect(returnTo).toBe("/papers/7");
    const exchange = received.at(-1)!;
    expect(exchange.get("grant_type")).toBe("authorization_code");
    expect(exchange.get("code_verifier")).toBe(pending.verifier);
    expect(exchange.get("redirect_uri")).toBe(client.redirectUri);
    // The verifier is used once.
    expect(store.items.size).toBe(0);
    await expect(completeSignIn(client, store, callback)).rejects.toThrow(/not started here/);
  });

  it("refuses a forged state, a refusal from Cognito and a bad code with sentences", async () => {
    const store = memoryStore();
    await beginSignIn(client, store, "/");
    await expect(
      completeSignIn(client, store, `${client.redirectUri}?code=good-code&state=forged`),
    ).rejects.toThrow(/does not match/);
    await expect(
      completeSignIn(
        client,
        memoryStore(),
        `${client.redirectUri}?error=access_denied&error_description=User+cancelled`,
      ),
    ).rejects.toThrow("Sign-in was refused (access_denied: User cancelled).");
    const again = memoryStore();
    const url = new URL(await beginSignIn(client, again, "/"));
    const state = url.searchParams.get("state");
    await expect(
      completeSignIn(client, again, `${client.redirectUri}?code=bad-code&state=${state}`),
    ).rejects.toBeInstanceOf(SignInError);
  });

  it("refreshes tokens with the refresh token, keeping it when Cognito does not rotate", async () => {
    expect(await refreshTokens(client, "r1")).toEqual({
      idToken: "id2",
      accessToken: "a2",
      refreshToken: "r1",
      expiresIn: 3600,
    });
    await expect(refreshTokens(client, "stale")).rejects.toThrow(/invalid_grant/);
    const unreachable = { ...client, domain: "http://127.0.0.1:1" };
    await expect(refreshTokens(unreachable, "r1")).rejects.toThrow(/Cannot reach/);
  });

  it("builds the authorize and logout URLs from the client settings", () => {
    expect(authorizeUrl(client, "c", "s")).toContain("code_challenge=c");
    expect(logoutUrl(client, "https://app.example.org/")).toBe(
      `${client.domain}/logout?client_id=client-123&logout_uri=https%3A%2F%2Fapp.example.org%2F`,
    );
  });
});

describe("runtime config", () => {
  it("resolves relative URLs against the page and picks ws/wss for live editing", () => {
    const local = parseRuntimeConfig(
      {
        graphqlUrl: "/graphql",
        collabUrl: "/collab",
        auth: { mode: "development", signInUrl: "/auth/dev/sign-in" },
      },
      "http://localhost:4000/papers/1",
    );
    expect(local).toEqual({
      graphqlUrl: "http://localhost:4000/graphql",
      collabUrl: "ws://localhost:4000/collab",
      collabTransport: "auto",
      auth: { mode: "development", signInUrl: "http://localhost:4000/auth/dev/sign-in" },
    });
    const aws = parseRuntimeConfig(
      {
        graphqlUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/graphql",
        collabUrl: "wss://def.execute-api.eu-west-1.amazonaws.com/live",
        collabTransport: "apigateway",
        auth: {
          mode: "cognito",
          domain: "https://accord.auth.eu-west-1.amazoncognito.com/",
          clientId: "c",
          userPoolId: "eu-west-1_x",
          region: "eu-west-1",
        },
      },
      "https://accord.example.org/",
    );
    expect(aws.collabTransport).toBe("apigateway");
    expect(aws.auth).toMatchObject({
      mode: "cognito",
      domain: "https://accord.auth.eu-west-1.amazoncognito.com",
      redirectPath: "/auth/callback",
      scopes: ["openid", "email", "profile"],
    });
    expect(
      parseRuntimeConfig({ ...aws, collabUrl: "https://x.example.org/live" }, "https://a/")
        .collabUrl,
    ).toBe("wss://x.example.org/live");
  });

  it("names what is missing", () => {
    expect(() => parseRuntimeConfig(null, "http://a/")).toThrow(ConfigError);
    expect(() => parseRuntimeConfig({ collabUrl: "/c", auth: {} }, "http://a/")).toThrow(
      /graphqlUrl/,
    );
    expect(() =>
      parseRuntimeConfig(
        { graphqlUrl: "/g", collabUrl: "/c", auth: { mode: "unconfigured" } },
        "http://a/",
      ),
    ).toThrow(/no sign-in is configured/);
  });
});
