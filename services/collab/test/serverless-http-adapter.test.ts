// The HTTP API stand-in of serverless-local hands the GraphQL Lambda what API Gateway would:
// payload format 2.0 events, the JWT authorizer's flattened claims, and maps results back.
import { startHttpApiAdapter } from "@accord/test-support";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function adapter(required: boolean) {
  const events: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
  const api = await startHttpApiAdapter({
    handler: async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
      events.push(event);
      return {
        statusCode: 201,
        headers: { "content-type": "application/json", "x-seen": "yes" },
        body: JSON.stringify({ echo: event.body ?? null }),
      };
    },
    authorizer: {
      required,
      async verify(token) {
        if (token !== "good") throw new Error("bad token");
        return { sub: "ada", iss: "accord-local", exp: 1_900_000_000, groups: ["coordinators"] };
      },
    },
  });
  closers.push(() => api.close());
  return { api, events };
}

describe("HTTP API adapter", () => {
  it("invokes the handler with a payload 2.0 event carrying the authorizer's claims", async () => {
    const { api, events } = await adapter(true);
    const response = await fetch(`${api.url}/graphql?x=1&x=2`, {
      method: "POST",
      headers: { authorization: "Bearer good", "content-type": "application/json" },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-seen")).toBe("yes");
    expect(await response.json()).toEqual({ echo: '{"query":"{ __typename }"}' });
    const event = events[0]!;
    expect(event.version).toBe("2.0");
    expect(event.rawPath).toBe("/graphql");
    expect(event.rawQueryString).toBe("x=1&x=2");
    expect(event.queryStringParameters).toEqual({ x: "1,2" });
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers["content-type"]).toBe("application/json");
    expect(event.requestContext.http.method).toBe("POST");
    expect(event.requestContext.authorizer.jwt.claims).toEqual({
      sub: "ada",
      iss: "accord-local",
      exp: "1900000000",
      groups: "[coordinators]",
    });
  });

  it("refuses missing or bad tokens with 401 before the handler when the route requires one", async () => {
    const { api, events } = await adapter(true);
    expect((await fetch(`${api.url}/graphql`, { method: "POST" })).status).toBe(401);
    const bad = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { authorization: "Bearer nope" },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: "Unauthorized" });
    expect(events).toEqual([]);
  });

  it("passes anonymous requests without an authorizer context when the token is optional", async () => {
    const { api, events } = await adapter(false);
    const response = await fetch(`${api.url}/graphql`, { method: "POST", body: "x" });
    expect(response.status).toBe(201);
    expect(events[0]!.requestContext).not.toHaveProperty("authorizer");
    const bad = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { authorization: "Bearer nope" },
    });
    expect(bad.status).toBe(401);
  });
});
