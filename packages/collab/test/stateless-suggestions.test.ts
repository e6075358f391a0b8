// The serverless host and suggestions: a COMMENTER's update is the one keystroke that loads the
// document (once), to be checked against it; an EDITOR's keeps the document-free path.
import { decodeMessage, encodeTextFrames, encodeUpdate } from "@accord/protocol";
import { createMemoryStore, type Store } from "@accord/storage";
import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { connectStateless, readSuggestions, receiveStateless } from "../src/index.ts";
import { authenticate, hostLimits, seed } from "./host-helpers.ts";
import { T } from "./stateless-helpers.ts";

const mark = (author: string) => ({
  id: `s-${author}`,
  author,
  authorName: author,
  at: new Date(T).toISOString(),
});

async function paperWithText() {
  const store = createMemoryStore();
  await seed(store, "p", { ada: "LEAD", bo: "EDITOR", cy: "COMMENTER" });
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Accepted.")]);
  doc.getXmlFragment("body").insert(0, [paragraph]);
  await store.documents.append("p", Y.encodeStateAsUpdate(doc), {
    memberId: "ada",
    at: new Date(T).toISOString(),
  });
  const limits = hostLimits();
  const send = async (memberId: string, update: Uint8Array) => {
    const connected = await connectStateless({
      store,
      authenticate,
      connectionId: `c-${memberId}`,
      paperId: "p",
      token: `valid-${memberId}`,
      limits,
    });
    if (!connected.ok) throw new Error(`refused ${connected.close.code}`);
    const [frame] = encodeTextFrames(encodeUpdate(update), limits.framing.maxFrameBytes);
    const load = vi.spyOn(store.documents, "load");
    const result = await receiveStateless({
      store,
      connectionId: `c-${memberId}`,
      frame: frame ?? "",
      arrivedAt: T,
      limits,
    });
    const loads = load.mock.calls.length;
    load.mockRestore();
    return { result, loads };
  };
  /** What a client holding the stored text sends after `edit`. */
  const edit = (change: (text: Y.XmlText) => void) => {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(client);
    change((client.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText);
    return Y.encodeStateAsUpdate(client, before);
  };
  return { store, send, edit };
}

const stored = async (store: Store) => {
  const { snapshot, tail } = await store.documents.load("p");
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot);
  for (const entry of tail) Y.applyUpdate(doc, entry.update);
  return doc;
};

describe("receiveStateless and suggestions", () => {
  it("loads the document once for a COMMENTER's suggestion, then stores and passes it on", async () => {
    const { store, send, edit } = await paperWithText();
    const { result, loads } = await send(
      "cy",
      edit((t) => t.insert(9, " More.", { suggestionInsert: mark("cy") })),
    );
    expect(loads).toBe(1);
    expect(result.broadcast.map((m) => decodeMessage(m).type)).toEqual(["update"]);
    expect(readSuggestions(await stored(store))).toMatchObject([
      { kind: "INSERT", author: "cy", text: " More." },
    ]);
  });

  it("refuses a COMMENTER's change to accepted text after one load, storing nothing", async () => {
    const { store, send, edit } = await paperWithText();
    const { result, loads } = await send(
      "cy",
      edit((t) => t.delete(0, 3)),
    );
    expect(loads).toBe(1);
    expect(result.broadcast).toEqual([]);
    expect(result.replies.map((m) => decodeMessage(m).type)).toEqual(["permissionDenied"]);
    expect((await store.documents.load("p")).tail).toHaveLength(1);
  });

  it("keeps an EDITOR's keystroke off the document: no load", async () => {
    const { store, send, edit } = await paperWithText();
    const { result, loads } = await send(
      "bo",
      edit((t) => t.delete(0, 3)),
    );
    expect(loads).toBe(0);
    expect(result.broadcast).toHaveLength(1);
    expect((await stored(store)).getXmlFragment("body").toString()).toBe(
      "<paragraph>epted.</paragraph>",
    );
  });
});
