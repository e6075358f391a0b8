// Contract tests for durability: what a store wrote is there after closing and opening it again.
import { describe, expect, it } from "vitest";
import type { Store } from "../ports.ts";
import {
  activityEvent,
  collaborator,
  comment,
  compactOnce,
  connection,
  editor,
  endorsement,
  expectBytes,
  FAR_FUTURE,
  materialize,
  member,
  paperVersion,
  seedPaper,
} from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

export function durabilityContract({ store, opened }: ContractContext): void {
  describe("durability", () => {
    it("closes idempotently", async () => {
      await store().close();
      await store().close();
    });

    it("keeps everything across a reopen, when the adapter can reopen", async () => {
      const { reopen } = opened();
      // An adapter without `reopen` keeps data only in the process; only closing is checked.
      if (!reopen) {
        await store().close();
        return;
      }
      const before = store();
      await before.members.create(member("m-1", { displayName: "Ines Duarte", country: "PT" }));
      await before.topics.upsertMany([{ id: "oceans", name: "Oceans", description: "" }]);
      const created = await seedPaper(before, "p-1", { leadId: "m-1" });
      await before.collaborators.add(collaborator("p-1", "m-2", "EDITOR"));
      await before.comments.create(comment("c-1", "p-1"));
      await before.versions.create(
        paperVersion("v-1", "p-1", { snapshot: Uint8Array.from([1, 2, 3]) }),
      );
      await before.endorsements.create(endorsement("p-1", "m-2"));
      await before.activity.append(activityEvent("a-1", "p-1"));
      await before.connections.put(connection("conn-1", "p-1", "m-1"));
      await before.chunks.put({
        connectionId: "conn-1",
        messageId: "msg-1",
        index: 0,
        total: 2,
        data: Uint8Array.from([7, 7]),
        expiresAt: FAR_FUTURE,
      });

      const author = editor();
      author.text.insert(0, "Compacted part. ");
      for (const update of author.take()) {
        await before.documents.append("p-1", update, { memberId: "m-1", at: created.createdAt });
      }
      await compactOnce(before, "p-1", { now: new Date().toISOString(), retainMs: 86_400_000 });
      author.text.insert(author.text.length, "Tail part.");
      for (const update of author.take()) {
        await before.documents.append("p-1", update, { memberId: "m-1", at: created.createdAt });
      }
      await before.close();

      const after: Store = await reopen();
      try {
        expect((await after.members.get("m-1"))?.displayName).toBe("Ines Duarte");
        expect(await after.topics.list()).toEqual([
          { id: "oceans", name: "Oceans", description: "" },
        ]);
        expect(await after.papers.get("p-1")).toEqual(created);
        expect((await after.collaborators.listByPaper("p-1")).map((c) => c.role)).toEqual([
          "LEAD",
          "EDITOR",
        ]);
        expect(await after.comments.get("c-1")).toEqual(comment("c-1", "p-1"));
        expectBytes((await after.versions.get("v-1"))?.snapshot, Uint8Array.from([1, 2, 3]));
        expect(await after.endorsements.count("p-1")).toBe(1);
        expect((await after.activity.listByPaper("p-1", { first: 5 })).items).toHaveLength(1);
        expect((await after.connections.get("conn-1"))?.memberId).toBe("m-1");
        const state = await after.documents.load("p-1");
        expect(state.snapshotVersion).toBeGreaterThan(0);
        expect(state.tail).toHaveLength(1);
        expect(materialize(state).getText("body").toString()).toBe("Compacted part. Tail part.");
        const message = await after.chunks.put({
          connectionId: "conn-1",
          messageId: "msg-1",
          index: 1,
          total: 2,
          data: Uint8Array.from([8]),
          expiresAt: FAR_FUTURE,
        });
        expectBytes(message, Uint8Array.from([7, 7, 8]));
      } finally {
        await after.close();
      }
    });
  });
}
