// Contract tests for members' inboxes: notifications newest first, unread ones on their own,
// marking read, and the inbox state (unread count, version) kept with every write.
import type { Notification } from "@accord/domain";
import { describe, expect, it } from "vitest";
import { at, expectCode, walk } from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

function notification(id: string, overrides: Partial<Notification> = {}): Notification {
  return {
    id,
    recipientId: "m-bea",
    kind: "MENTION",
    actorId: "m-ana",
    paperId: "p-1",
    threadId: "c-1",
    commentId: "c-1",
    invitationId: null,
    detail: {},
    createdAt: at(0),
    readAt: null,
    ...overrides,
  };
}

export function notificationContract({ store }: ContractContext): void {
  const inbox = (recipientId: string, unreadOnly = false, first = 100) =>
    store().notifications.listByRecipient(recipientId, { unreadOnly }, { first });

  describe("notifications", () => {
    it("lists a member's own notifications newest first, with their facts intact", async () => {
      const older = notification("n-1", { createdAt: at(1) });
      const newer = notification("n-2", {
        kind: "STATUS_CHANGED",
        threadId: null,
        commentId: null,
        detail: { from: "DRAFT", to: "IN_REVIEW" },
        createdAt: at(2),
      });
      const sameTime = notification("n-3", { createdAt: at(2) });
      const invitation = notification("n-4", {
        kind: "INVITATION",
        paperId: null,
        threadId: null,
        commentId: null,
        invitationId: "i-1",
        detail: { target: "WORKING_GROUP", targetId: "g-1" },
        createdAt: at(3),
      });
      const someoneElses = notification("n-5", { recipientId: "m-cai", createdAt: at(4) });
      for (const n of [older, newer, sameTime, invitation, someoneElses]) {
        await store().notifications.add(n);
      }
      expect((await inbox("m-bea")).items).toEqual([invitation, sameTime, newer, older]);
      expect((await inbox("m-cai")).items).toEqual([someoneElses]);
      expect((await inbox("m-nobody")).items).toEqual([]);
    });

    it("keeps the unread count and a version that grows with every change, and only then", async () => {
      expect(await store().notifications.state("m-bea")).toEqual({ unread: 0, version: 0 });
      await store().notifications.add(notification("n-1", { createdAt: at(1) }));
      await store().notifications.add(notification("n-2", { createdAt: at(2) }));
      await store().notifications.add(notification("n-3", { createdAt: at(3), readAt: at(3) }));
      const afterAdds = await store().notifications.state("m-bea");
      expect(afterAdds.unread).toBe(2);

      const marked = await store().notifications.markRead("m-bea", ["n-1"], at(5));
      expect(marked.unread).toBe(1);
      expect(marked.version).toBeGreaterThan(afterAdds.version);
      expect(await store().notifications.state("m-bea")).toEqual(marked);

      // Nothing to change: read already, unknown, someone else's. The version stays.
      await store().notifications.add(notification("n-9", { recipientId: "m-cai" }));
      const same = await store().notifications.markRead(
        "m-bea",
        ["n-1", "n-404", "n-9", "x".repeat(5000)],
        at(6),
      );
      expect(same).toEqual(marked);
      expect((await store().notifications.state("m-cai")).unread).toBe(1);

      await store().notifications.add(notification("n-4", { createdAt: at(7) }));
      const afterAnother = await store().notifications.state("m-bea");
      expect(afterAnother).toEqual({ unread: 2, version: afterAnother.version });
      expect(afterAnother.version).toBeGreaterThan(marked.version);
    });

    it("marks read only the member's own unread notifications, with the time", async () => {
      await store().notifications.add(notification("n-1", { createdAt: at(1) }));
      await store().notifications.add(notification("n-2", { createdAt: at(2) }));
      await store().notifications.add(notification("n-3", { recipientId: "m-cai" }));
      const state = await store().notifications.markRead("m-bea", ["n-2", "n-2", "n-3"], at(9));
      expect(state.unread).toBe(1);
      const items = (await inbox("m-bea")).items;
      expect(items.map((n) => [n.id, n.readAt])).toEqual([
        ["n-2", at(9)],
        ["n-1", null],
      ]);
      expect((await inbox("m-bea", true)).items.map((n) => n.id)).toEqual(["n-1"]);
      expect((await inbox("m-cai")).items[0]?.readAt).toBeNull();
      // A later mark does not move the time it was first read.
      await store().notifications.markRead("m-bea", ["n-2"], at(20));
      expect((await inbox("m-bea")).items[0]?.readAt).toBe(at(9));
    });

    it("marks all of a member's notifications read, nobody else's", async () => {
      for (let i = 0; i < 7; i++) {
        await store().notifications.add(notification(`n-${i}`, { createdAt: at(i) }));
      }
      await store().notifications.add(notification("n-cai", { recipientId: "m-cai" }));
      const before = await store().notifications.state("m-bea");
      const state = await store().notifications.markAllRead("m-bea", at(30));
      expect(state.unread).toBe(0);
      expect(state.version).toBeGreaterThan(before.version);
      expect((await inbox("m-bea", true)).items).toEqual([]);
      expect((await inbox("m-bea")).items.every((n) => n.readAt === at(30))).toBe(true);
      expect((await store().notifications.state("m-cai")).unread).toBe(1);
      expect(await store().notifications.markAllRead("m-bea", at(31))).toEqual(state);
    });

    it("refuses a taken id and changes nothing", async () => {
      await store().notifications.add(notification("n-1"));
      const before = await store().notifications.state("m-bea");
      await expectCode(
        store().notifications.add(notification("n-1", { createdAt: at(5) })),
        "CONFLICT",
      );
      expect(await store().notifications.state("m-bea")).toEqual(before);
      expect((await inbox("m-bea")).items).toHaveLength(1);
    });

    it("pages both lists by cursor, and an unread page's cursor survives marking read", async () => {
      for (let i = 0; i < 9; i++) {
        await store().notifications.add(
          notification(`n-${i}`, { createdAt: at(i % 3), readAt: i % 2 ? at(10) : null }),
        );
      }
      const all = await walk((page) => store().notifications.listByRecipient("m-bea", {}, page), 2);
      expect(all.map((n) => n.id)).toEqual((await inbox("m-bea")).items.map((n) => n.id));
      expect(all).toHaveLength(9);
      const unread = await walk(
        (page) => store().notifications.listByRecipient("m-bea", { unreadOnly: true }, page),
        2,
      );
      expect(unread.map((n) => n.id)).toEqual(["n-8", "n-2", "n-4", "n-6", "n-0"]);

      const first = await inbox("m-bea", true, 2);
      expect(first.items.map((n) => n.id)).toEqual(["n-8", "n-2"]);
      await store().notifications.markRead("m-bea", ["n-8", "n-4"], at(11));
      const next = await store().notifications.listByRecipient(
        "m-bea",
        { unreadOnly: true },
        { first: 10, after: first.cursors.at(-1) ?? null },
      );
      expect(next.items.map((n) => n.id)).toEqual(["n-6", "n-0"]);
      expect(next.hasNextPage).toBe(false);
    });

    it("counts exactly when notifications arrive and are read at the same time", async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store().notifications.add(notification(`n-${i}`, { createdAt: at(i) })),
        ),
      );
      expect((await store().notifications.state("m-bea")).unread).toBe(12);
      await Promise.all([
        store().notifications.markRead("m-bea", ["n-0", "n-1", "n-2"], at(20)),
        store().notifications.markRead("m-bea", ["n-2", "n-3"], at(20)),
        store().notifications.markAllRead("m-bea", at(21)),
        store().notifications.add(notification("n-late", { createdAt: at(22) })),
      ]);
      const state = await store().notifications.state("m-bea");
      const unread = await walk(
        (page) => store().notifications.listByRecipient("m-bea", { unreadOnly: true }, page),
        5,
      );
      expect(state.unread).toBe(unread.length);
      expect(state.unread).toBeLessThanOrEqual(1);
    });
  });
}
