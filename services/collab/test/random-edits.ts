// Random editing sessions for the convergence tests: stock clients edit one paper's body at
// random (text, formatting, structure in the ProseMirror/TipTap schema), now and then dropping
// off and editing offline, until every one of them must hold the same document.
import * as prng from "lib0/prng";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { waitFor } from "./local-helpers.ts";

/** A seeded generator; the seed is printed so that SEED=<n> replays a failure. */
export function seededGenerator(what: string): prng.PRNG {
  const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`${what} seed ${seed} (replay with SEED=${seed})`);
  return prng.create(seed);
}

/** A document whose Yjs client id comes from the generator, so that a replay is exact. */
export function seededDoc(gen: prng.PRNG): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = prng.uint32(gen, 1, 2 ** 31);
  return doc;
}

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

/** One edit as a writer makes them: mostly typing, some deleting, formatting and blocks. */
export function randomEdit(gen: prng.PRNG, doc: Y.Doc) {
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

/**
 * `operations` random steps over `clients`: mostly an edit by one of them, and in 4 % of the
 * steps one of them drops off or comes back. `pause` runs after each edit, to let the network
 * run between them. Every client is connected again at the end.
 */
export async function editAtRandom(
  gen: prng.PRNG,
  clients: WebsocketProvider[],
  operations: number,
  pause: () => Promise<unknown> | undefined,
): Promise<{ offlineEdits: number; reconnects: number }> {
  let offlineEdits = 0;
  let reconnects = 0;
  for (let op = 0; op < operations; op++) {
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
    await pause();
  }
  for (const client of clients) if (!client.shouldConnect) client.connect();
  return { offlineEdits, reconnects };
}

/** The body as XML: blocks, attributes and marks, not only the text. */
export const bodyXml = (doc: Y.Doc) => doc.getXmlFragment("body").toString();

export const stateVectorOf = (doc: Y.Doc) =>
  Buffer.from(Y.encodeStateVector(doc)).toString("base64");

/** Every client synced, with the same state vector and the same body. */
export function waitForConvergence(clients: readonly WebsocketProvider[], timeoutMs: number) {
  const [first] = clients;
  return waitFor(
    "every client to converge",
    () =>
      clients.every((c) => c.synced) &&
      clients.every((c) => stateVectorOf(c.doc) === stateVectorOf(first!.doc)) &&
      clients.every((c) => bodyXml(c.doc) === bodyXml(first!.doc)),
    clients.flatMap((c) => [
      [c.doc, "update"] as [Y.Doc, string],
      [c, "sync"] as [WebsocketProvider, string],
    ]),
    timeoutMs,
  );
}
