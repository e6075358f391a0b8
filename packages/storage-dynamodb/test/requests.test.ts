// The request budget of the live-editing hot path and of the main GraphQL reads, counted
// through the SDK middleware (deterministic: the count is what the adapter sends, not timing).
import {
  at,
  collaborator,
  compactOnce,
  connection,
  editor,
  FAR_FUTURE,
  group,
  member,
  paper,
} from "@accord/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoClient, createDynamoStore } from "../src/index.ts";
import {
  countAttempts,
  type DynamoDbLocal,
  recordRequests,
  startDynamoDbLocal,
} from "../src/testing/index.ts";

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
  // Every request sent, refused ones too (the recorder keeps only those that succeed).
  const sent = countAttempts(client);
  const store = createDynamoStore({ client, tableName: await local.createTable() });
  return { store, recorder, sent: { take: () => sent.splice(0) } };
}

describe("live editing", () => {
  it("a keystroke costs one request on its connection, one append and one consistent query", async () => {
    const { store, recorder } = await open();
    for (let i = 0; i < 5; i++) {
      await store.connections.put(connection(`c-${i}`, "p-1", `m-${i}`));
    }
    const author = editor();
    author.text.insert(0, "Joint statement on polar research.");
    const [update] = author.take();
    recorder.take();

    // What the collab core does per accepted update: count the frame and read the role, make the
    // update durable within the document limit, then find the audience.
    const arrival = await store.connections.arrive("c-1", 1_000);
    await store.documents.append(
      "p-1",
      update!,
      { memberId: "m-1", at: new Date().toISOString() },
      { maxBytes: 10_000_000 },
    );
    const audience = await store.connections.listByPaper("p-1", new Date().toISOString());

    expect(arrival?.connection.role).toBe("EDITOR");
    expect(audience).toHaveLength(5);
    expect(recorder.take().map(({ operation, consistent }) => ({ operation, consistent }))).toEqual(
      [
        { operation: "UpdateItem", consistent: false },
        { operation: "TransactWriteItems", consistent: false },
        { operation: "Query", consistent: true },
      ],
    );
  });

  it("an append refused by the document limit is one request too, and size is one read", async () => {
    const { store, sent } = await open();
    const at = new Date().toISOString();
    await store.documents.append("p-1", new Uint8Array(600), { memberId: "m-1", at });
    sent.take();
    await expect(
      store.documents.append(
        "p-1",
        new Uint8Array(500),
        { memberId: "m-1", at },
        { maxBytes: 1_000 },
      ),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(sent.take()).toEqual(["TransactWriteItems"]);
    // An update larger than the limit on its own is refused without asking DynamoDB.
    await expect(
      store.documents.append(
        "p-1",
        new Uint8Array(1_001),
        { memberId: "m-1", at },
        { maxBytes: 1_000 },
      ),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(sent.take()).toEqual([]);
    expect(await store.documents.size("p-1")).toBe(600);
    expect(sent.take()).toEqual(["GetItem"]);
    // An update spanning several items is still one transaction.
    await store.documents.append("p-1", new Uint8Array(800_000), { memberId: "m-1", at });
    expect(sent.take()).toEqual(["TransactWriteItems"]);
    expect(await store.documents.size("p-1")).toBe(800_600);
  });

  it("a frame on an unknown connection is one request", async () => {
    const { store, sent } = await open();
    expect(await store.connections.arrive("c-none", 1)).toBeNull();
    expect(sent.take()).toEqual(["UpdateItem"]);
  });

  it("a message in N chunks costs 2N writes and one query, linear in N", async () => {
    const { store, sent } = await open();
    const costs = [];
    for (const total of [3, 12, 40]) {
      sent.take();
      // Out of order: the last chunk first, the first chunk last.
      const order = Array.from({ length: total }, (_, i) => (i + total - 1) % total);
      let whole: Uint8Array | null = null;
      for (const index of order) {
        const result = await store.chunks.put({
          connectionId: "c-1",
          messageId: `msg-${total}`,
          index,
          total,
          data: Uint8Array.of(index),
          expiresAt: FAR_FUTURE,
        });
        if (result) whole = result;
      }
      expect(whole).toEqual(Uint8Array.from({ length: total }, (_, i) => i));
      const operations = sent.take();
      const count = (operation: string) => operations.filter((o) => o === operation).length;
      expect({ put: count("PutItem"), update: count("UpdateItem"), query: count("Query") }).toEqual(
        {
          put: total,
          update: total,
          query: 1,
        },
      );
      costs.push(operations.length);
      expect(operations.length).toBeLessThanOrEqual(2 * total + 2);

      // A repeated chunk (after completion here) is two requests and no read.
      await store.chunks.put({
        connectionId: "c-1",
        messageId: `msg-${total}`,
        index: 0,
        total,
        data: Uint8Array.of(0),
        expiresAt: FAR_FUTURE,
      });
      expect(sent.take()).toEqual(["PutItem", "UpdateItem"]);
    }
    expect(costs).toEqual([7, 25, 81]);
  });

  it("a repeated chunk of an unfinished message is two requests and no read", async () => {
    const { store, sent } = await open();
    const chunk = {
      connectionId: "c-1",
      messageId: "msg-1",
      index: 1,
      total: 3,
      data: Uint8Array.of(1),
      expiresAt: FAR_FUTURE,
    };
    expect(await store.chunks.put(chunk)).toBeNull();
    sent.take();
    expect(await store.chunks.put(chunk)).toBeNull();
    expect(sent.take()).toEqual(["PutItem", "UpdateItem"]);
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
