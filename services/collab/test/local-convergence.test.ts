// Several stock clients edit one paper at random — text, formatting, structure — dropping off
// and editing offline now and then; all of them, and storage, end with the same document.
// Replay a failure with SEED=<n>.
import { readContent } from "@accord/collab";
import * as prng from "lib0/prng";
import { expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { connectProvider, testLimits, tokenOf, waitForSynced } from "./local-helpers.ts";
import { cleanupAfterEach, PAPER, servePaper, storedDocument } from "./local-paper.ts";
import {
  bodyXml,
  editAtRandom,
  seededDoc,
  seededGenerator,
  waitForConvergence,
} from "./random-edits.ts";

const CLIENTS = 4;
const OPERATIONS = Number(process.env.CONVERGENCE_OPS ?? 600);

const cleanup = cleanupAfterEach();

it(
  `${CLIENTS} clients converge after ${OPERATIONS} random edits and disconnects`,
  { timeout: 120_000 },
  async () => {
    const gen = seededGenerator("convergence");
    const members = Array.from({ length: CLIENTS }, (_, i) => `m${i}`);
    const { store, server } = await servePaper(cleanup, {
      collaborators: Object.fromEntries(members.map((m, i) => [m, i === 0 ? "LEAD" : "EDITOR"])),
      // Compact often, so that loads and compactions happen in the middle of the editing.
      limits: testLimits({ compactAfterEntries: 40 }),
    });

    const clients: WebsocketProvider[] = members.map((memberId) => {
      const provider = connectProvider(server.url, PAPER, tokenOf(memberId), seededDoc(gen));
      cleanup(() => provider.destroy());
      return provider;
    });
    await Promise.all(clients.map((c) => waitForSynced(c)));

    const { offlineEdits } = await editAtRandom(gen, clients, OPERATIONS, () =>
      // Let the network run between some edits, so that edits cross on the wire.
      prng.int32(gen, 0, 4) === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined,
    );
    console.log(`convergence: ${offlineEdits} edits made offline`);
    await waitForConvergence(clients, 60_000);

    // What the clients agree on is exactly what storage holds.
    const fromStorage = await storedDocument(store);
    expect(bodyXml(fromStorage)).toBe(bodyXml(clients[0]!.doc));
    expect(readContent(fromStorage).text).toBe(readContent(clients[0]!.doc).text);
    expect(readContent(fromStorage).text.length).toBeGreaterThan(0);
  },
);
