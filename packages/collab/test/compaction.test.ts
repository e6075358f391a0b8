// Compaction keeps loading fast however long a paper's history, and two compactors sharing a
// store never lose an edit.
import { encodeUpdate } from "@accord/protocol";
import { createMemoryStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCollabHost, loadDocument, readContent } from "../src/index.ts";
import { authenticate, hostLimits, join, recordingLogger, seed, settle } from "./host-helpers.ts";

/**
 * `count` one-character edits, as a person typing and revising: mostly at the end, now and then
 * elsewhere, deleting as much as they write once the paragraph is 200 characters long (so a long
 * history and a short one leave documents of the same size).
 */
function typing(count: number, seedValue: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = seedValue;
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment("body").insert(0, [paragraph]);
  let state = seedValue;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  while (updates.length < count) {
    const at = random() < 0.98 ? text.length : Math.floor(random() * text.length);
    const revising = text.length >= 200 ? 0.5 : 0.05;
    if (random() < revising && text.length > 0) text.delete(Math.min(at, text.length - 1), 1);
    else text.insert(at, String.fromCharCode(97 + Math.floor(random() * 26)));
  }
  return updates.slice(0, count);
}

async function writeThroughHost(
  paperId: string,
  updates: Uint8Array[],
  compactAfterEntries: number,
) {
  const store = createMemoryStore();
  await seed(store, paperId, { ada: "LEAD" });
  const host = createCollabHost({
    store,
    authenticate,
    limits: hostLimits({ compactAfterEntries }),
  });
  const client = await join(host, paperId, "ada");
  for (const update of updates) client.connection.receive(encodeUpdate(update));
  await settle(client);
  const tailWhileOpen = (await store.documents.load(paperId)).tail.length;
  await host.close();
  return { store, tailWhileOpen };
}

/**
 * Median time of each load, measured alternately so that whatever else runs on the machine
 * weighs on both alike.
 */
async function loadTimes(loads: (() => Promise<unknown>)[], runs = 41): Promise<number[]> {
  const times = loads.map(() => [] as number[]);
  for (let run = 0; run < runs + 5; run++) {
    for (const [i, load] of loads.entries()) {
      const start = performance.now();
      await load();
      if (run >= 5) times[i]!.push(performance.now() - start);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

describe("compaction", () => {
  it(
    "loads a paper of 20,000 edits about as fast as one of 200",
    { timeout: 120_000 },
    async () => {
      const small = await writeThroughHost("small", typing(200, 7), 500);
      const large = await writeThroughHost("large", typing(20_000, 11), 500);

      // While open, compaction keeps the tail short; unloading compacts what is left.
      expect(small.tailWhileOpen).toBe(200);
      expect(large.tailWhileOpen).toBeLessThanOrEqual(501);
      expect((await large.store.documents.load("large")).tail).toHaveLength(1);

      const expected = new Y.Doc();
      for (const update of typing(20_000, 11)) Y.applyUpdate(expected, update);
      expect(readContent(await loadDocument(large.store.documents, "large")).text).toBe(
        readContent(expected).text,
      );

      const [smallMs, largeMs] = (await loadTimes([
        () => loadDocument(small.store.documents, "small"),
        () => loadDocument(large.store.documents, "large"),
      ])) as [number, number];
      console.log(
        `load: 200 edits ${smallMs.toFixed(2)} ms, 20,000 edits ${largeMs.toFixed(2)} ms`,
      );
      // Generous on purpose: the point is "same order", not a speed target.
      expect(largeMs / Math.max(smallMs, 0.05)).toBeLessThan(10);
    },
  );

  it("loses nothing when two hosts compact the same paper", async () => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD", bo: "EDITOR" });
    const recorder = recordingLogger();
    const limits = hostLimits({ compactAfterEntries: 5 });
    const first = createCollabHost({ store, authenticate, limits, logger: recorder.logger });
    const second = createCollabHost({ store, authenticate, limits, logger: recorder.logger });
    const ada = await join(first, "p", "ada");
    const bo = await join(second, "p", "bo");
    const adaEdits = typing(40, 3);
    const boEdits = typing(40, 5);
    for (let i = 0; i < 40; i++) {
      ada.connection.receive(encodeUpdate(adaEdits[i]!));
      bo.connection.receive(encodeUpdate(boEdits[i]!));
      if (i % 7 === 0) await Promise.all([settle(ada), settle(bo)]);
    }
    await Promise.all([settle(ada), settle(bo)]);
    await Promise.all([first.close(), second.close()]);
    expect(recorder.events.some((e) => e.message === "collab.compaction_conflict")).toBe(true);

    const expected = new Y.Doc();
    for (const update of [...adaEdits, ...boEdits]) Y.applyUpdate(expected, update);
    const stored = await loadDocument(store.documents, "p");
    expect(stored.getXmlFragment("body").toString()).toBe(
      expected.getXmlFragment("body").toString(),
    );
  });

  it("unloads an idle document and compacts it", async () => {
    const store = createMemoryStore();
    await seed(store, "p", { ada: "LEAD" });
    const recorder = recordingLogger();
    const host = createCollabHost({
      store,
      authenticate,
      limits: hostLimits({ idleUnloadMs: 20 }),
      logger: recorder.logger,
    });
    const ada = await join(host, "p", "ada");
    for (const update of typing(30, 9)) ada.connection.receive(encodeUpdate(update));
    await settle(ada);
    expect(host.stats().openDocuments).toBe(1);
    const unloaded = recorder.next("collab.document_unloaded");
    ada.connection.closed();
    await unloaded;
    expect(host.stats().openDocuments).toBe(0);
    expect((await store.documents.load("p")).tail).toHaveLength(1);

    // Coming back loads it again, whole.
    const again = await join(host, "p", "ada");
    await settle(again);
    expect(host.stats().openDocuments).toBe(1);
    await host.close();
  });
});
