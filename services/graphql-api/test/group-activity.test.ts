// A working group's own feed tells who started it, renamed it, and who joined, changed role,
// was removed or left: the story of the group beside its papers'.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, startTestApi, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function memberId(token: string): Promise<string> {
  return dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token)).me.id;
}

interface Feed {
  workingGroupActivity: {
    edges: {
      node: {
        kind: string;
        actor: { id: string } | null;
        details: { name: string; value: string | null }[];
      };
    }[];
  };
}

describe("a working group's feed", () => {
  it("records creation, renaming and membership changes", async () => {
    const convener = await api.token("feed-convener");
    const member = await api.token("feed-member");
    const leaver = await api.token("feed-leaver");
    const [convenerId, memberIdOf, leaverId] = await Promise.all(
      [convener, member, leaver].map(memberId),
    );
    const group = dataOf(
      await api.gql<{ createWorkingGroup: { id: string; version: number } }>(
        `mutation { createWorkingGroup(input: { name: "Polar" }) { id version } }`,
        {},
        convener,
      ),
    ).createWorkingGroup;
    const g = group.id;
    const mutate = (query: string, variables: Record<string, unknown>, token = convener) =>
      api.gql(query, { g, ...variables }, token).then(dataOf);
    const add = `mutation($g: ID!, $m: ID!) { addWorkingGroupMember(input: { workingGroupId: $g, memberId: $m }) { id } }`;
    await mutate(add, { m: memberIdOf });
    await mutate(add, { m: leaverId });
    await mutate(
      `mutation($g: ID!, $m: ID!) { changeWorkingGroupMemberRole(input: { workingGroupId: $g, memberId: $m, role: CONVENER }) { id } }`,
      { m: memberIdOf },
    );
    await mutate(
      `mutation($g: ID!) { updateWorkingGroup(input: { id: $g, name: "Polar network" }) { id } }`,
      {},
    );
    // Saving the same details again changes nothing, and records nothing.
    await mutate(
      `mutation($g: ID!) { updateWorkingGroup(input: { id: $g, name: "Polar network" }) { id } }`,
      {},
    );
    const remove = `mutation($g: ID!, $m: ID!) { removeWorkingGroupMember(input: { workingGroupId: $g, memberId: $m }) { id } }`;
    await mutate(remove, { m: leaverId }, leaver);
    await mutate(remove, { m: memberIdOf });

    const feed = dataOf(
      await api.gql<Feed>(
        `query($g: ID!) { workingGroupActivity(workingGroupId: $g, first: 20) {
          edges { node { kind actor { id } details { name value } } } } }`,
        { g },
        member,
      ),
    );
    const told = feed.workingGroupActivity.edges.map(({ node }) => [
      node.kind,
      node.actor?.id,
      Object.fromEntries(node.details.map((d) => [d.name, d.value])),
    ]);
    // Events a millisecond apart may share a timestamp: the order is not what this checks.
    expect(told).toHaveLength(7);
    expect(told).toEqual(
      expect.arrayContaining([
        [
          "GROUP_MEMBER_REMOVED",
          convenerId,
          { memberId: memberIdOf, role: "CONVENER", left: "false" },
        ],
        ["GROUP_MEMBER_REMOVED", leaverId, { memberId: leaverId, role: "MEMBER", left: "true" }],
        ["GROUP_UPDATED", convenerId, { fields: "name", from: "Polar", name: "Polar network" }],
        [
          "GROUP_MEMBER_ROLE_CHANGED",
          convenerId,
          { memberId: memberIdOf, from: "MEMBER", to: "CONVENER" },
        ],
        ["GROUP_MEMBER_ADDED", convenerId, { memberId: leaverId, role: "MEMBER" }],
        ["GROUP_MEMBER_ADDED", convenerId, { memberId: memberIdOf, role: "MEMBER" }],
        ["GROUP_CREATED", convenerId, { name: "Polar" }],
      ]),
    );
  });
});
