// The storage contract, unchanged, against DynamoDB Local: a fresh table per test, and "reopen"
// is a new store (a new process would build the same) over the same table.
import { describeStoreContract } from "@accord/storage/testing";
import { afterAll, beforeAll } from "vitest";
import { createDynamoStore } from "../src/index.ts";
import { type DynamoDbLocal, startDynamoDbLocal } from "../src/testing/index.ts";

let local: DynamoDbLocal | undefined;

beforeAll(async () => {
  local = await startDynamoDbLocal();
});

afterAll(async () => {
  await local?.stop();
});

describeStoreContract("dynamodb", async () => {
  if (!local) throw new Error("DynamoDB Local did not start");
  const { client } = local;
  const tableName = await local.createTable();
  return {
    store: createDynamoStore({ client, tableName }),
    reopen: async () => createDynamoStore({ client, tableName }),
    cleanup: () => local!.deleteTable(tableName),
  };
});
