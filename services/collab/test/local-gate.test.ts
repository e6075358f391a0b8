// Who gets in: tokens, papers, collaborators, expiry.
import { CloseCode, encodeSyncStep1, encodeUpdate } from "@accord/protocol";
import { createMemoryStore } from "@accord/storage";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  appendParagraph,
  coordinatorTokenOf,
  ensureMember,
  kindOf,
  RawClient,
  seedPaper,
  startServer,
  tokenOf,
} from "./local-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const store = createMemoryStore();
  await seedPaper(store, { paperId: "draft", collaborators: { ada: "LEAD" } });
  await seedPaper(store, {
    paperId: "public",
    status: "PUBLISHED",
    collaborators: { ada: "LEAD" },
  });
  await ensureMember(store, "outsider");
  const server = await startServer({ store });
  cleanups.push(() => server.close());
  return { store, server };
}

async function connect(url: string) {
  const client = await RawClient.connect(url);
  cleanups.push(() => client.close());
  return client;
}

/** An update adding a paragraph, as an editor would send it. */
function someEdit(text: string) {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  return encodeUpdate(Y.encodeStateAsUpdate(doc));
}

describe("gate", () => {
  it.each([
    ["no token", "/draft", CloseCode.unauthenticated],
    ["an invalid token", "/draft?token=forged", CloseCode.unauthenticated],
    ["an expired token", "/draft?token=expires-1000-sub-ada", CloseCode.unauthenticated],
    ["an unknown paper", `/nope?token=${tokenOf("ada")}`, CloseCode.notFound],
    // A paper one may not see is answered exactly like a missing one (as GraphQL's NOT_FOUND).
    [
      "a draft they do not collaborate on",
      `/draft?token=${tokenOf("outsider")}`,
      CloseCode.notFound,
    ],
    [
      "a draft, as someone seen for the first time",
      "/draft?token=valid-stranger",
      CloseCode.notFound,
    ],
    ["no paper at all", `?token=${tokenOf("ada")}`, CloseCode.badRequest],
  ])("closes a connection with %s", async (_case, suffix, code) => {
    const { server } = await setup();
    const client = await connect(`${server.url}${suffix}`);
    expect((await client.closed).code).toBe(code);
  });

  it("lets a collaborator in and syncs", async () => {
    const { server } = await setup();
    const client = await connect(`${server.url}/draft?token=${tokenOf("ada")}`);
    await client.next("sync step 1", (m) => kindOf(m)[0] === 0 && kindOf(m)[1] === 0);
  });

  it.each([
    ["anyone signed in, on a published paper", "public", tokenOf("outsider")],
    ["someone seen for the first time, on a published paper", "public", "valid-stranger"],
    ["a coordinator (by the token), on a draft", "draft", coordinatorTokenOf("outsider")],
    ["the lead, on a published (frozen) paper", "public", tokenOf("ada")],
  ])("gives %s read-only access", async (_case, paperId, token) => {
    const { store, server } = await setup();
    const client = await connect(`${server.url}/${paperId}?token=${token}`);
    client.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await client.next("sync step 2", (m) => kindOf(m)[0] === 0 && kindOf(m)[1] === 1);
    client.send(someEdit("not allowed"));
    await client.next("permission denied", (m) => kindOf(m)[0] === 2 && kindOf(m)[1] === 0);
    expect((await store.documents.load(paperId)).tail).toHaveLength(0);
  });

  it("closes a connection with 4401 when its token expires", async () => {
    const { server } = await setup();
    const client = await connect(`${server.url}/draft?token=expires-${Date.now() + 300}-sub-ada`);
    await client.next("sync step 1", (m) => kindOf(m)[0] === 0);
    expect((await client.closed).code).toBe(CloseCode.unauthenticated);
  });
});
