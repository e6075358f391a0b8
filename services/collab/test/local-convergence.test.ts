// Several stock clients edit one paper at random — text, formatting, structure — dropping off
// and editing offline now and then; all of them, and storage, end with the same document.
// Replay a failure with SEED=<n>.
import { readContent } from "@accord/collab";
import { createMemoryStore } from "@accord/storage";
import * as prng from "lib0/prng";
import { afterEach, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  connectProvider,
  seedPaper,
  startServer,
  testLimits,
  tokenOf,
  waitFor,
  waitForSynced,
} from "./local-helpers.ts";

const CLIENTS = 4;
const OPERATIONS = Number(process.env.CONVERGENCE_OPS ?? 600);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const MARKS = [
  { bold: {} },
  { italic: {} },
  { code: {} },
  { link: { href: "https://example.org" } },
];

/** Every text node of the body, depth first. */
function texts(doc: Y.Doc): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) found.push(child);
      else if (child instanceof Y.XmlElement) walk(child);
    }
  };
  walk(doc.getXmlFragment("body"));
  return found;
}

function block(gen: prng.PRNG): Y.XmlElement {
  const kind = prng.int32(gen, 0, 9);
  const text = new Y.XmlText(prng.word(gen, 1, 12));
  if (kind < 6) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [text]);
    return paragraph;
  }
  if (kind < 8) {
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", String(prng.int32(gen, 1, 3)));
    heading.insert(0, [text]);
    return heading;
  }
  const list = new Y.XmlElement(kind === 8 ? "bulletList" : "orderedList");
  const item = new Y.XmlElement("listItem");
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [text]);
  item.insert(0, [paragraph]);
  list.insert(0, [item]);
  return list;
}

function randomEdit(gen: prng.PRNG, doc: Y.Doc) {
  const body = doc.getXmlFragment("body");
  const runs = texts(doc);
  const roll = prng.int32(gen, 0, 99);
  if (roll < 15 || runs.length === 0) {
    body.insert(prng.int32(gen, 0, body.length), [block(gen)]);
    return;
  }
  const run = prng.oneOf(gen, runs);
  if (roll < 60) {
    run.insert(prng.int32(gen, 0, run.length), prng.word(gen, 1, 6));
  } else if (roll < 78) {
    if (run.length === 0) return;
    const at = prng.int32(gen, 0, run.length - 1);
    run.delete(at, prng.int32(gen, 1, Math.min(5, run.length - at)));
  } else if (roll < 93) {
    if (run.length === 0) return;
    const at = prng.int32(gen, 0, run.length - 1);
    run.format(at, prng.int32(gen, 1, run.length - at), prng.oneOf(gen, MARKS));
  } else if (body.length > 1) {
    body.delete(prng.int32(gen, 0, body.length - 1), 1);
  }
}

it(
  `${CLIENTS} clients converge after ${OPERATIONS} random edits and disconnects`,
  { timeout: 120_000 },
  async () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`convergence seed ${seed} (replay with SEED=${seed})`);
    const gen = prng.create(seed);

    const store = createMemoryStore();
    const members = Array.from({ length: CLIENTS }, (_, i) => `m${i}`);
    await seedPaper(store, {
      paperId: "p1",
      collaborators: Object.fromEntries(members.map((m, i) => [m, i === 0 ? "LEAD" : "EDITOR"])),
    });
    // Compact often, so that loads and compactions happen in the middle of the editing.
    const server = await startServer({ store, limits: testLimits({ compactAfterEntries: 40 }) });
    cleanups.push(() => server.close());

    const clients: WebsocketProvider[] = members.map((memberId) => {
      const doc = new Y.Doc();
      doc.clientID = prng.uint32(gen, 1, 2 ** 31);
      const provider = connectProvider(server.url, "p1", tokenOf(memberId), doc);
      cleanups.push(() => provider.destroy());
      return provider;
    });
    await Promise.all(clients.map((c) => waitForSynced(c)));

    let offlineEdits = 0;
    for (let op = 0; op < OPERATIONS; op++) {
      const client = prng.oneOf(gen, clients);
      if (prng.int32(gen, 0, 99) < 4) {
        if (client.shouldConnect) client.disconnect();
        else client.connect();
        continue;
      }
      if (!client.wsconnected) offlineEdits++;
      randomEdit(gen, client.doc);
      // Let the network run between some edits, so that edits cross on the wire.
      if (prng.int32(gen, 0, 4) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    console.log(`convergence: ${offlineEdits} edits made offline`);

    for (const client of clients) if (!client.shouldConnect) client.connect();
    const body = (doc: Y.Doc) => doc.getXmlFragment("body").toString();
    const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString("base64");
    await waitFor(
      "every client to converge",
      () =>
        clients.every((c) => c.synced) &&
        clients.every((c) => stateOf(c.doc) === stateOf(clients[0]!.doc)) &&
        clients.every((c) => body(c.doc) === body(clients[0]!.doc)),
      clients.flatMap((c) => [
        [c.doc, "update"] as [Y.Doc, string],
        [c, "sync"] as [WebsocketProvider, string],
      ]),
      60_000,
    );

    // What the clients agree on is exactly what storage holds.
    const stored = await store.documents.load("p1");
    const fromStorage = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(fromStorage, stored.snapshot);
    for (const entry of stored.tail) Y.applyUpdate(fromStorage, entry.update);
    expect(body(fromStorage)).toBe(body(clients[0]!.doc));
    expect(readContent(fromStorage).text).toBe(readContent(clients[0]!.doc).text);
    expect(readContent(fromStorage).text.length).toBeGreaterThan(0);
  },
);
