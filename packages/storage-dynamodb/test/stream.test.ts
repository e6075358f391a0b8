// The table's stream (KEYS_ONLY) as DynamoDB Local creates it, and which of its keys name a log
// append: what a compaction function listening to the stream relies on.
import { connection, editor } from "@accord/storage/testing";
import { DescribeTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoStore, isLogEntryKey } from "../src/index.ts";
import { type DynamoDbLocal, startDynamoDbLocal } from "../src/testing/index.ts";

let local: DynamoDbLocal;

beforeAll(async () => {
  local = await startDynamoDbLocal();
});

afterAll(async () => {
  await local?.stop();
});

describe("the table's stream", () => {
  it("is on, with keys only", async () => {
    const tableName = await local.createTable();
    const { Table } = await local.client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: "KEYS_ONLY",
    });
    expect(Table?.LatestStreamArn).toBeTruthy();
  });

  it("names the paper of each append once, whatever its size, and nothing else", async () => {
    const tableName = await local.createTable();
    const store = createDynamoStore({ client: local.client, tableName });
    const author = editor();
    author.text.insert(0, "Arctic shipping routes.");
    const at = new Date().toISOString();
    for (const update of author.take()) {
      await store.documents.append("p-1", update, { memberId: "m-1", at });
    }
    // Three items, one append.
    await store.documents.append("p#2", new Uint8Array(800_000), { memberId: null, at });
    await store.connections.put(connection("c-1", "p-1", "m-1"));
    await store.chunks.put({
      connectionId: "c-1",
      messageId: "msg-1",
      index: 0,
      total: 2,
      data: Uint8Array.of(1),
      expiresAt: "2999-01-01T00:00:00.000Z",
    });
    await store.documents.load("p-1");

    const keysOf = async () => {
      const { Items } = await local.client.send(new ScanCommand({ TableName: tableName }));
      return (Items ?? []).map((item) => ({ pk: item.pk?.S ?? "", sk: item.sk?.S ?? "" }));
    };
    const before = await keysOf();
    expect(before.filter((k) => k.sk.startsWith("DOC#LOG#"))).toHaveLength(4);
    expect(before.map(isLogEntryKey).filter((id) => id !== null)).toEqual(
      expect.arrayContaining(["p-1", "p#2"]),
    );
    expect(
      before
        .map(isLogEntryKey)
        .filter((id) => id !== null)
        .sort(),
    ).toEqual(["p#2", "p-1"]);

    // After a compaction the merged entries are retired copies: no longer appends.
    const { compactOnce } = await import("@accord/storage/testing");
    await compactOnce(store, "p-1", { now: new Date().toISOString(), retainMs: 60_000 });
    const after = await keysOf();
    expect(after.map(isLogEntryKey).filter((id) => id !== null)).toEqual(["p#2"]);
  });

  it("recognises keys by their shape", () => {
    const id = "01HZY3Q7M4V8K2J6N0P5R9T1WX";
    expect(isLogEntryKey({ pk: "PAPER#p-1", sk: `DOC#LOG#${id}` })).toBe("p-1");
    expect(isLogEntryKey({ pk: "PAPER#p-1", sk: `DOC#LOG#${id}.3` })).toBe("p-1");
    expect(isLogEntryKey({ pk: "PAPER#p-1", sk: `DOC#LOG#${id}.3#001` })).toBeNull();
    expect(isLogEntryKey({ pk: "PAPER#p-1", sk: "DOC#HEAD" })).toBeNull();
    expect(isLogEntryKey({ pk: "PAPER#p-1", sk: "DOC#META" })).toBeNull();
    expect(isLogEntryKey({ pk: "PAPER#p-1", sk: `RETIRED#LOG#${id}` })).toBeNull();
    expect(isLogEntryKey({ pk: "PAPER#p-1", sk: "CONN#c-1" })).toBeNull();
    expect(isLogEntryKey({ pk: "MEMBER#m-1", sk: `DOC#LOG#${id}` })).toBeNull();
    expect(isLogEntryKey({ pk: "PAPER#", sk: `DOC#LOG#${id}` })).toBeNull();
  });
});
