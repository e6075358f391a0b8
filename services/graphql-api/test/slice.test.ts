// The first slice end to end over HTTP: members from tokens, topics from seed data, working
// groups, papers with Relay paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_TOPICS } from "../src/index.ts";
import { codeOf, dataOf, startTestApi, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe("me and updateMe", () => {
  it("answers null for anonymous callers and creates the member on first use", async () => {
    expect(dataOf(await api.gql("{ me { id } }"))).toEqual({ me: null });
    const token = await api.token("amina");
    const first = dataOf(
      await api.gql<{ me: { id: string; displayName: string; platformRole: string } }>(
        "{ me { id displayName platformRole } }",
        {},
        token,
      ),
    );
    expect(first.me).toMatchObject({ displayName: "amina", platformRole: "MEMBER" });
    const again = dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token));
    expect(again.me.id).toBe(first.me.id);
    expect(await api.store.members.getBySubject("amina")).toMatchObject({ id: first.me.id });
  });

  it("creates one member when a person's first requests arrive together", async () => {
    const token = await api.token("simultaneous");
    const ids = await Promise.all(
      [1, 2, 3, 4, 5].map(
        async () => dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token)).me.id,
      ),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it("edits the profile with validated country, community and expertise", async () => {
    const token = await api.token("bruno");
    const result = dataOf(
      await api.gql<{ updateMe: Record<string, unknown> }>(
        `mutation($input: UpdateMeInput!) { updateMe(input: $input) {
          displayName affiliation country community expertise { id } } }`,
        {
          input: {
            displayName: "  Bruno   Costa ",
            affiliation: "Ministry of Science",
            country: "br",
            community: "DIPLOMACY",
            expertiseTopicIds: ["oceans", "space", "oceans"],
          },
        },
        token,
      ),
    );
    expect(result.updateMe).toEqual({
      displayName: "Bruno Costa",
      affiliation: "Ministry of Science",
      country: "BR",
      community: "DIPLOMACY",
      expertise: [{ id: "oceans" }, { id: "space" }],
    });
    const cleared = dataOf(
      await api.gql<{ updateMe: Record<string, unknown> }>(
        `mutation { updateMe(input: { affiliation: null, country: null }) { affiliation country displayName } }`,
        {},
        token,
      ),
    );
    expect(cleared.updateMe).toEqual({
      affiliation: null,
      country: null,
      displayName: "Bruno Costa",
    });
  });

  it("refuses bad profile input with BAD_USER_INPUT and a message naming the field", async () => {
    const token = await api.token("carla");
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ country: "XX" }, /country.*ISO 3166-1 alpha-2/],
      [{ country: "Brazil" }, /country/],
      [{ displayName: "" }, /displayName/],
      [{ displayName: null }, /displayName cannot be empty/],
      [{ expertiseTopicIds: ["astrology"] }, /unknown ids: astrology/],
      [{}, /at least one field/],
    ];
    for (const [input, message] of cases) {
      const response = await api.gql(
        "mutation($input: UpdateMeInput!) { updateMe(input: $input) { id } }",
        { input },
        token,
      );
      expect(codeOf(response), JSON.stringify(input)).toBe("BAD_USER_INPUT");
      expect(response.errors?.[0]?.message).toMatch(message);
    }
    const me = dataOf(
      await api.gql<{ me: { country: string | null } }>("{ me { country } }", {}, token),
    );
    expect(me.me.country).toBeNull();
  });

  it("asks anonymous callers to sign in", async () => {
    const response = await api.gql('mutation { updateMe(input: { displayName: "x" }) { id } }');
    expect(codeOf(response)).toBe("UNAUTHENTICATED");
  });

  it("takes the coordinator role from the token", async () => {
    const asCoordinator = await api.token("dana", { coordinator: true });
    const asMember = await api.token("dana");
    const role = async (token: string) =>
      dataOf(await api.gql<{ me: { platformRole: string } }>("{ me { platformRole } }", {}, token))
        .me.platformRole;
    expect(await role(asCoordinator)).toBe("COORDINATOR");
    expect(await role(asMember)).toBe("MEMBER");
  });

  it("refuses a bad token with 401 UNAUTHENTICATED rather than treating it as anonymous", async () => {
    const response = await api.gql("{ me { id } }", {}, "not.a.token");
    expect(response.status).toBe(401);
    expect(codeOf(response)).toBe("UNAUTHENTICATED");
  });
});

describe("topics", () => {
  it("lists the seed topics upserted at start", async () => {
    const { topics } = dataOf(
      await api.gql<{ topics: { id: string }[] }>("{ topics { id name } }"),
    );
    expect(topics.map((t) => t.id).sort()).toEqual(SEED_TOPICS.map((t) => t.id).sort());
    expect(topics.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        "climate-change",
        "energy",
        "space",
        "oceans",
        "supply-chains",
        "technology-controls",
      ]),
    );
  });
});

describe("working groups and papers", () => {
  it("creates a group and a paper, reads them back, and pages through papers", async () => {
    const token = await api.token("lead-person");
    const { createWorkingGroup: group } = dataOf(
      await api.gql<{ createWorkingGroup: { id: string; name: string; viewerRole: string } }>(
        `mutation { createWorkingGroup(input: { name: "Ocean observation", topicIds: ["oceans"] }) {
          id name viewerRole topics { id } conveners { displayName } } }`,
        {},
        token,
      ),
    );
    expect(group).toMatchObject({ name: "Ocean observation", viewerRole: "CONVENER" });

    const titles = [
      "Deep-sea mining moratorium",
      "Argo float data sharing",
      "Polar research stations",
    ];
    const ids: string[] = [];
    for (const title of titles) {
      const { createPaper } = dataOf(
        await api.gql<{ createPaper: { id: string; status: string; viewerRole: string } }>(
          `mutation($input: CreatePaperInput!) { createPaper(input: $input) { id status viewerRole title } }`,
          {
            input: {
              workingGroupId: group.id,
              title,
              summary: "A position for the next negotiation round.",
              topicIds: ["oceans"],
              diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
            },
          },
          token,
        ),
      );
      expect(createPaper).toMatchObject({ status: "DRAFT", viewerRole: "LEAD" });
      ids.push(createPaper.id);
    }

    const { paper } = dataOf(
      await api.gql<{ paper: Record<string, unknown> }>(
        `query($id: ID!) { paper(id: $id) { title workingGroup { name } topics { id }
          diplomacyTypes collaborators { role member { displayName } } } }`,
        { id: ids[0] },
        token,
      ),
    );
    expect(paper).toEqual({
      title: titles[0],
      workingGroup: { name: "Ocean observation" },
      topics: [{ id: "oceans" }],
      diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
      collaborators: [{ role: "LEAD", member: { displayName: "lead-person" } }],
    });

    type Page = {
      papers: {
        edges: { cursor: string; node: { title: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const query = `query($after: String) { papers(first: 2, after: $after, filter: { workingGroupId: "${group.id}" }) {
      edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }`;
    const first = dataOf(await api.gql<Page>(query, {}, token)).papers;
    expect(first.edges.map((e) => e.node.title)).toEqual([titles[2], titles[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(
      await api.gql<Page>(query, { after: first.pageInfo.endCursor }, token),
    ).papers;
    expect(second.edges.map((e) => e.node.title)).toEqual([titles[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    // Someone else cannot see draft papers: NOT_FOUND, and absent from their list.
    const stranger = await api.token("stranger");
    expect(codeOf(await api.gql(`{ paper(id: "${ids[0]}") { id } }`, {}, stranger))).toBe(
      "NOT_FOUND",
    );
    expect(codeOf(await api.gql(`{ paper(id: "${ids[0]}") { id } }`))).toBe("NOT_FOUND");
    const theirs = dataOf(
      await api.gql<Page>(
        `{ papers(first: 50) { edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }`,
        {},
        stranger,
      ),
    );
    expect(theirs.papers.edges).toEqual([]);
  });

  it("clamps first to the largest page size and refuses negative or foreign cursors", async () => {
    const token = await api.token("pager");
    const { createWorkingGroup } = dataOf(
      await api.gql<{ createWorkingGroup: { id: string } }>(
        `mutation { createWorkingGroup(input: { name: "Pagers" }) { id } }`,
        {},
        token,
      ),
    );
    for (let i = 0; i < 3; i++) {
      dataOf(
        await api.gql(
          `mutation { createPaper(input: { workingGroupId: "${createWorkingGroup.id}", title: "Paper ${i}" }) { id } }`,
          {},
          token,
        ),
      );
    }
    const big = dataOf(
      await api.gql<{ papers: { edges: unknown[] } }>(
        `{ papers(first: 100000) { edges { node { id } } } }`,
        {},
        token,
      ),
    );
    expect(big.papers.edges.length).toBe(3);
    expect(
      codeOf(await api.gql(`{ papers(first: -1) { edges { node { id } } } }`, {}, token)),
    ).toBe("BAD_USER_INPUT");
    expect(
      codeOf(
        await api.gql(
          `{ papers(first: 1, after: "garbage!") { edges { node { id } } } }`,
          {},
          token,
        ),
      ),
    ).toBe("BAD_USER_INPUT");
  });

  it("lets only group members and coordinators start papers in a group", async () => {
    const convener = await api.token("convener-x");
    const outsider = await api.token("outsider-x");
    const { createWorkingGroup } = dataOf(
      await api.gql<{ createWorkingGroup: { id: string } }>(
        `mutation { createWorkingGroup(input: { name: "Closed group" }) { id } }`,
        {},
        convener,
      ),
    );
    const create = `mutation { createPaper(input: { workingGroupId: "${createWorkingGroup.id}", title: "An attempt" }) { id } }`;
    expect(codeOf(await api.gql(create, {}, outsider))).toBe("FORBIDDEN");
    expect(codeOf(await api.gql(create))).toBe("UNAUTHENTICATED");
    const coordinator = await api.token("coord-x", { coordinator: true });
    expect(dataOf(await api.gql(create, {}, coordinator))).toBeTruthy();
  });

  it("validates working group and paper input", async () => {
    const token = await api.token("validator");
    const short = await api.gql(
      `mutation { createWorkingGroup(input: { name: "ab" }) { id } }`,
      {},
      token,
    );
    expect(codeOf(short)).toBe("BAD_USER_INPUT");
    expect(short.errors?.[0]?.message).toMatch(/name must be at least 3 characters/);
    const unknownTopic = await api.gql(
      `mutation { createWorkingGroup(input: { name: "Valid name", topicIds: ["nope"] }) { id } }`,
      {},
      token,
    );
    expect(unknownTopic.errors?.[0]?.message).toMatch(/unknown ids: nope/);
    const missingGroup = await api.gql(
      `mutation { createPaper(input: { workingGroupId: "missing", title: "Some title" }) { id } }`,
      {},
      token,
    );
    expect(codeOf(missingGroup)).toBe("NOT_FOUND");
  });
});
