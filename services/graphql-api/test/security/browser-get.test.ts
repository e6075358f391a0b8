// A browser opening /graphql gets no page from Apollo, in development either: Apollo's landing
// page loads its Sandbox from a CDN (the local server serves a bundled explorer instead). GET
// queries keep Apollo's CSRF prevention.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support.ts";

let development: TestApi;

beforeAll(async () => {
  development = await startTestApi({ development: true });
});

afterAll(async () => {
  await development.close();
});

describe("GET /graphql from a browser", () => {
  it("answers JSON, never an HTML page that loads from elsewhere", async () => {
    const response = await fetch(development.url, {
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });
    const body = await response.text();
    expect(response.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    expect(body).not.toMatch(/<script|https:\/\//);
    expect(JSON.parse(body)).toHaveProperty("errors");
  });

  it("runs a GET query only with a header a cross-site form cannot send", async () => {
    const url = `${development.url}?query=${encodeURIComponent("{ __typename }")}`;
    const plain = await fetch(url);
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/CSRF/i);
    const preflighted = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: "Query" } });
  });
});
