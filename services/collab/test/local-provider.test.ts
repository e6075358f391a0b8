// The stock y-websocket client against the local server: sync, awareness, both URL forms,
// persistence across a restart.
import { CloseCode, decodeMessage, encodeAwareness, encodeSyncStep1 } from "@accord/protocol";
import { createMemoryStore } from "@accord/storage";
import { afterEach, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { parseCollabUrl } from "../src/index.ts";
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
  waitForSynced,
  withDeadline,
} from "./local-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const store = createMemoryStore();
  await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
  const server = await startServer({ store });
  cleanups.push(() => server.close());
  return { store, server };
}

function provider(server: TestServer, paperId: string, memberId: string, doc = new Y.Doc()) {
  const p = connectProvider(server.url, paperId, tokenOf(memberId), doc);
  cleanups.push(() => p.destroy());
  return p;
}

describe("stock y-websocket provider", () => {
  it("syncs edits between two clients and stores them", async () => {
    const { store, server } = await setup();
    const a = provider(server, "p1", "ada");
    const b = provider(server, "p1", "bo");
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    appendParagraph(a.doc, "Oceans are a shared responsibility.");
    await waitFor("b sees a's edit", () => bodyText(b.doc).includes("Oceans"), [[b.doc, "update"]]);
    appendParagraph(b.doc, "Agreed.");
    await waitFor("a sees b's edit", () => bodyText(a.doc).includes("Agreed."), [
      [a.doc, "update"],
    ]);
    const stored = await store.documents.load("p1");
    const replay = new Y.Doc();
    for (const entry of stored.tail) Y.applyUpdate(replay, entry.update);
    expect(bodyText(replay)).toBe(bodyText(a.doc));
    expect(stored.tail.map((e) => e.memberId).sort()).toEqual(["ada", "bo"]);
  });

  it("shares awareness between clients", async () => {
    const { server } = await setup();
    const a = provider(server, "p1", "ada");
    const b = provider(server, "p1", "bo");
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    a.awareness.setLocalStateField("user", { name: "Ada" });
    await waitFor(
      "b sees ada's presence",
      () =>
        [...b.awareness.getStates().values()].some(
          (state) => (state.user as { name?: string } | undefined)?.name === "Ada",
        ),
      [[b.awareness, "change"]],
    );
  });

  it("a client joining later receives the document and the others' presence", async () => {
    const { server } = await setup();
    const a = provider(server, "p1", "ada");
    await waitForSynced(a);
    appendParagraph(a.doc, "Energy security first.");
    a.awareness.setLocalStateField("user", { name: "Ada" });
    const late = provider(server, "p1", "bo");
    await waitForSynced(late);
    await waitFor(
      "late client has the text",
      () => bodyText(late.doc) === "Energy security first.",
      [[late.doc, "update"]],
    );
    await waitFor("late client sees ada", () => late.awareness.getStates().size === 2, [
      [late.awareness, "change"],
    ]);
  });

  it("sends offline edits when the client reconnects", async () => {
    const { server } = await setup();
    const a = provider(server, "p1", "ada");
    const b = provider(server, "p1", "bo");
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    b.disconnect();
    appendParagraph(b.doc, "Written on a plane.");
    appendParagraph(a.doc, "Written at the office.");
    b.connect();
    await waitForSynced(b);
    await waitFor(
      "both have both paragraphs",
      () => bodyText(a.doc).includes("plane") && bodyText(b.doc).includes("office"),
      [
        [a.doc, "update"],
        [b.doc, "update"],
      ],
    );
    expect(bodyText(a.doc)).toBe(bodyText(b.doc));
  });

  it("keeps the document across a server restart", async () => {
    const store = createMemoryStore();
    await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
    const first = await startServer({ store });
    const a = connectProvider(first.url, "p1", tokenOf("ada"));
    const b = connectProvider(first.url, "p1", tokenOf("bo"));
    await Promise.all([waitForSynced(a), waitForSynced(b)]);
    appendParagraph(a.doc, "Space debris needs rules.");
    // Stored before it is broadcast: once b has it, it is durable.
    await waitFor("b has the edit", () => bodyText(b.doc) !== "", [[b.doc, "update"]]);
    a.destroy();
    b.destroy();
    await first.close();

    const second = await startServer({ store });
    cleanups.push(() => second.close());
    const fresh = provider(second, "p1", "ada");
    await waitForSynced(fresh);
    expect(bodyText(fresh.doc)).toBe("Space debris needs rules.");
  });

  it("closes open connections with 4503 on shutdown, and the provider comes back with its edits", async () => {
    const store = createMemoryStore();
    await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
    const first = await startServer({ store });
    const a = connectProvider(first.url, "p1", tokenOf("ada"));
    cleanups.push(() => a.destroy());
    await waitForSynced(a);
    const closed = withDeadline(
      new Promise<number | undefined>((resolve) => {
        a.once("connection-close", (event) => resolve(event?.code));
      }),
      "the server to close the connection",
    );
    await first.close();
    // A transient close: the stock provider keeps trying, unlike after a 44xx code.
    expect(await closed).toBe(CloseCode.restarting);
    expect(a.shouldConnect).toBe(true);

    appendParagraph(a.doc, "Written while the server was down.");
    const second = await startServer({ store, port: first.port });
    cleanups.push(() => second.close());
    await waitForSynced(a, 10_000);
    const reader = provider(second, "p1", "bo");
    await waitFor(
      "the edit made offline to reach another client",
      () => bodyText(reader.doc) === "Written while the server was down.",
      [[reader.doc, "update"]],
    );
  });
});

describe("urls and echo", () => {
  it("accepts /collab?doc=<id>&token=..", async () => {
    const { server } = await setup();
    const raw = await RawClient.connect(`${server.url}?doc=p1&token=${tokenOf("ada")}`);
    cleanups.push(() => raw.close());
    const step1 = await raw.next("server sync step 1", (m) => kindOf(m)[0] === 0);
    expect(kindOf(step1)).toEqual([0, 0]);
  });

  it("accepts /collab/<id>?token=..", async () => {
    const { server } = await setup();
    const raw = await RawClient.connect(`${server.url}/p1?token=${tokenOf("ada")}`);
    cleanups.push(() => raw.close());
    raw.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    const step2 = await raw.next("sync step 2", (m) => kindOf(m)[0] === 0 && kindOf(m)[1] === 1);
    expect(step2.length).toBeGreaterThan(2);
  });

  it("echoes an awareness update to its sender", async () => {
    const { server } = await setup();
    const raw = await RawClient.connect(`${server.url}/p1?token=${tokenOf("ada")}`);
    cleanups.push(() => raw.close());
    await raw.next("server sync step 1", (m) => kindOf(m)[0] === 0);
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalStateField("user", { name: "Ada" });
    raw.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])));
    const echoed = await raw.next("awareness echo", (m) => kindOf(m)[0] === 1);
    const decoded = decodeMessage(echoed);
    if (decoded.type !== "awareness") throw new Error("expected an awareness message");
    const mirror = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(mirror, decoded.update, null);
    expect(mirror.getStates().get(doc.clientID)).toEqual({ user: { name: "Ada" } });
    awareness.destroy();
    mirror.destroy();
  });
});

describe("parseCollabUrl", () => {
  it.each([
    ["/collab?doc=p1&token=t", { paperId: "p1", token: "t" }],
    ["/collab/p1?token=t", { paperId: "p1", token: "t" }],
    ["/collab/p%201?token=t", { paperId: "p 1", token: "t" }],
    ["/collab/?doc=p1", { paperId: "p1", token: null }],
    ["/collab", { paperId: null, token: null }],
    ["/collab/p1/extra?token=t", null],
    ["/graphql", null],
    ["/collaborate/p1", null],
  ])("reads %s", (url, expected) => {
    expect(parseCollabUrl(url, "/collab")).toEqual(expected);
  });
});
