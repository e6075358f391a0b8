// Thousands of random and mutated frames against a live server (loopback, bounded). The server
// stays up, the honest clients never notice, the document stays valid. Replay with SEED=<n>.
import {
  decodeMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as prng from "lib0/prng";
import { expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  appendParagraph,
  bodyText,
  connectProvider,
  tokenOf,
  waitFor,
  waitForSynced,
} from "./local-helpers.ts";
import {
  cleanupAfterEach,
  honestEditors,
  PAPER,
  rawClient,
  servePaper,
  storedDocument,
} from "./local-paper.ts";
import { seededGenerator } from "./random-edits.ts";

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 3_000);
const WORKERS = 4;

const cleanup = cleanupAfterEach();

/** Well-formed messages of every kind, to mutate. */
function corpus(gen: prng.PRNG): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = prng.uint32(gen, 1, 2 ** 31);
  const sv = Y.encodeStateVector(doc);
  appendParagraph(doc, prng.word(gen, 1, 30));
  const paragraph = doc.getXmlFragment("body").get(0) as Y.XmlElement;
  (paragraph.get(0) as Y.XmlText).format(0, 1, { bold: {} });
  const update = Y.encodeStateAsUpdate(doc, sv);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalStateField("user", { name: prng.word(gen, 1, 8) });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return [
    encodeSyncStep1(sv),
    encodeSyncStep1(Y.encodeStateVector(doc)),
    encodeSyncStep2(update),
    encodeUpdate(update),
    encodeAwareness(awarenessUpdate),
    encodeQueryAwareness(),
    encodePermissionDenied("no"),
  ];
}

function mutate(gen: prng.PRNG, message: Uint8Array): Uint8Array {
  const bytes = Array.from(message);
  switch (prng.int32(gen, 0, 7)) {
    case 0: // flip a few bytes
      for (let i = prng.int32(gen, 1, 3); i > 0 && bytes.length > 0; i--) {
        bytes[prng.int32(gen, 0, bytes.length - 1)] = prng.int32(gen, 0, 255);
      }
      return new Uint8Array(bytes);
    case 1: // truncate
      return new Uint8Array(bytes.slice(0, prng.int32(gen, 0, Math.max(0, bytes.length - 1))));
    case 2: // trailing garbage
      return new Uint8Array([...bytes, ...prng.uint8Array(gen, prng.int32(gen, 1, 8))]);
    case 3: // inserted garbage
      bytes.splice(
        prng.int32(gen, 0, bytes.length),
        0,
        ...prng.uint8Array(gen, prng.int32(gen, 1, 8)),
      );
      return new Uint8Array(bytes);
    case 4: // an absurd length varint
      return new Uint8Array([bytes[0] ?? 0, bytes[1] ?? 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]);
    case 5: // pure noise
      return prng.uint8Array(gen, prng.int32(gen, 0, 64));
    case 6: // unknown message type
      return new Uint8Array([prng.int32(gen, 4, 255), ...bytes.slice(1)]);
    default: // left intact
      return message;
  }
}

/** Is `message` an awareness update carrying `clientID` at `clock` or later? */
function echoes(message: Uint8Array, clientID: number, clock: number): boolean {
  try {
    const decoded = decodeMessage(message);
    if (decoded.type !== "awareness") return false;
    const decoder = decoding.createDecoder(decoded.update);
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      const id = decoding.readVarUint(decoder);
      const at = decoding.readVarUint(decoder);
      decoding.readVarString(decoder);
      if (id === clientID && at >= clock) return true;
    }
  } catch {
    // Not one of ours.
  }
  return false;
}

function frame(gen: prng.PRNG, messages: Uint8Array[]): Uint8Array | string {
  const message = mutate(gen, prng.oneOf(gen, messages));
  const roll = prng.int32(gen, 0, 9);
  if (roll < 6) return message;
  if (roll < 8) {
    const frames = encodeTextFrames(message, prng.oneOf(gen, [16, 64, 32_768]));
    return prng.oneOf(gen, frames);
  }
  if (roll === 8) return prng.utf16String(gen, 40);
  // A chunk frame with a mangled header.
  const chunk = Buffer.from(
    encodeTextFrames(message, 16, prng.uint32(gen, 0, 2 ** 31))[0]!,
    "base64",
  );
  chunk[prng.int32(gen, 1, Math.min(4, chunk.length - 1))] = prng.int32(gen, 0, 255);
  return chunk.toString("base64");
}

it(`survives ${FRAMES} random and mutated frames`, { timeout: 120_000 }, async () => {
  const gen = seededGenerator("fuzz");
  const { store, server } = await servePaper(cleanup, {
    collaborators: { ada: "LEAD", bo: "EDITOR", vi: "VIEWER" },
  });
  const { a, b, dropped } = await honestEditors(cleanup, server);
  appendParagraph(a.doc, "Before the storm.");

  const messages = corpus(gen);
  let sent = 0;
  let connections = 0;
  const worker = async () => {
    while (sent < FRAMES) {
      const who = prng.oneOf(gen, ["ada", "bo", "vi"]);
      const client = await rawClient(server, who);
      connections++;
      // After each frame, an awareness probe: its echo means the server read the frame.
      const probe = new awarenessProtocol.Awareness(new Y.Doc());
      try {
        while (sent < FRAMES && client.closeEvent === null) {
          client.send(frame(gen, messages));
          sent++;
          probe.setLocalStateField("probe", sent);
          const clock = probe.meta.get(probe.clientID)!.clock;
          client.send(
            encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(probe, [probe.clientID])),
          );
          await client.next("probe echo", (m) => echoes(m, probe.clientID, clock));
        }
      } catch {
        // The frame closed the connection: the next one opens another.
      } finally {
        probe.destroy();
        client.close();
        await client.closed;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  console.log(`fuzz: ${sent} frames over ${connections} connections`);
  expect(sent).toBeGreaterThanOrEqual(FRAMES);

  // The honest clients were never dropped and still edit together.
  appendParagraph(a.doc, "After the storm.");
  await waitFor("b has the last edit", () => bodyText(b.doc).includes("After the storm."), [
    [b.doc, "update"],
  ]);
  expect(dropped()).toBe(0);
  expect(server.collab.host.stats().connections).toBe(2);

  // Storage, the server and every client agree; a newcomer gets the same document.
  const late = connectProvider(server.url, PAPER, tokenOf("bo"));
  cleanup(() => late.destroy());
  await waitForSynced(late);
  const fromStorage = await storedDocument(store);
  const body = (doc: Y.Doc) => doc.getXmlFragment("body").toString();
  await waitFor(
    "every replica converges",
    () => body(a.doc) === body(b.doc) && body(b.doc) === body(late.doc),
    [
      [a.doc, "update"],
      [b.doc, "update"],
      [late.doc, "update"],
    ],
  );
  expect(body(fromStorage)).toBe(body(a.doc));
  expect(bodyText(a.doc)).toContain("Before the storm.");
});
