// Contract tests for the entity ports: members, topics, working groups, collaborators, comments,
// versions, endorsements and activity.
import { describe, expect, it } from "vitest";
import {
  activityEvent,
  at,
  collaborator,
  comment,
  endorsement,
  expectBytes,
  expectCode,
  group,
  member,
  membership,
  paperVersion,
  race,
  seedPaper,
} from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

export function entityContract({ store }: ContractContext): void {
  describe("members", () => {
    it("stores a member and finds it by id and by subject", async () => {
      const alice = member("m-alice", {
        subject: "https://issuer.example|alice",
        displayName: "Alice Ångström",
        affiliation: "Observatoire de Genève",
        country: "CH",
        community: "SCIENCE_TECHNOLOGY",
        expertiseTopicIds: ["space", "oceans"],
        platformRole: "COORDINATOR",
      });
      await store().members.create(alice);
      expect(await store().members.get("m-alice")).toEqual(alice);
      expect(await store().members.getBySubject("https://issuer.example|alice")).toEqual(alice);
      expect(await store().members.get("m-nobody")).toBeNull();
      expect(await store().members.getBySubject("nobody")).toBeNull();
    });

    it("refuses a taken id or a taken subject with CONFLICT and stores nothing", async () => {
      await store().members.create(member("m-1", { subject: "s-1" }));
      await expectCode(store().members.create(member("m-1", { subject: "s-2" })), "CONFLICT");
      expect(await store().members.getBySubject("s-2")).toBeNull();
      await expectCode(store().members.create(member("m-2", { subject: "s-1" })), "CONFLICT");
      expect(await store().members.get("m-2")).toBeNull();
      expect((await store().members.getBySubject("s-1"))?.id).toBe("m-1");
    });

    it("lets exactly one of two racing creates with the same subject win", async () => {
      const winners = await race([
        store().members.create(member("m-a", { subject: "s-same" })),
        store().members.create(member("m-b", { subject: "s-same" })),
      ]);
      expect(winners).toHaveLength(1);
      const stored = await store().members.getBySubject("s-same");
      const others = await store().members.getMany(["m-a", "m-b"]);
      expect(others.filter((m) => m !== null)).toEqual([stored]);
    });

    it("reads many in the order asked, with null where missing", async () => {
      await store().members.create(member("m-1"));
      await store().members.create(member("m-2"));
      const found = await store().members.getMany(["m-2", "m-x", "m-1", "m-2"]);
      expect(found.map((m) => m?.id ?? null)).toEqual(["m-2", null, "m-1", "m-2"]);
      expect(await store().members.getMany([])).toEqual([]);
    });

    it("updates conditionally on the version and keeps the subject", async () => {
      const v1 = member("m-1", { subject: "s-1" });
      await store().members.create(v1);
      const v2 = {
        ...v1,
        displayName: "Renamed",
        subject: "s-other",
        version: 2,
        updatedAt: at(5),
      };
      await store().members.update(v2);
      expect(await store().members.get("m-1")).toEqual({ ...v2, subject: "s-1" });
      expect((await store().members.getBySubject("s-1"))?.displayName).toBe("Renamed");
      expect(await store().members.getBySubject("s-other")).toBeNull();

      await expectCode(store().members.update({ ...v2, displayName: "Stale" }), "CONFLICT");
      await expectCode(store().members.update({ ...v1, version: 5 }), "CONFLICT");
      expect((await store().members.get("m-1"))?.displayName).toBe("Renamed");
      await expectCode(store().members.update(member("m-none", { version: 2 })), "NOT_FOUND");
    });

    it("lets exactly one of two racing updates of the same version win", async () => {
      const v1 = member("m-1");
      await store().members.create(v1);
      const winners = await race([
        store()
          .members.update({ ...v1, displayName: "First", version: 2 })
          .then(() => "First"),
        store()
          .members.update({ ...v1, displayName: "Second", version: 2 })
          .then(() => "Second"),
      ]);
      expect(winners).toHaveLength(1);
      const stored = await store().members.get("m-1");
      expect(stored?.displayName).toBe(winners[0]);
      expect(stored?.version).toBe(2);
    });

    it("lists by display name then id, searching name and affiliation in any case", async () => {
      const people = [
        member("m-3", { displayName: "Chen Wei", affiliation: "Tsinghua University" }),
        member("m-2", { displayName: "Amara Okafor", affiliation: "École Polytechnique" }),
        member("m-1", { displayName: "Amara Okafor", affiliation: null }),
        member("m-4", { displayName: "Bruno 100% Silva", affiliation: "Itamaraty" }),
        member("m-5", { displayName: "Dana_Levi", affiliation: "Weizmann Institute" }),
      ];
      for (const m of people) await store().members.create(m);
      const ids = async (search?: string) =>
        (await store().members.list({ search }, { first: 100 })).items.map((m) => m.id);

      expect(await ids()).toEqual(["m-1", "m-2", "m-4", "m-3", "m-5"]);
      expect(await ids("")).toEqual(["m-1", "m-2", "m-4", "m-3", "m-5"]);
      expect(await ids("okafor")).toEqual(["m-1", "m-2"]);
      expect(await ids("amara")).toEqual(["m-1", "m-2", "m-4"]);
      expect(await ids("TSINGHUA")).toEqual(["m-3"]);
      expect(await ids("école")).toEqual(["m-2"]);
      expect(await ids("ÉCOLE")).toEqual(["m-2"]);
      // Wildcards of SQL LIKE or glob are plain characters in a search.
      expect(await ids("100%")).toEqual(["m-4"]);
      expect(await ids("%")).toEqual(["m-4"]);
      expect(await ids("m_r")).toEqual([]);
      expect(await ids("A_L")).toEqual(["m-5"]);
      expect(await ids("_")).toEqual(["m-5"]);
      expect(await ids("nobody")).toEqual([]);
    });
  });

  describe("topics", () => {
    it("upserts, lists by name then id, and reads many in order", async () => {
      await store().topics.upsertMany([
        { id: "space", name: "Space", description: "Orbits and debris" },
        { id: "energy", name: "Energy", description: "" },
        { id: "climate", name: "Climate change", description: "Mitigation" },
        { id: "energy-2", name: "Energy", description: "Grids" },
      ]);
      await store().topics.upsertMany([
        { id: "space", name: "Outer space", description: "Renamed" },
      ]);
      await store().topics.upsertMany([]);
      const list = await store().topics.list();
      expect(list.map((t) => t.id)).toEqual(["climate", "energy", "energy-2", "space"]);
      expect(list[3]).toEqual({ id: "space", name: "Outer space", description: "Renamed" });
      const many = await store().topics.getMany(["space", "nope", "climate", "space"]);
      expect(many.map((t) => t?.id ?? null)).toEqual(["space", null, "climate", "space"]);
      expect(await store().topics.getMany([])).toEqual([]);
    });
  });

  describe("working groups", () => {
    it("creates a group with its first convener atomically", async () => {
      const climate = group("g-1", { name: "Climate", topicIds: ["climate"], description: "CO₂" });
      await store().workingGroups.create(climate, membership("g-1", "m-1", { role: "CONVENER" }));
      expect(await store().workingGroups.get("g-1")).toEqual(climate);
      expect(await store().workingGroups.getMembership("g-1", "m-1")).toEqual(
        membership("g-1", "m-1", { role: "CONVENER" }),
      );
      expect(await store().workingGroups.get("g-none")).toBeNull();
    });

    it("refuses a taken id with CONFLICT, without adding the second convener", async () => {
      await store().workingGroups.create(group("g-1"), membership("g-1", "m-1"));
      await expectCode(
        store().workingGroups.create(group("g-1", { name: "Other" }), membership("g-1", "m-2")),
        "CONFLICT",
      );
      expect(await store().workingGroups.getMembership("g-1", "m-2")).toBeNull();
      expect((await store().workingGroups.get("g-1"))?.name).toBe("Working group g-1");
    });

    it("refuses a first convener who belongs to another group", async () => {
      await expectCode(
        store().workingGroups.create(group("g-1"), membership("g-2", "m-1")),
        "BAD_USER_INPUT",
      );
      expect(await store().workingGroups.get("g-1")).toBeNull();
    });

    it("reads many in order with nulls, and lists by name then id", async () => {
      await store().workingGroups.create(group("g-3", { name: "Oceans" }), membership("g-3", "m"));
      await store().workingGroups.create(group("g-2", { name: "Energy" }), membership("g-2", "m"));
      await store().workingGroups.create(group("g-1", { name: "Oceans" }), membership("g-1", "m"));
      const many = await store().workingGroups.getMany(["g-1", "g-x", "g-2", "g-1"]);
      expect(many.map((g) => g?.id ?? null)).toEqual(["g-1", null, "g-2", "g-1"]);
      expect(await store().workingGroups.getMany([])).toEqual([]);
      const list = await store().workingGroups.list({ first: 10 });
      expect(list.items.map((g) => g.id)).toEqual(["g-2", "g-1", "g-3"]);
      expect(list.hasNextPage).toBe(false);
    });

    it("updates conditionally on the version", async () => {
      const v1 = group("g-1");
      await store().workingGroups.create(v1, membership("g-1", "m-1"));
      const v2 = { ...v1, name: "Space", version: 2, updatedAt: at(1) };
      await store().workingGroups.update(v2);
      expect(await store().workingGroups.get("g-1")).toEqual(v2);
      await expectCode(store().workingGroups.update(v2), "CONFLICT");
      await expectCode(store().workingGroups.update(group("g-none", { version: 2 })), "NOT_FOUND");
      const winners = await race([
        store().workingGroups.update({ ...v2, name: "A", version: 3 }),
        store().workingGroups.update({ ...v2, name: "B", version: 3 }),
      ]);
      expect(winners).toHaveLength(1);
      expect((await store().workingGroups.get("g-1"))?.version).toBe(3);
    });

    it("adds a member once, changes roles and removes memberships", async () => {
      await store().workingGroups.create(group("g-1"), membership("g-1", "m-1"));
      await store().workingGroups.addMembership(membership("g-1", "m-2", { addedAt: at(2) }));
      await expectCode(
        store().workingGroups.addMembership(membership("g-1", "m-2", { role: "CONVENER" })),
        "CONFLICT",
      );
      expect((await store().workingGroups.getMembership("g-1", "m-2"))?.role).toBe("MEMBER");

      await store().workingGroups.setMembershipRole("g-1", "m-2", "CONVENER");
      expect(await store().workingGroups.getMembership("g-1", "m-2")).toEqual(
        membership("g-1", "m-2", { role: "CONVENER", addedAt: at(2) }),
      );
      await expectCode(
        store().workingGroups.setMembershipRole("g-1", "m-none", "MEMBER"),
        "NOT_FOUND",
      );

      await store().workingGroups.removeMembership("g-1", "m-2");
      expect(await store().workingGroups.getMembership("g-1", "m-2")).toBeNull();
      await expectCode(store().workingGroups.removeMembership("g-1", "m-2"), "NOT_FOUND");
      await store().workingGroups.addMembership(membership("g-1", "m-2", { addedAt: at(9) }));
      expect((await store().workingGroups.getMembership("g-1", "m-2"))?.addedAt).toBe(at(9));
    });

    it("lets exactly one of two racing adds of the same member win", async () => {
      await store().workingGroups.create(group("g-1"), membership("g-1", "m-1"));
      const winners = await race([
        store().workingGroups.addMembership(membership("g-1", "m-2", { role: "MEMBER" })),
        store().workingGroups.addMembership(membership("g-1", "m-2", { role: "CONVENER" })),
      ]);
      expect(winners).toHaveLength(1);
      expect(await store().workingGroups.listMemberships("g-1")).toHaveLength(2);
    });

    it("lists memberships of a group and groups of a member by addedAt then id", async () => {
      await store().workingGroups.create(
        group("g-1"),
        membership("g-1", "m-c", { addedAt: at(5) }),
      );
      await store().workingGroups.create(
        group("g-2"),
        membership("g-2", "m-a", { addedAt: at(1) }),
      );
      await store().workingGroups.create(
        group("g-0"),
        membership("g-0", "m-x", { addedAt: at(0) }),
      );
      await store().workingGroups.addMembership(membership("g-1", "m-b", { addedAt: at(5) }));
      await store().workingGroups.addMembership(membership("g-1", "m-a", { addedAt: at(7) }));
      await store().workingGroups.addMembership(membership("g-0", "m-a", { addedAt: at(7) }));

      const ofGroup = await store().workingGroups.listMemberships("g-1");
      expect(ofGroup.map((m) => m.memberId)).toEqual(["m-b", "m-c", "m-a"]);
      const ofMember = await store().workingGroups.listGroupsOfMember("m-a");
      expect(ofMember.map((m) => m.workingGroupId)).toEqual(["g-2", "g-0", "g-1"]);
      expect(await store().workingGroups.listMemberships("g-none")).toEqual([]);
      expect(await store().workingGroups.listGroupsOfMember("m-none")).toEqual([]);
    });
  });

  describe("collaborators", () => {
    it("adds a collaborator once and lists them by addedAt then member id", async () => {
      await seedPaper(store(), "p-1", { leadId: "m-lead" });
      await seedPaper(store(), "p-2", { leadId: "m-other" });
      await store().collaborators.add(collaborator("p-1", "m-z", "EDITOR", { addedAt: at(3) }));
      await store().collaborators.add(collaborator("p-1", "m-y", "VIEWER", { addedAt: at(3) }));
      await store().collaborators.add(
        collaborator("p-1", "m-b", "COMMENTER", { addedAt: at(1), addedBy: "m-z" }),
      );
      await expectCode(store().collaborators.add(collaborator("p-1", "m-z", "LEAD")), "CONFLICT");
      expect(await store().collaborators.get("p-1", "m-b")).toEqual(
        collaborator("p-1", "m-b", "COMMENTER", { addedAt: at(1), addedBy: "m-z" }),
      );
      expect(await store().collaborators.get("p-1", "m-none")).toBeNull();
      expect(await store().collaborators.get("p-none", "m-lead")).toBeNull();

      const listed = await store().collaborators.listByPaper("p-1");
      expect(listed.map((c) => c.memberId)).toEqual(["m-lead", "m-b", "m-y", "m-z"]);
      expect((await store().collaborators.get("p-1", "m-z"))?.role).toBe("EDITOR");

      const batch = await store().collaborators.listByPapers(["p-2", "p-none", "p-1", "p-2"]);
      expect(batch.map((list) => list.map((c) => c.memberId))).toEqual([
        ["m-other"],
        [],
        ["m-lead", "m-b", "m-y", "m-z"],
        ["m-other"],
      ]);
      expect(await store().collaborators.listByPapers([])).toEqual([]);
      expect(await store().collaborators.listByPaper("p-none")).toEqual([]);
    });

    it("changes roles and removes collaborators, NOT_FOUND for strangers", async () => {
      await seedPaper(store(), "p-1", { leadId: "m-lead" });
      await store().collaborators.add(collaborator("p-1", "m-1", "VIEWER"));
      const changed = await store().collaborators.setRole("p-1", "m-1", "EDITOR");
      expect(changed).toEqual(collaborator("p-1", "m-1", "EDITOR"));
      expect((await store().collaborators.get("p-1", "m-1"))?.role).toBe("EDITOR");
      await expectCode(store().collaborators.setRole("p-1", "m-none", "EDITOR"), "NOT_FOUND");
      await store().collaborators.remove("p-1", "m-1");
      expect(await store().collaborators.get("p-1", "m-1")).toBeNull();
      await expectCode(store().collaborators.remove("p-1", "m-1"), "NOT_FOUND");
      await expectCode(store().collaborators.remove("p-none", "m-lead"), "NOT_FOUND");
    });

    it("never leaves a paper without a LEAD", async () => {
      await seedPaper(store(), "p-1", { leadId: "m-lead" });
      await expectCode(store().collaborators.setRole("p-1", "m-lead", "EDITOR"), "CONFLICT");
      await expectCode(store().collaborators.remove("p-1", "m-lead"), "CONFLICT");
      expect((await store().collaborators.get("p-1", "m-lead"))?.role).toBe("LEAD");
      expect((await store().collaborators.setRole("p-1", "m-lead", "LEAD")).role).toBe("LEAD");

      // A second LEAD by promotion, then the first may step down; the last one may not.
      await store().collaborators.add(collaborator("p-1", "m-2", "EDITOR"));
      await store().collaborators.setRole("p-1", "m-2", "LEAD");
      await store().collaborators.setRole("p-1", "m-lead", "VIEWER");
      await expectCode(store().collaborators.remove("p-1", "m-2"), "CONFLICT");
      await expectCode(store().collaborators.setRole("p-1", "m-2", "COMMENTER"), "CONFLICT");

      // A LEAD added directly counts too; then the other LEAD may leave.
      await store().collaborators.add(collaborator("p-1", "m-3", "LEAD"));
      await store().collaborators.remove("p-1", "m-2");
      const leads = (await store().collaborators.listByPaper("p-1")).filter(
        (c) => c.role === "LEAD",
      );
      expect(leads.map((c) => c.memberId)).toEqual(["m-3"]);
    });

    it("keeps a LEAD when the last two LEADs step down at the same time", async () => {
      await seedPaper(store(), "p-1", { leadId: "m-1" });
      await store().collaborators.add(collaborator("p-1", "m-2", "LEAD"));
      await seedPaper(store(), "p-2", { leadId: "m-1", groupId: "g-p-1" });
      await store().collaborators.add(collaborator("p-2", "m-2", "LEAD"));
      await seedPaper(store(), "p-3", { leadId: "m-1", groupId: "g-p-1" });
      await store().collaborators.add(collaborator("p-3", "m-2", "LEAD"));

      const demotions = await race([
        store().collaborators.setRole("p-1", "m-1", "EDITOR"),
        store().collaborators.setRole("p-1", "m-2", "EDITOR"),
      ]);
      const removals = await race([
        store().collaborators.remove("p-2", "m-1"),
        store().collaborators.remove("p-2", "m-2"),
      ]);
      const mixed = await race<unknown>([
        store().collaborators.remove("p-3", "m-1"),
        store().collaborators.setRole("p-3", "m-2", "VIEWER"),
      ]);
      expect([demotions.length, removals.length, mixed.length]).toEqual([1, 1, 1]);
      for (const paperId of ["p-1", "p-2", "p-3"]) {
        const leads = (await store().collaborators.listByPaper(paperId)).filter(
          (c) => c.role === "LEAD",
        );
        expect(leads, paperId).toHaveLength(1);
      }
    });
  });

  describe("comments", () => {
    it("stores, updates conditionally and lists a paper's comments oldest first", async () => {
      await seedPaper(store(), "p-1");
      await seedPaper(store(), "p-2", { groupId: "g-p-1" });
      const first = comment("c-1", "p-1", {
        createdAt: at(2),
        anchor: { start: "AQID", end: "BAUG", quote: "net zero by 2050" },
      });
      const reply = comment("c-0", "p-1", { threadId: "c-1", createdAt: at(2), body: "Agreed." });
      const later = comment("c-2", "p-1", { createdAt: at(3) });
      for (const c of [later, first, reply, comment("c-9", "p-2")]) {
        await store().comments.create(c);
      }
      expect(await store().comments.get("c-1")).toEqual(first);
      expect(await store().comments.get("c-none")).toBeNull();
      await expectCode(store().comments.create(comment("c-1", "p-1")), "CONFLICT");
      const listed = await store().comments.listByPaper("p-1");
      expect(listed.map((c) => c.id)).toEqual(["c-0", "c-1", "c-2"]);
      expect(await store().comments.listByPaper("p-none")).toEqual([]);

      const resolved = {
        ...first,
        resolved: true,
        resolvedBy: "m-lead",
        resolvedAt: at(4),
        version: 2,
        updatedAt: at(4),
      };
      await store().comments.update(resolved);
      expect(await store().comments.get("c-1")).toEqual(resolved);
      await expectCode(store().comments.update(resolved), "CONFLICT");
      await expectCode(
        store().comments.update(comment("c-none", "p-1", { version: 2 })),
        "NOT_FOUND",
      );
      const winners = await race([
        store().comments.update({ ...resolved, body: "one", version: 3 }),
        store().comments.update({ ...resolved, body: "two", version: 3 }),
      ]);
      expect(winners).toHaveLength(1);
    });
  });

  describe("versions", () => {
    it("stores named versions with their snapshot and lists them newest first", async () => {
      await seedPaper(store(), "p-1");
      const snapshot = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
      const v1 = paperVersion("v-1", "p-1", { createdAt: at(1), name: "First draft", snapshot });
      await store().versions.create(v1);
      await store().versions.create(paperVersion("v-3", "p-1", { createdAt: at(2) }));
      await store().versions.create(paperVersion("v-2", "p-1", { createdAt: at(2) }));
      await expectCode(store().versions.create(paperVersion("v-1", "p-1")), "CONFLICT");

      const stored = await store().versions.get("v-1");
      expect(stored && { ...stored, snapshot: null }).toEqual({ ...v1, snapshot: null });
      expectBytes(stored?.snapshot, snapshot);
      expect(await store().versions.get("v-none")).toBeNull();

      const page = await store().versions.listByPaper("p-1", { first: 10 });
      expect(page.items.map((v) => v.id)).toEqual(["v-3", "v-2", "v-1"]);
      expectBytes(page.items[2]?.snapshot, snapshot);
      expect((await store().versions.listByPaper("p-none", { first: 10 })).items).toEqual([]);
    });
  });

  describe("endorsements", () => {
    it("records one endorsement per member, counts and withdraws them", async () => {
      await seedPaper(store(), "p-1");
      await seedPaper(store(), "p-2", { groupId: "g-p-1" });
      const signed = endorsement("p-1", "m-1", {
        organisation: "Swiss Academy of Sciences",
        statement: "We support these recommendations.",
        createdAt: at(1),
      });
      await store().endorsements.create(signed);
      await store().endorsements.create(endorsement("p-1", "m-2", { createdAt: at(1) }));
      await store().endorsements.create(endorsement("p-2", "m-1"));
      await expectCode(store().endorsements.create(endorsement("p-1", "m-1")), "CONFLICT");

      expect(await store().endorsements.get("p-1", "m-1")).toEqual(signed);
      expect(await store().endorsements.get("p-1", "m-none")).toBeNull();
      expect(await store().endorsements.count("p-1")).toBe(2);
      expect(await store().endorsements.count("p-none")).toBe(0);
      const listed = await store().endorsements.listByPaper("p-1", { first: 10 });
      expect(listed.items.map((e) => e.memberId)).toEqual(["m-1", "m-2"]);

      await store().endorsements.remove("p-1", "m-1");
      expect(await store().endorsements.get("p-1", "m-1")).toBeNull();
      expect(await store().endorsements.count("p-1")).toBe(1);
      await expectCode(store().endorsements.remove("p-1", "m-1"), "NOT_FOUND");
      await store().endorsements.create(endorsement("p-1", "m-1", { createdAt: at(9) }));
      expect(await store().endorsements.count("p-1")).toBe(2);
    });

    it("lets exactly one of two racing endorsements by the same member count", async () => {
      await seedPaper(store(), "p-1");
      const winners = await race([
        store().endorsements.create(endorsement("p-1", "m-1", { organisation: "One" })),
        store().endorsements.create(endorsement("p-1", "m-1", { organisation: "Two" })),
      ]);
      expect(winners).toHaveLength(1);
      expect(await store().endorsements.count("p-1")).toBe(1);
    });
  });

  describe("activity", () => {
    it("lists a paper's events newest first, with their details", async () => {
      await seedPaper(store(), "p-1");
      await seedPaper(store(), "p-2", { groupId: "g-p-1" });
      const statusChange = activityEvent("a-1", "p-1", {
        kind: "STATUS_CHANGED",
        detail: { from: "DRAFT", to: "IN_REVIEW", notified: true, count: 3, note: null },
        at: at(1),
      });
      await store().activity.append(statusChange);
      await store().activity.append(activityEvent("a-2", "p-1", { at: at(2) }));
      await store().activity.append(activityEvent("a-3", "p-1", { at: at(2) }));
      await store().activity.append(activityEvent("a-4", "p-2", { at: at(3) }));
      const page = await store().activity.listByPaper("p-1", { first: 10 });
      expect(page.items.map((e) => e.id)).toEqual(["a-3", "a-2", "a-1"]);
      expect(page.items[2]).toEqual(statusChange);
      expect((await store().activity.listByPaper("p-none", { first: 10 })).items).toEqual([]);
    });
  });
}
