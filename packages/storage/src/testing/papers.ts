// Contract tests for position papers: creation with a LEAD, conditional updates, and filters.

import { describe, expect, it } from "vitest";
import type { PaperFilter } from "../ports.ts";
import {
  at,
  collaborator,
  expectCode,
  group,
  membership,
  paper,
  race,
  seedPaper,
  walk,
} from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

export function paperContract({ store }: ContractContext): void {
  describe("position papers", () => {
    it("creates a paper with its first LEAD atomically", async () => {
      await store().workingGroups.create(group("g-1"), membership("g-1", "m-1"));
      const draft = paper("p-1", "g-1", {
        title: "Technology controls and open science",
        summary: "Line one.\nLine two.",
        topicIds: ["technology-controls", "supply-chains"],
        diplomacyTypes: ["SCIENCE_IN_DIPLOMACY", "DIPLOMACY_FOR_SCIENCE"],
      });
      await store().papers.create(draft, collaborator("p-1", "m-1", "LEAD"));
      expect(await store().papers.get("p-1")).toEqual(draft);
      expect(await store().collaborators.listByPaper("p-1")).toEqual([
        collaborator("p-1", "m-1", "LEAD"),
      ]);
      expect(await store().papers.get("p-none")).toBeNull();
    });

    it("refuses a taken id with CONFLICT, without adding the second LEAD", async () => {
      await seedPaper(store(), "p-1", { leadId: "m-1" });
      await expectCode(
        store().papers.create(
          paper("p-1", "g-p-1", { title: "Other" }),
          collaborator("p-1", "m-2", "LEAD"),
        ),
        "CONFLICT",
      );
      expect(await store().collaborators.get("p-1", "m-2")).toBeNull();
      expect((await store().papers.get("p-1"))?.title).toBe("Position paper p-1");
    });

    it("refuses to create a paper whose first collaborator is not a LEAD", async () => {
      await store().workingGroups.create(group("g-1"), membership("g-1", "m-1"));
      await expectCode(
        store().papers.create(paper("p-1", "g-1"), collaborator("p-1", "m-1", "EDITOR")),
        "BAD_USER_INPUT",
      );
      await expectCode(
        store().papers.create(paper("p-1", "g-1"), collaborator("p-2", "m-1", "LEAD")),
        "BAD_USER_INPUT",
      );
      expect(await store().papers.get("p-1")).toBeNull();
      expect(await store().collaborators.listByPaper("p-1")).toEqual([]);
    });

    it("updates conditionally on the version, so a stale status change loses", async () => {
      const draft = await seedPaper(store(), "p-1");
      const inReview = { ...draft, status: "IN_REVIEW" as const, version: 2, updatedAt: at(1) };
      await store().papers.update(inReview);
      expect(await store().papers.get("p-1")).toEqual(inReview);
      await expectCode(
        store().papers.update({ ...draft, status: "ARCHIVED", version: 2 }),
        "CONFLICT",
      );
      await expectCode(
        store().papers.update(paper("p-none", "g-p-1", { version: 2 })),
        "NOT_FOUND",
      );

      const winners = await race([
        store().papers.update({ ...inReview, status: "ENDORSEMENT", version: 3 }),
        store().papers.update({ ...inReview, status: "ARCHIVED", version: 3 }),
      ]);
      expect(winners).toHaveLength(1);
      expect((await store().papers.get("p-1"))?.version).toBe(3);
    });

    it("reads many in the order asked, with null where missing", async () => {
      await seedPaper(store(), "p-1");
      await seedPaper(store(), "p-2");
      const many = await store().papers.getMany(["p-2", "p-none", "p-1", "p-2"]);
      expect(many.map((p) => p?.id ?? null)).toEqual(["p-2", null, "p-1", "p-2"]);
      expect(await store().papers.getMany([])).toEqual([]);
    });
  });

  describe("position paper filters", () => {
    // Five papers, newest first: p-5 and p-4 share a createdAt, so the id breaks the tie.
    async function seedLibrary() {
      const s = store();
      await s.workingGroups.create(group("g-climate"), membership("g-climate", "m-lead"));
      await s.workingGroups.create(group("g-space"), membership("g-space", "m-lead"));
      const seed = async (
        id: string,
        leadId: string,
        fields: Parameters<typeof paper>[2],
        others: [string, "EDITOR" | "COMMENTER" | "VIEWER"][] = [],
      ) => {
        const groupId = fields?.workingGroupId ?? "g-climate";
        await s.papers.create(paper(id, groupId, fields), collaborator(id, leadId, "LEAD"));
        for (const [memberId, role] of others) {
          await s.collaborators.add(collaborator(id, memberId, role));
        }
      };
      await seed(
        "p-1",
        "m-lead",
        {
          status: "DRAFT",
          topicIds: ["climate", "energy"],
          diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
          title: "Carbon markets after Paris",
          summary: "Article 6 and its accounting rules.",
          createdAt: at(1),
        },
        [["m-ed", "EDITOR"]],
      );
      await seed("p-2", "m-lead2", {
        status: "PUBLISHED",
        topicIds: ["climate"],
        diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY", "DIPLOMACY_FOR_SCIENCE"],
        title: "Ocean acidification",
        summary: "How the CARBON cycle reaches the reefs.",
        createdAt: at(2),
        publishedAt: at(2),
      });
      await seed(
        "p-3",
        "m-lead",
        {
          workingGroupId: "g-space",
          status: "IN_REVIEW",
          topicIds: ["space"],
          diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
          title: "Debris in low orbit",
          createdAt: at(3),
        },
        [["m-ed", "VIEWER"]],
      );
      await seed("p-4", "m-lead2", {
        workingGroupId: "g-space",
        status: "PUBLISHED",
        topicIds: ["space", "energy"],
        title: "Space-based solar power",
        summary: "Carbon-free energy from orbit.",
        createdAt: at(4),
        publishedAt: at(5),
      });
      await seed(
        "p-5",
        "m-lead2",
        {
          status: "ARCHIVED",
          topicIds: ["energy"],
          diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
          title: "Grid interconnectors",
          summary: "Towards 100% renewables.",
          createdAt: at(4),
        },
        [["m-ed", "COMMENTER"]],
      );
    }

    const cases: [string, PaperFilter, string[]][] = [
      ["no filter", {}, ["p-5", "p-4", "p-3", "p-2", "p-1"]],
      [
        "empty strings",
        { search: "", workingGroupId: "", topicId: "" },
        ["p-5", "p-4", "p-3", "p-2", "p-1"],
      ],
      ["working group", { workingGroupId: "g-climate" }, ["p-5", "p-2", "p-1"]],
      ["topic", { topicId: "energy" }, ["p-5", "p-4", "p-1"]],
      ["unknown topic", { topicId: "nope" }, []],
      ["status", { status: "PUBLISHED" }, ["p-4", "p-2"]],
      ["diplomacy type", { diplomacyType: "SCIENCE_FOR_DIPLOMACY" }, ["p-3", "p-2"]],
      ["collaborator", { collaboratorId: "m-ed" }, ["p-5", "p-3", "p-1"]],
      ["collaborator (lead)", { collaboratorId: "m-lead" }, ["p-3", "p-1"]],
      ["search in title or summary, any case", { search: "carbon" }, ["p-4", "p-2", "p-1"]],
      ["search with a wildcard character", { search: "100%" }, ["p-5"]],
      ["search with upper case", { search: "ORBIT" }, ["p-4", "p-3"]],
      [
        "visible to a collaborator of many",
        { visibleTo: "m-ed" },
        ["p-5", "p-4", "p-3", "p-2", "p-1"],
      ],
      ["visible to a lead", { visibleTo: "m-lead" }, ["p-4", "p-3", "p-2", "p-1"]],
      ["visible to an outsider", { visibleTo: "m-out" }, ["p-4", "p-2"]],
      ["group and topic", { workingGroupId: "g-climate", topicId: "energy" }, ["p-5", "p-1"]],
      ["status and topic", { status: "PUBLISHED", topicId: "energy" }, ["p-4"]],
      ["visible and search", { visibleTo: "m-out", search: "Carbon" }, ["p-4", "p-2"]],
      ["collaborator and status", { collaboratorId: "m-ed", status: "DRAFT" }, ["p-1"]],
      [
        "group, type and visibility (hidden)",
        { workingGroupId: "g-space", diplomacyType: "SCIENCE_FOR_DIPLOMACY", visibleTo: "m-out" },
        [],
      ],
      [
        "group, type and visibility (shown)",
        { workingGroupId: "g-space", diplomacyType: "SCIENCE_FOR_DIPLOMACY", visibleTo: "m-ed" },
        ["p-3"],
      ],
      [
        "every filter at once",
        {
          workingGroupId: "g-climate",
          topicId: "climate",
          status: "DRAFT",
          diplomacyType: "SCIENCE_IN_DIPLOMACY",
          collaboratorId: "m-ed",
          search: "PARIS",
          visibleTo: "m-ed",
        },
        ["p-1"],
      ],
    ];

    it("filters by each field and by combinations, newest first", async () => {
      await seedLibrary();
      for (const [label, filter, expected] of cases) {
        const page = await store().papers.list(filter, { first: 50 });
        expect(
          page.items.map((p) => p.id),
          label,
        ).toEqual(expected);
        expect(page.hasNextPage, label).toBe(false);
      }
    });

    it("pages through filtered results without gaps or repeats", async () => {
      await seedLibrary();
      for (const [label, filter, expected] of cases.filter(([, , ids]) => ids.length >= 2)) {
        for (const first of [1, 2]) {
          const all = await walk((page) => store().papers.list(filter, page), first);
          expect(
            all.map((p) => p.id),
            `${label}, pages of ${first}`,
          ).toEqual(expected);
        }
      }
    });
  });
}
