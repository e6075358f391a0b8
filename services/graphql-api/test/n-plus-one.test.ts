// A page of 50 papers with their collaborators' members, topics and working groups costs a
// small, constant number of storage calls: DataLoader batches every per-paper read.
import { createMemoryStore, type Store } from "@accord/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, startTestApi, type TestApi } from "./support.ts";

/** The store, with every call of every port counted by "port.method". */
function countingStore(store: Store) {
  const calls = new Map<string, number>();
  const counted = new Proxy(store, {
    get(target, port: string) {
      const value = target[port as keyof Store];
      if (typeof value !== "object" || value === null) return value;
      return new Proxy(value, {
        get(portTarget, method: string) {
          const fn = (portTarget as unknown as Record<string, unknown>)[method];
          if (typeof fn !== "function") return fn;
          return (...args: unknown[]) => {
            calls.set(`${port}.${method}`, (calls.get(`${port}.${method}`) ?? 0) + 1);
            return fn.apply(portTarget, args);
          };
        },
      });
    },
  });
  return { store: counted, calls };
}

let api: TestApi;
let calls: Map<string, number>;
beforeAll(async () => {
  const counting = countingStore(createMemoryStore());
  calls = counting.calls;
  api = await startTestApi({ store: counting.store });
});
afterAll(() => api.close());

describe("N+1", () => {
  it("reads 50 papers with collaborators, members, topics and groups in a constant number of calls", async () => {
    const lead = await api.token("lead");
    const editors = await Promise.all(["e1", "e2", "e3"].map((name) => api.token(name)));
    const editorIds: string[] = [];
    for (const token of editors) {
      editorIds.push(
        dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token)).me.id,
      );
    }
    const groups: string[] = [];
    for (const name of ["Group one", "Group two"]) {
      groups.push(
        dataOf(
          await api.gql<{ createWorkingGroup: { id: string } }>(
            `mutation($name: String!) { createWorkingGroup(input: { name: $name }) { id } }`,
            { name },
            lead,
          ),
        ).createWorkingGroup.id,
      );
    }
    for (let i = 0; i < 50; i++) {
      const { createPaper } = dataOf(
        await api.gql<{ createPaper: { id: string } }>(
          `mutation($input: CreatePaperInput!) { createPaper(input: $input) { id } }`,
          {
            input: {
              workingGroupId: groups[i % 2],
              title: `Paper number ${i}`,
              topicIds: i % 2 ? ["energy", "oceans"] : ["space", "climate-change"],
            },
          },
          lead,
        ),
      );
      for (const memberId of editorIds) {
        dataOf(
          await api.gql(
            `mutation($input: AddCollaboratorInput!) { addCollaborator(input: $input) { id } }`,
            { input: { paperId: createPaper.id, memberId, role: "EDITOR" } },
            lead,
          ),
        );
      }
    }

    calls.clear();
    const { papers } = dataOf(
      await api.gql<{
        papers: { edges: { node: { collaborators: unknown[]; topics: unknown[] } }[] };
      }>(
        `{ papers(first: 50) { edges { node {
            title viewerRole
            topics { name }
            workingGroup { name }
            createdBy { displayName }
            collaborators { role member { displayName expertise { name } } addedBy { displayName } }
        } } } }`,
        {},
        lead,
      ),
    );
    expect(papers.edges).toHaveLength(50);
    expect(papers.edges.every((e) => e.node.collaborators.length === 4)).toBe(true);
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    console.log(`storage calls for 50 papers: ${total}`, Object.fromEntries(calls));
    expect(total).toBeLessThanOrEqual(8);
    expect(calls.get("collaborators.listByPapers")).toBe(1);
    expect(calls.get("members.getMany")).toBeLessThanOrEqual(2);
    expect(calls.get("topics.getMany")).toBeLessThanOrEqual(2);
    expect(calls.get("workingGroups.getMany")).toBe(1);
  });

  it("reads an inbox page of 30 notifications on 3 papers in a constant number of calls", async () => {
    const [ana, bea] = await Promise.all([api.token("inbox-ana"), api.token("inbox-bea")]);
    const beaId = dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, bea)).me.id;
    const groupId = dataOf(
      await api.gql<{ createWorkingGroup: { id: string } }>(
        `mutation { createWorkingGroup(input: { name: "Inbox group" }) { id } }`,
        {},
        ana,
      ),
    ).createWorkingGroup.id;
    for (let p = 0; p < 3; p++) {
      const paperId = dataOf(
        await api.gql<{ createPaper: { id: string } }>(
          `mutation($g: ID!, $t: String!) { createPaper(input: { workingGroupId: $g, title: $t }) { id } }`,
          { g: groupId, t: `Inbox paper ${p}` },
          ana,
        ),
      ).createPaper.id;
      dataOf(
        await api.gql(
          `mutation($p: ID!, $m: ID!) { addCollaborator(input: { paperId: $p, memberId: $m, role: EDITOR }) { id } }`,
          { p: paperId, m: beaId },
          ana,
        ),
      );
      for (let c = 0; c < 10; c++) {
        dataOf(
          await api.gql(
            `mutation($p: ID!, $b: String!) { addComment(input: { paperId: $p, body: $b }) { id } }`,
            { p: paperId, b: `Point ${c} for @[Bea](member:${beaId})` },
            ana,
          ),
        );
      }
    }

    calls.clear();
    const { inbox } = dataOf(
      await api.gql<{ inbox: { edges: { node: { excerpt: string | null } }[] } }>(
        `{ inbox(first: 30) { edges { node {
            kind read threadId excerpt actor { displayName } paper { title } invitation { id }
        } } } }`,
        {},
        bea,
      ),
    );
    expect(inbox.edges).toHaveLength(30);
    expect(inbox.edges.every((e) => e.node.excerpt?.startsWith("Point "))).toBe(true);
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    console.log(`storage calls for an inbox page of 30: ${total}`, Object.fromEntries(calls));
    expect(total).toBeLessThanOrEqual(6);
    expect(calls.get("notifications.listByRecipient")).toBe(1);
    expect(calls.get("papers.getMany")).toBe(1);
    expect(calls.get("collaborators.listByPapers")).toBe(1);
    expect(calls.get("comments.get")).toBeUndefined();
  });
});
