// Every kind of bad request gets a clear 4xx or GraphQL error, and the server keeps serving.
import { withLimits } from "@accord/domain";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { codeOf, dataOf, startTestApi, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ limits: withLimits({ graphql: { maxBodyBytes: 16_384 } }) });
});
afterAll(() => api.close());

// After each bad request, the next good one still works.
afterEach(async () => {
  const { topics } = dataOf(await api.gql<{ topics: unknown[] }>("{ topics { id } }"));
  expect(topics.length).toBeGreaterThan(0);
});

async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/json/);
  const body = (await response.json()) as {
    errors: { message: string; extensions: { code: string; reason?: string } }[];
  };
  expect(body.errors.length).toBeGreaterThan(0);
  return body.errors[0]!;
}

describe("bad requests", () => {
  it("malformed JSON → 400 BAD_USER_INPUT (MALFORMED_JSON)", async () => {
    const response = await api.post('{"query": "{ topics { id } }"');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).extensions).toEqual({
      code: "BAD_USER_INPUT",
      reason: "MALFORMED_JSON",
    });
  });

  it("GraphQL syntax error → 400 with the parser's message and location", async () => {
    const response = await api.post(JSON.stringify({ query: "{ topics { id }" }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.message).toMatch(/Syntax Error/);
    expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", reason: "GRAPHQL_PARSE_FAILED" });
  });

  it("unknown field → 400 validation error naming it", async () => {
    const response = await api.post(JSON.stringify({ query: "{ topics { id colour } }" }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.message).toMatch(/Cannot query field "colour" on type "Topic"/);
    expect(error.extensions.reason).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("invalid variables → 400 naming the variable", async () => {
    const response = await api.post(
      JSON.stringify({
        query: "query($id: ID!) { paper(id: $id) { id } }",
        variables: { id: { nested: true } },
      }),
    );
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.message).toMatch(/\$id/);
    expect(error.extensions.code).toBe("BAD_USER_INPUT");

    const missing = await api.post(
      JSON.stringify({ query: "query($id: ID!) { paper(id: $id) { id } }" }),
    );
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).message).toMatch(/\$id.*was not provided/);

    const badEnum = await api.post(
      JSON.stringify({
        query: "query($f: PaperFilter) { papers(filter: $f) { edges { cursor } } }",
        variables: { f: { status: "FINISHED" } },
      }),
    );
    expect(badEnum.status).toBe(400);
    expect((await errorOf(badEnum)).message).toMatch(/FINISHED/);
  });

  it("oversized body → 413 before it is read in full", async () => {
    const response = await api.post(
      JSON.stringify({ query: `{ topics { id } } # ${"x".repeat(20_000)}` }),
    );
    expect(response.status).toBe(413);
    expect((await errorOf(response)).extensions).toEqual({
      code: "BAD_USER_INPUT",
      reason: "PAYLOAD_TOO_LARGE",
    });
  });

  it("batched requests → 400 unless batching is allowed", async () => {
    const response = await api.post(
      JSON.stringify([{ query: "{ topics { id } }" }, { query: "{ me { id } }" }]),
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/batch/i);

    const batching = await startTestApi({
      limits: withLimits({ graphql: { allowBatching: true } }),
    });
    try {
      const allowed = await batching.post(
        JSON.stringify([{ query: "{ topics { id } }" }, { query: "{ me { id } }" }]),
      );
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toHaveLength(2);
    } finally {
      await batching.close();
    }
  });

  it("wrong content type, empty body, missing query and GET mutations are refused", async () => {
    const text = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{ topics { id } }",
    });
    expect(text.status).toBe(400);

    const empty = await api.post("");
    expect(empty.status).toBe(400);

    const noQuery = await api.post(JSON.stringify({ variables: {} }));
    expect(noQuery.status).toBe(400);
    expect((await errorOf(noQuery)).message).toMatch(/query/);

    const getMutation = await fetch(
      `${api.url}?query=${encodeURIComponent('mutation { createWorkingGroup(input: { name: "Via GET" }) { id } }')}`,
      { headers: { "apollo-require-preflight": "true" } },
    );
    expect(getMutation.status).toBe(405);
  });

  it("too many tokens, too deep, too costly → 400 with a reason and an actionable message", async () => {
    const tokens = await api.post(
      JSON.stringify({
        query: `{ ${"a ".repeat(5100)} }`,
      }),
    );
    expect(tokens.status).toBe(400);
    expect((await errorOf(tokens)).message).toMatch(/5000 tokens/);

    const token = await api.token("deep-diver");
    const deep = await api.gql(
      `{ papers { edges { node { workingGroup { papers { edges { node { workingGroup { papers { edges { node { id } } } } } } } } } } } }`,
      {},
      token,
    );
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.extensions?.reason).toBe("QUERY_TOO_DEEP");
    expect(deep.errors?.[0]?.message).toMatch(/at most 10/);

    const costly = await api.gql(
      `query($n: Int) { papers(first: $n) { edges { node { collaborators { member { expertise { id } } }
        workingGroup { papers(first: $n) { edges { node { id title } } } } } } } }`,
      { n: 100 },
      token,
    );
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0]?.extensions?.reason).toBe("QUERY_TOO_COSTLY");
    expect(costly.errors?.[0]?.message).toMatch(/smaller pages/);

    const cheaper = await api.gql(
      `query($n: Int) { papers(first: $n) { edges { node { collaborators { member { expertise { id } } } } } } }`,
      { n: 10 },
      token,
    );
    expect(codeOf(cheaper)).toBeUndefined();
  });

  it("introspection only for signed-in callers; __typename for everyone", async () => {
    const anonymous = await api.gql("{ __schema { queryType { name } } }");
    expect(anonymous.status).toBe(401);
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    const viaFragment = await api.gql(
      'query { ...F } fragment F on Query { __type(name: "Member") { name } }',
    );
    expect(codeOf(viaFragment)).toBe("UNAUTHENTICATED");
    expect(dataOf(await api.gql("{ __typename }"))).toEqual({ __typename: "Query" });
    const token = await api.token("introspector");
    const signedIn = dataOf(
      await api.gql<{ __schema: { queryType: { name: string } } }>(
        "{ __schema { queryType { name } } }",
        {},
        token,
      ),
    );
    expect(signedIn.__schema.queryType.name).toBe("Query");
  });
});

describe("search filters", () => {
  it.each([
    ["papers", "query($s: String) { papers(filter: { search: $s }) { edges { node { id } } } }"],
    ["members", "query($s: String) { members(search: $s) { edges { node { id } } } }"],
  ])("refuses a %s search longer than 200 characters with BAD_USER_INPUT", async (_what, query) => {
    const token = await api.token("searcher");
    const ok = await api.gql(query, { s: "x".repeat(200) }, token);
    expect(ok.errors).toBeUndefined();
    const refused = await api.gql(query, { s: "x".repeat(201) }, token);
    expect(codeOf(refused)).toBe("BAD_USER_INPUT");
  });
});
