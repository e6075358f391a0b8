// Attacks on the query limits: fragment and alias bombs, connections without `first`, variable
// defaults, validation bombs, deep literals and huge variables. Each is refused (or answered)
// while the event loop stays responsive, and the limits' own work is bounded by the document.
import { DEFAULT_LIMITS } from "@accord/domain";
import {
  buildSchema,
  getIntrospectionQuery,
  Kind,
  type OperationDefinitionNode,
  parse,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typeDefs } from "../../src/generated/type-defs.ts";
import {
  estimateValidationWork,
  MASKED_PARSE_MESSAGE,
  measureDocumentOperation,
} from "../../src/index.ts";
import { codeOf, dataOf, startTestApi, type TestApi } from "../support.ts";
import { fragmentBomb, MAX_STALL_MS, repeat, withStallMeter } from "./support.ts";

const schema = buildSchema(typeDefs);
const limits = DEFAULT_LIMITS.graphql;
const MAX_VALIDATION_WORK = limits.maxValidationWork;

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return measureDocumentOperation(schema, operation, document.definitions, variables, limits)!;
}

/** Selections written in a document: the most work a linear measure may do. */
function selectionsIn(query: string): number {
  return (query.match(/[A-Za-z_][A-Za-z0-9_]*\s*(?=[{}\s(:])|\.\.\./g) ?? []).length;
}

let api: TestApi;
let member: string;
beforeAll(async () => {
  api = await startTestApi();
  member = await api.token("ada");
});
afterAll(() => api.close());

describe("fragment bombs", () => {
  it("measures each fragment once however often it is spread", () => {
    const query = fragmentBomb(8, 10);
    const { cost, visited } = measure(query);
    // 10^8 paths through the fragments; the walk visits each written selection once.
    expect(cost).toBeGreaterThan(limits.maxCost);
    expect(visited).toBeLessThanOrEqual(selectionsIn(query));
    // One level deeper is ten times the cost but only eleven more selections to visit.
    expect(measure(fragmentBomb(9, 10)).visited).toBe(visited + 11);
  });

  it("refuses a 10^8-path fragment bomb at once, anonymously, without freezing the server", async () => {
    for (const token of [null, member]) {
      const { result, stallMs } = await withStallMeter(() =>
        api.gql(fragmentBomb(8, 10), {}, token),
      );
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.reason).toBe("QUERY_TOO_COSTLY");
      expect(stallMs).toBeLessThan(MAX_STALL_MS);
    }
  });
});

describe("connections and variables at their real page size", () => {
  it("counts a connection without `first` at the default page size", () => {
    const one = measure("{ papers { edges { node { id } } } }");
    // papers (1) + defaultPageSize × (edges 1 + node 1 + id 1)
    expect(one.cost).toBe(1 + limits.defaultPageSize * 3);
    expect(measure("{ papers(first: 5) { edges { node { id } } } }").cost).toBe(1 + 5 * 3);
    expect(measure("{ papers(first: 1000) { edges { node { id } } } }").cost).toBe(
      1 + limits.maxPageSize * 3,
    );
  });

  it("counts a variable left out at its declared default", () => {
    const query = "query($n: Int = 100) { papers(first: $n) { edges { node { id } } } }";
    expect(measure(query).cost).toBe(1 + 100 * 3);
    expect(measure(query, { n: 2 }).cost).toBe(1 + 2 * 3);
    // null asks for the default page, as the resolvers read it.
    expect(measure(query, { n: null }).cost).toBe(1 + limits.defaultPageSize * 3);
  });

  it("refuses 300 aliased activity pages without `first` (120,000 nodes before)", async () => {
    const pages = repeat(300, (i) => `a${i}: activity { edges { node { id kind at } } }`);
    const query = `{ papers { edges { node { ${pages} } } } }`;
    const { result, stallMs } = await withStallMeter(() => api.gql(query));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.reason).toBe("QUERY_TOO_COSTLY");
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });

  it("refuses a large default page hidden in a variable default", async () => {
    const query = `query($n: Int = 100) { papers(first: $n) { edges { node { ${repeat(
      10,
      (i) => `a${i}: activity(first: $n) { edges { node { id } } }`,
    )} } } } }`;
    const response = await api.gql(query);
    expect(response.errors?.[0]?.extensions?.reason).toBe("QUERY_TOO_COSTLY");
  });
});

describe("validation bombs", () => {
  const bombs: Record<string, string> = {
    "1,600 copies of one field": `{ ${repeat(1600, () => "__typename")} }`,
    "800 aliases of one name": `{ ${repeat(800, () => "a: topics { id }")} }`,
    "500 distinct fragments in one selection": `{ papers { edges { node { ${repeat(
      500,
      (i) => `...F${i}`,
    )} } } } } ${repeat(500, (i) => `fragment F${i} on PositionPaper { id }`)}`,
    "same names nested three levels": `{ ${repeat(
      11,
      () =>
        `a: papers { edges { ${repeat(11, () => `b: node { ${repeat(11, () => "c: id")} }`)} } }`,
    )} }`,
  };

  it.each(Object.entries(bombs))("estimates %s above the validation bound", (_, query) => {
    expect(estimateValidationWork(parse(query), MAX_VALIDATION_WORK)).toBeGreaterThan(
      MAX_VALIDATION_WORK,
    );
  });

  it.each(Object.entries(bombs))("refuses %s before validation runs", async (_, query) => {
    const { result, stallMs } = await withStallMeter(() => api.gql(query));
    expect(result.status).toBe(400);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions).toEqual({
      code: "BAD_USER_INPUT",
      reason: "QUERY_TOO_COMPLEX",
    });
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });

  it("leaves ordinary queries (fragments shared by several components) well inside", () => {
    const query = `query Paper($id: ID!) { paper(id: $id) { ...Header ...Body ...Threads } }
      fragment Header on PositionPaper { id title status topics { id name } }
      fragment Body on PositionPaper { id title content { markdown } }
      fragment Threads on PositionPaper { id commentThreads { edges { node { id comments { id body author { id displayName } } } } } }`;
    expect(estimateValidationWork(parse(query), MAX_VALIDATION_WORK)).toBeLessThan(1_000);
  });
});

describe("introspection", () => {
  it("answers the explorer's full introspection query to members", async () => {
    const response = await api.gql<{ __schema: { types: unknown[] } }>(
      getIntrospectionQuery(),
      {},
      member,
    );
    expect(dataOf(response).__schema.types.length).toBeGreaterThan(20);
  });

  it("refuses introspection that nests types within fields within types", async () => {
    const query = `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`;
    const { result, stallMs } = await withStallMeter(() => api.gql(query, {}, member));
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });
});

describe("literals and variables", () => {
  it("answers a 2,400-deep list literal with a parse error, not the exception's text", async () => {
    const query = `{ paper(id: ${"[".repeat(2400)}${"]".repeat(2400)}) { id } }`;
    const response = await api.post(JSON.stringify({ query }));
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(/call stack|RangeError|at [\w.]+ \(/i);
    expect(JSON.parse(text).errors).toEqual([
      {
        message: MASKED_PARSE_MESSAGE,
        extensions: { code: "BAD_USER_INPUT", reason: "GRAPHQL_PARSE_FAILED" },
      },
    ]);
  });

  it("answers a deep input object literal without exception text", async () => {
    const query = `{ papers(filter: ${"{ search: ".repeat(1500)}"x"${" }".repeat(1500)}) { edges { node { id } } } }`;
    const response = await api.post(JSON.stringify({ query }));
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(/call stack|RangeError/i);
    expect(JSON.parse(text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("answers huge and deeply nested variables without freezing the server", async () => {
    const query = "query($s: String) { papers(filter: { search: $s }) { edges { node { id } } } }";
    // Just under the body limit: 90,000 words to search for.
    const words = repeat(90_000, (i) => `w${i}`);
    const { result, stallMs } = await withStallMeter(() => api.gql(query, { s: words }));
    expect(result.status).toBe(200);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);

    const deep = `{"query":${JSON.stringify(query)},"variables":{"s":${"[".repeat(200_000)}${"]".repeat(200_000)}}}`;
    const nested = await withStallMeter(() => api.post(deep));
    const text = await nested.result.text();
    expect(nested.result.status).toBe(400);
    expect(text).not.toMatch(/call stack|RangeError/i);
    expect(nested.stallMs).toBeLessThan(MAX_STALL_MS);
  });
});
