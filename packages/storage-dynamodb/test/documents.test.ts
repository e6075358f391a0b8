// What the contract cannot see: how the document log sits in DynamoDB. Large updates and
// snapshots are split below the 400 KB item limit and written atomically, loads racing
// compactions never see half a snapshot, and retired items leave the live range with a TTL.
import {
  compactOnce,
  editor,
  materialize,
  paperVersion,
  random,
  randomText,
} from "@accord/storage/testing";
import { type AttributeValue, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoClient, createDynamoStore, TTL_ATTRIBUTE } from "../src/index.ts";
import { type DynamoDbLocal, startDynamoDbLocal } from "../src/testing/index.ts";

let local: DynamoDbLocal;

beforeAll(async () => {
  local = await startDynamoDbLocal();
});

afterAll(async () => {
  await local?.stop();
});

async function open() {
  const tableName = await local.createTable();
  const client = createDynamoClient({ endpoint: local.endpoint });
  return { tableName, store: createDynamoStore({ client, tableName }) };
}

type Raw = Record<string, AttributeValue>;

async function partition(tableName: string, pk: string): Promise<Raw[]> {
  const items: Raw[] = [];
  let start: Raw | undefined;
  do {
    const page = await local.client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: pk } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** DynamoDB's item size: attribute names plus values (binary and UTF-8 bytes). */
function itemBytes(item: Raw): number {
  const valueBytes = (value: AttributeValue): number => {
    if (value.S !== undefined) return Buffer.byteLength(value.S);
    if (value.B !== undefined) return value.B.byteLength;
    if (value.N !== undefined) return value.N.length;
    if (value.M !== undefined) return itemBytes(value.M) + 3;
    if (value.L !== undefined) return value.L.reduce((n, v) => n + valueBytes(v) + 1, 3);
    if (value.SS !== undefined) return value.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
    return 1;
  };
  return Object.entries(item).reduce(
    (n, [name, v]) => n + Buffer.byteLength(name) + valueBytes(v),
    0,
  );
}

async function everyItem(tableName: string): Promise<Raw[]> {
  const items: Raw[] = [];
  let start: Raw | undefined;
  do {
    const page = await local.client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe("item size", () => {
  it("splits a 1 MB update and a 1 MB version across items, each under 400 KB", async () => {
    const { tableName, store } = await open();
    const seed = 4242;
    const bytes = new Uint8Array(1024 * 1024);
    const next = random(seed);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);

    const entry = await store.documents.append("p-1", bytes, { memberId: null, at: "t" });
    const state = await store.documents.load("p-1");
    expect(state.tail).toHaveLength(1);
    expect(state.tail[0]?.id).toBe(entry.id);
    expect(Buffer.from(state.tail[0]!.update).equals(Buffer.from(bytes)), `SEED ${seed}`).toBe(
      true,
    );
    expect(await store.documents.tailLength("p-1")).toBe(1);
    const logItems = (await partition(tableName, "PAPER#p-1")).filter((i) =>
      i.sk?.S?.startsWith("DOC#LOG#"),
    );
    expect(logItems).toHaveLength(3);

    await store.versions.create(paperVersion("v-1", "p-1", { snapshot: bytes }));
    const version = await store.versions.get("v-1");
    expect(Buffer.from(version!.snapshot).equals(Buffer.from(bytes))).toBe(true);
    const listed = await store.versions.listByPaper("p-1", { first: 5 });
    expect(listed.items.map((v) => v.snapshot.byteLength)).toEqual([bytes.byteLength]);

    for (const item of await everyItem(tableName)) {
      expect(itemBytes(item), item.sk?.S).toBeLessThan(400 * 1024);
    }
  });

  it("leaves no chunk behind when a large version is refused", async () => {
    const { tableName, store } = await open();
    const big = new Uint8Array(800_000).fill(7);
    await store.versions.create(paperVersion("v-1", "p-1", { snapshot: big }));
    const before = (await partition(tableName, "PAPER#p-1")).length;
    await expect(
      store.versions.create(paperVersion("v-1", "p-1", { snapshot: big.fill(9) })),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await partition(tableName, "PAPER#p-1")).length).toBe(before);
    expect((await store.versions.get("v-1"))?.snapshot[0]).toBe(7);
  });
});

describe("compaction", () => {
  it("moves merged entries out of the live range, with a TTL in epoch seconds", async () => {
    const { tableName, store } = await open();
    const author = editor();
    author.text.insert(0, "Ocean observation networks.");
    for (const update of author.take()) {
      await store.documents.append("p-1", update, { memberId: "m-1", at: "t" });
    }
    const now = "2030-01-01T00:00:00.250Z";
    const { merged } = await compactOnce(store, "p-1", { now, retainMs: 1_000 });
    const items = await partition(tableName, "PAPER#p-1");
    const live = items.filter((i) => i.sk?.S?.startsWith("DOC#"));
    const retired = items.filter((i) => i.sk?.S?.startsWith("RETIRED#LOG#"));
    expect(live.map((i) => i.sk?.S)).toEqual(["DOC#HEAD", "DOC#META"]);
    expect(retired).toHaveLength(merged);
    for (const item of retired) {
      // Never removed before it expires: the TTL second is rounded up.
      expect(item[TTL_ATTRIBUTE]?.N).toBe(String(Math.ceil(Date.parse(now) / 1000) + 1));
    }
  });

  it("never lets a load see half a snapshot when a compaction lands between its pages", async () => {
    const { tableName, store: compactor } = await open();
    const seed = 77;
    const author = editor();
    // About 1.2 MB: a chunked snapshot, so a load needs more than one query page.
    author.text.insert(0, randomText(random(seed), 1_200_000));
    for (const update of author.take()) {
      await compactor.documents.append("p-1", update, { memberId: "m-1", at: "t" });
    }
    const now = new Date().toISOString();
    await compactOnce(compactor, "p-1", { now, retainMs: 0 });
    author.text.insert(0, "Preface. ");
    for (const update of author.take()) {
      await compactor.documents.append("p-1", update, { memberId: "m-1", at: "t" });
    }

    const { store: loader, gate, queries } = pausingStore(tableName);
    const paused = gate.arm();
    const loading = loader.documents.load("p-1");
    await paused.reached;
    // The pointer is read; its chunks are next. Retention 0: they leave the live range now.
    await compactOnce(compactor, "p-1", { now, retainMs: 0 });
    paused.release();
    const state = await loading;

    expect(state.snapshotVersion).toBe(2);
    expect(state.tail).toEqual([]);
    expect(materialize(state).getText("body").toString() === author.text.toString()).toBe(true);
    // It noticed the snapshot vanish under it and read again.
    expect(queries.length).toBeGreaterThan(2);
  });

  it("never returns merged entries beside the snapshot that merged them", async () => {
    const { tableName, store: compactor } = await open();
    const author = editor();
    // Over 1 MB of tail: the first query page holds log entries only.
    for (let i = 0; i < 12; i++) {
      author.text.insert(author.text.length, randomText(random(i), 100_000));
      for (const update of author.take()) {
        await compactor.documents.append("p-1", update, { memberId: "m-1", at: "t" });
      }
    }
    const { store: loader, gate } = pausingStore(tableName);
    const paused = gate.arm();
    const loading = loader.documents.load("p-1");
    await paused.reached;
    // Those entries are merged and retired before the load reaches the pointer.
    const { merged } = await compactOnce(compactor, "p-1", {
      now: new Date().toISOString(),
      retainMs: 60_000,
    });
    expect(merged).toBe(12);
    paused.release();
    const state = await loading;

    expect(state.snapshotVersion).toBe(1);
    expect(state.tail).toEqual([]);
    expect(materialize(state).getText("body").toString() === author.text.toString()).toBe(true);
  });
});

/** A store whose client can be held before its next follow-up query page (ExclusiveStartKey). */
function pausingStore(tableName: string) {
  const client = createDynamoClient({ endpoint: local.endpoint });
  const queries: unknown[] = [];
  let armed: { reached: () => void; released: Promise<void> } | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "QueryCommand") {
        queries.push(args.input);
        const hold = armed;
        if (hold && (args.input as { ExclusiveStartKey?: unknown }).ExclusiveStartKey) {
          armed = undefined;
          hold.reached();
          await hold.released;
        }
      }
      return next(args);
    },
    { step: "initialize", name: "accordPauseBetweenPages" },
  );
  const gate = {
    arm() {
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      armed = { reached, released };
      return { reached: reachedPromise, release };
    },
  };
  return { store: createDynamoStore({ client, tableName }), gate, queries };
}
