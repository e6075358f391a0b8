// GET /healthz?stats: the live-editing host's counts (open documents, connections) and the heap,
// for the soak run and an operator on this machine; never for a request from the network.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  createClient,
  MeDocument,
} from "@accord/client";
import { withLimits } from "@accord/domain";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { silentLogger } from "@accord/logging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { type RunningServer, startServer, statsAllowedFor } from "../src/index.ts";

const dataDir = mkdtempSync(join(tmpdir(), "accord-stats-"));
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    port: 0,
    dataDir,
    store: "memory",
    logger: silentLogger,
    development: false,
    // A document unloads this long after its last editor left (30 s by default).
    limits: withLimits({ collab: { idleUnloadMs: 200 } }),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Stats {
  status: string;
  openDocuments?: number;
  connections?: number;
  heapUsed?: number;
}

const health = (query: string): Promise<Stats> =>
  fetch(`http://127.0.0.1:${server.port}/healthz${query}`).then((r) => r.json() as Promise<Stats>);

/** Re-read the stats until `check` holds; fail naming `what` after a generous deadline. */
async function statsUntil(what: string, check: (stats: Stats) => boolean): Promise<Stats> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const stats = await health("?stats");
    if (check(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("GET /healthz?stats", () => {
  it("counts a paper open while an editor is connected, and none after it unloads", async () => {
    const key = await loadOrCreateDevSigningKey(dataDir);
    const token = await mintLocalToken(key, { username: "lead" });
    const lead = createClient({ url: server.url, token });
    await lead.request(MeDocument);
    const group = (
      await lead.request(CreateWorkingGroupDocument, { input: { name: "Ocean data" } })
    ).createWorkingGroup;
    const paperId = (
      await lead.request(CreatePaperDocument, {
        input: { workingGroupId: group.id, title: "Sharing Argo float data" },
      })
    ).createPaper.id;

    const before = await health("?stats");
    expect(before).toMatchObject({ status: "ok", openDocuments: 0, connections: 0 });
    expect(before.heapUsed).toBeGreaterThan(0);

    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.collabUrl, paperId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token },
    });
    try {
      await statsUntil("the paper open", (s) => s.openDocuments === 1 && s.connections === 1);
    } finally {
      provider.destroy();
      doc.destroy();
    }
    await statsUntil("the paper unloaded", (s) => s.openDocuments === 0 && s.connections === 0);
  });

  it("answers the plain health check without counts", async () => {
    expect(await health("")).toEqual({ status: "ok" });
  });

  it("gives the counts only to a request from this machine", () => {
    expect(statsAllowedFor("127.0.0.1")).toBe(true);
    expect(statsAllowedFor("::1")).toBe(true);
    expect(statsAllowedFor("::ffff:127.0.0.1")).toBe(true);
    expect(statsAllowedFor("192.168.1.20")).toBe(false);
    expect(statsAllowedFor("::ffff:10.0.0.7")).toBe(false);
    expect(statsAllowedFor("fd00::1")).toBe(false);
    expect(statsAllowedFor(undefined)).toBe(false);
  });
});
