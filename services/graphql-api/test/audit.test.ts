// graphql-http's GraphQL-over-HTTP audit suite, against the local endpoint and the Lambda
// handler. Every MUST passes; the SHOULD/MAY results that do not are pinned with their reason:
//   572B, FDE2, 7B9B (SHOULD 200 on parse/validation/coercion failure with Accept:
//     application/json): Apollo answers 400 for request errors whatever the Accept header, so
//     clients and proxies can tell a bad request from a result without reading the body.
//   5A70, D6D5, 6A70 (MAY accept plain GETs, with {variables} in the query string): Apollo's
//     CSRF prevention refuses GETs without a preflight-forcing header (apollo-require-preflight,
//     x-apollo-operation-name or a JSON content-type); clients that send one may use GET.
// The auditor signs in (bearer token): introspection, which some audits use, is for members.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withLimits } from "@accord/domain";
import {
  createLocalAuthenticator,
  loadOrCreateDevSigningKey,
  mintLocalToken,
} from "@accord/identity";
import { silentLogger } from "@accord/logging";
import { createMemoryStore } from "@accord/storage";
import type { Context } from "aws-lambda";
import { type AuditResult, auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../src/index.ts";
import { createLambdaHandler, type GraphqlEvent } from "../src/lambda-handler.ts";
import recorded from "./events/http-api-v2-jwt.json" with { type: "json" };
import { startTestApi, type TestApi } from "./support.ts";

const EXPECTED_NOT_OK = {
  "572B": "warn",
  FDE2: "warn",
  "7B9B": "warn",
  "5A70": "notice",
  D6D5: "notice",
  "6A70": "notice",
};

function summarize(results: AuditResult[]) {
  const failedMusts = results.filter((r) => r.status === "error");
  const notOk = Object.fromEntries(
    results.filter((r) => r.status !== "ok").map((r) => [r.id, r.status]),
  );
  return {
    failedMusts: failedMusts.map((r) => `${r.id} ${r.name}: ${"reason" in r ? r.reason : ""}`),
    notOk,
  };
}

const withToken =
  (token: string, fetchFn: typeof fetch = fetch) =>
  (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    return fetchFn(input, { ...init, headers });
  };

describe("GraphQL over HTTP audits", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it("local endpoint: every MUST passes", async () => {
    const results = await auditServer({
      url: api.url,
      fetchFn: withToken(await api.token("auditor")),
    });
    expect(results.length).toBeGreaterThan(50);
    expect(summarize(results)).toEqual({ failedMusts: [], notOk: EXPECTED_NOT_OK });
  });

  describe("Lambda handler", () => {
    let dir: string;
    let handler: ReturnType<typeof createLambdaHandler>;
    let token: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "accord-audit-"));
      const key = await loadOrCreateDevSigningKey(dir);
      token = await mintLocalToken(key, { username: "auditor" });
      handler = createLambdaHandler(
        createServer({
          store: createMemoryStore(),
          authenticator: createLocalAuthenticator(key),
          limits: withLimits({}),
          logger: silentLogger,
        }),
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** fetch → HTTP API v2 event (no authorizer: the header path) → handler → Response. */
    const lambdaFetch = async (input: string | URL | Request, init: RequestInit = {}) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const event = structuredClone(recorded) as unknown as GraphqlEvent;
      delete event.requestContext.authorizer;
      event.headers = Object.fromEntries(request.headers);
      event.rawPath = url.pathname;
      event.rawQueryString = url.search.slice(1);
      event.requestContext.http.method = request.method;
      event.requestContext.requestId = `audit-${Math.random().toString(36).slice(2)}`;
      const body = request.method === "GET" ? "" : await request.text();
      event.body = body;
      event.isBase64Encoded = false;
      const result = await handler(event, {} as Context);
      return new Response(result.body ?? null, {
        status: result.statusCode ?? 200,
        headers: Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]),
      });
    };

    it("every MUST passes", async () => {
      const results = await auditServer({
        url: "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/graphql",
        fetchFn: withToken(token, lambdaFetch as typeof fetch),
      });
      expect(results.length).toBeGreaterThan(50);
      expect(summarize(results)).toEqual({ failedMusts: [], notOk: EXPECTED_NOT_OK });
    });
  });
});
