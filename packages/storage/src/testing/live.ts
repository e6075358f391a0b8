// Contract tests for what live editing keeps: connection records and chunked messages.
import { describe, expect, it } from "vitest";
import type { ConnectionRecord } from "../ports.ts";
import {
  at,
  connection,
  expectBytes,
  expectCode,
  FAR_FUTURE,
  race,
  random,
  randomBytes,
} from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

const byConnectionId = (a: ConnectionRecord, b: ConnectionRecord) =>
  a.connectionId < b.connectionId ? -1 : 1;

const concat = (parts: readonly Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

export function liveContract({ store }: ContractContext): void {
  describe("connections", () => {
    it("registers a connection id once and reads it back", async () => {
      const record = connection("c-1", "p-1", "m-1", { role: "COMMENTER", connectedAt: at(1) });
      await store().connections.put(record);
      expect(await store().connections.get("c-1")).toEqual(record);
      expect(await store().connections.get("c-none")).toBeNull();
      await expectCode(store().connections.put(connection("c-1", "p-2", "m-2")), "CONFLICT");
      expect(await store().connections.get("c-1")).toEqual(record);
      const winners = await race([
        store().connections.put(connection("c-2", "p-1", "m-1")),
        store().connections.put(connection("c-2", "p-1", "m-2")),
      ]);
      expect(winners).toHaveLength(1);
    });

    it("lists the live connections of a paper, never expired ones or other papers'", async () => {
      // Expiry times far ahead of the real clock, so no adapter's own TTL sweep interferes.
      const now = "2900-06-01T12:00:00.000Z";
      const live = [
        connection("c-3", "p-1", "m-1", { expiresAt: "2900-06-01T12:00:01.000Z" }),
        connection("c-1", "p-1", "m-2", { expiresAt: FAR_FUTURE }),
        connection("c-2", "p-1", "m-1", { expiresAt: "2900-06-01T12:00:00.001Z" }),
      ];
      const expired = [
        connection("c-4", "p-1", "m-3", { expiresAt: now }),
        connection("c-5", "p-1", "m-3", { expiresAt: "2900-06-01T11:59:59.999Z" }),
      ];
      for (const record of [...live, ...expired, connection("c-6", "p-2", "m-1")]) {
        await store().connections.put(record);
      }
      const listed = await store().connections.listByPaper("p-1", now);
      expect([...listed].sort(byConnectionId)).toEqual([...live].sort(byConnectionId));
      expect(await store().connections.listByPaper("p-none", now)).toEqual([]);
      expect(await store().connections.listByPaper("p-1", FAR_FUTURE)).toEqual([]);
    });

    it("changes the role of a member's connections on one paper only", async () => {
      const records = [
        connection("c-1", "p-1", "m-1", { role: "EDITOR" }),
        connection("c-2", "p-1", "m-1", { role: "EDITOR" }),
        connection("c-3", "p-1", "m-2", { role: "EDITOR" }),
        connection("c-4", "p-2", "m-1", { role: "EDITOR" }),
      ];
      for (const record of records) await store().connections.put(record);
      const changed = await store().connections.setRoleForMember("p-1", "m-1", "VIEWER");
      expect([...changed].sort(byConnectionId)).toEqual([
        { ...records[0], role: "VIEWER" },
        { ...records[1], role: "VIEWER" },
      ]);
      expect((await store().connections.get("c-1"))?.role).toBe("VIEWER");
      expect((await store().connections.get("c-2"))?.role).toBe("VIEWER");
      expect((await store().connections.get("c-3"))?.role).toBe("EDITOR");
      expect((await store().connections.get("c-4"))?.role).toBe("EDITOR");
      const listed = await store().connections.listByPaper("p-1", at(0));
      expect(listed.sort(byConnectionId).map((c) => c.role)).toEqual([
        "VIEWER",
        "VIEWER",
        "EDITOR",
      ]);
      expect((await store().connections.arrive("c-2", 1))?.connection.role).toBe("VIEWER");
      expect(await store().connections.setRoleForMember("p-1", "m-1", "VIEWER")).toEqual([]);
      expect(await store().connections.setRoleForMember("p-1", "m-none", "LEAD")).toEqual([]);
    });

    it("removes connections idempotently", async () => {
      await store().connections.put(connection("c-1", "p-1", "m-1"));
      await store().connections.put(connection("c-2", "p-1", "m-1"));
      await store().connections.remove("c-1");
      await store().connections.remove("c-1");
      await store().connections.remove("c-none");
      expect(await store().connections.get("c-1")).toBeNull();
      const listed = await store().connections.listByPaper("p-1", at(0));
      expect(listed.map((c) => c.connectionId)).toEqual(["c-2"]);
      await store().connections.put(connection("c-1", "p-1", "m-3"));
      expect((await store().connections.get("c-1"))?.memberId).toBe("m-3");
    });

    it("counts frames per rate window, forgetting earlier windows", async () => {
      const record = connection("c-1", "p-1", "m-1", { role: "LEAD", paperStatus: "IN_REVIEW" });
      await store().connections.put(record);
      await store().connections.put(connection("c-2", "p-1", "m-2"));
      expect(await store().connections.arrive("c-1", 100)).toEqual({
        connection: record,
        framesInWindow: 1,
      });
      expect((await store().connections.arrive("c-1", 100))?.framesInWindow).toBe(2);
      expect((await store().connections.arrive("c-1", 100))?.framesInWindow).toBe(3);
      // Another connection counts on its own.
      expect((await store().connections.arrive("c-2", 100))?.framesInWindow).toBe(1);
      // The next window starts again from one, and so does one after a long silence.
      expect(await store().connections.arrive("c-1", 101)).toEqual({
        connection: record,
        framesInWindow: 1,
      });
      expect((await store().connections.arrive("c-1", 101))?.framesInWindow).toBe(2);
      expect((await store().connections.arrive("c-1", 105))?.framesInWindow).toBe(1);
      expect((await store().connections.arrive("c-1", 5_000))?.framesInWindow).toBe(1);
      expect((await store().connections.arrive("c-1", 5_000))?.framesInWindow).toBe(2);
      expect((await store().connections.arrive("c-1", 5_011))?.framesInWindow).toBe(1);
      // Window numbers as an epoch clock makes them (milliseconds / window length).
      const window = Math.floor(Date.parse("2031-05-01T00:00:00.000Z") / 2_000);
      expect((await store().connections.arrive("c-1", window))?.framesInWindow).toBe(1);
      expect((await store().connections.arrive("c-1", window + 1))?.framesInWindow).toBe(1);
      expect((await store().connections.arrive("c-1", window + 1))?.framesInWindow).toBe(2);
      // The count is not part of the record.
      expect(await store().connections.get("c-1")).toEqual(record);
      expect(await store().connections.listByPaper("p-1", at(0))).toContainEqual(record);
    });

    it("counts every frame once however many arrive at once", async () => {
      await store().connections.put(connection("c-1", "p-1", "m-1"));
      expect((await store().connections.arrive("c-1", 41))?.framesInWindow).toBe(1);
      const arrivals = await Promise.all(
        Array.from({ length: 50 }, () => store().connections.arrive("c-1", 42)),
      );
      const counts = arrivals.map((a) => a?.framesInWindow ?? 0).sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect((await store().connections.arrive("c-1", 42))?.framesInWindow).toBe(51);
    });

    it("answers null for a frame on a connection that is not registered", async () => {
      expect(await store().connections.arrive("c-none", 1)).toBeNull();
      await store().connections.put(connection("c-1", "p-1", "m-1"));
      expect((await store().connections.arrive("c-1", 1))?.framesInWindow).toBe(1);
      await store().connections.remove("c-1");
      expect(await store().connections.arrive("c-1", 1)).toBeNull();
      expect(await store().connections.get("c-1")).toBeNull();
      // Registered again, it counts from scratch.
      await store().connections.put(connection("c-1", "p-1", "m-1"));
      expect((await store().connections.arrive("c-1", 1))?.framesInWindow).toBe(1);
    });

    it("shows an expired connection's expiry to the frame that finds it", async () => {
      // Expired by the real clock: an adapter may have swept it already (then null), or still
      // hold it, and then the caller sees from expiresAt that it is no longer live.
      const expired = connection("c-1", "p-1", "m-1", { expiresAt: at(0) });
      await store().connections.put(expired);
      await store().connections.put(connection("c-2", "p-1", "m-2"));
      const arrival = await store().connections.arrive("c-1", 3);
      if (arrival !== null) {
        expect(arrival.connection).toEqual(expired);
        expect(arrival.framesInWindow).toBe(1);
      }
      const live = await store().connections.listByPaper("p-1", new Date().toISOString());
      expect(live.map((c) => c.connectionId)).toEqual(["c-2"]);
    });

    it("keeps a reader who is not a collaborator apart from a VIEWER", async () => {
      const reader = connection("c-1", "p-1", "m-1", {
        role: null,
        platformRole: "COORDINATOR",
        paperStatus: "PUBLISHED",
      });
      await store().connections.put(reader);
      expect(await store().connections.get("c-1")).toEqual(reader);
      expect((await store().connections.arrive("c-1", 9))?.connection).toEqual(reader);
      // Made a collaborator, then not one again.
      expect(await store().connections.setRoleForMember("p-1", "m-1", "VIEWER")).toEqual([
        { ...reader, role: "VIEWER" },
      ]);
      expect(await store().connections.setRoleForMember("p-1", "m-1", null)).toEqual([reader]);
      expect(await store().connections.setRoleForMember("p-1", "m-1", null)).toEqual([]);
      expect(await store().connections.listByPaper("p-1", at(0))).toEqual([reader]);
    });

    it("tells every connection of a paper its new status, and only that paper's", async () => {
      const records = [
        connection("c-1", "p-1", "m-1", { paperStatus: "DRAFT" }),
        connection("c-2", "p-1", "m-2", { paperStatus: "DRAFT", role: null }),
        connection("c-3", "p-1", "m-3", { paperStatus: "ENDORSEMENT" }),
        connection("c-4", "p-2", "m-1", { paperStatus: "DRAFT" }),
      ];
      for (const record of records) await store().connections.put(record);
      const changed = await store().connections.setStatusForPaper("p-1", "ENDORSEMENT");
      expect([...changed].sort(byConnectionId)).toEqual([
        { ...records[0], paperStatus: "ENDORSEMENT" },
        { ...records[1], paperStatus: "ENDORSEMENT" },
      ]);
      // The record by id (what a frame reads) and the paper's list (the fan-out) agree.
      expect((await store().connections.get("c-1"))?.paperStatus).toBe("ENDORSEMENT");
      expect((await store().connections.arrive("c-2", 1))?.connection.paperStatus).toBe(
        "ENDORSEMENT",
      );
      const listed = await store().connections.listByPaper("p-1", at(0));
      expect(listed.map((c) => c.paperStatus)).toEqual([
        "ENDORSEMENT",
        "ENDORSEMENT",
        "ENDORSEMENT",
      ]);
      expect((await store().connections.get("c-4"))?.paperStatus).toBe("DRAFT");
      expect(await store().connections.setStatusForPaper("p-1", "ENDORSEMENT")).toEqual([]);
      expect(await store().connections.setStatusForPaper("p-none", "PUBLISHED")).toEqual([]);
      // A status change after a role change keeps the role, and the other way round.
      await store().connections.setRoleForMember("p-1", "m-1", "COMMENTER");
      await store().connections.setStatusForPaper("p-1", "PUBLISHED");
      expect(await store().connections.get("c-1")).toEqual({
        ...records[0],
        role: "COMMENTER",
        paperStatus: "PUBLISHED",
      });
      const afterBoth = await store().connections.listByPaper("p-1", at(0));
      expect(afterBoth.find((c) => c.connectionId === "c-1")).toEqual({
        ...records[0],
        role: "COMMENTER",
        paperStatus: "PUBLISHED",
      });
    });
  });

  describe("chunked messages", () => {
    const next = random(7);
    const parts = [randomBytes(next, 30_000), randomBytes(next, 30_000), randomBytes(next, 123)];
    const whole = concat(parts);
    const chunk = (
      index: number,
      overrides: {
        messageId?: string;
        connectionId?: string;
        data?: Uint8Array;
        total?: number;
      } = {},
    ) => ({
      connectionId: "c-1",
      messageId: "msg-1",
      index,
      total: parts.length,
      data: parts[index] ?? new Uint8Array(0),
      expiresAt: FAR_FUTURE,
      ...overrides,
    });

    it("returns a one-chunk message at once", async () => {
      const data = Uint8Array.from([0, 1, 0, 255]);
      expectBytes(await store().chunks.put(chunk(0, { total: 1, data })), data);
    });

    it("assembles chunks arriving out of order, once, in index order", async () => {
      expect(await store().chunks.put(chunk(2))).toBeNull();
      expect(await store().chunks.put(chunk(0))).toBeNull();
      expectBytes(await store().chunks.put(chunk(1)), whole);
      // A chunk of a message that completed is a late duplicate, not a new message.
      expect(await store().chunks.put(chunk(1))).toBeNull();
      expect(await store().chunks.put(chunk(0))).toBeNull();
    });

    it("treats a repeated chunk as harmless", async () => {
      expect(await store().chunks.put(chunk(0))).toBeNull();
      expect(await store().chunks.put(chunk(0))).toBeNull();
      expect(await store().chunks.put(chunk(2))).toBeNull();
      expect(await store().chunks.put(chunk(2))).toBeNull();
      expectBytes(await store().chunks.put(chunk(1)), whole);
    });

    it("keeps messages of other ids and other connections apart", async () => {
      expect(await store().chunks.put(chunk(0))).toBeNull();
      expect(await store().chunks.put(chunk(1, { messageId: "msg-2" }))).toBeNull();
      expect(await store().chunks.put(chunk(2, { connectionId: "c-2" }))).toBeNull();
      expect(await store().chunks.put(chunk(2))).toBeNull();
      expectBytes(await store().chunks.put(chunk(1)), whole);
      expect(await store().chunks.put(chunk(0, { messageId: "msg-2" }))).toBeNull();
      expectBytes(await store().chunks.put(chunk(2, { messageId: "msg-2" })), whole);
    });

    it("returns the message exactly once when the last chunks race", async () => {
      expect(await store().chunks.put(chunk(0))).toBeNull();
      const distinct = await Promise.all([
        store().chunks.put(chunk(1)),
        store().chunks.put(chunk(2)),
      ]);
      const completed = distinct.filter((m) => m !== null);
      expect(completed).toHaveLength(1);
      expectBytes(completed[0], whole);

      const again = { messageId: "msg-again" };
      expect(await store().chunks.put(chunk(0, again))).toBeNull();
      expect(await store().chunks.put(chunk(1, again))).toBeNull();
      const same = await Promise.all([
        store().chunks.put(chunk(2, again)),
        store().chunks.put(chunk(2, again)),
        store().chunks.put(chunk(2, again)),
      ]);
      const once = same.filter((m) => m !== null);
      expect(once).toHaveLength(1);
      expectBytes(once[0], whole);
    });

    it("refuses chunks outside the message or disagreeing on its size", async () => {
      await expectCode(store().chunks.put(chunk(3)), "BAD_USER_INPUT");
      await expectCode(store().chunks.put(chunk(-1)), "BAD_USER_INPUT");
      await expectCode(store().chunks.put(chunk(0, { total: 0 })), "BAD_USER_INPUT");
      await expectCode(store().chunks.put(chunk(1.5)), "BAD_USER_INPUT");
      expect(await store().chunks.put(chunk(0))).toBeNull();
      await expectCode(store().chunks.put(chunk(1, { total: 2 })), "BAD_USER_INPUT");
      expect(await store().chunks.put(chunk(1))).toBeNull();
      expectBytes(await store().chunks.put(chunk(2)), whole);
    });
  });
}
