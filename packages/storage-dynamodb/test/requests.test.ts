// The request budget of the live-editing hot path and of the main GraphQL reads, counted
// through the SDK middleware (deterministic: the count is what the adapter sends, not timing).
import {
  at,
  collaborator,
  compactOnce,
  connection,
  editor,
  group,
  member,
  paper,
} from "@accord/storage/testing";
import { type DynamoDbLocal, recordRequests, startDynamoDbLocal } from "@accord/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoClient, createDynamoStore } from "../src/index.ts";

let local: DynamoDbLocal;

beforeAll(async () => {
  local = await startDynamoDbLocal();
});

afterAll(async () => {
  await local?.stop();
});

async function open() {
  const client = createDynamoClient({ endpoint: local.endpoint });
  const recorder = recordRequests(client);
  const store = createDynamoStore({ client, tableName: await local.createTable() });
  return { store, recorder };
}

describe("live editing", () => {
  it("an update costs one write and one consistent query before fan-out", async () => {
    const { store, recorder } = await open();
    for (let i = 0; i < 5; i++) {
      await store.connections.put(connection(`c-${i}`, "p-1", `m-${i}`));
    }
    const author = editor();
    author.text.insert(0, "Joint statement on polar research.");
    const [update] = author.take();
    recorder.take();

    // What the collab core does per accepted update: make it durable, then find the audience.
    await store.documents.append("p-1", update!, { memberId: "m-1", at: new Date().toISOString() });
    const audience = await store.connections.listByPaper("p-1", new Date().toISOString());

    expect(audience).toHaveLength(5);
    expect(recorder.take().map(({ operation, consistent }) => ({ operation, consistent }))).toEqual(
      [
        { operation: "PutItem", consistent: false },
        { operation: "Query", consistent: true },
      ],
    );
  });

  it("loading a paper with a snapshot and a tail is one consistent query", async () => {
    const { store, recorder } = await open();
    const author = editor();
    author.text.insert(0, "Compacted part. ");
    for (const update of author.take()) {
      await store.documents.append("p-1", update, { memberId: "m-1", at: "t" });
    }
    await compactOnce(store, "p-1", { now: new Date().toISOString(), retainMs: 60_000 });
    author.text.insert(author.text.length, "Tail part.");
    for (const update of author.take()) {
      await store.documents.append("p-1", update, { memberId: "m-1", at: "t" });
    }
    recorder.take();

    const state = await store.documents.load("p-1");
    expect(state.snapshotVersion).toBe(1);
    expect(state.tail.length).toBeGreaterThan(0);
    expect(recorder.take().map((r) => [r.operation, r.consistent, r.indexName])).toEqual([
      ["Query", true, undefined],
    ]);
  });
});

describe("GraphQL reads", () => {
  it("get a paper, a page of 20 papers, its collaborators, 50 members: one request each", async () => {
    const { store, recorder } = await open();
    const ids = Array.from({ length: 50 }, (_, i) => `m-${String(i).padStart(2, "0")}`);
    for (const id of ids) await store.members.create(member(id));
    await store.workingGroups.create(group("g-1"), {
      workingGroupId: "g-1",
      memberId: "m-00",
      role: "CONVENER",
      addedAt: at(0),
    });
    for (let i = 0; i < 25; i++) {
      await store.papers.create(
        paper(`p-${i}`, "g-1", { createdAt: at(i) }),
        collaborator(`p-${i}`, "m-00", "LEAD"),
      );
    }
    for (const id of ids.slice(1, 6)) {
      await store.collaborators.add(collaborator("p-3", id, "EDITOR"));
    }
    recorder.take();

    expect((await store.papers.get("p-3"))?.id).toBe("p-3");
    expect(recorder.take().map((r) => [r.operation, r.consistent])).toEqual([["GetItem", true]]);

    const page = await store.papers.list({}, { first: 20 });
    expect(page.items).toHaveLength(20);
    expect(page.hasNextPage).toBe(true);
    expect(recorder.take().map((r) => [r.operation, r.indexName])).toEqual([["Query", "gsi1"]]);

    expect(await store.collaborators.listByPaper("p-3")).toHaveLength(6);
    expect(recorder.take().map((r) => [r.operation, r.consistent])).toEqual([["Query", true]]);

    expect((await store.members.getMany(ids)).every((m) => m !== null)).toBe(true);
    expect(recorder.take().map((r) => r.operation)).toEqual(["BatchGetItem"]);
  });
});
