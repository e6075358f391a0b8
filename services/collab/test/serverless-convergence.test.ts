// Two to five stock clients edit one paper at random through API Gateway (emulated) and the
// real Lambdas on DynamoDB Local, dropping off and editing offline now and then; all of them,
// and storage, end with the same document. Replay a failure with SEED=<n>.
import { readContent } from "@accord/collab";
import { withLimits } from "@accord/domain";
import * as prng from "lib0/prng";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { seedPaper, tokenOf, waitFor, waitForSynced } from "./local-helpers.ts";
import {
  apiGatewayProvider,
  dynamoStores,
  eventually,
  startServerlessCollab,
  storedDoc,
} from "./serverless-helpers.ts";

const OPERATIONS = Number(process.env.CONVERGENCE_OPS ?? 250);

const stores = dynamoStores();
beforeAll(() => stores.start(), 120_000);
afterAll(() => stores.stop());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const MARKS = [{ bold: {} }, { italic: {} }, { link: { href: "https://example.org" } }];

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
  const text = new Y.XmlText(prng.word(gen, 1, 12));
  const element = new Y.XmlElement(prng.int32(gen, 0, 4) === 0 ? "heading" : "paragraph");
  if (element.nodeName === "heading") element.setAttribute("level", String(prng.int32(gen, 1, 3)));
  element.insert(0, [text]);
  return element;
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
  if (roll < 65) {
    run.insert(prng.int32(gen, 0, run.length), prng.word(gen, 1, 6));
  } else if (roll < 82) {
    if (run.length === 0) return;
    const at = prng.int32(gen, 0, run.length - 1);
    run.delete(at, prng.int32(gen, 1, Math.min(5, run.length - at)));
  } else if (roll < 95) {
    if (run.length === 0) return;
    const at = prng.int32(gen, 0, run.length - 1);
    run.format(at, prng.int32(gen, 1, run.length - at), prng.oneOf(gen, MARKS));
  } else if (body.length > 1) {
    body.delete(prng.int32(gen, 0, body.length - 1), 1);
  }
}

it(
  `two to five clients converge after ${OPERATIONS} random edits, offline edits and reconnects`,
  { timeout: 180_000 },
  async () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`serverless convergence seed ${seed} (replay with SEED=${seed})`);
    const gen = prng.create(seed);
    const count = prng.int32(gen, 2, 5);

    const store = await stores.create();
    const members = Array.from({ length: count }, (_, i) => `m${i}`);
    await seedPaper(store, {
      paperId: "p1",
      collaborators: Object.fromEntries(members.map((m, i) => [m, i === 0 ? "LEAD" : "EDITOR"])),
    });
    // Compact often, so that compactions race with appends from other instances.
    const collab = await startServerlessCollab({
      store,
      limits: withLimits({ collab: { maxMessagesPerSecond: 10_000, compactAfterEntries: 30 } }),
    });
    cleanups.push(() => collab.close());

    const clients: WebsocketProvider[] = members.map((memberId) => {
      const doc = new Y.Doc();
      doc.clientID = prng.uint32(gen, 1, 2 ** 31);
      const provider = apiGatewayProvider(collab.url, "p1", tokenOf(memberId), doc);
      cleanups.push(() => provider.destroy());
      return provider;
    });
    await Promise.all(clients.map((c) => waitForSynced(c, 20_000)));

    let offlineEdits = 0;
    let reconnects = 0;
    for (let op = 0; op < OPERATIONS; op++) {
      const client = prng.oneOf(gen, clients);
      if (prng.int32(gen, 0, 99) < 4) {
        if (client.shouldConnect) client.disconnect();
        else {
          client.connect();
          reconnects++;
        }
        continue;
      }
      if (!client.wsconnected) offlineEdits++;
      randomEdit(gen, client.doc);
      // Let the network run between edits, sometimes for a few milliseconds, so that edits
      // cross on the wire and run at once on the server (pacing, not waiting for anything).
      if (prng.int32(gen, 0, 4) === 0) {
        await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 1, 15)));
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    console.log(
      `serverless convergence: ${count} clients, ${offlineEdits} edits offline, ${reconnects} reconnects`,
    );

    for (const client of clients) if (!client.shouldConnect) client.connect();
    const body = (doc: Y.Doc) => doc.getXmlFragment("body").toString();
    const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString("base64");
    try {
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
        120_000,
      );
    } catch (error) {
      // What a replay needs to tell a lost update (state vectors) from a lost deletion (text).
      const stored = await storedDoc(store, "p1");
      console.log("stored:", stateOf(stored), body(stored).length);
      for (const c of clients) {
        console.log(
          `client ${c.doc.clientID}:`,
          { synced: c.synced, connected: c.wsconnected },
          stateOf(c.doc),
          body(c.doc).length,
        );
      }
      console.log("handler log:", JSON.stringify(collab.logs));
      throw error;
    }

    // What the clients agree on is exactly what storage holds.
    await eventually(
      "storage to hold what the clients agree on",
      async () => body(await storedDoc(store, "p1")) === body(clients[0]!.doc),
      collab.emulator,
      30_000,
    );
    const stored = await storedDoc(store, "p1");
    expect(readContent(stored).text).toBe(readContent(clients[0]!.doc).text);
    expect(readContent(stored).text.length).toBeGreaterThan(0);
    expect(collab.emulator.errors).toEqual([]);
    expect(collab.logs.filter((line) => line.level === "error")).toEqual([]);
  },
);
