// Public pages through GraphQL: publishing writes the paper's page, changes to its authors write
// it again, archiving replaces it by the 410 page, and a paper that was never published has
// none. Pages go to a real directory (the local server's adapter) in a temp dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { QuestionResults, Survey } from "@accord/domain";
import { createDirectorySite, type PublicationSite } from "@accord/publication";
import { createMemoryStore } from "@accord/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCollabDocuments } from "../src/index.ts";
import { codeOf, dataOf, type GraphqlResponse, startTestApi, type TestApi } from "./support.ts";

const store = createMemoryStore();
const dir = mkdtempSync(join(tmpdir(), "accord-pages-"));
const pages = createDirectorySite(join(dir, "p"));
/** Fails every write while `failing` is set; passes the rest to the directory. */
let failing = false;
/** Runs once after the next write: another request's change landing meanwhile. */
let afterNextWrite: (() => Promise<void>) | null = null;
const site: PublicationSite = {
  async write(page) {
    if (failing) throw new Error("the disk is full");
    await pages.write(page);
    const after = afterNextWrite;
    afterNextWrite = null;
    await after?.();
  },
};
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({
    store,
    documents: createCollabDocuments(store),
    publications: { site, page: { siteUrl: "https://accord.example.org" } },
  });
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Person {
  token: string;
  id: string;
}
async function person(name: string): Promise<Person> {
  const token = await api.token(name);
  const { me } = dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token));
  return { token, id: me.id };
}
const as = <T = Record<string, unknown>>(
  who: Person,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<T>> => api.gql<T>(query, variables, who.token);

const STATUS = `mutation ($id: ID!, $status: PaperStatus!) {
  changePaperStatus(input: { id: $id, status: $status }) { status }
}`;
const move = (who: Person, id: string, ...statuses: string[]) =>
  statuses.reduce<Promise<unknown>>(
    (previous, status) => previous.then(async () => dataOf(await as(who, STATUS, { id, status }))),
    Promise.resolve(),
  );

/** The paper's body as a TipTap client stores it. */
async function writeBody(paperId: string, memberId: string, citationId: string) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const element = (name: string, text: string | null, attributes: Record<string, string> = {}) => {
    const node = new Y.XmlElement(name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text !== null) node.insert(0, [new Y.XmlText(text)]);
    return node;
  };
  doc
    .getXmlFragment("body")
    .insert(0, [
      element("heading", "Why share ocean data", { level: "2" }),
      element("paragraph", "Observations <b>matter</b> to negotiators."),
      element("evidence", null, { citationId }),
      element("heading", "Recommendations", { level: "2" }),
    ]);
  for (const update of updates) {
    await store.documents.append(paperId, update, { memberId, at: new Date().toISOString() });
  }
}

function survey(id: string, createdBy: string, resultsVisibility: Survey["resultsVisibility"]) {
  const now = new Date().toISOString();
  const value: Survey = {
    id,
    workingGroupId: null,
    title: `Perceptions of ocean data (${resultsVisibility})`,
    introduction: "",
    audience: "ALL_MEMBERS",
    audienceCommunities: [],
    opensAt: null,
    closesAt: null,
    status: "CLOSED",
    anonymous: false,
    resultsVisibility,
    questions: [
      {
        id: "q1",
        kind: "LIKERT",
        prompt: "Ocean data should be shared openly",
        required: true,
        diplomacyTypes: [],
        topicIds: [],
        scale: 5,
        labels: ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
        min: null,
        max: null,
      },
    ],
    createdBy,
    openedAt: now,
    closedAt: now,
    pseudonymKey: "a2V5",
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return value;
}

const frozen: QuestionResults = {
  questionId: "q1",
  overall: {
    group: "OVERALL",
    suppressed: false,
    respondents: 42,
    mean: 4.1,
    median: 4,
    distribution: [{ value: 5, label: "Strongly agree", count: 20, meanRank: null }],
  },
  byCommunity: [],
  difference: null,
};

let lead: Person;
let editor: Person;
let commenter: Person;
let endorser: Person;
let paperId: string;

describe("public pages", () => {
  it("a paper has no page until it is published", async () => {
    [lead, editor, commenter, endorser] = await Promise.all([
      person("ana"),
      person("ben"),
      person("carla"),
      person("dmitri"),
    ]);
    dataOf(
      await as(
        lead,
        `mutation { updateMe(input: { displayName: "Ana Lima", affiliation: "University of Lisbon" }) { id } }`,
      ),
    );
    const group = dataOf(
      await as<{ createWorkingGroup: { id: string } }>(
        lead,
        `mutation { createWorkingGroup(input: { name: "Oceans" }) { id } }`,
      ),
    ).createWorkingGroup.id;
    paperId = dataOf(
      await as<{ createPaper: { id: string } }>(
        lead,
        `mutation ($group: ID!) { createPaper(input: {
          workingGroupId: $group, title: "Ocean observation <for> climate diplomacy",
          summary: "A joint position on sharing ocean data.", topicIds: ["oceans", "climate-change"],
          diplomacyTypes: [SCIENCE_FOR_DIPLOMACY] }) { id } }`,
        { group },
      ),
    ).createPaper.id;
    for (const [who, role] of [
      [editor, "EDITOR"],
      [commenter, "COMMENTER"],
      [endorser, "VIEWER"],
    ] as const) {
      dataOf(
        await as(
          lead,
          `mutation ($paperId: ID!, $memberId: ID!, $role: PaperRole!) {
            addCollaborator(input: { paperId: $paperId, memberId: $memberId, role: $role }) { id } }`,
          { paperId, memberId: who.id, role },
        ),
      );
    }
    await store.surveys.create(survey("s-frozen", lead.id, "PUBLIC"));
    await store.surveys.create(survey("s-members", lead.id, "MEMBERS"));
    await store.citations.create({
      id: "cite-frozen",
      paperId,
      surveyId: "s-frozen",
      questionId: "q1",
      mode: "FROZEN",
      frozenResults: JSON.stringify(frozen),
      citedBy: lead.id,
      citedAt: "2026-11-01T10:00:00.000Z",
    });
    await store.citations.create({
      id: "cite-live",
      paperId,
      surveyId: "s-members",
      questionId: "q1",
      mode: "LIVE",
      frozenResults: null,
      citedBy: lead.id,
      citedAt: "2026-11-02T10:00:00.000Z",
    });
    await writeBody(paperId, lead.id, "cite-frozen");

    await move(lead, paperId, "IN_REVIEW", "ENDORSEMENT");
    dataOf(
      await as(
        endorser,
        `mutation ($paperId: ID!) { endorsePaper(input: { paperId: $paperId,
          organisation: "Ocean Institute", statement: "We agree." }) { createdAt } }`,
        { paperId },
      ),
    );
    expect(await pages.read(paperId)).toBeNull();
  });

  it("publishing writes the page: what an anonymous reader may see", async () => {
    await move(lead, paperId, "PUBLISHED");
    const page = await pages.read(paperId);
    expect(page?.status).toBe("published");
    const html = page?.html ?? "";
    expect(html).toContain("<h1>Ocean observation &lt;for&gt; climate diplomacy</h1>");
    expect(html).toContain(`<link rel="canonical" href="https://accord.example.org/p/${paperId}">`);
    expect(html).toContain("A joint position on sharing ocean data.");
    // Authors are the LEADs and EDITORs, leads first; commenters and viewers are not.
    expect(html).toMatch(
      /<ul class="authors"><li>Ana Lima, <span class="affiliation">University of Lisbon<\/span> \(lead author\)<\/li><li>ben<\/li><\/ul>/,
    );
    expect(html).not.toContain("carla");
    expect(html).toContain("<strong>Ocean Institute</strong> (endorsed by dmitri)");
    expect(html).toMatch(/<dd>(Oceans, Climate change|Climate change, Oceans)<\/dd>/);
    expect(html).toContain("<dd>Science for diplomacy</dd>");
    // The body from @accord/render, its headings in the contents.
    expect(html).toContain('<h2 id="text-why-share-ocean-data">Why share ocean data</h2>');
    expect(html).toContain("Observations &lt;b&gt;matter&lt;/b&gt; to negotiators.");
    expect(html).toContain('<a href="#text-recommendations">Recommendations</a>');
    // Frozen figures are shown where the text cites them; live ones only when anyone may see
    // the survey's results, and a result the text does not place is listed at the end.
    const inText = html.slice(
      html.indexOf("to negotiators."),
      html.indexOf("Recommendations</h2>"),
    );
    expect(inText).toContain('<figure class="evidence-item" id="evidence-cite-frozen">');
    expect(inText).toContain("42 respondents; mean 4.10, median 4.");
    expect(html.slice(html.indexOf('id="evidence-heading"'))).not.toContain("cite-frozen");
    expect(html).toContain("Survey: Perceptions of ocean data (MEMBERS)");
    expect(html).toContain("The survey's results are not public.");
  });

  it("a change to the authors writes the page again", async () => {
    dataOf(await as(editor, `mutation { updateMe(input: { displayName: "Ben Okafor" }) { id } }`));
    expect((await pages.read(paperId))?.html).toContain("<li>Ben Okafor</li>");
    dataOf(
      await as(
        lead,
        `mutation ($paperId: ID!, $memberId: ID!) {
          changeCollaboratorRole(input: { paperId: $paperId, memberId: $memberId, role: EDITOR }) { id } }`,
        { paperId, memberId: commenter.id },
      ),
    );
    expect((await pages.read(paperId))?.html).toContain("<li>carla</li>");
  });

  it("archiving fails closed: when the 410 page cannot be written the paper stays published", async () => {
    failing = true;
    try {
      const refused = await as(lead, STATUS, { id: paperId, status: "ARCHIVED" });
      expect(codeOf(refused)).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      failing = false;
    }
    expect((await store.papers.get(paperId))?.status).toBe("PUBLISHED");
    expect((await pages.read(paperId))?.status).toBe("published");
    expect(api.logs).toContainEqual(
      expect.objectContaining({ paperId, what: "withdraw", PublicationFailures: 1 }),
    );
  });

  it("archiving replaces the page by the 410 page", async () => {
    await move(lead, paperId, "ARCHIVED");
    const page = await pages.read(paperId);
    expect(page?.status).toBe("gone");
    expect(page?.html).toContain("This paper is no longer published");
    expect(page?.html).not.toContain("Ocean observation");
  });

  it("a paper archived before publication never gets a page", async () => {
    const group = dataOf(
      await as<{ createWorkingGroup: { id: string } }>(
        lead,
        `mutation { createWorkingGroup(input: { name: "Energy" }) { id } }`,
      ),
    ).createWorkingGroup.id;
    const draft = dataOf(
      await as<{ createPaper: { id: string } }>(
        lead,
        `mutation ($group: ID!) { createPaper(input: { workingGroupId: $group, title: "Grids" }) { id } }`,
        { group },
      ),
    ).createPaper.id;
    await move(lead, draft, "IN_REVIEW", "ARCHIVED");
    expect(await pages.read(draft)).toBeNull();
  });

  it("a page written while the paper is being archived elsewhere ends as the 410 page", async () => {
    const group = dataOf(
      await as<{ createWorkingGroup: { id: string } }>(
        lead,
        `mutation { createWorkingGroup(input: { name: "Space" }) { id } }`,
      ),
    ).createWorkingGroup.id;
    const other = dataOf(
      await as<{ createPaper: { id: string } }>(
        lead,
        `mutation ($group: ID!) { createPaper(input: { workingGroupId: $group, title: "Orbits" }) { id } }`,
        { group },
      ),
    ).createPaper.id;
    await move(lead, other, "IN_REVIEW", "ENDORSEMENT", "PUBLISHED");
    expect((await pages.read(other))?.status).toBe("published");
    // The lead renames themself (their pages are written again) while a coordinator's
    // archiving is stored between that page's write and the end of the request.
    afterNextWrite = async () => {
      const paper = (await store.papers.get(other))!;
      await store.papers.update({ ...paper, status: "ARCHIVED", version: paper.version + 1 });
    };
    dataOf(await as(lead, `mutation { updateMe(input: { displayName: "Ana M. Lima" }) { id } }`));
    expect(afterNextWrite).toBeNull();
    expect((await pages.read(other))?.status).toBe("gone");
  });
});
