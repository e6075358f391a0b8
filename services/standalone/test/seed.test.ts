// The demo platform: what `pnpm seed` and `--seed demo` load, counted in a real store; the same
// seed gives the same platform; asking twice changes nothing; the server loads it only when asked.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCollabDocuments } from "@accord/graphql-api";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { silentLogger } from "@accord/logging";
import { createMemoryStore, type Store } from "@accord/storage";
import { openSqliteStore } from "@accord/storage-sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { resolveConfig, startServer } from "../src/index.ts";
import { DEMO_SURVEY_ID, seedDemo } from "../src/seed/demo.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "accord-seed-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function allPapers(store: Store) {
  return (await store.papers.list({}, { first: 100 })).items;
}

describe("the demo platform", () => {
  it("stores members, groups, papers in every status with text, comments, versions, endorsements and a closed survey", async () => {
    const store = createMemoryStore();
    const counts = await seedDemo(store);
    expect(counts).toMatchObject({
      members: 18,
      workingGroups: 4,
      papers: 7,
      surveys: 1,
      surveyResponses: 320,
    });

    const members = (await store.members.list({}, { first: 100 })).items;
    expect(members).toHaveLength(18);
    expect(new Set(members.map((m) => m.community))).toEqual(
      new Set(["SCIENCE_TECHNOLOGY", "DIPLOMACY", "POLICY", "INDUSTRY", "JOURNALISM", "OTHER"]),
    );
    expect(members.filter((m) => m.platformRole === "COORDINATOR")).toHaveLength(1);
    expect((await store.workingGroups.list({ first: 100 })).items).toHaveLength(4);
    expect((await store.topics.list()).map((t) => t.id)).toEqual(
      expect.arrayContaining([
        "climate-change",
        "energy",
        "space",
        "oceans",
        "supply-chains",
        "technology-controls",
      ]),
    );

    const papers = await allPapers(store);
    expect(new Set(papers.map((p) => p.status))).toEqual(
      new Set(["DRAFT", "IN_REVIEW", "ENDORSEMENT", "PUBLISHED", "ARCHIVED"]),
    );
    const documents = createCollabDocuments(store);
    let comments = 0;
    let versions = 0;
    let endorsements = 0;
    for (const paper of papers) {
      const { text } = (await documents.open(paper.id)).content();
      expect(text.length, paper.title).toBeGreaterThan(80);
      const paperComments = await store.comments.listByPaper(paper.id);
      // Anchored threads quote the paper's own text.
      for (const comment of paperComments.filter((c) => c.anchor)) {
        expect(text).toContain(comment.anchor?.quote);
      }
      comments += paperComments.length;
      versions += (await store.versions.listByPaper(paper.id, { first: 100 })).items.length;
      endorsements += await store.endorsements.count(paper.id);
    }
    expect(comments).toBe(counts?.comments);
    expect(comments).toBeGreaterThan(10);
    expect(versions).toBe(counts?.versions);
    expect(endorsements).toBe(counts?.endorsements);
    expect(endorsements).toBeGreaterThan(0);

    const survey = await store.surveys.get(DEMO_SURVEY_ID);
    expect(survey?.status).toBe("CLOSED");
    expect(survey?.anonymous).toBe(true);
    expect(await store.surveyResponses.count(DEMO_SURVEY_ID)).toBe(320);
    const responses = await store.surveyResponses.listBySurvey(DEMO_SURVEY_ID);
    expect(responses.every((r) => r.memberId === null)).toBe(true);

    // Asking again finds it there and adds nothing.
    await expect(seedDemo(store)).resolves.toBeNull();
    expect(await store.surveyResponses.count(DEMO_SURVEY_ID)).toBe(320);
    await store.close();
  });

  it("is the same platform for the same seed, file after file", async () => {
    const dir = tempDir();
    const load = async (file: string, seed: number) => {
      const store = openSqliteStore({ file: join(dir, file) });
      const counts = await seedDemo(store, { seed, responses: 60 });
      const responses = await store.surveyResponses.listBySurvey(DEMO_SURVEY_ID);
      const comments = await store.comments.listByPaper("demo-paper-bbnj");
      await store.close();
      return { counts, responses, comments };
    };
    const first = await load("a.sqlite", 7);
    const again = await load("b.sqlite", 7);
    const other = await load("c.sqlite", 8);
    expect(first.counts?.surveyResponses).toBe(60);
    expect(again).toEqual(first);
    expect(other.responses).not.toEqual(first.responses);
  });
});

describe("--seed demo", () => {
  it("is off unless asked, and knows only demo", () => {
    expect(resolveConfig([], {}).valueOf()).toMatchObject({ seed: undefined });
    expect(resolveConfig(["--seed", "demo"], {})).toMatchObject({ seed: "demo" });
    expect(resolveConfig([], { ACCORD_SEED: "demo" })).toMatchObject({ seed: "demo" });
    expect(() => resolveConfig(["--seed", "everything"], {})).toThrow(/only "demo"/);
  });

  it("loads the demo at start: members see its papers and the closed survey's results", async () => {
    const dataDir = tempDir();
    const server = await startServer({
      port: 0,
      dataDir,
      store: "sqlite",
      logger: silentLogger,
      seed: "demo",
    });
    try {
      const key = await loadOrCreateDevSigningKey(dataDir);
      const ask = async (username: string, query: string) => {
        const token = await mintLocalToken(key, { username });
        const response = await fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        });
        return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
      };
      const amira = await ask(
        "amira",
        `{ me { displayName community } surveyResults(id: "${DEMO_SURVEY_ID}") { questions { overall { respondents } difference { suppressed difference } } } }`,
      );
      expect(amira.errors).toBeUndefined();
      expect(amira.data?.me).toEqual({
        displayName: "Amira Benali",
        community: "SCIENCE_TECHNOLOGY",
      });
      const results = amira.data?.surveyResults as {
        questions: {
          overall: { respondents: number };
          difference: { suppressed: boolean; difference: number } | null;
        }[];
      };
      expect(results.questions[0]?.overall.respondents).toBe(320);
      // Scientists lean towards science in diplomacy more than diplomats do.
      expect(results.questions[0]?.difference?.suppressed).toBe(false);
      expect(results.questions[0]?.difference?.difference).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
    // A second start with the flag finds the demo there and keeps one copy.
    const again = await startServer({
      port: 0,
      dataDir,
      store: "sqlite",
      logger: silentLogger,
      seed: "demo",
    });
    await again.close();
    const store = openSqliteStore({ file: join(dataDir, "accord.sqlite") });
    expect(await store.surveyResponses.count(DEMO_SURVEY_ID)).toBe(320);
    await store.close();
  });

  it("loads nothing without the flag", async () => {
    const dataDir = tempDir();
    const server = await startServer({ port: 0, dataDir, store: "sqlite", logger: silentLogger });
    await server.close();
    const store = openSqliteStore({ file: join(dataDir, "accord.sqlite") });
    expect(await store.surveys.get(DEMO_SURVEY_ID)).toBeNull();
    expect((await store.members.list({}, { first: 10 })).items).toHaveLength(0);
    await store.close();
  });
});
