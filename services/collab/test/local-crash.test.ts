// The server process is killed (SIGKILL) in the middle of a burst of edits and restarted on the
// same SQLite file: every update a client had received from another client is still there, and
// the clients reconnect and converge.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadDocument } from "@accord/collab";
import { openSqliteStore } from "@accord/storage-sqlite";
import { afterEach, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  appendParagraph,
  connectProvider,
  seedPaper,
  tokenOf,
  waitFor,
  waitForSynced,
  withDeadline,
} from "./local-helpers.ts";

const SERVER = fileURLToPath(new URL("./fixtures/server.ts", import.meta.url));
// tsx's loader in the server process itself: the tsx CLI would run the server in a grandchild
// that a SIGKILL to the child would leave behind.
const TSX_LOADER = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/loader.mjs"),
).href;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Start the server process; resolves with its port once it listens. */
async function startChild(file: string, port = 0): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, SERVER], {
    env: { ...process.env, COLLAB_DB: file, COLLAB_PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  const lines = createInterface({ input: child.stdout! });
  const listening = new Promise<number>((resolve, reject) => {
    lines.on("line", (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`server exited early (${code})`)));
  });
  return { child, port: await withDeadline(listening, "the server process to listen", 30_000) };
}

/** For each client id: the highest clock this doc has from it. */
function clocks(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

it("keeps every update other clients saw across a SIGKILL", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "accord-crash-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "accord.sqlite");
  const seeding = openSqliteStore({ file });
  await seedPaper(seeding, {
    paperId: "p1",
    collaborators: { ada: "LEAD", bo: "EDITOR", cy: "EDITOR" },
  });
  await seeding.close();

  const first = await startChild(file);
  const url = `ws://127.0.0.1:${first.port}/collab`;
  const clients: WebsocketProvider[] = ["ada", "bo", "cy"].map((memberId) => {
    const provider = connectProvider(url, "p1", tokenOf(memberId));
    cleanups.push(() => provider.destroy());
    return provider;
  });
  await Promise.all(clients.map((c) => waitForSynced(c)));

  // A burst: every client types as fast as the event loop lets it.
  let typing = true;
  let edits = 0;
  const bursts = clients.map(async (client, i) => {
    while (typing) {
      appendParagraph(client.doc, `client ${i} edit ${edits++}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  // Kill the server once the clients have received a good part of each other's work.
  const [ada] = clients as [WebsocketProvider];
  const fromOthers = (doc: Y.Doc) =>
    [...clocks(doc)].reduce((n, [id, clock]) => (id === doc.clientID ? n : n + clock), 0);
  await waitFor(
    "clients to exchange edits",
    () => fromOthers(ada.doc) > 1_500,
    [[ada.doc, "update"]],
    60_000,
  );
  first.child.kill("SIGKILL");
  await new Promise((resolve) => first.child.once("exit", resolve));
  const seen = clients.map((c) => clocks(c.doc));
  const ids = clients.map((c) => c.doc.clientID);
  // Keep editing a little while the server is down: offline edits.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  typing = false;
  await Promise.all(bursts);

  // Everything a client had from another client had been stored before it was sent.
  const afterCrash = openSqliteStore({ file });
  const stored = clocks(await loadDocument(afterCrash.documents, "p1"));
  await afterCrash.close();
  for (const [reader, state] of seen.entries()) {
    for (const [author, id] of ids.entries()) {
      if (author === reader) continue;
      expect(stored.get(id) ?? 0).toBeGreaterThanOrEqual(state.get(id) ?? 0);
    }
  }
  console.log(
    `crash: ${edits} edits typed; received from others at the kill: ${seen
      .map((_, i) => fromOthers(clients[i]!.doc))
      .join(", ")}; stored clocks: ${[...stored.values()].join(", ")}`,
  );

  // Restart on the same file and port; the stock clients reconnect by themselves.
  const second = await startChild(file, first.port);
  const body = (doc: Y.Doc) => doc.getXmlFragment("body").toString();
  const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString("base64");
  await waitFor(
    "clients to reconnect and converge",
    () =>
      clients.every((c) => c.synced) &&
      clients.every((c) => stateOf(c.doc) === stateOf(ada.doc)) &&
      clients.every((c) => body(c.doc) === body(ada.doc)),
    clients.flatMap((c) => [
      [c.doc, "update"] as [Y.Doc, string],
      [c, "sync"] as [WebsocketProvider, string],
    ]),
    60_000,
  );
  for (const client of clients) client.destroy();
  second.child.kill("SIGTERM");
  await new Promise((resolve) => second.child.once("exit", resolve));

  // And storage holds exactly what they converged on, offline edits included.
  const final = openSqliteStore({ file });
  cleanups.push(() => final.close());
  expect(body(await loadDocument(final.documents, "p1"))).toBe(body(ada.doc));
});
