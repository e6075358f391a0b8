// Roles on a live paper: read-only edits go nowhere; role and status changes act at once.
import { restoreUpdate } from "@accord/collab";
import { CloseCode, decodeMessage, encodeUpdate } from "@accord/protocol";
import { createMemoryStore } from "@accord/storage";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import {
  appendParagraph,
  bodyText,
  connectProvider,
  kindOf,
  RawClient,
  seedPaper,
  startServer,
  type TestServer,
  tokenOf,
  waitFor,
  waitForClosed,
  waitForSynced,
  withDeadline,
} from "./local-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const store = createMemoryStore();
  await seedPaper(store, {
    paperId: "p1",
    collaborators: { ada: "LEAD", bo: "EDITOR", cy: "COMMENTER", vi: "VIEWER" },
  });
  const server = await startServer({ store });
  cleanups.push(() => server.close());
  return { store, server };
}

function provider(server: TestServer, memberId: string) {
  const p = connectProvider(server.url, "p1", tokenOf(memberId));
  cleanups.push(() => p.destroy());
  return p;
}

async function storedText(store: ReturnType<typeof createMemoryStore>) {
  const state = await store.documents.load("p1");
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  return bodyText(doc);
}

describe("read-only roles", () => {
  it.each(["vi", "cy"])("%s's edits reach neither storage nor other clients", async (reader) => {
    const { store, server } = await setup();
    const refused = new Promise<void>((resolve) => {
      vi.spyOn(console, "warn").mockImplementation((message: unknown) => {
        if (String(message).includes("Permission denied")) resolve();
      });
    });
    const lead = provider(server, "ada");
    const observer = provider(server, "bo");
    const readOnly = provider(server, reader);
    await Promise.all([waitForSynced(lead), waitForSynced(observer), waitForSynced(readOnly)]);

    appendParagraph(readOnly.doc, "edited by a reader");
    // The stock client is told, through the protocol's permission-denied message.
    await withDeadline(refused, "the reader's client reports the refusal");

    // Everything the server handles is ordered per paper: once a later edit arrived, the
    // reader's edit would have arrived before it.
    appendParagraph(lead.doc, "marker");
    await waitFor("observer sees the marker", () => bodyText(observer.doc).includes("marker"), [
      [observer.doc, "update"],
    ]);
    expect(bodyText(observer.doc)).toBe("marker");
    expect(await storedText(store)).toBe("marker");
  });

  it("answers a read-only update with the permission-denied auth message", async () => {
    const { server } = await setup();
    const client = await RawClient.connect(`${server.url}/p1?token=${tokenOf("vi")}`);
    cleanups.push(() => client.close());
    const doc = new Y.Doc();
    appendParagraph(doc, "nope");
    client.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    const denied = decodeMessage(await client.next("permission denied", (m) => kindOf(m)[0] === 2));
    expect(denied).toEqual({
      type: "permissionDenied",
      reason: "read-only: your role on this paper cannot edit its text",
    });
  });
});

describe("live role and status changes", () => {
  it("closes the connections of a removed collaborator with 4403", async () => {
    const { store, server } = await setup();
    const bo = provider(server, "bo");
    await waitForSynced(bo);
    const closed = waitForClosed(bo);
    await store.collaborators.remove("p1", "bo");
    await server.collab.notifier.collaboratorChanged("p1", "bo", null);
    expect((await closed).code).toBe(CloseCode.forbidden);
  });

  it("refuses edits after a downgrade and accepts them after an upgrade", async () => {
    const { store, server } = await setup();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const lead = provider(server, "ada");
    const bo = provider(server, "bo");
    await Promise.all([waitForSynced(lead), waitForSynced(bo)]);

    await store.collaborators.setRole("p1", "bo", "VIEWER");
    await server.collab.notifier.collaboratorChanged("p1", "bo", "VIEWER");
    appendParagraph(bo.doc, "after downgrade");
    appendParagraph(lead.doc, "marker one");
    await waitFor("bo sees marker one", () => bodyText(bo.doc).includes("marker one"), [
      [bo.doc, "update"],
    ]);
    expect(bodyText(lead.doc)).toBe("marker one");

    await store.collaborators.setRole("p1", "bo", "EDITOR");
    await server.collab.notifier.collaboratorChanged("p1", "bo", "EDITOR");
    appendParagraph(bo.doc, "after upgrade");
    await waitFor("lead sees bo's new edit", () => bodyText(lead.doc).includes("after upgrade"), [
      [lead.doc, "update"],
    ]);
    // Yjs cannot keep a client's later edits and drop its earlier ones: once bo may write
    // again, what bo typed while read-only (and still shows locally) is synced too.
    expect(await storedText(store)).toBe(bodyText(bo.doc));
  });

  it("freezes the text when the paper is published", async () => {
    const { store, server } = await setup();
    const client = await RawClient.connect(`${server.url}/p1?token=${tokenOf("ada")}`);
    cleanups.push(() => client.close());
    await client.next("sync step 1", (m) => kindOf(m)[0] === 0);
    const paper = (await store.papers.get("p1"))!;
    await store.papers.update({ ...paper, status: "PUBLISHED", version: paper.version + 1 });
    await server.collab.notifier.paperStatusChanged("p1", "PUBLISHED");
    const doc = new Y.Doc();
    appendParagraph(doc, "too late");
    client.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    const denied = decodeMessage(await client.next("permission denied", (m) => kindOf(m)[0] === 2));
    expect(denied).toEqual({
      type: "permissionDenied",
      reason: "the paper is published: its text is frozen",
    });
    expect((await store.documents.load("p1")).tail).toHaveLength(0);
  });

  it("stores a server-made update, then delivers it to every open connection", async () => {
    const { store, server } = await setup();
    const lead = provider(server, "ada");
    const viewer = provider(server, "vi");
    await Promise.all([waitForSynced(lead), waitForSynced(viewer)]);
    appendParagraph(lead.doc, "version one");
    await waitFor("viewer has version one", () => bodyText(viewer.doc) === "version one", [
      [viewer.doc, "update"],
    ]);
    const version = Y.encodeStateAsUpdate(lead.doc);
    appendParagraph(lead.doc, "later text");
    await waitFor("viewer has the later text", () => bodyText(viewer.doc).includes("later"), [
      [viewer.doc, "update"],
    ]);

    await server.collab.notifier.applyServerUpdate("p1", restoreUpdate(lead.doc, version), null);
    const entries = (await store.documents.load("p1")).tail;
    expect(entries.at(-1)?.memberId).toBeNull();
    await waitFor(
      "both clients see the restored text",
      () => bodyText(lead.doc) === "version one" && bodyText(viewer.doc) === "version one",
      [
        [lead.doc, "update"],
        [viewer.doc, "update"],
      ],
    );
  });
});
