// Authorship survives compaction: the entries merged into the snapshot leave who inserted and
// who deleted what in the paper's attribution map, and their authors' editing sessions in the
// activity feed, whichever host compacts (the policy's compactPaper, or an open room).
import { type ActivityEvent, withLimits } from "@accord/domain";
import { encodeUpdate } from "@accord/protocol";
import { createMemoryStore, type Store } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeAttribution } from "../src/attribution.ts";
import {
  authorOf,
  compactPaper,
  createCollabHost,
  decodeAttribution,
  replayState,
} from "../src/index.ts";
import { authenticate, hostLimits, join, seed, settle } from "./host-helpers.ts";

/** A writer's replica: each call is one update, as one keystroke or paste sends it. */
function writer(clientId: number) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const text = () => {
    const body = doc.getXmlFragment("body");
    if (body.length === 0) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText()]);
      body.insert(0, [paragraph]);
    }
    return (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  };
  const capture = (change: () => void) => {
    const updates: Uint8Array[] = [];
    const listener = (update: Uint8Array) => updates.push(update);
    doc.on("update", listener);
    change();
    doc.off("update", listener);
    return Y.mergeUpdates(updates);
  };
  return {
    doc,
    /** One update per character, as typing sends them. */
    type(at: number, value: string): Uint8Array[] {
      return [...value].map((char, i) => capture(() => text().insert(at + i, char)));
    },
    remove(at: number, length: number): Uint8Array {
      return capture(() => text().delete(at, length));
    },
    receive(update: Uint8Array) {
      Y.applyUpdate(doc, update);
    },
  };
}

const minute = (m: number, s = 0) => new Date(Date.UTC(2025, 0, 1, 9, m, s)).toISOString();

async function sessionsOf(store: Store, paperId: string): Promise<ActivityEvent[]> {
  const page = await store.activity.listByPaper(paperId, { first: 100 });
  return page.items.filter((e) => e.kind === "EDITING_SESSION").reverse();
}

describe("replaying entries", () => {
  it("counts words typed a character at a time, and a word deleted at once", () => {
    const ada = writer(1);
    const bo = writer(2);
    const typed = ada.type(0, "hello wide world");
    for (const update of typed) bo.receive(update);
    const removed = bo.remove(6, 5); // "wide "
    const tail = [
      ...typed.map((update, i) => ({ id: `a${i}`, update, memberId: "ada", at: minute(0, i) })),
      { id: "b0", update: removed, memberId: "bo", at: minute(1) },
    ];
    const replayed = replayState({ snapshot: null, snapshotVersion: 0, tail });
    const words = (memberId: string) =>
      replayed.effects
        .filter((e) => e.memberId === memberId)
        .reduce((n, e) => [n[0]! + e.wordsAdded, n[1]! + e.wordsRemoved], [0, 0]);
    expect(words("ada")).toEqual([3, 0]);
    expect(words("bo")).toEqual([0, 1]);
    expect(replayed.doc.getXmlFragment("body").toString()).toContain("hello world");
  });

  it("encodes and decodes a map with its sessions", () => {
    const ada = writer(7);
    const tail = ada
      .type(0, "abc")
      .map((update, i) => ({ id: String(i), update, memberId: "ada", at: minute(i) }));
    const replayed = replayState({ snapshot: null, snapshotVersion: 0, tail });
    const map = decodeAttribution(null);
    map.members.set("ada", {
      inserted: replayed.effects[0]!.inserted,
      deleted: new Map([[3, [{ clock: 10, len: 2 }]]]),
    });
    map.sessions.set("ada", {
      id: "s",
      memberId: "ada",
      startedAt: minute(0),
      endedAt: minute(3),
      wordsAdded: 4,
      wordsRemoved: 1,
    });
    const decoded = decodeAttribution(encodeAttribution(map));
    expect(decoded).toEqual(map);
    expect(authorOf(decoded, "deleted", 3, 11)).toBe("ada");
    expect(authorOf(decoded, "deleted", 3, 12)).toBeNull();
  });
});

describe("compactPaper records authorship", () => {
  const limits = withLimits({
    collab: { compactAfterEntries: 4, editingSessionQuietMs: 10 * 60_000 },
  });

  it("keeps who wrote and who deleted across compactions, and coalesces sessions", async () => {
    const store = createMemoryStore();
    const ada = writer(11);
    const bo = writer(22);
    const append = async (update: Uint8Array, memberId: string, at: string) => {
      (memberId === "ada" ? bo : ada).receive(update);
      await store.documents.append("p", update, { memberId, at });
    };
    let second = 0;
    for (const update of ada.type(0, "sea ice ")) await append(update, "ada", minute(0, second++));
    for (const update of bo.type(8, "melts")) await append(update, "bo", minute(1, second++));
    const record = { attribution: store.attribution, activity: store.activity };
    const first = await compactPaper(store.documents, "p", { limits, now: minute(2), record });
    expect(first).toMatchObject({ outcome: "compacted" });
    expect(first.recordError).toBeUndefined();

    const map = decodeAttribution((await store.attribution.get("p"))?.data ?? null);
    expect(authorOf(map, "inserted", 11, 0)).toBe("ada");
    expect(authorOf(map, "inserted", 22, 0)).toBe("bo");
    let sessions = await sessionsOf(store, "p");
    expect(sessions.map((s) => [s.actorId, s.detail.wordsAdded])).toEqual([
      ["ada", 2],
      ["bo", 1],
    ]);
    const adaSession = sessions[0]!;
    expect(adaSession.detail).toEqual({
      wordsAdded: 2,
      wordsRemoved: 0,
      startedAt: minute(0, 0),
      endedAt: minute(0, 7),
    });

    // Five minutes on, ada deletes "ice ": her session grows; twenty minutes on, a new one.
    await append(ada.remove(4, 4), "ada", minute(5));
    for (const update of ada.type(0, "cold ")) await append(update, "ada", minute(25, second++));
    await compactPaper(store.documents, "p", { limits, now: minute(26), record });
    sessions = await sessionsOf(store, "p");
    const ofAda = sessions.filter((s) => s.actorId === "ada");
    expect(ofAda).toHaveLength(2);
    expect(ofAda[0]!.id).toBe(adaSession.id);
    expect(ofAda[0]!.detail).toMatchObject({ wordsAdded: 2, wordsRemoved: 1, endedAt: minute(5) });
    expect(ofAda[1]!.detail).toMatchObject({ startedAt: minute(25, 13), wordsAdded: 1 });

    const after = decodeAttribution((await store.attribution.get("p"))?.data ?? null);
    // "sea ice ": the paragraph and its text are clocks 0 and 1, "ice " clocks 6 to 9.
    expect(authorOf(after, "deleted", 11, 6)).toBe("ada");
    expect(authorOf(after, "deleted", 11, 2)).toBeNull();
    // bo's last character is still the newest entry of the tail, never merged twice.
    expect(authorOf(after, "inserted", 22, 0)).toBe("bo");
  });

  it("records nothing when another compactor won the snapshot", async () => {
    const store = createMemoryStore();
    const ada = writer(5);
    for (const [i, update] of ada.type(0, "one two three").entries()) {
      await store.documents.append("p", update, { memberId: "ada", at: minute(0, i) });
    }
    const record = { attribution: store.attribution, activity: store.activity };
    const results = await Promise.all([
      compactPaper(store.documents, "p", { limits, now: minute(1), record }),
      compactPaper(store.documents, "p", { limits, now: minute(1), record }),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["compacted", "conflict"]);
    const sessions = await sessionsOf(store, "p");
    expect(sessions).toHaveLength(1);
    // The newest entry (the last "e") stays in the tail; the three words started before it.
    expect(sessions[0]!.detail.wordsAdded).toBe(3);
  });
});

describe("the stateful host records authorship", () => {
  it("when its rooms compact, and once editing pauses while editors stay", async () => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD", bo: "EDITOR" });
    const upserts: ActivityEvent[] = [];
    let upserted: (() => void) | null = null;
    const activity = Object.create(store.activity) as Store["activity"];
    activity.upsert = async (event) => {
      await store.activity.upsert(event);
      upserts.push(event);
      upserted?.();
    };
    const host = createCollabHost({
      store: { ...store, activity },
      authenticate,
      limits: hostLimits({ compactAfterEntries: 1_000, editingSessionQuietMs: 300 }),
    });
    const adaClient = await join(host, "p", "ada");
    const boClient = await join(host, "p", "bo");
    const ada = writer(31);
    const bo = writer(32);
    for (const update of ada.type(0, "joint position ")) {
      bo.receive(update);
      adaClient.connection.receive(encodeUpdate(update));
    }
    await settle(adaClient);
    for (const update of bo.type(15, "on oceans")) {
      boClient.connection.receive(encodeUpdate(update));
    }
    await settle(boClient);

    // Nobody leaves: the pause alone compacts, and the sessions reach the feed.
    const deadline = Date.now() + 20_000;
    while (new Set(upserts.map((e) => e.actorId)).size < 2) {
      if (Date.now() > deadline) throw new Error("no editing sessions were recorded");
      await new Promise<void>((resolve) => {
        upserted = resolve;
        setTimeout(resolve, deadline - Date.now()).unref();
      });
    }
    await host.close();

    const sessions = await sessionsOf(store, "p");
    const byMember = Object.fromEntries(sessions.map((s) => [s.actorId, s.detail.wordsAdded]));
    expect(byMember).toEqual({ ada: 2, bo: 2 });
    const map = decodeAttribution((await store.attribution.get("p"))?.data ?? null);
    expect(authorOf(map, "inserted", 31, 3)).toBe("ada");
    expect(authorOf(map, "inserted", 32, 3)).toBe("bo");
  });
});
