// Contract tests for keyset pagination, run on every paginated list of the ports.
import { describe, expect, it } from "vitest";
import type { Page, PageRequest, Store } from "../ports.ts";
import {
  activityEvent,
  at,
  collaborator,
  endorsement,
  expectCode,
  group,
  member,
  membership,
  paper,
  paperVersion,
  seedPaper,
  walk,
} from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

interface PagedList {
  name: string;
  /** Store six items; returns their ids in the documented order (ties broken by id). */
  seed(store: Store): Promise<string[]>;
  /** Store three more: one sorting first, one right after the second seeded item, one last. */
  more(store: Store): Promise<{ first: string; afterSecond: string; last: string }>;
  list(store: Store, page: PageRequest): Promise<Page<string>>;
}

const ids = <T>(page: Page<T>, id: (item: T) => string): Page<string> => ({
  ...page,
  items: page.items.map(id),
});

const lists: PagedList[] = [
  {
    name: "members (display name, then id)",
    async seed(store) {
      const names: [string, string][] = [
        ["m-3", "Bo"],
        ["m-2", "Ada"],
        ["m-1", "Ada"],
        ["m-5", "Cy"],
        ["m-4", "Di"],
        ["m-6", "Ed"],
      ];
      for (const [id, displayName] of names)
        await store.members.create(member(id, { displayName }));
      return ["m-1", "m-2", "m-3", "m-5", "m-4", "m-6"];
    },
    async more(store) {
      await store.members.create(member("m-7", { displayName: "Aa" }));
      await store.members.create(member("m-20", { displayName: "Ada" }));
      await store.members.create(member("m-8", { displayName: "Zed" }));
      return { first: "m-7", afterSecond: "m-20", last: "m-8" };
    },
    list: async (store, page) => ids(await store.members.list({}, page), (m) => m.id),
  },
  {
    name: "working groups (name, then id)",
    async seed(store) {
      const names: [string, string][] = [
        ["g-3", "Energy"],
        ["g-2", "Climate"],
        ["g-1", "Climate"],
        ["g-5", "Oceans"],
        ["g-4", "Space"],
        ["g-6", "Supply chains"],
      ];
      for (const [id, name] of names) {
        await store.workingGroups.create(group(id, { name }), membership(id, "m-1"));
      }
      return ["g-1", "g-2", "g-3", "g-5", "g-4", "g-6"];
    },
    async more(store) {
      await store.workingGroups.create(group("g-7", { name: "Arctic" }), membership("g-7", "m-1"));
      await store.workingGroups.create(
        group("g-20", { name: "Climate" }),
        membership("g-20", "m-1"),
      );
      await store.workingGroups.create(group("g-8", { name: "Water" }), membership("g-8", "m-1"));
      return { first: "g-7", afterSecond: "g-20", last: "g-8" };
    },
    list: async (store, page) => ids(await store.workingGroups.list(page), (g) => g.id),
  },
  {
    name: "position papers (createdAt desc, then id desc)",
    async seed(store) {
      await store.workingGroups.create(group("g-1"), membership("g-1", "m-1"));
      const created: [string, number][] = [
        ["p-1", 1],
        ["p-2", 2],
        ["p-3", 2],
        ["p-4", 3],
        ["p-5", 4],
        ["p-6", 4],
      ];
      for (const [id, minute] of created) {
        await store.papers.create(
          paper(id, "g-1", { createdAt: at(minute) }),
          collaborator(id, "m-1", "LEAD"),
        );
      }
      return ["p-6", "p-5", "p-4", "p-3", "p-2", "p-1"];
    },
    async more(store) {
      const create = (id: string, minute: number) =>
        store.papers.create(
          paper(id, "g-1", { createdAt: at(minute) }),
          collaborator(id, "m-1", "LEAD"),
        );
      await create("p-9", 9);
      await create("p-45", 3);
      await create("p-0", 0);
      return { first: "p-9", afterSecond: "p-45", last: "p-0" };
    },
    list: async (store, page) => ids(await store.papers.list({}, page), (p) => p.id),
  },
  {
    name: "versions of a paper (createdAt desc, then id desc)",
    async seed(store) {
      await seedPaper(store, "p-1");
      await seedPaper(store, "p-other", { groupId: "g-p-1" });
      await store.versions.create(paperVersion("v-other", "p-other", { createdAt: at(3) }));
      const created: [string, number][] = [
        ["v-1", 1],
        ["v-2", 2],
        ["v-3", 2],
        ["v-4", 3],
        ["v-5", 4],
        ["v-6", 4],
      ];
      for (const [id, minute] of created) {
        await store.versions.create(paperVersion(id, "p-1", { createdAt: at(minute) }));
      }
      return ["v-6", "v-5", "v-4", "v-3", "v-2", "v-1"];
    },
    async more(store) {
      await store.versions.create(paperVersion("v-9", "p-1", { createdAt: at(9) }));
      await store.versions.create(paperVersion("v-45", "p-1", { createdAt: at(3) }));
      await store.versions.create(paperVersion("v-0", "p-1", { createdAt: at(0) }));
      return { first: "v-9", afterSecond: "v-45", last: "v-0" };
    },
    list: async (store, page) => ids(await store.versions.listByPaper("p-1", page), (v) => v.id),
  },
  {
    name: "endorsements of a paper (createdAt, then member id)",
    async seed(store) {
      await seedPaper(store, "p-1");
      await seedPaper(store, "p-other", { groupId: "g-p-1" });
      await store.endorsements.create(endorsement("p-other", "m-1", { createdAt: at(1) }));
      const created: [string, number][] = [
        ["m-3", 2],
        ["m-2", 1],
        ["m-1", 1],
        ["m-5", 3],
        ["m-4", 4],
        ["m-6", 4],
      ];
      for (const [memberId, minute] of created) {
        await store.endorsements.create(endorsement("p-1", memberId, { createdAt: at(minute) }));
      }
      return ["m-1", "m-2", "m-3", "m-5", "m-4", "m-6"];
    },
    async more(store) {
      await store.endorsements.create(endorsement("p-1", "m-0", { createdAt: at(0) }));
      await store.endorsements.create(endorsement("p-1", "m-25", { createdAt: at(1) }));
      await store.endorsements.create(endorsement("p-1", "m-9", { createdAt: at(9) }));
      return { first: "m-0", afterSecond: "m-25", last: "m-9" };
    },
    list: async (store, page) =>
      ids(await store.endorsements.listByPaper("p-1", page), (e) => e.memberId),
  },
  {
    name: "activity of a paper (at desc, then id desc)",
    async seed(store) {
      await seedPaper(store, "p-1");
      await seedPaper(store, "p-other", { groupId: "g-p-1" });
      await store.activity.append(activityEvent("a-other", "p-other", { at: at(3) }));
      const created: [string, number][] = [
        ["a-1", 1],
        ["a-2", 2],
        ["a-3", 2],
        ["a-4", 3],
        ["a-5", 4],
        ["a-6", 4],
      ];
      for (const [id, minute] of created) {
        await store.activity.append(activityEvent(id, "p-1", { at: at(minute) }));
      }
      return ["a-6", "a-5", "a-4", "a-3", "a-2", "a-1"];
    },
    async more(store) {
      await store.activity.append(activityEvent("a-9", "p-1", { at: at(9) }));
      await store.activity.append(activityEvent("a-45", "p-1", { at: at(3) }));
      await store.activity.append(activityEvent("a-0", "p-1", { at: at(0) }));
      return { first: "a-9", afterSecond: "a-45", last: "a-0" };
    },
    list: async (store, page) => ids(await store.activity.listByPaper("p-1", page), (e) => e.id),
  },
];

// Cursors no adapter produces: garbage, well-formed encodings of the wrong shape.
const invalidCursors = [
  "not a cursor",
  "%%%",
  Buffer.from('{"x":1}').toString("base64url"),
  Buffer.from("[]").toString("base64url"),
  Buffer.from('"text"').toString("base64url"),
  Buffer.from("[1,2,3,4,5,6,7]").toString("base64url"),
];

export function paginationContract({ store }: ContractContext): void {
  describe("pagination", () => {
    for (const subject of lists) {
      describe(subject.name, () => {
        it("walks every item once, in order, whatever the page size", async () => {
          const expected = await subject.seed(store());
          // 2, 3 and 6 divide the total exactly; 4 does not; 7 is more than the total.
          for (const first of [1, 2, 3, 4, 6, 7, 100]) {
            const all = await walk((page) => subject.list(store(), page), first);
            expect(all, `pages of ${first}`).toEqual(expected);
          }
        });

        it("handles first = 0, a page past the end, and an empty list", async () => {
          const empty = await subject.list(store(), { first: 0 });
          expect(empty).toEqual({ items: [], cursors: [], hasNextPage: false });
          expect(await subject.list(store(), { first: 5 })).toEqual(empty);

          const expected = await subject.seed(store());
          const none = await subject.list(store(), { first: 0 });
          expect(none.items).toEqual([]);
          expect(none.cursors).toEqual([]);
          expect(none.hasNextPage).toBe(true);

          const all = await subject.list(store(), { first: expected.length });
          expect(all.items).toEqual(expected);
          expect(all.hasNextPage).toBe(false);
          const past = await subject.list(store(), { first: 3, after: all.cursors.at(-1) });
          expect(past).toEqual({ items: [], cursors: [], hasNextPage: false });

          const firstTwo = await subject.list(store(), { first: 2 });
          const rest = await subject.list(store(), { first: 0, after: firstTwo.cursors[1] });
          expect(rest.items).toEqual([]);
          expect(rest.hasNextPage).toBe(true);
        });

        it("continues from a cursor after items were added before and after it", async () => {
          const expected = await subject.seed(store());
          const firstPage = await subject.list(store(), { first: 2 });
          expect(firstPage.items).toEqual(expected.slice(0, 2));
          expect(firstPage.hasNextPage).toBe(true);
          const added = await subject.more(store());

          const next = await subject.list(store(), { first: 3, after: firstPage.cursors[1] });
          expect(next.items).toEqual([added.afterSecond, ...expected.slice(2, 4)]);
          expect(next.hasNextPage).toBe(true);
          const rest = await walk(
            (page) => subject.list(store(), { ...page, after: page.after ?? next.cursors[2] }),
            2,
          );
          expect(rest).toEqual([...expected.slice(4), added.last]);
          const all = await walk((page) => subject.list(store(), page), 4);
          expect(all).toEqual([
            added.first,
            ...expected.slice(0, 2),
            added.afterSecond,
            ...expected.slice(2),
            added.last,
          ]);
        });

        it("refuses invalid cursors and page sizes with BAD_USER_INPUT", async () => {
          await subject.seed(store());
          for (const after of invalidCursors) {
            await expectCode(subject.list(store(), { first: 2, after }), "BAD_USER_INPUT");
          }
          await expectCode(subject.list(store(), { first: -1 }), "BAD_USER_INPUT");
          await expectCode(subject.list(store(), { first: 1.5 }), "BAD_USER_INPUT");
          await expectCode(subject.list(store(), { first: Number.NaN }), "BAD_USER_INPUT");
        });
      });
    }

    it("continues after a cursor whose item was removed", async () => {
      await seedPaper(store(), "p-1");
      for (const [memberId, minute] of [
        ["m-1", 1],
        ["m-2", 2],
        ["m-3", 3],
        ["m-4", 4],
      ] as const) {
        await store().endorsements.create(endorsement("p-1", memberId, { createdAt: at(minute) }));
      }
      const firstPage = await store().endorsements.listByPaper("p-1", { first: 2 });
      await store().endorsements.remove("p-1", "m-2");
      const next = await store().endorsements.listByPaper("p-1", {
        first: 2,
        after: firstPage.cursors[1],
      });
      expect(next.items.map((e) => e.memberId)).toEqual(["m-3", "m-4"]);
      expect(next.hasNextPage).toBe(false);
    });
  });
}
