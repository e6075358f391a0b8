// Fan-out through the management API: one recipient's failure costs nobody else the message.
import type { ConnectionRecord } from "@accord/storage";
import { createMemoryStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import { fanOut } from "../src/fanout.ts";
import type { ManagementApi } from "../src/management.ts";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");

function record(connectionId: string): ConnectionRecord {
  return {
    connectionId,
    paperId: "p1",
    memberId: connectionId,
    platformRole: "MEMBER",
    role: "EDITOR",
    paperStatus: "DRAFT",
    connectedAt: new Date(NOW - 60_000).toISOString(),
    expiresAt: new Date(NOW + 60_000).toISOString(),
  };
}

describe("fanOut", () => {
  it("delivers to everyone else when a post fails, and drops the one that failed", async () => {
    const store = createMemoryStore();
    for (const id of ["a", "b", "c"]) await store.connections.put(record(id));
    const posted: string[] = [];
    const deleted: string[] = [];
    const management: ManagementApi = {
      async post(connectionId) {
        if (connectionId === "b") throw new Error("socket hang up");
        posted.push(connectionId);
        return "sent";
      },
      async delete(connectionId) {
        deleted.push(connectionId);
        return "deleted";
      },
    };
    const result = await fanOut(
      { connections: store.connections, management, maxFrameBytes: 32 * 1024, now: () => NOW },
      "p1",
      new Uint8Array([0, 2, 0]),
    );
    expect(posted.sort()).toEqual(["a", "c"]);
    expect(result.sent.sort()).toEqual(["a", "c"]);
    expect(result.failed.map((f) => f.connectionId)).toEqual(["b"]);
    // Closed so that its reconnect syncs what it missed.
    expect(deleted).toEqual(["b"]);
  });

  it("forgets a recipient it could not reach even when closing it fails too", async () => {
    const store = createMemoryStore();
    for (const id of ["a", "b"]) await store.connections.put(record(id));
    const throttled = Object.assign(new Error("LimitExceededException"), {
      name: "LimitExceededException",
      $metadata: { httpStatusCode: 429 },
    });
    const management: ManagementApi = {
      async post(connectionId) {
        if (connectionId === "b") throw throttled;
        return "sent";
      },
      async delete() {
        throw throttled;
      },
    };
    const result = await fanOut(
      { connections: store.connections, management, maxFrameBytes: 32 * 1024, now: () => NOW },
      "p1",
      new Uint8Array([0, 2, 0]),
    );
    expect(result.sent).toEqual(["a"]);
    expect(result.failed.map((f) => f.connectionId)).toEqual(["b"]);
    // No later message reaches b on top of the gap; its next frame finds no record and is closed.
    const left = await store.connections.listByPaper("p1", new Date(NOW).toISOString());
    expect(left.map((c) => c.connectionId)).toEqual(["a"]);
  });
});
