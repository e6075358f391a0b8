// Contract: each paper's attribution map (opaque bytes under a version, read-modify-write), and
// activity events that grow after they are written (editing sessions, upserted by id).
import { describe, expect, it } from "vitest";
import { activityEvent, at, expectBytes, expectCode, race, seedPaper } from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

const bytes = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 251);

export function attributionContract({ store }: ContractContext): void {
  const expectStored = async (paperId: string, data: Uint8Array, version: number) => {
    const stored = await store().attribution.get(paperId);
    expect(stored?.version).toBe(version);
    expectBytes(stored?.data, data);
  };

  describe("attribution", () => {
    it("stores a paper's map under a growing version, each paper its own", async () => {
      expect(await store().attribution.get("p-1")).toBeNull();
      expect(await store().attribution.put("p-1", bytes(10, 1), 0)).toEqual({ version: 1 });
      expect(await store().attribution.put("p-2", bytes(5, 2), 0)).toEqual({ version: 1 });
      expect(await store().attribution.put("p-1", bytes(12, 3), 1)).toEqual({ version: 2 });
      await expectStored("p-1", bytes(12, 3), 2);
      await expectStored("p-2", bytes(5, 2), 1);
    });

    it("refuses a write from a stale version with CONFLICT, and keeps the stored map", async () => {
      await store().attribution.put("p-1", bytes(10, 1), 0);
      await expectCode(store().attribution.put("p-1", bytes(10, 2), 0), "CONFLICT");
      await expectCode(store().attribution.put("p-1", bytes(10, 2), 2), "CONFLICT");
      await expectStored("p-1", bytes(10, 1), 1);
    });

    it("lets one of two writers from the same version win", async () => {
      await store().attribution.put("p-1", bytes(4, 1), 0);
      const winners = await race([
        store().attribution.put("p-1", bytes(6, 2), 1),
        store().attribution.put("p-1", bytes(6, 3), 1),
      ]);
      expect(winners).toEqual([{ version: 2 }]);
      expect((await store().attribution.get("p-1"))?.version).toBe(2);
    });

    it("keeps a map larger than one stored item, and a shrinking one", async () => {
      const large = bytes(900_000, 7);
      await store().attribution.put("p-1", large, 0);
      await expectStored("p-1", large, 1);
      await store().attribution.put("p-1", bytes(3, 8), 1);
      await expectStored("p-1", bytes(3, 8), 2);
      await store().attribution.put("p-1", new Uint8Array(0), 2);
      await expectStored("p-1", new Uint8Array(0), 3);
    });
  });

  describe("activity upsert", () => {
    it("inserts a new event and replaces an existing one in place", async () => {
      await seedPaper(store(), "p-1");
      await store().activity.append(activityEvent("a-1", "p-1", { at: at(1) }));
      const session = activityEvent("s-1", "p-1", {
        kind: "EDITING_SESSION",
        detail: { wordsAdded: 3, wordsRemoved: 0, startedAt: at(2), endedAt: at(2) },
        at: at(2),
      });
      await store().activity.upsert(session);
      await store().activity.append(activityEvent("a-3", "p-1", { at: at(3) }));
      const grown = {
        ...session,
        detail: { wordsAdded: 10, wordsRemoved: 2, startedAt: at(2), endedAt: at(4) },
      };
      await store().activity.upsert(grown);
      const page = await store().activity.listByPaper("p-1", { first: 10 });
      expect(page.items.map((e) => e.id)).toEqual(["a-3", "s-1", "a-1"]);
      expect(page.items[1]).toEqual(grown);
    });
  });
}
