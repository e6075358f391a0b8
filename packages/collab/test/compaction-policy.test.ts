// The one compaction policy both hosts run: a paper is compacted once its log is long enough,
// the content never changes by it, and two compactors at once lose nothing.
import { withLimits } from "@accord/domain";
import { createMemoryStore, type DocumentStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { compactionDue, compactPaper, loadDocument } from "../src/index.ts";

const COMPACT_AFTER = 10;
const limits = withLimits({ collab: { compactAfterEntries: COMPACT_AFTER } });
const now = () => new Date().toISOString();

/** Append `count` paragraphs to the paper, one log entry each, as one writer typing. */
async function writeParagraphs(documents: DocumentStore, paperId: string, count: number) {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment("body");
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`paragraph ${i}`)]);
    body.insert(body.length, [paragraph]);
    await documents.append(paperId, Y.encodeStateAsUpdate(doc, before), {
      memberId: "ada",
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    });
  }
  doc.destroy();
}

async function bodyOf(documents: DocumentStore, paperId: string) {
  const doc = await loadDocument(documents, paperId);
  const text = doc.getXmlFragment("body").toString();
  doc.destroy();
  return text;
}

/** The store's document port, counting loads. */
function countingLoads(documents: DocumentStore) {
  const counted = { loads: 0 };
  const wrapped: DocumentStore = Object.create(documents) as DocumentStore;
  wrapped.load = (paperId) => {
    counted.loads += 1;
    return documents.load(paperId);
  };
  return { documents: wrapped, counted };
}

describe("compactionDue", () => {
  it("is due from compactAfterEntries tail entries on", () => {
    expect(compactionDue(0, limits)).toBe(false);
    expect(compactionDue(COMPACT_AFTER - 1, limits)).toBe(false);
    expect(compactionDue(COMPACT_AFTER, limits)).toBe(true);
    expect(compactionDue(COMPACT_AFTER * 10, limits)).toBe(true);
  });
});

describe("compactPaper", () => {
  it("leaves a short log alone without loading the document", async () => {
    const store = createMemoryStore();
    await writeParagraphs(store.documents, "p1", COMPACT_AFTER - 1);
    const { documents, counted } = countingLoads(store.documents);

    const result = await compactPaper(documents, "p1", { limits, now: now() });

    expect(result).toEqual({ outcome: "not-due", mergedEntries: 0 });
    expect(counted.loads).toBe(0);
    expect(await store.documents.tailLength("p1")).toBe(COMPACT_AFTER - 1);
    expect((await store.documents.load("p1")).snapshotVersion).toBe(0);
  });

  it("merges a due log into a snapshot, keeping the newest entry and the content", async () => {
    const store = createMemoryStore();
    const entries = COMPACT_AFTER + 5;
    await writeParagraphs(store.documents, "p1", entries);
    const before = await bodyOf(store.documents, "p1");

    const result = await compactPaper(store.documents, "p1", { limits, now: now() });

    expect(result).toEqual({ outcome: "compacted", mergedEntries: entries - 1 });
    const state = await store.documents.load("p1");
    expect(state.snapshotVersion).toBeGreaterThan(0);
    expect(state.tail).toHaveLength(1);
    expect(await bodyOf(store.documents, "p1")).toBe(before);
    expect(before).toContain(`paragraph ${entries - 1}`);
  });

  it("does nothing the second time (idempotent)", async () => {
    const store = createMemoryStore();
    await writeParagraphs(store.documents, "p1", COMPACT_AFTER);
    await compactPaper(store.documents, "p1", { limits, now: now() });
    const version = (await store.documents.load("p1")).snapshotVersion;

    const again = await compactPaper(store.documents, "p1", { limits, now: now() });

    expect(again).toEqual({ outcome: "not-due", mergedEntries: 0 });
    expect((await store.documents.load("p1")).snapshotVersion).toBe(version);
  });

  it("lets one of two simultaneous compactors win; the other reports a conflict", async () => {
    const store = createMemoryStore();
    await writeParagraphs(store.documents, "p1", COMPACT_AFTER * 2);
    const before = await bodyOf(store.documents, "p1");

    const results = await Promise.all([
      compactPaper(store.documents, "p1", { limits, now: now() }),
      compactPaper(store.documents, "p1", { limits, now: now() }),
    ]);

    expect(results.map((r) => r.outcome).sort()).toEqual(["compacted", "conflict"]);
    expect((await store.documents.load("p1")).snapshotVersion).toBe(1);
    expect(await bodyOf(store.documents, "p1")).toBe(before);
  });

  it("keeps edits appended while it compacts in the tail", async () => {
    const store = createMemoryStore();
    await writeParagraphs(store.documents, "p1", COMPACT_AFTER);
    const documents: DocumentStore = Object.create(store.documents) as DocumentStore;
    const late = new Y.Doc();
    documents.load = async (paperId) => {
      const state = await store.documents.load(paperId);
      // Another writer's edit lands after the compactor read the log.
      const before = Y.encodeStateVector(late);
      late.getText("notes").insert(0, "written during compaction");
      await store.documents.append(paperId, Y.encodeStateAsUpdate(late, before), {
        memberId: "grace",
        at: now(),
      });
      return state;
    };

    const result = await compactPaper(documents, "p1", { limits, now: now() });

    expect(result.outcome).toBe("compacted");
    const state = await store.documents.load("p1");
    expect(state.tail).toHaveLength(2);
    const doc = await loadDocument(store.documents, "p1");
    expect(doc.getText("notes").toString()).toBe("written during compaction");
    expect(doc.getXmlFragment("body").toString()).toContain(`paragraph ${COMPACT_AFTER - 1}`);
    doc.destroy();
    late.destroy();
  });

  it("passes storage failures on, so that the caller retries", async () => {
    const store = createMemoryStore();
    await writeParagraphs(store.documents, "p1", COMPACT_AFTER);
    const documents: DocumentStore = Object.create(store.documents) as DocumentStore;
    documents.compact = async () => {
      throw new Error("throttled");
    };

    await expect(compactPaper(documents, "p1", { limits, now: now() })).rejects.toThrow(
      "throttled",
    );
    expect(await store.documents.tailLength("p1")).toBe(COMPACT_AFTER);
  });
});
