// One paper on the local server (memory store), honest editors who must never notice what an
// attacking raw client sends, and what storage holds: the setting of the local limits, fuzz and
// convergence tests.
import type { Limits, PaperRole } from "@accord/domain";
import { createMemoryStore, type Store } from "@accord/storage";
import { afterEach } from "vitest";
import * as Y from "yjs";
import {
  connectProvider,
  kindOf,
  RawClient,
  seedPaper,
  startServer,
  type TestServer,
  testLimits,
  tokenOf,
  waitForSynced,
} from "./local-helpers.ts";

export const PAPER = "p1";

/** Tasks run after each test, last registered first. Call at the top of a test file. */
export function cleanupAfterEach(): (...tasks: (() => Promise<void> | void)[]) => void {
  const tasks: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (tasks.length) await tasks.pop()!();
  });
  return (...added) => {
    tasks.push(...added);
  };
}

/** A memory store holding PAPER with these collaborators, served until the test ends. */
export async function servePaper(
  cleanup: ReturnType<typeof cleanupAfterEach>,
  options: { collaborators: Record<string, PaperRole>; limits?: Limits },
): Promise<{ store: Store; server: TestServer }> {
  const store = createMemoryStore();
  await seedPaper(store, { paperId: PAPER, collaborators: options.collaborators });
  const server = await startServer({ store, limits: options.limits ?? testLimits() });
  cleanup(() => server.close());
  return { store, server };
}

/** ada and bo editing through stock providers, synced; `dropped()` counts their lost sockets. */
export async function honestEditors(
  cleanup: ReturnType<typeof cleanupAfterEach>,
  server: TestServer,
) {
  const a = connectProvider(server.url, PAPER, tokenOf("ada"));
  const b = connectProvider(server.url, PAPER, tokenOf("bo"));
  cleanup(
    () => a.destroy(),
    () => b.destroy(),
  );
  await Promise.all([waitForSynced(a), waitForSynced(b)]);
  let dropped = 0;
  a.on("connection-close", () => dropped++);
  b.on("connection-close", () => dropped++);
  return { a, b, dropped: () => dropped };
}

/** A raw client of `memberId`, once the server sent its sync step 1. Closing it is the caller's. */
export async function rawClient(server: TestServer, memberId: string): Promise<RawClient> {
  const client = await RawClient.connect(`${server.url}/${PAPER}?token=${tokenOf(memberId)}`);
  await client.next("server sync step 1", (m) => kindOf(m)[0] === 0);
  return client;
}

/** The document as storage holds it: snapshot, then the tail. */
export async function storedDocument(store: Store): Promise<Y.Doc> {
  const stored = await store.documents.load(PAPER);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const entry of stored.tail) Y.applyUpdate(doc, entry.update);
  return doc;
}
