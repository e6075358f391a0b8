import { createMemoryStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  compactDocument,
  encodeSnapshot,
  loadDocument,
  loadDocumentState,
  readContent,
  restoreUpdate,
  updateWouldChange,
} from "../src/index.ts";

function paragraph(text: string) {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function docWith(...texts: string[]) {
  const doc = new Y.Doc();
  doc.getXmlFragment("body").insert(
    0,
    texts.map((t) => paragraph(t)),
  );
  return doc;
}

const textOf = (doc: Y.Doc) => readContent(doc).text;

describe("encodeSnapshot", () => {
  it("keeps an update whose predecessor is missing, and nothing else", () => {
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => updates.push(update));
    author.getXmlFragment("body").insert(0, [paragraph("first")]);
    author.getXmlFragment("body").insert(1, [paragraph("second")]);
    const [first, second] = updates;
    // Stored out of order: the second waits for the first.
    const stored = new Y.Doc();
    Y.applyUpdate(stored, second!);
    expect(stored.store.pendingStructs).not.toBeNull();
    const snapshot = encodeSnapshot(stored);

    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, snapshot);
    Y.applyUpdate(loaded, first!);
    expect(textOf(loaded)).toBe("first\nsecond");
    // No deletion of anything anybody made came with it.
    expect(Y.decodeUpdate(snapshot).ds.clients.size).toBe(0);
    expect(loaded.store.pendingStructs).toBeNull();
    expect(loaded.store.pendingDs).toBeNull();
  });
});

describe("restoreUpdate", () => {
  it("makes the body equal to the version as a new edit", () => {
    const doc = docWith("one", "two", "three");
    const version = encodeSnapshot(doc);
    const body = doc.getXmlFragment("body");
    body.delete(1, 1);
    body.insert(1, [paragraph("TWO, rewritten")]);
    body.insert(3, [paragraph("four")]);
    ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(3, "!");

    const replica = new Y.Doc();
    Y.applyUpdate(replica, encodeSnapshot(doc));
    const before = Y.encodeStateVector(doc);
    const update = restoreUpdate(doc, version);
    Y.applyUpdate(doc, update);
    Y.applyUpdate(replica, update);
    expect(textOf(doc)).toBe("one\ntwo\nthree");
    expect(textOf(replica)).toBe("one\ntwo\nthree");
    // A new edit: the state vector only grows, nothing was rewritten.
    const after = Y.decodeStateVector(Y.encodeStateVector(doc));
    for (const [client, clock] of Y.decodeStateVector(before)) {
      expect(after.get(client)).toBe(clock);
    }
    expect(after.size).toBe(Y.decodeStateVector(before).size + 1);
  });

  it("keeps unchanged blocks (and anchors inside them) in place", () => {
    const doc = docWith("intro", "middle", "outro");
    const version = encodeSnapshot(doc);
    const body = doc.getXmlFragment("body");
    const intro = body.get(0);
    body.insert(1, [paragraph("added")]);
    Y.applyUpdate(doc, restoreUpdate(doc, version));
    expect(textOf(doc)).toBe("intro\nmiddle\noutro");
    expect(body.get(0)).toBe(intro);
  });

  it("keeps formatting and attributes", () => {
    const doc = new Y.Doc();
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", 2 as unknown as string);
    const text = new Y.XmlText();
    heading.insert(0, [text]);
    doc.getXmlFragment("body").insert(0, [heading]);
    text.insert(0, "Bold", { bold: {} });
    const version = encodeSnapshot(doc);
    doc.getXmlFragment("body").delete(0, 1);
    Y.applyUpdate(doc, restoreUpdate(doc, version));
    expect(readContent(doc).markdown).toBe("## **Bold**");
  });

  it("is empty when nothing differs", () => {
    const doc = docWith("same");
    const update = restoreUpdate(doc, encodeSnapshot(doc));
    expect(updateWouldChange(doc, update)).toBe(false);
  });
});

describe("updateWouldChange", () => {
  it("tells new content from what the document already has", () => {
    const server = docWith("shared");
    const client = new Y.Doc();
    Y.applyUpdate(client, encodeSnapshot(server));
    // A client's answer to sync step 1 carries its whole delete set: nothing new.
    ((client.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 1);
    Y.applyUpdate(server, encodeSnapshot(client));
    expect(
      updateWouldChange(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))),
    ).toBe(false);
    // A new insertion, or a new deletion of known content, is a change.
    const sv = Y.encodeStateVector(client);
    client.getXmlFragment("body").insert(0, [paragraph("new")]);
    expect(updateWouldChange(server, Y.encodeStateAsUpdate(client, sv))).toBe(true);
    const deleting = new Y.Doc();
    Y.applyUpdate(deleting, encodeSnapshot(server));
    const before = Y.encodeStateVector(deleting);
    deleting.getXmlFragment("body").delete(0, 1);
    expect(updateWouldChange(server, Y.encodeStateAsUpdate(deleting, before))).toBe(true);
  });
});

describe("loading and compaction", () => {
  it("loads snapshot + tail; compaction keeps the newest entry for the last-edit time", async () => {
    const store = createMemoryStore();
    const doc = new Y.Doc();
    let second = 0;
    doc.on("update", (update: Uint8Array) => {
      void store.documents.append("p1", update, {
        memberId: "ada",
        at: `2025-01-01T00:00:0${second++}.000Z`,
      });
    });
    for (const t of ["a", "b", "c", "d"]) doc.getXmlFragment("body").push([paragraph(t)]);
    const loaded = await loadDocumentState(store.documents, "p1");
    expect(textOf(loaded.doc)).toBe("a\nb\nc\nd");
    expect(loaded.tail).toHaveLength(4);

    const result = await compactDocument(store.documents, "p1", {
      doc: loaded.doc,
      snapshotVersion: loaded.snapshotVersion,
      tail: loaded.tail,
      now: "2025-01-02T00:00:00.000Z",
      retainMs: 1000,
    });
    expect(result?.snapshotVersion).toBe(1);
    expect(result?.tail.map((e) => e.at)).toEqual(["2025-01-01T00:00:03.000Z"]);
    const stored = await store.documents.load("p1");
    expect(stored.tail).toHaveLength(1);
    expect(textOf(await loadDocument(store.documents, "p1"))).toBe("a\nb\nc\nd");

    // A second compactor holding the old version loses and is told so.
    const stale = await compactDocument(store.documents, "p1", {
      doc: loaded.doc,
      snapshotVersion: loaded.snapshotVersion,
      tail: loaded.tail,
      now: "2025-01-02T00:00:00.000Z",
      retainMs: 1000,
    });
    expect(stale).toBeNull();
  });
});
