// A person invited before they ever signed in gets the role at their first sign-in, once, even
// when their first two requests arrive together; only a verified email claim counts.
import { type Invitation, newId } from "@accord/domain";
import { createMemoryStore, type Store } from "@accord/storage";
import { beforeEach, describe, expect, it } from "vitest";
import { type Identity, identityFromClaims, memberOfIdentity } from "../src/index.ts";

const NOW = new Date("2026-03-01T10:00:00.000Z");
const clock = () => NOW;
let store: Store;

async function seed() {
  const at = "2026-02-01T00:00:00.000Z";
  await store.members.create({
    id: "m-lena",
    subject: "lena",
    displayName: "Lena",
    affiliation: null,
    country: null,
    community: null,
    expertiseTopicIds: [],
    platformRole: "MEMBER",
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  await store.workingGroups.create(
    {
      id: "g-1",
      name: "Oceans",
      description: "",
      topicIds: [],
      createdBy: "m-lena",
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    { workingGroupId: "g-1", memberId: "m-lena", role: "CONVENER", addedAt: at },
  );
  await store.papers.create(
    {
      id: "p-1",
      workingGroupId: "g-1",
      title: "High seas",
      summary: "",
      topicIds: [],
      diplomacyTypes: [],
      status: "DRAFT",
      createdBy: "m-lena",
      publishedAt: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    { paperId: "p-1", memberId: "m-lena", role: "LEAD", addedBy: "m-lena", addedAt: at },
  );
}

function invitation(overrides: Partial<Invitation>): Invitation {
  return {
    id: newId(),
    target: "PAPER",
    targetId: "p-1",
    role: "EDITOR",
    inviteeKind: "USERNAME",
    invitee: "dave",
    status: "PENDING",
    invitedBy: "m-lena",
    expiresAt: "2026-03-10T00:00:00.000Z",
    acceptedBy: null,
    closedAt: null,
    version: 1,
    createdAt: "2026-02-20T00:00:00.000Z",
    updatedAt: "2026-02-20T00:00:00.000Z",
    ...overrides,
  };
}

const local = (username: string, extra: Record<string, unknown> = {}): Identity =>
  identityFromClaims({ iss: "accord-local", sub: username, ...extra });

beforeEach(async () => {
  store = createMemoryStore();
  await seed();
});

describe("invitations at the first sign-in", () => {
  it("makes the invited username a collaborator with the invited role, and records it", async () => {
    const sent = invitation({});
    await store.invitations.create(sent);
    const dave = await memberOfIdentity(store, local("dave"), clock);
    expect((await store.collaborators.get("p-1", dave.id))?.role).toBe("EDITOR");
    const accepted = await store.invitations.get(sent.id);
    expect(accepted).toMatchObject({ status: "ACCEPTED", acceptedBy: dave.id, version: 2 });
    const feed = await store.activity.listByPaper("p-1", { first: 10 });
    expect(feed.items.map((e) => [e.kind, e.actorId])).toEqual([["INVITATION_ACCEPTED", dave.id]]);
  });

  it("matches an email address only when the issuer verified it, in any case", async () => {
    await store.invitations.create(
      invitation({ inviteeKind: "EMAIL", invitee: "erin@example.org" }),
    );
    const unverified = await memberOfIdentity(
      store,
      local("erin", { email: "erin@example.org" }),
      clock,
    );
    expect(await store.collaborators.get("p-1", unverified.id)).toBeNull();

    const verified = await memberOfIdentity(
      store,
      local("erin2", { email: "Erin@Example.org", email_verified: true }),
      clock,
    );
    expect((await store.collaborators.get("p-1", verified.id))?.role).toBe("EDITOR");
  });

  it("makes a working group member, and leaves expired and revoked invitations alone", async () => {
    await store.invitations.create(
      invitation({ target: "WORKING_GROUP", targetId: "g-1", role: "MEMBER" }),
    );
    await store.invitations.create(invitation({ expiresAt: "2026-03-01T10:00:00.000Z" }));
    const dave = await memberOfIdentity(store, local("dave"), clock);
    expect((await store.workingGroups.getMembership("g-1", dave.id))?.role).toBe("MEMBER");
    expect(await store.collaborators.get("p-1", dave.id)).toBeNull();
    const groupFeed = await store.activity.listByGroup("g-1", { first: 10 });
    expect(groupFeed.items.map((e) => e.kind)).toEqual(["INVITATION_ACCEPTED"]);

    const revoked = invitation({ invitee: "fay" });
    await store.invitations.create(revoked);
    await store.invitations.update({ ...revoked, status: "REVOKED", version: 2 });
    const fay = await memberOfIdentity(store, local("fay"), clock);
    expect(await store.collaborators.get("p-1", fay.id)).toBeNull();
  });

  it("grants once when the first two requests of a person race, and both see the role", async () => {
    const sent = invitation({});
    await store.invitations.create(sent);
    const [a, b] = await Promise.all([
      memberOfIdentity(store, local("dave"), clock).then(async (m) => ({
        member: m,
        role: (await store.collaborators.get("p-1", m.id))?.role,
      })),
      memberOfIdentity(store, local("dave"), clock).then(async (m) => ({
        member: m,
        role: (await store.collaborators.get("p-1", m.id))?.role,
      })),
    ]);
    expect(a.member.id).toBe(b.member.id);
    expect([a.role, b.role]).toEqual(["EDITOR", "EDITOR"]);
    expect((await store.collaborators.listByPaper("p-1")).map((c) => c.role)).toEqual([
      "LEAD",
      "EDITOR",
    ]);
    const feed = await store.activity.listByPaper("p-1", { first: 10 });
    expect(feed.items).toHaveLength(1);
    expect((await store.invitations.get(sent.id))?.status).toBe("ACCEPTED");
  });

  it("accepts nothing when given only the members port", async () => {
    await store.invitations.create(invitation({}));
    const dave = await memberOfIdentity({ members: store.members }, local("dave"), clock);
    expect(await store.collaborators.get("p-1", dave.id)).toBeNull();
  });
});

describe("identity claims for invitations", () => {
  it("takes the username from local subjects and Cognito usernames, not from other issuers", () => {
    expect(local("dave").username).toBe("dave");
    const cognito = identityFromClaims({
      iss: "https://cognito-idp.eu-west-1.amazonaws.com/pool",
      sub: "abc",
      "cognito:username": "dave",
      email: "dave@example.org",
      email_verified: "true",
    });
    expect(cognito).toMatchObject({ username: "dave", emailVerified: true });
    const other = identityFromClaims({ iss: "https://issuer.example", sub: "abc", email: "x@y.z" });
    expect(other.username).toBeUndefined();
    expect(other.emailVerified).toBeUndefined();
  });
});
