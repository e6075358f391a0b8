// Two to five stock clients edit one paper at random through API Gateway (emulated) and the
// real Lambdas on DynamoDB Local, dropping off and editing offline now and then; all of them,
// and storage, end with the same document. Replay a failure with SEED=<n>.
import { readContent } from "@accord/collab";
import { withLimits } from "@accord/domain";
import * as prng from "lib0/prng";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { seedPaper, tokenOf, waitForSynced } from "./local-helpers.ts";
import {
  bodyXml,
  editAtRandom,
  seededDoc,
  seededGenerator,
  stateVectorOf,
  waitForConvergence,
} from "./random-edits.ts";
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

it(
  `two to five clients converge after ${OPERATIONS} random edits, offline edits and reconnects`,
  { timeout: 180_000 },
  async () => {
    const gen = seededGenerator("serverless convergence");
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
      const provider = apiGatewayProvider(collab.url, "p1", tokenOf(memberId), seededDoc(gen));
      cleanups.push(() => provider.destroy());
      return provider;
    });
    await Promise.all(clients.map((c) => waitForSynced(c, 20_000)));

    const { offlineEdits, reconnects } = await editAtRandom(gen, clients, OPERATIONS, () =>
      // Let the network run between edits, sometimes for a few milliseconds, so that edits
      // cross on the wire and run at once on the server (pacing, not waiting for anything).
      prng.int32(gen, 0, 4) === 0
        ? new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 1, 15)))
        : new Promise((resolve) => setImmediate(resolve)),
    );
    console.log(
      `serverless convergence: ${count} clients, ${offlineEdits} edits offline, ${reconnects} reconnects`,
    );

    try {
      await waitForConvergence(clients, 120_000);
    } catch (error) {
      // What a replay needs to tell a lost update (state vectors) from a lost deletion (text).
      const stored = await storedDoc(store, "p1");
      console.log("stored:", stateVectorOf(stored), bodyXml(stored).length);
      for (const c of clients) {
        console.log(
          `client ${c.doc.clientID}:`,
          { synced: c.synced, connected: c.wsconnected },
          stateVectorOf(c.doc),
          bodyXml(c.doc).length,
        );
      }
      console.log("handler log:", JSON.stringify(collab.logs));
      throw error;
    }

    // What the clients agree on is exactly what storage holds.
    await eventually(
      "storage to hold what the clients agree on",
      async () => bodyXml(await storedDoc(store, "p1")) === bodyXml(clients[0]!.doc),
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
