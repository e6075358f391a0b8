// The GraphQL Lambda handler invoked in process with recorded-shape HTTP API v2 events.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withLimits } from "@accord/domain";
import {
  createIssuerRouter,
  createLocalAuthenticator,
  loadOrCreateDevSigningKey,
  mintLocalToken,
} from "@accord/identity";
import { createMemoryStore, type Store } from "@accord/storage";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJsonLogger, createServer } from "../src/index.ts";
import { createLambdaHandler, type GraphqlEvent } from "../src/lambda-handler.ts";
import recorded from "./events/http-api-v2-jwt.json" with { type: "json" };

const lambdaContext = { awsRequestId: "c0ffee00-0000-4000-8000-000000000001" } as Context;
const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI";

let store: Store;
let dir: string;
let localToken: string;
const logs: Record<string, unknown>[] = [];
let invoke: ReturnType<typeof createLambdaHandler>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "accord-lambda-"));
  const key = await loadOrCreateDevSigningKey(dir);
  localToken = await mintLocalToken(key, { username: "li.wei" });
  store = createMemoryStore();
  const server = createServer({
    store,
    authenticator: createIssuerRouter({ "accord-local": createLocalAuthenticator(key) }),
    limits: withLimits({ graphql: { maxBodyBytes: 4096 } }),
    logger: createJsonLogger({ write: (line) => logs.push(JSON.parse(line)) }),
  });
  invoke = createLambdaHandler(server);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function event(
  body: string,
  changes: { claims?: boolean; headers?: Record<string, string>; base64?: boolean } = {},
): GraphqlEvent {
  const copy = structuredClone(recorded) as unknown as GraphqlEvent;
  copy.requestContext.requestId = `req-${Math.random().toString(36).slice(2)}`;
  if (changes.claims === false) delete copy.requestContext.authorizer;
  copy.headers = { ...copy.headers, ...changes.headers };
  copy.body = changes.base64 ? Buffer.from(body).toString("base64") : body;
  copy.isBase64Encoded = changes.base64 ?? false;
  return copy;
}

const json = (result: { body?: string | undefined }) => JSON.parse(result.body ?? "null");

describe("GraphQL Lambda handler", () => {
  it("takes the identity from the JWT authorizer's claims, trusting API Gateway", async () => {
    const result = await invoke(
      event(JSON.stringify({ query: "{ me { displayName platformRole } topics { id } }" })),
      lambdaContext,
    );
    expect(result.statusCode).toBe(200);
    expect(json(result).data.me).toEqual({
      displayName: "amina.diallo",
      platformRole: "COORDINATOR",
    });
    expect(json(result).data.topics).toHaveLength(6);
    const member = await store.members.getBySubject(
      `${ISSUER}#5f1c9a3e-2b7d-4c8e-9f10-1a2b3c4d5e6f`,
    );
    expect(member?.displayName).toBe("amina.diallo");
    expect(result.headers?.["x-request-id"]).toMatch(/^req-/);
  });

  it("creates a working group and a paper through the handler, base64 bodies included", async () => {
    const group = json(
      await invoke(
        event(
          JSON.stringify({
            query: `mutation { createWorkingGroup(input: { name: "Space debris", topicIds: ["space"] }) { id } }`,
          }),
          { base64: true },
        ),
        lambdaContext,
      ),
    ).data.createWorkingGroup;
    const paper = json(
      await invoke(
        event(
          JSON.stringify({
            query:
              "mutation($input: CreatePaperInput!) { createPaper(input: $input) { id title status } }",
            variables: { input: { workingGroupId: group.id, title: "Debris removal norms" } },
          }),
        ),
        lambdaContext,
      ),
    ).data.createPaper;
    expect(paper).toMatchObject({ title: "Debris removal norms", status: "DRAFT" });
  });

  it("falls back to the Authorization header when no authorizer ran", async () => {
    const result = await invoke(
      event(JSON.stringify({ query: "{ me { displayName } }" }), {
        claims: false,
        headers: { authorization: `Bearer ${localToken}` },
      }),
      lambdaContext,
    );
    expect(json(result).data.me).toEqual({ displayName: "li.wei" });
    const anonymous = await invoke(
      event(JSON.stringify({ query: "{ me { id } }" }), {
        claims: false,
        headers: { authorization: "" },
      }),
      lambdaContext,
    );
    expect(json(anonymous).data.me).toBeNull();
    const forged = await invoke(
      event(JSON.stringify({ query: "{ me { id } }" }), { claims: false }),
      lambdaContext,
    );
    expect(forged.statusCode).toBe(401);
    expect(json(forged).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("answers bad requests with JSON errors: oversized, malformed, syntax, batched", async () => {
    const big = await invoke(
      event(JSON.stringify({ query: `{ topics { id } }${" ".repeat(5000)}` })),
      lambdaContext,
    );
    expect(big.statusCode).toBe(413);
    expect(json(big).errors[0].extensions).toEqual({
      code: "BAD_USER_INPUT",
      reason: "PAYLOAD_TOO_LARGE",
    });

    const malformed = await invoke(event("{ not json"), lambdaContext);
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed).errors[0].extensions.reason).toBe("MALFORMED_JSON");

    const syntax = await invoke(event(JSON.stringify({ query: "{ topics { " })), lambdaContext);
    expect(syntax.statusCode).toBe(400);
    expect(json(syntax).errors[0].extensions).toEqual({
      code: "BAD_USER_INPUT",
      reason: "GRAPHQL_PARSE_FAILED",
    });

    const batched = await invoke(
      event(JSON.stringify([{ query: "{ topics { id } }" }, { query: "{ me { id } }" }])),
      lambdaContext,
    );
    expect(batched.statusCode).toBe(400);

    const fine = await invoke(event(JSON.stringify({ query: "{ topics { id } }" })), lambdaContext);
    expect(fine.statusCode).toBe(200);
  });

  it("masks unexpected errors and logs them with the API Gateway request id", async () => {
    const broken = event(
      JSON.stringify({ query: "{ workingGroups(first: 5) { edges { node { id } } } }" }),
    );
    const failing = store.workingGroups.list;
    store.workingGroups.list = async () => {
      throw new Error("ProvisionedThroughputExceededException: secret table detail");
    };
    try {
      const result = await invoke(broken, lambdaContext);
      const error = json(result).errors[0];
      expect(error.extensions).toEqual({
        code: "INTERNAL_SERVER_ERROR",
        requestId: broken.requestContext.requestId,
      });
      expect(error.message).not.toMatch(/secret|Provisioned/);
      expect(logs).toContainEqual(
        expect.objectContaining({
          level: "error",
          requestId: broken.requestContext.requestId,
          error: expect.objectContaining({ message: expect.stringMatching(/secret table detail/) }),
        }),
      );
    } finally {
      store.workingGroups.list = failing;
    }
  });
});
