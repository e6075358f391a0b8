// Comparing two states of a paper by Yjs ids: the new text and the old text both come back
// whole, each addition named after who typed it and each deletion after who deleted it.
// Randomized with a printed seed (COMPARE_SEED=<n> replays one).
import { createMemoryStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { attributeEffects } from "../src/attribution.ts";
import { loadAuthorship } from "../src/attribution-replay.ts";
import { type Comparison, compareStates, decodeAttribution, replayState } from "../src/index.ts";

const ADA = 101;
const BO = 202;

function prng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Two editors on one paper, every change passed to the other at once and logged with its author. */
class Session {
  readonly docs = new Map<string, Y.Doc>();
  readonly log: { update: Uint8Array; memberId: string }[] = [];

  constructor() {
    for (const [member, client] of [
      ["ada", ADA],
      ["bo", BO],
    ] as const) {
      const doc = new Y.Doc();
      doc.clientID = client;
      this.docs.set(member, doc);
    }
    this.edit("ada", (body) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("")]);
      body.insert(0, [paragraph]);
    });
  }

  doc(member: string): Y.Doc {
    return this.docs.get(member)!;
  }

  edit(member: string, change: (body: Y.XmlFragment) => void): void {
    const doc = this.doc(member);
    const updates: Uint8Array[] = [];
    const listener = (update: Uint8Array) => updates.push(update);
    doc.on("update", listener);
    doc.transact(() => change(doc.getXmlFragment("body")));
    doc.off("update", listener);
    for (const update of updates) {
      this.log.push({ update, memberId: member });
      for (const [other, otherDoc] of this.docs)
        if (other !== member) Y.applyUpdate(otherDoc, update);
    }
  }

  snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc("ada"));
  }
}

const texts = (body: Y.XmlFragment) =>
  body
    .toArray()
    .map((node) => ((node as Y.XmlElement).get(0) as Y.XmlText | null)?.toString() ?? "");

function randomEdit(session: Session, member: string, random: () => number): void {
  session.edit(member, (body) => {
    const roll = random();
    if (roll < 0.08 || body.length === 0) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(`${member} ${Math.floor(random() * 1000)} `)]);
      body.insert(Math.floor(random() * (body.length + 1)), [paragraph]);
      return;
    }
    const index = Math.floor(random() * body.length);
    if (roll < 0.1 && body.length > 1) {
      body.delete(index, 1);
      return;
    }
    const text = (body.get(index) as Y.XmlElement).get(0) as Y.XmlText;
    if (roll < 0.4 && text.length > 0) {
      const at = Math.floor(random() * text.length);
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(random() * 6)));
    } else {
      const words = ["sea ", "ice ", "treaty ", "orbit ", "grid", " ", "supply "];
      text.insert(
        Math.floor(random() * (text.length + 1)),
        words[Math.floor(random() * words.length)]!,
      );
    }
  });
}

const view = (comparison: Comparison, leave: "ADDED" | "DELETED") =>
  comparison.blocks
    .flatMap((block) => block.runs.filter((run) => run.change !== leave).map((run) => run.text))
    .join("");

const changed = (comparison: Comparison, change: "ADDED" | "DELETED", authorId: string) =>
  comparison.blocks
    .flatMap((block) => block.runs)
    .filter((run) => run.change === change && run.authorId === authorId)
    .reduce((n, run) => n + run.text.length, 0);

/** Characters of `doc` (visible ones) matching `keep`, by id. */
function countChars(doc: Y.Doc, keep: (id: Y.ID) => boolean): number {
  let count = 0;
  for (const node of doc.getXmlFragment("body").toArray()) {
    const text = (node as Y.XmlElement).get(0) as Y.XmlText;
    for (let item = text._start; item; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      for (let i = 0; i < item.length; i++) {
        if (keep(Y.createID(item.id.client, item.id.clock + i))) count++;
      }
    }
  }
  return count;
}

describe("compareStates", () => {
  it("names who added and who deleted, and keeps both texts whole (randomized)", () => {
    const base = Number(process.env.COMPARE_SEED ?? Date.now() % 1_000_000);
    for (let round = 0; round < 30; round++) {
      const seed = base + round;
      const random = prng(seed);
      const session = new Session();
      for (let i = 0; i < 40; i++) randomEdit(session, random() < 0.5 ? "ada" : "bo", random);
      const from = session.snapshot();
      const fromDoc = new Y.Doc();
      Y.applyUpdate(fromDoc, from);
      const fromClocks = Y.decodeStateVector(Y.encodeStateVector(fromDoc));
      const splitAt = session.log.length;
      for (let i = 0; i < 60; i++) randomEdit(session, random() < 0.5 ? "ada" : "bo", random);
      const to = session.snapshot();

      const replayed = replayState({
        snapshot: null,
        snapshotVersion: 0,
        tail: session.log.map((entry, i) => ({
          id: String(i).padStart(6, "0"),
          update: entry.update,
          memberId: entry.memberId,
          at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
        })),
      });
      const attribution = decodeAttribution(null);
      attributeEffects(attribution, replayed.effects);
      replayed.doc.destroy();

      const comparison = compareStates(from, to, attribution);
      const context = `seed ${seed} (COMPARE_SEED=${seed} replays it)`;
      expect(view(comparison, "DELETED"), context).toBe(
        texts(session.doc("ada").getXmlFragment("body")).join(""),
      );
      expect(view(comparison, "ADDED"), context).toBe(
        texts(fromDoc.getXmlFragment("body")).join(""),
      );

      // Who deleted what after `from`, from the updates themselves.
      const deletedBy = new Map<string, Y.ID[]>();
      for (const entry of session.log.slice(splitAt)) {
        for (const [client, ranges] of Y.decodeUpdate(entry.update).ds.clients) {
          for (const range of ranges) {
            for (let c = range.clock; c < range.clock + range.len; c++) {
              const list = deletedBy.get(entry.memberId) ?? [];
              list.push(Y.createID(client, c));
              deletedBy.set(entry.memberId, list);
            }
          }
        }
      }
      const deletedSet = (member: string) =>
        new Set((deletedBy.get(member) ?? []).map((id) => `${id.client}:${id.clock}`));
      for (const member of ["ada", "bo"]) {
        const client = member === "ada" ? ADA : BO;
        const added = countChars(
          session.doc("ada"),
          (id) => id.client === client && id.clock >= (fromClocks.get(client) ?? 0),
        );
        expect(changed(comparison, "ADDED", member), `${member} added, ${context}`).toBe(added);
        const theirs = deletedSet(member);
        const deleted = countChars(fromDoc, (id) => theirs.has(`${id.client}:${id.clock}`));
        expect(changed(comparison, "DELETED", member), `${member} deleted, ${context}`).toBe(
          deleted,
        );
      }
    }
  });

  it("summarises words added and removed per author, and reads a comparison backwards", () => {
    const session = new Session();
    session.edit("ada", (body) => {
      ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "the ocean treaty");
    });
    const from = session.snapshot();
    session.edit("bo", (body) => {
      const text = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete(4, 6); // "ocean "
      text.insert(text.length, " now binds");
    });
    session.edit("ada", (body) => {
      const heading = new Y.XmlElement("heading");
      heading.setAttribute("level", "2");
      heading.insert(0, [new Y.XmlText("Scope")]);
      body.insert(0, [heading]);
    });
    const to = session.snapshot();
    const replayed = replayState({
      snapshot: null,
      snapshotVersion: 0,
      tail: session.log.map((entry, i) => ({
        id: String(i),
        update: entry.update,
        memberId: entry.memberId,
        at: `2025-01-01T00:00:0${i}.000Z`,
      })),
    });
    const attribution = decodeAttribution(null);
    attributeEffects(attribution, replayed.effects);

    const forwards = compareStates(from, to, attribution);
    expect(forwards.blocks).toEqual([
      { type: "heading", level: 2, runs: [{ text: "Scope", change: "ADDED", authorId: "ada" }] },
      {
        type: "paragraph",
        level: null,
        runs: [
          { text: "the ", change: "SAME", authorId: null },
          { text: "ocean ", change: "DELETED", authorId: "bo" },
          { text: "treaty", change: "SAME", authorId: null },
          { text: " now binds", change: "ADDED", authorId: "bo" },
        ],
      },
    ]);
    expect(forwards.authors).toEqual([
      { authorId: "bo", wordsAdded: 2, wordsRemoved: 1 },
      { authorId: "ada", wordsAdded: 1, wordsRemoved: 0 },
    ]);

    const backwards = compareStates(to, from, attribution);
    expect(backwards.blocks[1]?.runs).toEqual([
      { text: "the ", change: "SAME", authorId: null },
      { text: "ocean ", change: "ADDED", authorId: "bo" },
      { text: "treaty", change: "SAME", authorId: null },
      { text: " now binds", change: "DELETED", authorId: "bo" },
    ]);
  });

  it("finds the authors of a garbage-collected deletion from the stored map and the tail", async () => {
    const store = createMemoryStore();
    const session = new Session();
    session.edit("ada", (body) => {
      ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "keep this sentence");
    });
    const from = session.snapshot();
    session.edit("bo", (body) => {
      ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(5, 5);
    });
    for (const [i, entry] of session.log.entries()) {
      await store.documents.append("p", entry.update, {
        memberId: entry.memberId,
        at: `2025-01-01T00:00:0${i}.000Z`,
      });
    }
    const { attribution, current } = await loadAuthorship(store, "p");
    const comparison = compareStates(from, current, attribution);
    expect(comparison.blocks[0]?.runs).toEqual([
      { text: "keep ", change: "SAME", authorId: null },
      { text: "this ", change: "DELETED", authorId: "bo" },
      { text: "sentence", change: "SAME", authorId: null },
    ]);
  });
});
