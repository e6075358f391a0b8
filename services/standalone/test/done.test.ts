// The local backend end to end: start on port 0 with a temp data dir, mint a token, create a
// working group and a paper over HTTP, read them back, restart on the same SQLite file, read
// them back again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { silentLogger } from "@accord/logging";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.ts";

const dataDir = mkdtempSync(join(tmpdir(), "accord-standalone-"));
const running: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function start() {
  const server = await startServer({
    port: 0,
    dataDir,
    store: "sqlite",
    logger: silentLogger,
    development: false,
  });
  running.push(server);
  return server;
}

async function gql<T>(url: string, token: string, query: string, variables = {}): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  expect(response.status).toBe(200);
  return body.data as T;
}

const READ_BACK = `query($groupId: ID!, $paperId: ID!) {
  workingGroup(id: $groupId) { name topics { id } conveners { displayName } }
  paper(id: $paperId) { title summary status topics { id } diplomacyTypes workingGroup { id }
    collaborators { role member { displayName } } }
  papers(first: 10) { edges { node { id } } }
}`;

describe("the local backend", () => {
  it("keeps working groups and papers across a restart on the same data file", async () => {
    const first = await start();
    expect(first.url).toBe(`http://localhost:${first.port}/graphql`);
    const health = await fetch(first.url.replace("/graphql", "/healthz"));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });

    const key = await loadOrCreateDevSigningKey(dataDir);
    const token = await mintLocalToken(key, { username: "yasmin" });

    const { createWorkingGroup } = await gql<{ createWorkingGroup: { id: string } }>(
      first.url,
      token,
      `mutation { createWorkingGroup(input: { name: "Critical minerals", topicIds: ["supply-chains"] }) { id } }`,
    );
    const { createPaper } = await gql<{ createPaper: { id: string } }>(
      first.url,
      token,
      `mutation($input: CreatePaperInput!) { createPaper(input: $input) { id } }`,
      {
        input: {
          workingGroupId: createWorkingGroup.id,
          title: "Resilient supply of rare earths",
          summary: "Shared stockpiles and transparent export rules.",
          topicIds: ["supply-chains", "technology-controls"],
          diplomacyTypes: ["DIPLOMACY_FOR_SCIENCE"],
        },
      },
    );
    const variables = { groupId: createWorkingGroup.id, paperId: createPaper.id };
    const expected = {
      workingGroup: {
        name: "Critical minerals",
        topics: [{ id: "supply-chains" }],
        conveners: [{ displayName: "yasmin" }],
      },
      paper: {
        title: "Resilient supply of rare earths",
        summary: "Shared stockpiles and transparent export rules.",
        status: "DRAFT",
        topics: [{ id: "supply-chains" }, { id: "technology-controls" }],
        diplomacyTypes: ["DIPLOMACY_FOR_SCIENCE"],
        workingGroup: { id: createWorkingGroup.id },
        collaborators: [{ role: "LEAD", member: { displayName: "yasmin" } }],
      },
      papers: { edges: [{ node: { id: createPaper.id } }] },
    };
    expect(await gql(first.url, token, READ_BACK, variables)).toEqual(expected);
    await first.close();
    await expect(fetch(first.url.replace("/graphql", "/healthz"))).rejects.toThrow();

    const second = await start();
    expect(await gql(second.url, token, READ_BACK, variables)).toEqual(expected);
    await second.close();
  });
});
