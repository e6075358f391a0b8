// Live editing through the serverless path: stock y-websocket providers, the client transport,
// the API Gateway emulator, the real collab Lambdas and management API client, DynamoDB Local.
import type { PaperRole } from "@accord/domain";
import { withLimits } from "@accord/domain";
import type { Store } from "@accord/storage";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import {
  bodyText,
  seedPaper,
  tokenOf,
  waitFor,
  waitForClosed,
  waitForSynced,
  withDeadline,
} from "./local-helpers.ts";
import {
  apiGatewayProvider,
  dynamoStores,
  eventually,
  type ServerlessCollab,
  startServerlessCollab,
  storedDoc,
} from "./serverless-helpers.ts";

const stores = dynamoStores();
beforeAll(() => stores.start(), 120_000);
afterAll(() => stores.stop());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

const TEAM: Record<string, PaperRole> = {
  ada: "LEAD",
  bo: "EDITOR",
  cy: "COMMENTER",
  vi: "VIEWER",
};

async function setup(
  options: { limits?: Parameters<typeof withLimits>[0]; connectGraceMs?: number } = {},
) {
  const store = await stores.create();
  await seedPaper(store, { paperId: "p1", collaborators: TEAM });
  const collab = await startServerlessCollab({
    store,
    limits: withLimits({
      ...options.limits,
      collab: { maxMessagesPerSecond: 10_000, ...options.limits?.collab },
    }),
    ...(options.connectGraceMs !== undefined ? { connectGraceMs: options.connectGraceMs } : {}),
  });
  cleanups.push(() => collab.close());
  return { store, collab };
}

function provider(collab: ServerlessCollab, memberId: string, paperId = "p1", doc = new Y.Doc()) {
  const p = apiGatewayProvider(collab.url, paperId, tokenOf(memberId), doc);
  cleanups.push(() => p.destroy());
  return p;
}

function paragraph(doc: Y.Doc, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  const body = doc.getXmlFragment("body");
  body.insert(body.length, [p]);
}

async function storedText(store: Store, paperId = "p1") {
  return bodyText(await storedDoc(store, paperId));
}

describe("serverless live editing", () => {
  it("syncs two stock providers, stores every edit, and leaves no handler errors", async () => {
    const { store, collab } = await setup();
    const a = provider(collab, "ada");
    const b = provider(collab, "bo");
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    paragraph(a.doc, "from ada");
    paragraph(b.doc, "from bo");
    await waitFor(
      "both edits everywhere",
      () => bodyText(a.doc).split("\n").length === 2 && bodyText(b.doc) === bodyText(a.doc),
      [
        [a.doc, "update"],
        [b.doc, "update"],
      ],
    );
    await collab.emulator.settled();
    expect((await storedText(store)).split("\n").sort()).toEqual(["from ada", "from bo"]);
    expect(collab.emulator.errors).toEqual([]);
    // Each connection is registered with its member and role.
    const live = await store.connections.listByPaper("p1", new Date().toISOString());
    expect(live.map((c) => [c.memberId, c.role]).sort()).toEqual([
      ["ada", "LEAD"],
      ["bo", "EDITOR"],
    ]);
  });

  it("gives a newcomer a 1 MB paper and takes a 200 KB edit, chunked both ways", async () => {
    const { store, collab } = await setup();
    // The paper grows to 1 MB through server-made edits (as a version restore would).
    const source = new Y.Doc();
    for (let i = 0; i < 5; i++) {
      const before = Y.encodeStateVector(source);
      paragraph(source, `${i}`.repeat(210_000));
      await collab.notifier.applyServerUpdate("p1", Y.encodeStateAsUpdate(source, before), "ada");
    }
    expect((await storedText(store)).length).toBeGreaterThan(1_000_000);

    const reader = provider(collab, "vi");
    await waitForSynced(reader, 20_000);
    expect(bodyText(reader.doc)).toBe(bodyText(source));

    // Up again: the editor's 200 KB paragraph travels as 32 KB frames, reassembled durably,
    // and reaches the reader as chunks.
    const editor = provider(collab, "bo");
    await waitForSynced(editor, 20_000);
    paragraph(editor.doc, "e".repeat(200_000));
    await waitFor(
      "the reader has the editor's paragraph",
      () => bodyText(reader.doc) === bodyText(editor.doc),
      [[reader.doc, "update"]],
      20_000,
    );
    await eventually(
      "the paragraph stored",
      async () => (await storedText(store)) === bodyText(editor.doc),
      collab.emulator,
      20_000,
    );
    expect(collab.emulator.errors).toEqual([]);
  }, 60_000);

  it.each([
    "vi",
    "cy",
  ])("refuses %s's edits with the protocol's permission-denied, stores and forwards nothing", async (reader) => {
    const { store, collab } = await setup();
    const refused = new Promise<void>((resolve) => {
      vi.spyOn(console, "warn").mockImplementation((message: unknown) => {
        if (String(message).includes("Permission denied")) resolve();
      });
    });
    const lead = provider(collab, "ada");
    const r = provider(collab, reader);
    await Promise.all([waitForSynced(lead), waitForSynced(r)]);
    paragraph(r.doc, "not allowed");
    await refused;
    await collab.emulator.settled();
    expect(await storedText(store)).toBe("");
    expect(bodyText(lead.doc)).toBe("");
    // The connection stays open, read-only.
    paragraph(lead.doc, "allowed");
    await waitFor("the reader sees the lead's edit", () => bodyText(r.doc).includes("allowed"), [
      [r.doc, "update"],
    ]);
  });

  it.each([
    ["no token", null, "p1", 4401],
    ["a bad token", "nonsense", "p1", 4401],
    // A draft one may not see is answered exactly like a paper that does not exist.
    ["a member who is not a collaborator", tokenOf("zed"), "p1", 4404],
    ["someone seen for the first time", "valid-newcomer", "p1", 4404],
    ["a paper that does not exist", tokenOf("ada"), "nope", 4404],
  ] as const)("refuses %s at $connect, and the provider stops retrying", async (_, token, paperId, code) => {
    const { store, collab } = await setup();
    if (token === tokenOf("zed")) {
      await store.members.create({
        ...(await store.members.get("ada"))!,
        id: "zed",
        subject: "sub-zed",
      });
    }
    const p = apiGatewayProvider(collab.url, paperId, token ?? "", new Y.Doc());
    cleanups.push(() => p.destroy());
    if (token === null) p.params = { doc: paperId };
    const closed = await waitForClosed(p);
    expect(closed.code).toBe(code);
    expect(p.shouldConnect).toBe(false);
    expect(collab.emulator.connectionIds()).toEqual([]);
  });

  it("refuses connections over the per-paper limit with 4529, which the provider retries", async () => {
    const { collab } = await setup({ limits: { collab: { maxConnectionsPerPaper: 2 } } });
    await Promise.all([
      waitForSynced(provider(collab, "ada")),
      waitForSynced(provider(collab, "bo")),
    ]);
    const third = provider(collab, "vi");
    // A transient refusal: the provider's own close event, not its terminal `closed`.
    const closed = await withDeadline(
      new Promise<number | undefined>((resolve) => {
        third.once("connection-close", (event) => resolve(event?.code));
      }),
      "the third connection refused",
    );
    expect(closed).toBe(4529);
    expect(third.shouldConnect).toBe(true);
  });

  it("closes with 4413 when an update is over the limit, and stores nothing of it", async () => {
    // The client's answer to the server's sync step 1 may cross the edit and carry it as well:
    // a sync step 2 is held to the document limit, not to maxUpdateBytes.
    const { store, collab } = await setup({
      limits: { collab: { maxUpdateBytes: 50_000, maxDocumentBytes: 50_000 } },
    });
    const p = provider(collab, "ada");
    await waitForSynced(p);
    const closed = waitForClosed(p, 10_000);
    paragraph(p.doc, "x".repeat(60_000));
    expect((await closed).code).toBe(4413);
    await collab.emulator.settled();
    expect(await storedText(store)).toBe("");
  });

  it("closes a removed collaborator's connection with 4403 and downgrades a demoted one", async () => {
    const { store, collab } = await setup();
    const lead = provider(collab, "ada");
    const removed = provider(collab, "bo");
    await Promise.all([waitForSynced(lead), waitForSynced(removed)]);
    const closed = waitForClosed(removed);
    await store.collaborators.remove("p1", "bo");
    await collab.notifier.collaboratorChanged("p1", "bo", null);
    expect((await closed).code).toBe(4403);

    const refused = new Promise<void>((resolve) => {
      vi.spyOn(console, "warn").mockImplementation((message: unknown) => {
        if (String(message).includes("Permission denied")) resolve();
      });
    });
    await store.collaborators.setRole("p1", "ada", "LEAD");
    await seedEditor(store, "ed");
    const demoted = provider(collab, "ed");
    await waitForSynced(demoted);
    await store.collaborators.setRole("p1", "ed", "VIEWER");
    await collab.notifier.collaboratorChanged("p1", "ed", "VIEWER");
    paragraph(demoted.doc, "too late");
    await refused;
    await collab.emulator.settled();
    expect(await storedText(store)).toBe("");
  });

  it("forgets a connection that vanished without $disconnect on the next fan-out", async () => {
    const { store, collab } = await setup({ connectGraceMs: 0 });
    const a = provider(collab, "ada");
    const b = provider(collab, "bo");
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    const live = await store.connections.listByPaper("p1", new Date().toISOString());
    const bo = live.find((c) => c.memberId === "bo")!;
    // Stop b from coming back, then make its connection vanish the way a lost network does.
    b.shouldConnect = false;
    collab.emulator.vanish(bo.connectionId);
    paragraph(a.doc, "fan-out");
    await eventually(
      "the vanished connection forgotten",
      async () =>
        (await store.connections.listByPaper("p1", new Date().toISOString())).length === 1,
      collab.emulator,
    );
    expect(collab.emulator.metrics.management.gone).toBeGreaterThan(0);
    const after = await store.connections.listByPaper("p1", new Date().toISOString());
    expect(after.map((c) => c.memberId)).toEqual(["ada"]);
    expect(await storedText(store)).toBe("fan-out");
    expect(collab.emulator.metrics.invocations.disconnect).toBe(0);
  });
});

async function seedEditor(store: Store, memberId: string) {
  if (!(await store.members.get(memberId))) {
    await store.members.create({
      ...(await store.members.get("ada"))!,
      id: memberId,
      subject: `sub-${memberId}`,
    });
  }
  await store.collaborators.add({
    paperId: "p1",
    memberId,
    role: "EDITOR",
    addedBy: "ada",
    addedAt: new Date().toISOString(),
  });
}
