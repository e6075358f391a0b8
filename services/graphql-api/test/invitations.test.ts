// Invitations and join requests through GraphQL: a person invited before they ever signed in is
// a collaborator at their first request; the errors say what went wrong; email addresses stay
// with the people who may see them; every step lands in an activity feed.
import { mintLocalToken } from "@accord/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, dataOf, startTestApi, type TestApi } from "./support.ts";

let api: TestApi;
let lead: string;
let groupId: string;
let paperId: string;

beforeAll(async () => {
  api = await startTestApi();
  lead = await api.token("inv-lead");
  groupId = dataOf(
    await api.gql<{ createWorkingGroup: { id: string } }>(
      `mutation { createWorkingGroup(input: { name: "Space traffic" }) { id } }`,
      {},
      lead,
    ),
  ).createWorkingGroup.id;
  paperId = dataOf(
    await api.gql<{ createPaper: { id: string } }>(
      `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Orbital debris" }) { id } }`,
      { g: groupId },
      lead,
    ),
  ).createPaper.id;
});
afterAll(() => api.close());

const INVITE = `mutation($p: ID!, $u: String, $e: String, $days: Int) {
  inviteCollaborator(input: { paperId: $p, username: $u, email: $e, role: EDITOR, expiresInDays: $days }) {
    id status invitee inviteeKind paperRole expiresAt
  }
}`;

describe("inviting a co-author", () => {
  it("makes the invited username an EDITOR at their first sign-in", async () => {
    const invited = dataOf(
      await api.gql<{ inviteCollaborator: { id: string; status: string; expiresAt: string } }>(
        INVITE,
        { p: paperId, u: "inv-dave" },
        lead,
      ),
    ).inviteCollaborator;
    expect(invited.status).toBe("PENDING");
    const days = (Date.parse(invited.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    // The very first request of the invitee already sees the paper with the role.
    const dave = await api.token("inv-dave");
    const paper = dataOf(
      await api.gql<{ paper: { viewerRole: string } }>(
        `query($p: ID!) { paper(id: $p) { viewerRole } }`,
        { p: paperId },
        dave,
      ),
    ).paper;
    expect(paper.viewerRole).toBe("EDITOR");

    const closed = dataOf(
      await api.gql<{
        paperInvitations: { id: string; status: string; acceptedBy: { id: string } }[];
      }>(
        `query($p: ID!) { paperInvitations(paperId: $p, includeClosed: true) { id status acceptedBy { id } } }`,
        { p: paperId },
        lead,
      ),
    ).paperInvitations;
    expect(closed.find((i) => i.id === invited.id)?.status).toBe("ACCEPTED");
    const feed = dataOf(
      await api.gql<{ paper: { activity: { edges: { node: { kind: string } }[] } } }>(
        `query($p: ID!) { paper(id: $p) { activity { edges { node { kind } } } } }`,
        { p: paperId },
        lead,
      ),
    ).paper.activity.edges.map((e) => e.node.kind);
    expect(feed).toEqual(expect.arrayContaining(["INVITATION_SENT", "INVITATION_ACCEPTED"]));

    // Inviting them again: they are a collaborator already.
    const again = await api.gql(INVITE, { p: paperId, u: "inv-dave" }, lead);
    expect(codeOf(again)).toBe("CONFLICT");
  });

  it("refuses a second pending invitation, bad input, and revokes once", async () => {
    const first = dataOf(
      await api.gql<{ inviteCollaborator: { id: string; invitee: string } }>(
        INVITE,
        { p: paperId, e: " Erin@Example.ORG " },
        lead,
      ),
    ).inviteCollaborator;
    expect(first.invitee).toBe("erin@example.org");
    expect(codeOf(await api.gql(INVITE, { p: paperId, e: "erin@example.org" }, lead))).toBe(
      "CONFLICT",
    );
    expect(codeOf(await api.gql(INVITE, { p: paperId }, lead))).toBe("BAD_USER_INPUT");
    expect(codeOf(await api.gql(INVITE, { p: paperId, u: "x", e: "x@y.org" }, lead))).toBe(
      "BAD_USER_INPUT",
    );
    expect(codeOf(await api.gql(INVITE, { p: paperId, e: "not-an-address" }, lead))).toBe(
      "BAD_USER_INPUT",
    );
    expect(codeOf(await api.gql(INVITE, { p: paperId, u: "y", days: 91 }, lead))).toBe(
      "BAD_USER_INPUT",
    );

    const REVOKE = `mutation($i: ID!) { revokeInvitation(id: $i) { status } }`;
    const revoked = dataOf(
      await api.gql<{ revokeInvitation: { status: string } }>(REVOKE, { i: first.id }, lead),
    );
    expect(revoked.revokeInvitation.status).toBe("REVOKED");
    expect(codeOf(await api.gql(REVOKE, { i: first.id }, lead))).toBe("CONFLICT");
    // A revoked invitation no longer makes anyone a collaborator...
    const erin = await mintLocalToken(api.key, {
      username: "inv-erin",
      email: "erin@example.org",
      emailVerified: true,
    });
    const seen = await api.gql(`query($p: ID!) { paper(id: $p) { id } }`, { p: paperId }, erin);
    expect(codeOf(seen)).toBe("NOT_FOUND");
    // ...and a new one may be sent; an existing member accepts it from their invitations.
    const second = dataOf(
      await api.gql<{ inviteCollaborator: { id: string } }>(
        INVITE,
        { p: paperId, e: "erin@example.org" },
        lead,
      ),
    ).inviteCollaborator;
    const mine = dataOf(
      await api.gql<{ myInvitations: { id: string; targetName: string; invitee: string }[] }>(
        `{ myInvitations { id targetName invitee } }`,
        {},
        erin,
      ),
    ).myInvitations;
    expect(mine).toEqual([
      { id: second.id, targetName: "Orbital debris", invitee: "erin@example.org" },
    ]);
    const ACCEPT = `mutation($i: ID!) { acceptInvitation(id: $i) { status } }`;
    expect(dataOf(await api.gql(ACCEPT, { i: second.id }, erin))).toEqual({
      acceptInvitation: { status: "ACCEPTED" },
    });
    expect(codeOf(await api.gql(ACCEPT, { i: second.id }, erin))).toBe("CONFLICT");
  });

  it("shows email addresses only to those who may manage the paper", async () => {
    await api.gql(INVITE, { p: paperId, e: "private@example.org" }, lead);
    // inv-dave is an EDITOR now: he may not list invitations at all.
    const dave = await api.token("inv-dave");
    const asEditor = await api.gql(
      `query($p: ID!) { paperInvitations(paperId: $p) { invitee } }`,
      { p: paperId },
      dave,
    );
    expect(codeOf(asEditor)).toBe("FORBIDDEN");
    const coordinator = await api.token("inv-coordinator", { coordinator: true });
    const asCoordinator = dataOf(
      await api.gql<{ paperInvitations: { invitee: string | null }[] }>(
        `query($p: ID!) { paperInvitations(paperId: $p) { invitee } }`,
        { p: paperId },
        coordinator,
      ),
    ).paperInvitations.map((i) => i.invitee);
    expect(asCoordinator).toContain("private@example.org");
    // The paper's feed never carries the address.
    const feed = JSON.stringify(
      await api.gql(
        `query($p: ID!) { paper(id: $p) { activity { edges { node { details { name value } } } } } }`,
        { p: paperId },
        lead,
      ),
    );
    expect(feed).not.toContain("private@example.org");
  });

  it("an expired invitation makes nobody a collaborator and cannot be revoked", async () => {
    const clockless = await api.gql<{ inviteCollaborator: { id: string } }>(
      INVITE,
      { p: paperId, u: "inv-late" },
      lead,
    );
    const { id } = dataOf(clockless).inviteCollaborator;
    const stored = await api.store.invitations.get(id);
    await api.store.invitations.update({
      ...stored!,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      version: stored!.version + 1,
    });
    const late = await api.token("inv-late");
    expect(
      codeOf(await api.gql(`query($p: ID!) { paper(id: $p) { id } }`, { p: paperId }, late)),
    ).toBe("NOT_FOUND");
    const revoke = await api.gql(
      `mutation($i: ID!) { revokeInvitation(id: $i) { id } }`,
      { i: id },
      lead,
    );
    expect(codeOf(revoke)).toBe("CONFLICT");
    expect(revoke.errors?.[0]?.message).toMatch(/expired/);
  });
});

describe("joining a working group", () => {
  it("asks, is approved once by a convener, and is a member; each step in the group's feed", async () => {
    const fay = await api.token("inv-fay");
    const asked = dataOf(
      await api.gql<{ requestToJoinGroup: { id: string } }>(
        `mutation($g: ID!) { requestToJoinGroup(input: { workingGroupId: $g, message: "I track debris" }) { id } }`,
        { g: groupId },
        fay,
      ),
    ).requestToJoinGroup;
    expect(
      codeOf(
        await api.gql(
          `mutation($g: ID!) { requestToJoinGroup(input: { workingGroupId: $g }) { id } }`,
          { g: groupId },
          fay,
        ),
      ),
    ).toBe("CONFLICT");
    const pending = dataOf(
      await api.gql<{
        joinRequests: { id: string; message: string; member: { displayName: string } }[];
      }>(
        `query($g: ID!) { joinRequests(workingGroupId: $g) { id message member { displayName } } }`,
        { g: groupId },
        lead,
      ),
    ).joinRequests;
    expect(pending).toEqual([
      { id: asked.id, message: "I track debris", member: { displayName: "inv-fay" } },
    ]);

    const DECIDE = `mutation($r: ID!, $a: Boolean!) { decideJoinRequest(input: { id: $r, approve: $a }) { status decidedBy { id } } }`;
    expect(dataOf(await api.gql(DECIDE, { r: asked.id, a: true }, lead))).toMatchObject({
      decideJoinRequest: { status: "APPROVED" },
    });
    expect(codeOf(await api.gql(DECIDE, { r: asked.id, a: false }, lead))).toBe("CONFLICT");
    const group = dataOf(
      await api.gql<{ workingGroup: { viewerRole: string } }>(
        `query($g: ID!) { workingGroup(id: $g) { viewerRole } }`,
        { g: groupId },
        fay,
      ),
    ).workingGroup;
    expect(group.viewerRole).toBe("MEMBER");
    const feed = dataOf(
      await api.gql<{ workingGroupActivity: { edges: { node: { kind: string } }[] } }>(
        `query($g: ID!) { workingGroupActivity(workingGroupId: $g) { edges { node { kind } } } }`,
        { g: groupId },
        fay,
      ),
    ).workingGroupActivity.edges.map((e) => e.node.kind);
    expect(feed).toEqual(["JOIN_REQUEST_APPROVED", "JOIN_REQUESTED", "GROUP_CREATED"]);
  });

  it("a declined or withdrawn request makes nobody a member", async () => {
    const gus = await api.token("inv-gus");
    const ASK = `mutation($g: ID!) { requestToJoinGroup(input: { workingGroupId: $g }) { id } }`;
    const first = dataOf(
      await api.gql<{ requestToJoinGroup: { id: string } }>(ASK, { g: groupId }, gus),
    ).requestToJoinGroup;
    await api.gql(
      `mutation($r: ID!) { decideJoinRequest(input: { id: $r, approve: false }) { id } }`,
      { r: first.id },
      lead,
    );
    const second = dataOf(
      await api.gql<{ requestToJoinGroup: { id: string } }>(ASK, { g: groupId }, gus),
    ).requestToJoinGroup;
    const WITHDRAW = `mutation($r: ID!) { withdrawJoinRequest(id: $r) { status } }`;
    expect(dataOf(await api.gql(WITHDRAW, { r: second.id }, gus))).toEqual({
      withdrawJoinRequest: { status: "WITHDRAWN" },
    });
    expect(codeOf(await api.gql(WITHDRAW, { r: second.id }, gus))).toBe("CONFLICT");
    const mine = dataOf(
      await api.gql<{ myJoinRequests: { status: string }[] }>(
        `{ myJoinRequests { status } }`,
        {},
        gus,
      ),
    ).myJoinRequests.map((r) => r.status);
    expect(mine).toEqual(["DECLINED", "WITHDRAWN"]);
    const group = dataOf(
      await api.gql<{ workingGroup: { viewerRole: string | null } }>(
        `query($g: ID!) { workingGroup(id: $g) { viewerRole } }`,
        { g: groupId },
        gus,
      ),
    ).workingGroup;
    expect(group.viewerRole).toBeNull();
  });
});
