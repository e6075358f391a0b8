// One live-editing server in its own process, so its memory can be measured alone:
// `node --expose-gc --import tsx collab-server.ts <kind> <papers> <clientsPerPaper>`.
// Kinds: accord-sqlite (the store as `pnpm start` opens it), accord-sqlite-turn (appends
// committed on the event loop, one group commit per turn), accord-sqlite-worker (committed by the
// store's worker thread), accord-sqlite-async-fsync (written on the event loop, fdatasync of the
// WAL in libuv's thread pool), accord-memory, reference (y-websocket 2.1.0 bin/utils),
// reference-leveldb (the same with its y-leveldb persistence), hocuspocus.
// Talks to the benchmark over IPC: sends { ready, port }; "mark" starts the measured window,
// "memory" answers heap and RSS figures and the process's CPU time since the mark.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Authenticate } from "@accord/collab";
import type { Store } from "@accord/storage";
import { WebSocketServer } from "ws";

// Each kind imports only what it runs: the reference server loads Yjs as CommonJS, and a second
// (ESM) copy in the same process would make Yjs warn and could skew its memory.

const [kind = "", papersArg = "1", clientsArg = "1"] = process.argv.slice(2);
const papers = Number(papersArg);
const clientsPerPaper = Number(clientsArg);
const T0 = new Date(0).toISOString();

function measureMemory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

/** Members c0..cN and papers p0..pN with everyone an EDITOR (c0 LEAD). */
async function seed(store: Store) {
  for (let c = 0; c < clientsPerPaper; c++) {
    await store.members.create({
      id: `c${c}`,
      subject: `c${c}`,
      displayName: `c${c}`,
      affiliation: null,
      country: null,
      community: null,
      expertiseTopicIds: [],
      platformRole: "MEMBER",
      version: 1,
      createdAt: T0,
      updatedAt: T0,
    });
  }
  await store.workingGroups.create(
    {
      id: "wg",
      name: "Bench",
      description: "",
      topicIds: [],
      createdBy: "c0",
      version: 1,
      createdAt: T0,
      updatedAt: T0,
    },
    { workingGroupId: "wg", memberId: "c0", role: "CONVENER", addedAt: T0 },
  );
  for (let p = 0; p < papers; p++) {
    await store.papers.create(
      {
        id: `p${p}`,
        workingGroupId: "wg",
        title: `p${p}`,
        summary: "",
        topicIds: [],
        diplomacyTypes: [],
        status: "DRAFT",
        createdBy: "c0",
        publishedAt: null,
        version: 1,
        createdAt: T0,
        updatedAt: T0,
      },
      { paperId: `p${p}`, memberId: "c0", role: "LEAD", addedBy: "c0", addedAt: T0 },
    );
    for (let c = 1; c < clientsPerPaper; c++) {
      await store.collaborators.add({
        paperId: `p${p}`,
        memberId: `c${c}`,
        role: "EDITOR",
        addedBy: "c0",
        addedAt: T0,
      });
    }
  }
}

/** Tokens are `valid-<subject>`: the benchmark measures live editing, not JWT verification. */
async function fakeAuthenticate(): Promise<Authenticate> {
  const { unauthenticated } = await import("@accord/domain");
  return async (token) => {
    const match = /^valid-(.+)$/.exec(token);
    if (!match) throw unauthenticated();
    return { subject: match[1]!, coordinator: false, expiresAt: null };
  };
}

async function start(): Promise<{ port: number; stop(): Promise<void> }> {
  if (kind.startsWith("accord-")) {
    const { attachLocalCollab } = await import("@accord/collab-service");
    const { DEFAULT_LIMITS } = await import("@accord/domain");
    const { createMemoryStore } = await import("@accord/storage");
    const { openSqliteStore } = await import("@accord/storage-sqlite");
    const authenticate = await fakeAuthenticate();
    const dir = kind === "accord-memory" ? null : mkdtempSync(join(tmpdir(), "accord-bench-"));
    const file = dir ? join(dir, "bench.sqlite") : "";
    const store =
      kind === "accord-memory"
        ? createMemoryStore()
        : kind === "accord-sqlite"
          ? // The options services/standalone passes: whatever the adapter defaults to.
            openSqliteStore({ file })
          : kind === "accord-sqlite-turn"
            ? openSqliteStore({ file, appendCommit: "in-thread" })
            : kind === "accord-sqlite-worker"
              ? openSqliteStore({ file, appendCommit: "worker" })
              : kind === "accord-sqlite-async-fsync"
                ? openSqliteStore({ file, appendCommit: "async-fsync" })
                : null;
    if (!store) throw new Error(`unknown server kind "${kind}"`);
    await seed(store);
    const http = createServer();
    const collab = attachLocalCollab({ server: http, store, authenticate, limits: DEFAULT_LIMITS });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    return {
      port: (http.address() as AddressInfo).port,
      async stop() {
        await collab.close();
        http.closeAllConnections();
        http.close();
        await store.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (kind === "reference" || kind === "reference-leveldb") {
    // The reference server reads its persistence directory from the environment when loaded.
    const dir = kind === "reference-leveldb" ? mkdtempSync(join(tmpdir(), "accord-bench-")) : null;
    if (dir) process.env.YPERSISTENCE = join(dir, "leveldb");
    const require = createRequire(import.meta.url);
    const { setupWSConnection } = require("y-websocket-reference/bin/utils") as {
      setupWSConnection: (conn: unknown, request: IncomingMessage) => void;
    };
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    wss.on("connection", setupWSConnection);
    http.on("upgrade", (request, socket, head) => {
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    return {
      port: (http.address() as AddressInfo).port,
      async stop() {
        for (const ws of wss.clients) ws.terminate();
        http.closeAllConnections();
        http.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (kind === "hocuspocus") {
    const { Server: HocuspocusServer } = await import("@hocuspocus/server");
    const server = new HocuspocusServer({ port: 0, address: "127.0.0.1", quiet: true });
    await server.listen();
    return {
      port: server.address.port,
      async stop() {
        await server.destroy();
      },
    };
  }
  throw new Error(`unknown server kind "${kind}"`);
}

const server = await start();
// After start (store open, papers seeded), before any connection: what documents add.
const baseline = measureMemory();
let cpuMark = process.cpuUsage();
process.send?.({ ready: true, port: server.port });
process.on("message", async (message: unknown) => {
  if (message === "mark") {
    cpuMark = process.cpuUsage();
    process.send?.({ marked: true });
  } else if (message === "memory") {
    // Read before the GCs that measuring memory forces, which are not the workload's.
    const { user, system } = process.cpuUsage(cpuMark);
    process.send?.({ cpuMicros: user + system, memory: measureMemory(), baseline });
  } else if (message === "stop") {
    await server.stop();
    process.exit(0);
  }
});
