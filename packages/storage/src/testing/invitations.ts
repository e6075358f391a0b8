// Contract tests for invitations, join requests and a working group's own activity feed.
import type { GroupActivityEvent, Invitation, JoinRequest } from "@accord/domain";
import { describe, expect, it } from "vitest";
import { at, expectCode, group, membership, race, seedPaper } from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

export function invitation(id: string, overrides: Partial<Invitation> = {}): Invitation {
  return {
    id,
    target: "PAPER",
    targetId: "p-1",
    role: "EDITOR",
    inviteeKind: "EMAIL",
    invitee: "dave@example.org",
    status: "PENDING",
    invitedBy: "m-lead",
    expiresAt: at(60),
    acceptedBy: null,
    closedAt: null,
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function joinRequest(id: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    id,
    workingGroupId: "g-1",
    memberId: "m-dave",
    message: "",
    status: "PENDING",
    decidedBy: null,
    decidedAt: null,
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function groupEvent(id: string, overrides: Partial<GroupActivityEvent> = {}): GroupActivityEvent {
  return {
    id,
    workingGroupId: "g-1",
    actorId: "m-convener",
    kind: "JOIN_REQUESTED",
    detail: {},
    at: at(0),
    ...overrides,
  };
}

export function invitationContract({ store }: ContractContext): void {
  const seedGroup = async (groupId = "g-1") =>
    store().workingGroups.create(
      group(groupId),
      membership(groupId, "m-convener", { role: "CONVENER" }),
    );

  describe("invitations", () => {
    it("stores an invitation and lists it by target and by invitee, oldest first", async () => {
      await seedPaper(store(), "p-1");
      await seedGroup();
      const toPaper = invitation("i-1", { createdAt: at(2), updatedAt: at(2) });
      const toGroup = invitation("i-2", {
        target: "WORKING_GROUP",
        targetId: "g-1",
        role: "MEMBER",
        createdAt: at(1),
        updatedAt: at(1),
      });
      const byUsername = invitation("i-3", { inviteeKind: "USERNAME", invitee: "dave" });
      for (const i of [toPaper, toGroup, byUsername]) await store().invitations.create(i);

      expect(await store().invitations.get("i-1")).toEqual(toPaper);
      expect(await store().invitations.get("i-none")).toBeNull();
      expect(await store().invitations.listByTarget("PAPER", "p-1")).toEqual([byUsername, toPaper]);
      expect(await store().invitations.listByTarget("WORKING_GROUP", "g-1")).toEqual([toGroup]);
      expect(await store().invitations.listByTarget("WORKING_GROUP", "p-1")).toEqual([]);
      expect(await store().invitations.listByInvitee("EMAIL", "dave@example.org")).toEqual([
        toGroup,
        toPaper,
      ]);
      expect(await store().invitations.listByInvitee("USERNAME", "dave")).toEqual([byUsername]);
      expect(await store().invitations.listByInvitee("USERNAME", "dave@example.org")).toEqual([]);
    });

    it("refuses a taken id and a second open invitation for the same person and target", async () => {
      await seedPaper(store(), "p-1");
      await store().invitations.create(invitation("i-1"));
      await expectCode(
        store().invitations.create(invitation("i-1", { invitee: "other@example.org" })),
        "CONFLICT",
      );
      await expectCode(
        store().invitations.create(invitation("i-2", { role: "VIEWER" })),
        "CONFLICT",
      );
      expect(await store().invitations.get("i-2")).toBeNull();
      // Another person, or the same address as a username, is someone else.
      await store().invitations.create(invitation("i-3", { invitee: "erin@example.org" }));
      await store().invitations.create(
        invitation("i-4", { inviteeKind: "USERNAME", invitee: "dave@example.org" }),
      );
      expect(await store().invitations.listByTarget("PAPER", "p-1")).toHaveLength(3);
    });

    it("lets a new invitation replace one that expired, was revoked or was accepted", async () => {
      await seedPaper(store(), "p-1");
      await store().invitations.create(invitation("i-1", { expiresAt: at(10) }));
      // Open until the minute it expires, not after.
      await expectCode(
        store().invitations.create(invitation("i-2", { createdAt: at(9), updatedAt: at(9) })),
        "CONFLICT",
      );
      const second = invitation("i-2", { createdAt: at(10), updatedAt: at(10), expiresAt: at(70) });
      await store().invitations.create(second);
      await store().invitations.update({
        ...second,
        status: "REVOKED",
        closedAt: at(11),
        version: 2,
        updatedAt: at(11),
      });
      const third = invitation("i-3", { createdAt: at(12), updatedAt: at(12), expiresAt: at(80) });
      await store().invitations.create(third);
      await store().invitations.update({
        ...third,
        status: "ACCEPTED",
        acceptedBy: "m-dave",
        closedAt: at(13),
        version: 2,
        updatedAt: at(13),
      });
      await store().invitations.create(invitation("i-4", { createdAt: at(14), expiresAt: at(90) }));
      const statuses = (await store().invitations.listByTarget("PAPER", "p-1")).map((i) => [
        i.id,
        i.status,
      ]);
      expect(statuses).toEqual([
        ["i-1", "PENDING"],
        ["i-2", "REVOKED"],
        ["i-3", "ACCEPTED"],
        ["i-4", "PENDING"],
      ]);
    });

    it("lets exactly one of two racing invitations for the same person win", async () => {
      await seedPaper(store(), "p-1");
      const winners = await race([
        store().invitations.create(invitation("i-a")),
        store().invitations.create(invitation("i-b")),
      ]);
      expect(winners).toHaveLength(1);
      expect(await store().invitations.listByTarget("PAPER", "p-1")).toHaveLength(1);
    });

    it("updates conditionally on the version, keeping who and what it names", async () => {
      await seedPaper(store(), "p-1");
      const v1 = invitation("i-1");
      await store().invitations.create(v1);
      const accepted: Invitation = {
        ...v1,
        status: "ACCEPTED",
        acceptedBy: "m-dave",
        closedAt: at(5),
        invitee: "changed@example.org",
        version: 2,
        updatedAt: at(5),
      };
      await store().invitations.update(accepted);
      const stored = await store().invitations.get("i-1");
      expect(stored).toEqual({ ...accepted, invitee: "dave@example.org" });
      expect(await store().invitations.listByInvitee("EMAIL", "dave@example.org")).toEqual([
        stored,
      ]);
      expect(await store().invitations.listByTarget("PAPER", "p-1")).toEqual([stored]);
      // A stale write (two accepts of one invitation at once) loses.
      await expectCode(
        store().invitations.update({ ...v1, status: "REVOKED", version: 2 }),
        "CONFLICT",
      );
      await expectCode(
        store().invitations.update(invitation("i-none", { version: 2 })),
        "NOT_FOUND",
      );
    });

    it("lets exactly one of two racing closes of one invitation win", async () => {
      await seedPaper(store(), "p-1");
      const v1 = invitation("i-1");
      await store().invitations.create(v1);
      const winners = await race([
        store().invitations.update({ ...v1, status: "ACCEPTED", acceptedBy: "m-a", version: 2 }),
        store().invitations.update({ ...v1, status: "ACCEPTED", acceptedBy: "m-b", version: 2 }),
      ]);
      expect(winners).toHaveLength(1);
      expect((await store().invitations.get("i-1"))?.version).toBe(2);
    });
  });

  describe("join requests", () => {
    it("stores a request and lists it by group and by member, oldest first", async () => {
      await seedGroup("g-1");
      await seedGroup("g-2");
      const first = joinRequest("r-1", { createdAt: at(2), updatedAt: at(2), message: "Oceans" });
      const second = joinRequest("r-2", { workingGroupId: "g-2", createdAt: at(1) });
      const other = joinRequest("r-3", { memberId: "m-erin", createdAt: at(3) });
      for (const r of [first, second, other]) await store().joinRequests.create(r);
      expect(await store().joinRequests.get("r-1")).toEqual(first);
      expect(await store().joinRequests.get("r-none")).toBeNull();
      expect(await store().joinRequests.listByGroup("g-1")).toEqual([first, other]);
      expect(await store().joinRequests.listByMember("m-dave")).toEqual([second, first]);
      expect(await store().joinRequests.listByMember("m-nobody")).toEqual([]);
    });

    it("keeps one PENDING request per member and group; a decided one allows another", async () => {
      await seedGroup();
      const v1 = joinRequest("r-1");
      await store().joinRequests.create(v1);
      await expectCode(
        store().joinRequests.create(joinRequest("r-1", { memberId: "m-x" })),
        "CONFLICT",
      );
      await expectCode(store().joinRequests.create(joinRequest("r-2")), "CONFLICT");
      const declined: JoinRequest = {
        ...v1,
        status: "DECLINED",
        decidedBy: "m-convener",
        decidedAt: at(3),
        message: "changed",
        version: 2,
        updatedAt: at(3),
      };
      await store().joinRequests.update(declined);
      expect(await store().joinRequests.get("r-1")).toEqual({ ...declined, message: "" });
      await store().joinRequests.create(joinRequest("r-2", { createdAt: at(4) }));
      expect((await store().joinRequests.listByGroup("g-1")).map((r) => r.status)).toEqual([
        "DECLINED",
        "PENDING",
      ]);
    });

    it("decides conditionally on the version; two racing decisions, one wins", async () => {
      await seedGroup();
      const v1 = joinRequest("r-1");
      await store().joinRequests.create(v1);
      const winners = await race([
        store().joinRequests.update({ ...v1, status: "APPROVED", decidedBy: "m-a", version: 2 }),
        store().joinRequests.update({ ...v1, status: "DECLINED", decidedBy: "m-b", version: 2 }),
      ]);
      expect(winners).toHaveLength(1);
      await expectCode(store().joinRequests.update({ ...v1, version: 2 }), "CONFLICT");
      await expectCode(
        store().joinRequests.update(joinRequest("r-x", { version: 2 })),
        "NOT_FOUND",
      );
    });

    it("lets exactly one of two racing requests of a member to a group win", async () => {
      await seedGroup();
      const winners = await race([
        store().joinRequests.create(joinRequest("r-a")),
        store().joinRequests.create(joinRequest("r-b")),
      ]);
      expect(winners).toHaveLength(1);
      expect(await store().joinRequests.listByGroup("g-1")).toHaveLength(1);
    });
  });

  describe("working group activity", () => {
    it("lists a group's events newest first, page by page, apart from other groups", async () => {
      await seedGroup("g-1");
      await seedGroup("g-2");
      const sent = groupEvent("e-1", {
        kind: "INVITATION_SENT",
        detail: { role: "MEMBER", inviteeKind: "EMAIL", invitationId: "i-1" },
        at: at(1),
      });
      await store().activity.appendForGroup(sent);
      await store().activity.appendForGroup(groupEvent("e-2", { at: at(2) }));
      await store().activity.appendForGroup(groupEvent("e-3", { at: at(2) }));
      await store().activity.appendForGroup(
        groupEvent("e-4", { workingGroupId: "g-2", at: at(3) }),
      );
      const first = await store().activity.listByGroup("g-1", { first: 2 });
      expect(first.items.map((e) => e.id)).toEqual(["e-3", "e-2"]);
      expect(first.hasNextPage).toBe(true);
      const rest = await store().activity.listByGroup("g-1", { first: 2, after: first.cursors[1] });
      expect(rest.items).toEqual([sent]);
      expect(rest.hasNextPage).toBe(false);
      expect((await store().activity.listByGroup("g-none", { first: 5 })).items).toEqual([]);
      // A paper's feed is another feed.
      expect((await store().activity.listByPaper("g-1", { first: 5 })).items).toEqual([]);
    });
  });
}
