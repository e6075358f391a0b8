// A lone editor on a quiet paper stays connected: the stock provider drops a socket that
// received nothing for 30 s, and API Gateway drops one that sent nothing for its idle timeout.
// With no other peer to hear from for 65 real seconds, the provider's awareness renewals (every
// 15 s), echoed back to it by $default, keep both sides alive. No fake timers: the provider's
// own clock is what is under test.
import { withLimits } from "@accord/domain";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import * as Y from "yjs";
import { bodyText, seedPaper, tokenOf, waitFor, waitForSynced } from "./local-helpers.ts";
import { apiGatewayProvider, dynamoStores, startServerlessCollab } from "./serverless-helpers.ts";

const QUIET_MS = 65_000;
/** Shorter than the 65 s of quiet and than the provider's 30 s, longer than its 15 s renewal. */
const GATEWAY_IDLE_TIMEOUT_MS = 20_000;

const stores = dynamoStores();
beforeAll(() => stores.start(), 120_000);
afterAll(() => stores.stop());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

it(
  "keeps a lone idle provider connected through 65 s of silence",
  { timeout: 120_000 },
  async () => {
    const store = await stores.create();
    await seedPaper(store, { paperId: "p1", collaborators: { ada: "LEAD", bo: "EDITOR" } });
    const collab = await startServerlessCollab({
      store,
      limits: withLimits({ collab: { maxMessagesPerSecond: 10_000 } }),
      idleTimeoutMs: GATEWAY_IDLE_TIMEOUT_MS,
    });
    cleanups.push(() => collab.close());
    const join = (member: string) => {
      const p = apiGatewayProvider(collab.url, "p1", tokenOf(member), new Y.Doc());
      cleanups.push(() => p.destroy());
      return p;
    };
    const ada = join("ada");
    await waitForSynced(ada);
    const connections = collab.emulator.connectionIds();
    expect(connections).toHaveLength(1);
    let drops = 0;
    ada.on("connection-close", () => {
      drops++;
    });

    // The quiet itself is what is tested: nothing is awaited but the time passing.
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));

    expect(drops).toBe(0);
    expect(collab.emulator.connectionIds()).toEqual(connections);
    expect(collab.emulator.metrics.invocations.connect).toBe(1);
    expect(ada.wsconnected && ada.synced).toBe(true);
    // It renewed its presence about every 15 s, and each renewal came back to it.
    expect(collab.emulator.metrics.messagesIn).toBeGreaterThanOrEqual(4);
    expect(collab.emulator.metrics.messagesOut).toBeGreaterThanOrEqual(4);

    // And the paper is still live for a newcomer.
    const bo = join("bo");
    await waitForSynced(bo);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("after the quiet")]);
    ada.doc.getXmlFragment("body").insert(0, [paragraph]);
    await waitFor("bo to see it", () => bodyText(bo.doc) === "after the quiet", [
      [bo.doc, "update"],
    ]);
    expect(collab.emulator.errors).toEqual([]);
  },
);
