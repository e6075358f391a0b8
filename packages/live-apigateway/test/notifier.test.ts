// The AWS LiveNotifier: what GraphQL mutations do to live connections kept in storage.

import type { PaperRole } from "@accord/domain";
import { decodeMessage, decodeTextFrame } from "@accord/protocol";
import { type ConnectionRecord, createMemoryStore, type Store } from "@accord/storage";
import { beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { ManagementApi } from "../src/management.ts";
import { createApiGatewayNotifier } from "../src/notifier.ts";
import { ensureMember, seedPaper } from "./helpers.ts";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");

/** Records what would reach API Gateway; ids in `gone` answer 410. */
function recordingManagement() {
  const posts: { connectionId: string; text: string }[] = [];
  const deletes: string[] = [];
  const gone = new Set<string>();
  const api: ManagementApi = {
    async post(connectionId, text) {
      if (gone.has(connectionId)) return "gone";
      posts.push({ connectionId, text });
      return "sent";
    },
    async delete(connectionId) {
      if (gone.has(connectionId)) return "gone";
      deletes.push(connectionId);
      gone.add(connectionId);
      return "deleted";
    },
  };
  return { api, posts, deletes, gone };
}

/** A connection to draft p1; `role` null for a reader who is not a collaborator. */
function connection(
  connectionId: string,
  memberId: string,
  role: PaperRole | null,
  ageMs = 60_000,
): ConnectionRecord {
  return {
    connectionId,
    paperId: "p1",
    memberId,
    platformRole: "MEMBER",
    role,
    paperStatus: "DRAFT",
    connectedAt: new Date(NOW - ageMs).toISOString(),
    expiresAt: new Date(NOW + 3_600_000).toISOString(),
  };
}

let store: Store;
let management: ReturnType<typeof recordingManagement>;

function notifier() {
  return createApiGatewayNotifier({
    store,
    managementEndpoint: "https://example.execute-api.eu-west-1.amazonaws.com/dev",
    management: () => management.api,
    now: () => NOW,
  });
}

beforeEach(async () => {
  store = createMemoryStore();
  management = recordingManagement();
  await seedPaper(store, {
    paperId: "p1",
    collaborators: { lea: "LEAD", ed: "EDITOR", vi: "VIEWER" },
  });
});

describe("createApiGatewayNotifier", () => {
  it("stores a server update before delivering it to every connection, chunked at 32 KB", async () => {
    await store.connections.put(connection("c-lea", "lea", "LEAD"));
    await store.connections.put(connection("c-vi", "vi", "VIEWER"));
    const source = new Y.Doc();
    source.getText("t").insert(0, "x".repeat(50_000));
    const update = Y.encodeStateAsUpdate(source);

    await notifier().applyServerUpdate("p1", update, "lea");

    const state = await store.documents.load("p1");
    expect(state.tail.map((e) => e.memberId)).toEqual(["lea"]);
    for (const id of ["c-lea", "c-vi"]) {
      const frames = management.posts.filter((p) => p.connectionId === id).map((p) => p.text);
      expect(frames.length).toBeGreaterThan(1);
      expect(frames.every((f) => f.length <= 32 * 1024)).toBe(true);
      const chunks = frames.map(decodeTextFrame);
      const bytes = chunks.flatMap((c) => (c.kind === "chunk" ? [...c.data] : []));
      const message = decodeMessage(new Uint8Array(bytes));
      expect(message.type).toBe("update");
    }
  });

  it("forgets connections that answer Gone, but not ones still inside $connect", async () => {
    await store.connections.put(connection("c-old", "lea", "LEAD", 120_000));
    await store.connections.put(connection("c-young", "ed", "EDITOR", 1_000));
    await store.connections.put(connection("c-ok", "vi", "VIEWER"));
    management.gone.add("c-old");
    management.gone.add("c-young");
    await notifier().applyServerUpdate("p1", Y.encodeStateAsUpdate(new Y.Doc()), null);
    const left = await store.connections.listByPaper("p1", new Date(NOW).toISOString());
    expect(left.map((c) => c.connectionId).sort()).toEqual(["c-ok", "c-young"]);
  });

  it("closes a removed collaborator's connections with 4403 after announcing it", async () => {
    await store.connections.put(connection("c-ed", "ed", "EDITOR"));
    await store.connections.put(connection("c-lea", "lea", "LEAD"));
    await notifier().collaboratorChanged("p1", "ed", null);
    expect(management.posts).toEqual([
      {
        connectionId: "c-ed",
        text: JSON.stringify({
          type: "close",
          code: 4403,
          reason: "access to this paper was revoked",
        }),
      },
    ]);
    expect(management.deletes).toEqual(["c-ed"]);
    expect(await store.connections.get("c-ed")).toBeNull();
    expect(await store.connections.get("c-lea")).not.toBeNull();
  });

  it("keeps a removed collaborator reading a published paper, read-only", async () => {
    const published = await seedPaper(store, {
      paperId: "p2",
      status: "PUBLISHED",
      collaborators: { lea: "LEAD", ed: "EDITOR" },
    });
    await store.connections.put({
      ...connection("c-ed", "ed", "EDITOR"),
      paperId: published.id,
      paperStatus: "PUBLISHED",
    });
    await notifier().collaboratorChanged("p2", "ed", null);
    expect(management.deletes).toEqual([]);
    expect(management.posts).toEqual([]);
    // A reader who is no longer a collaborator, so that archiving the paper later closes it.
    expect((await store.connections.get("c-ed"))?.role).toBeNull();
  });

  it("records a new role and asks a new writer for the edits it may have kept", async () => {
    await store.connections.put(connection("c-vi", "vi", "VIEWER"));
    await notifier().collaboratorChanged("p1", "vi", "EDITOR");
    expect((await store.connections.get("c-vi"))?.role).toBe("EDITOR");
    const frames = management.posts.filter((p) => p.connectionId === "c-vi");
    expect(frames).toHaveLength(1);
    const frame = decodeTextFrame(frames[0]!.text);
    expect(frame.kind === "whole" && decodeMessage(frame.message).type).toBe("syncStep1");
  });

  it("closes connections of members who may no longer see the paper when its status changes", async () => {
    await ensureMember(store, "reader");
    await ensureMember(store, "coord", "COORDINATOR");
    await seedPaper(store, {
      paperId: "p3",
      status: "PUBLISHED",
      collaborators: { lea: "LEAD" },
    });
    const on3 = (c: ConnectionRecord): ConnectionRecord => ({
      ...c,
      paperId: "p3",
      paperStatus: "PUBLISHED",
    });
    await store.connections.put(on3(connection("c-reader", "reader", null)));
    await store.connections.put({
      ...on3(connection("c-coord", "coord", null)),
      platformRole: "COORDINATOR",
    });
    await store.connections.put(on3(connection("c-lea", "lea", "LEAD")));
    await notifier().paperStatusChanged("p3", "ARCHIVED");
    expect(management.deletes).toEqual(["c-reader"]);
    expect(management.posts).toEqual([
      {
        connectionId: "c-reader",
        text: JSON.stringify({
          type: "close",
          code: 4403,
          reason: "this paper is no longer visible to you",
        }),
      },
    ]);
    // Those who still read it are told the new status: their next keystroke is judged by it.
    const kept = await store.connections.listByPaper("p3", new Date(NOW).toISOString());
    expect(kept.map((c) => [c.connectionId, c.paperStatus])).toEqual([
      ["c-coord", "ARCHIVED"],
      ["c-lea", "ARCHIVED"],
    ]);
  });

  it("lets a failure to close reach the caller (who retries), and forgets the connection", async () => {
    await store.connections.put(connection("c-ed", "ed", "EDITOR"));
    await store.connections.put(connection("c-vi", "vi", "VIEWER"));
    management.api.delete = async () => {
      throw new Error("throttled");
    };
    await expect(notifier().collaboratorChanged("p1", "ed", null)).rejects.toThrow("throttled");
    // No later keystroke of it is taken: $default finds no record and drops the socket.
    expect(await store.connections.get("c-ed")).toBeNull();
    expect(await store.connections.get("c-vi")).not.toBeNull();
  });

  it("lets a failure to ask a new writer for its edits reach the caller", async () => {
    await store.connections.put(connection("c-vi", "vi", "VIEWER"));
    management.api.post = async () => {
      throw new Error("throttled");
    };
    await expect(notifier().collaboratorChanged("p1", "vi", "EDITOR")).rejects.toThrow("throttled");
    // The connection the request never reached is dropped: its reconnection (as an EDITOR now)
    // syncs both ways, which is what the request asked for.
    expect(await store.connections.get("c-vi")).toBeNull();
  });
});
