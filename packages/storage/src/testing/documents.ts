// Contract tests for the document log: append, load, compaction under a version check, TTL.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  at,
  compactOnce,
  editor,
  expectBytes,
  expectCode,
  materialize,
  race,
  random,
  randomBytes,
  randomText,
} from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A `now` for compactions near the real clock, rounded to the second, so that an adapter whose
 * TTL runs on real time (DynamoDB) keeps retired entries for the whole test.
 */
const nearNow = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export function documentContract({ store }: ContractContext): void {
  describe("documents", () => {
    it("loads an unknown paper as empty", async () => {
      expect(await store().documents.load("p-none")).toEqual({
        snapshot: null,
        snapshotVersion: 0,
        tail: [],
      });
      expect(await store().documents.tailLength("p-none")).toBe(0);
    });

    it("appends real Yjs updates and loads them back into the same content", async () => {
      const alice = editor();
      alice.text.insert(0, "Joint position on ocean governance.\n");
      alice.doc.getMap("meta").set("language", "en");
      alice.text.insert(alice.text.length, "1. High seas treaty ratification.\n");
      alice.text.delete(0, 6);
      const updates = alice.take();
      expect(updates.length).toBeGreaterThanOrEqual(3);

      const stored = [];
      for (const [i, update] of updates.entries()) {
        const entry = await store().documents.append("p-1", update, {
          memberId: i === 0 ? null : "m-alice",
          at: `2024-03-01T10:00:0${i}.000Z`,
        });
        expect(entry.memberId).toBe(i === 0 ? null : "m-alice");
        expect(entry.at).toBe(`2024-03-01T10:00:0${i}.000Z`);
        expectBytes(entry.update, update);
        stored.push(entry);
      }
      expect(new Set(stored.map((e) => e.id)).size).toBe(updates.length);
      await store().documents.append("p-2", Y.encodeStateAsUpdate(new Y.Doc()), {
        memberId: null,
        at: "2024-03-01T10:00:00.000Z",
      });

      const state = await store().documents.load("p-1");
      expect(state.snapshot).toBeNull();
      expect(state.snapshotVersion).toBe(0);
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      const loaded = [...state.tail].sort(byId);
      expect(loaded.map((e) => e.id)).toEqual(stored.map((e) => e.id).sort());
      for (const entry of loaded) {
        const original = stored.find((e) => e.id === entry.id)!;
        expect({ ...entry, update: null }).toEqual({ ...original, update: null });
        expectBytes(entry.update, original.update);
      }
      const fresh = materialize(state);
      expect(fresh.getText("body").toString()).toBe(alice.text.toString());
      expect(fresh.getMap("meta").toJSON()).toEqual({ language: "en" });
      expect(await store().documents.tailLength("p-1")).toBe(updates.length);
      expect(await store().documents.tailLength("p-2")).toBe(1);
    });

    it("compacts the tail into a snapshot under a version check", async () => {
      const alice = editor();
      for (const line of ["Energy security", " and the grid", " in 2030."]) {
        alice.text.insert(alice.text.length, line);
        for (const update of alice.take()) {
          await store().documents.append("p-1", update, {
            memberId: "m-alice",
            at: "2024-03-01T10:00:00.000Z",
          });
        }
      }
      const other = editor();
      other.text.insert(0, "Another paper");
      await store().documents.append("p-2", other.take()[0]!, {
        memberId: null,
        at: "2024-03-01T10:00:00.000Z",
      });

      const before = await store().documents.load("p-1");
      const snapshot = Y.encodeStateAsUpdate(materialize(before));
      const now = nearNow();
      const { snapshotVersion } = await store().documents.compact("p-1", {
        expectedVersion: 0,
        snapshot,
        mergedEntryIds: before.tail.map((e) => e.id),
        now,
        retainMs: DAY,
      });
      expect(snapshotVersion).toBeGreaterThan(0);

      const after = await store().documents.load("p-1");
      expect(after.snapshotVersion).toBe(snapshotVersion);
      expectBytes(after.snapshot, snapshot);
      expect(after.tail).toEqual([]);
      expect(await store().documents.tailLength("p-1")).toBe(0);
      expect(materialize(after).getText("body").toString()).toBe(
        "Energy security and the grid in 2030.",
      );

      // The same expected version again is a lost race; another paper is untouched.
      await expectCode(
        store().documents.compact("p-1", {
          expectedVersion: 0,
          snapshot,
          mergedEntryIds: [],
          now,
          retainMs: DAY,
        }),
        "CONFLICT",
      );
      await expectCode(
        store().documents.compact("p-1", {
          expectedVersion: snapshotVersion + 1,
          snapshot,
          mergedEntryIds: [],
          now,
          retainMs: DAY,
        }),
        "CONFLICT",
      );
      expect(await store().documents.tailLength("p-2")).toBe(1);
      expect((await store().documents.load("p-2")).snapshotVersion).toBe(0);

      // Edits after the compaction land in the tail on top of the snapshot.
      alice.text.insert(0, "Draft: ");
      for (const update of alice.take()) {
        await store().documents.append("p-1", update, { memberId: "m-alice", at: now });
      }
      const again = await compactOnce(store(), "p-1", { now, retainMs: DAY });
      expect(again.snapshotVersion).toBeGreaterThan(snapshotVersion);
      expect(again.merged).toBe(1);
      expect(
        materialize(await store().documents.load("p-1"))
          .getText("body")
          .toString(),
      ).toBe("Draft: Energy security and the grid in 2030.");
    });

    it("keeps entries appended during a compaction in the tail", async () => {
      const alice = editor();
      alice.text.insert(0, "Supply chains of critical minerals.");
      for (const update of alice.take()) {
        await store().documents.append("p-1", update, {
          memberId: "m-alice",
          at: "2024-03-01T10:00:00.000Z",
        });
      }
      const seen = await store().documents.load("p-1");
      const snapshot = Y.encodeStateAsUpdate(materialize(seen));

      alice.text.insert(alice.text.length, " Export controls apply.");
      const late = alice.take();
      const lateEntries = [];
      for (const update of late) {
        lateEntries.push(
          await store().documents.append("p-1", update, {
            memberId: "m-alice",
            at: "2024-03-01T10:00:01.000Z",
          }),
        );
      }

      await store().documents.compact("p-1", {
        expectedVersion: seen.snapshotVersion,
        snapshot,
        mergedEntryIds: [...seen.tail.map((e) => e.id), "an-id-no-adapter-made"],
        now: nearNow(),
        retainMs: DAY,
      });
      const after = await store().documents.load("p-1");
      expect(after.tail.map((e) => e.id).sort()).toEqual(lateEntries.map((e) => e.id).sort());
      expect(await store().documents.tailLength("p-1")).toBe(late.length);
      expect(materialize(after).getText("body").toString()).toBe(alice.text.toString());
    });

    it("lets exactly one of two racing compactions win, losing no edit", async () => {
      const alice = editor();
      const bob = editor();
      alice.text.insert(0, "Science diplomacy in the Arctic. ");
      bob.doc.getMap("meta").set("reviewed", false);
      for (const update of [...alice.take(), ...bob.take()]) {
        await store().documents.append("p-1", update, {
          memberId: "m-1",
          at: "2024-03-01T10:00:00.000Z",
        });
      }
      const seenByFirst = await store().documents.load("p-1");
      const seenBySecond = await store().documents.load("p-1");
      // Between the loads and the compactions, more edits arrive from both.
      Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(alice.doc));
      bob.take();
      bob.text.insert(bob.text.length, "Research stations share data.");
      alice.text.insert(0, "Title: ");
      const late = [...alice.take(), ...bob.take()];
      for (const update of late) {
        await store().documents.append("p-1", update, {
          memberId: "m-2",
          at: "2024-03-01T10:00:02.000Z",
        });
      }

      const now = nearNow();
      const compact = (seen: typeof seenByFirst) =>
        store().documents.compact("p-1", {
          expectedVersion: seen.snapshotVersion,
          snapshot: Y.encodeStateAsUpdate(materialize(seen)),
          mergedEntryIds: seen.tail.map((e) => e.id),
          now,
          retainMs: DAY,
        });
      const winners = await race([compact(seenByFirst), compact(seenBySecond)]);
      expect(winners).toHaveLength(1);

      Y.applyUpdate(alice.doc, Y.encodeStateAsUpdate(bob.doc));
      Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(alice.doc));
      const expected = alice.text.toString();
      expect(bob.text.toString()).toBe(expected);
      expect(expected).toContain("Research stations share data.");

      const afterRace = await store().documents.load("p-1");
      expect(afterRace.snapshotVersion).toBe(winners[0]!.snapshotVersion);
      expect(afterRace.tail).toHaveLength(late.length);
      expect(materialize(afterRace).getText("body").toString()).toBe(expected);

      // The loser reloads and retries; still nothing is lost.
      const retried = await compactOnce(store(), "p-1", { now, retainMs: DAY });
      expect(retried.snapshotVersion).toBeGreaterThan(afterRace.snapshotVersion);
      const final = await store().documents.load("p-1");
      expect(final.tail).toEqual([]);
      const doc = materialize(final);
      expect(doc.getText("body").toString()).toBe(expected);
      expect(doc.getMap("meta").toJSON()).toEqual({ reviewed: false });
    });

    it("keeps retired entries until their retention ends, then purges them", async () => {
      const alice = editor();
      for (const word of ["Oceans", " and", " fisheries"]) {
        alice.text.insert(alice.text.length, word);
        for (const update of alice.take()) {
          await store().documents.append("p-1", update, {
            memberId: "m-1",
            at: "2024-03-01T10:00:00.000Z",
          });
        }
      }
      await store().documents.append("p-2", Y.encodeStateAsUpdate(alice.doc), {
        memberId: "m-1",
        at: "2024-03-01T10:00:00.000Z",
      });
      const now = nearNow();
      const { merged } = await compactOnce(store(), "p-1", { now, retainMs: HOUR });
      expect(merged).toBe(3);
      await compactOnce(store(), "p-2", { now, retainMs: 2 * HOUR });

      expect(await store().documents.purgeExpired(now)).toBe(0);
      expect(await store().documents.purgeExpired(plus(now, HOUR - 1))).toBe(0);
      expect(await store().documents.purgeExpired(plus(now, HOUR))).toBe(3);
      expect(await store().documents.purgeExpired(plus(now, HOUR))).toBe(0);
      expect(await store().documents.purgeExpired(plus(now, 2 * HOUR))).toBe(1);

      const state = await store().documents.load("p-1");
      expect(state.tail).toEqual([]);
      expect(materialize(state).getText("body").toString()).toBe("Oceans and fisheries");
      expect(
        materialize(await store().documents.load("p-2"))
          .getText("body")
          .toString(),
      ).toBe("Oceans and fisheries");
    });

    it("keeps a running size of snapshot and tail, reset by each compaction", async () => {
      expect(await store().documents.size("p-none")).toBe(0);
      const alice = editor();
      const appended: number[] = [];
      for (const words of ["Critical minerals", " and export", " controls."]) {
        alice.text.insert(alice.text.length, words);
        for (const update of alice.take()) {
          await store().documents.append("p-1", update, { memberId: "m-1", at: at(1) });
          appended.push(update.length);
        }
      }
      const sum = (lengths: number[]) => lengths.reduce((a, b) => a + b, 0);
      expect(await store().documents.size("p-1")).toBe(sum(appended));
      expect(await store().documents.size("p-2")).toBe(0);

      const seen = await store().documents.load("p-1");
      const snapshot = Y.encodeStateAsUpdate(materialize(seen));
      alice.text.insert(0, "Draft: ");
      const late = alice.take();
      for (const update of late) {
        await store().documents.append("p-1", update, { memberId: "m-1", at: at(2) });
      }
      const now = nearNow();
      await store().documents.compact("p-1", {
        expectedVersion: 0,
        snapshot,
        mergedEntryIds: seen.tail.map((e) => e.id),
        now,
        retainMs: DAY,
      });
      // The new snapshot plus the entries the compaction left in the tail.
      expect(await store().documents.size("p-1")).toBe(
        snapshot.length + sum(late.map((u) => u.length)),
      );
      const { snapshotVersion } = await compactOnce(store(), "p-1", { now, retainMs: DAY });
      const final = await store().documents.load("p-1");
      expect(final.snapshotVersion).toBe(snapshotVersion);
      expect(await store().documents.size("p-1")).toBe(final.snapshot?.length);
      // A compaction that merges nothing new only swaps the snapshot's bytes.
      const restored = materialize(final);
      restored.getText("body").insert(0, "Restored: ");
      const bigger = Y.encodeStateAsUpdate(restored);
      await store().documents.compact("p-1", {
        expectedVersion: snapshotVersion,
        snapshot: bigger,
        mergedEntryIds: [],
        now,
        retainMs: DAY,
      });
      expect(await store().documents.size("p-1")).toBe(bigger.length);
    });

    it("refuses an append over maxBytes and stores nothing of it", async () => {
      const next = random(11);
      const first = randomBytes(next, 300);
      const second = randomBytes(next, 200);
      await store().documents.append("p-1", first, { memberId: "m-1", at: at(1) });
      await expectCode(
        store().documents.append("p-1", second, { memberId: "m-1", at: at(2) }, { maxBytes: 499 }),
        "PAYLOAD_TOO_LARGE",
      );
      expect(await store().documents.size("p-1")).toBe(300);
      expect(await store().documents.tailLength("p-1")).toBe(1);
      const state = await store().documents.load("p-1");
      expect(state.tail).toHaveLength(1);
      expectBytes(state.tail[0]?.update, first);
      // Exactly at the limit is allowed; without maxBytes nothing is checked.
      await store().documents.append(
        "p-1",
        second,
        { memberId: "m-1", at: at(3) },
        { maxBytes: 500 },
      );
      await expectCode(
        store().documents.append(
          "p-1",
          Uint8Array.of(1),
          { memberId: null, at: at(4) },
          { maxBytes: 500 },
        ),
        "PAYLOAD_TOO_LARGE",
      );
      await store().documents.append("p-1", Uint8Array.of(1), { memberId: null, at: at(4) });
      await store().documents.append("p-1", Uint8Array.of(2), { memberId: null, at: at(5) }, {});
      expect(await store().documents.size("p-1")).toBe(502);
      expect(await store().documents.tailLength("p-1")).toBe(4);
      // An update larger than the limit on its own, on a paper with nothing yet.
      await expectCode(
        store().documents.append("p-2", first, { memberId: "m-1", at: at(1) }, { maxBytes: 299 }),
        "PAYLOAD_TOO_LARGE",
      );
      expect(await store().documents.size("p-2")).toBe(0);
      expect(await store().documents.load("p-2")).toEqual({
        snapshot: null,
        snapshotVersion: 0,
        tail: [],
      });
    });

    it("never lets concurrent appends near the limit exceed it", async () => {
      const next = random(12);
      await store().documents.append("p-1", randomBytes(next, 250), { memberId: null, at: at(0) });
      const updates = Array.from({ length: 12 }, () => randomBytes(next, 100));
      const settled = await Promise.allSettled(
        updates.map((update, i) =>
          store().documents.append(
            "p-1",
            update,
            { memberId: `m-${i}`, at: at(1) },
            {
              maxBytes: 1_000,
            },
          ),
        ),
      );
      const accepted = settled.filter((s) => s.status === "fulfilled");
      for (const outcome of settled) {
        if (outcome.status === "rejected") {
          expect(outcome.reason).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
        }
      }
      // 250 + 7 × 100 fits, an eighth would not.
      expect(accepted).toHaveLength(7);
      expect(await store().documents.size("p-1")).toBe(950);
      const state = await store().documents.load("p-1");
      expect(state.tail).toHaveLength(8);
      expect(state.tail.reduce((n, e) => n + e.update.length, 0)).toBe(950);
    });

    it("counts a compacted paper's snapshot against maxBytes", async () => {
      const author = editor();
      author.text.insert(0, "Ocean observation networks.");
      const snapshot = Y.encodeStateAsUpdate(author.doc);
      await store().documents.compact("p-1", {
        expectedVersion: 0,
        snapshot,
        mergedEntryIds: [],
        now: nearNow(),
        retainMs: DAY,
      });
      expect(await store().documents.size("p-1")).toBe(snapshot.length);
      author.text.insert(0, "Draft. ");
      const [edit] = author.take();
      await expectCode(
        store().documents.append(
          "p-1",
          edit!,
          { memberId: "m-1", at: at(1) },
          { maxBytes: snapshot.length + edit!.length - 1 },
        ),
        "PAYLOAD_TOO_LARGE",
      );
      await store().documents.append(
        "p-1",
        edit!,
        { memberId: "m-1", at: at(1) },
        { maxBytes: snapshot.length + edit!.length },
      );
      expect(await store().documents.size("p-1")).toBe(snapshot.length + edit!.length);
    });

    it("round-trips a 5 MB document through compaction", { timeout: 120_000 }, async () => {
      const seed = 20_240_301;
      const author = editor();
      const content = randomText(random(seed), 5 * 1024 * 1024);
      author.text.insert(0, content);
      author.take();
      const snapshot = Y.encodeStateAsUpdate(author.doc);
      expect(snapshot.byteLength, `seed ${seed}`).toBeGreaterThan(5 * 1024 * 1024);

      await store().documents.compact("p-big", {
        expectedVersion: 0,
        snapshot,
        mergedEntryIds: [],
        now: nearNow(),
        retainMs: DAY,
      });
      author.text.insert(0, "Preface. ");
      const [edit] = author.take();
      await store().documents.append("p-big", edit!, {
        memberId: "m-1",
        at: "2024-03-01T10:00:00.000Z",
      });

      const state = await store().documents.load("p-big");
      expectBytes(state.snapshot, snapshot);
      expect(state.tail).toHaveLength(1);
      const text = materialize(state).getText("body").toString();
      expect(text.length).toBe(content.length + "Preface. ".length);
      expect(text === `Preface. ${content}`, `content differs (seed ${seed})`).toBe(true);
    });
  });
}
