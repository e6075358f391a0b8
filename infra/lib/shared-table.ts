// The table definition shared with the storage adapter and the DynamoDB Local launcher.

import { createTableInput, TTL_ATTRIBUTE } from "@accord/storage-dynamodb/table";
import type { SharedTable } from "./stacks/data-stack.ts";

export function accordSharedTable(): SharedTable {
  // CloudFormation names the table; only keys and indexes are taken from the CreateTable input.
  return { definition: createTableInput("accord"), timeToLiveAttribute: TTL_ATTRIBUTE };
}
