export { createDynamoClient, DEFAULT_MAX_ATTEMPTS, type DynamoClientOptions } from "./client.ts";
export { createDynamoStore, type DynamoStoreOptions } from "./store.ts";
export { isLogEntryKey } from "./stream.ts";
export { createTableInput, TABLE, TTL_ATTRIBUTE, timeToLiveInput } from "./table.ts";
