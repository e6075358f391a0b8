// Thin helpers over the document client: paginated queries, batch calls that finish their
// unprocessed parts, transactions whose cancellations become DomainErrors, and conditional
// writes that recognise their own earlier attempt after an ambiguous failure.
import { randomBytes } from "node:crypto";
import { conflict, type DomainError } from "@accord/domain";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";

/** An item as the document client reads and writes it. */
export type Item = Record<string, NativeAttributeValue>;
export interface Key {
  pk: string;
  sk: string;
}
export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** A raw (marshalled) item, as DynamoDB returns it inside errors. */
export type RawItem = Record<string, AttributeValue>;

export interface CancellationReason {
  Code?: string | undefined;
  Item?: RawItem | undefined;
}

export interface Db {
  doc: DynamoDBDocumentClient;
  table: string;
  /** Epoch milliseconds. */
  now(): number;
}

/** Largest binary payload per item: the rest of the 400 KB item limit is left for keys. */
export const PART_BYTES = 350_000;

export const newToken = () => randomBytes(9).toString("base64url");

/** Epoch seconds for the TTL attribute: never before the exact expiry. */
export const ttlSeconds = (epochMs: number) => Math.ceil(epochMs / 1000);

export async function getItem(db: Db, key: Key): Promise<Item | undefined> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }),
  );
  return result.Item;
}

/** Every page of a query, in order. */
export async function* queryPages(
  db: Db,
  input: Omit<QueryCommandInput, "TableName">,
): AsyncGenerator<{ items: Item[]; lastKey: Item | undefined }> {
  let start = input.ExclusiveStartKey;
  for (;;) {
    const result = await db.doc.send(
      new QueryCommand({
        ...input,
        TableName: db.table,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    yield { items: result.Items ?? [], lastKey: result.LastEvaluatedKey };
    if (!result.LastEvaluatedKey) return;
    start = result.LastEvaluatedKey;
  }
}

export async function queryAll(db: Db, input: Omit<QueryCommandInput, "TableName">) {
  const items: Item[] = [];
  for await (const page of queryPages(db, input)) items.push(...page.items);
  return items;
}

/** Strongly consistent reads of the base table by primary key. */
export async function queryPartition(db: Db, pk: string, skPrefix: string): Promise<Item[]> {
  return queryAll(db, {
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix },
    ConsistentRead: true,
  });
}

export async function countPartition(
  db: Db,
  pk: string,
  skPrefix: string,
  filter?: { expression: string; names?: Record<string, string>; values: Record<string, unknown> },
): Promise<number> {
  let count = 0;
  let start: Item | undefined;
  for (;;) {
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix, ...filter?.values },
        ...(filter ? { FilterExpression: filter.expression } : {}),
        ...(filter?.names ? { ExpressionAttributeNames: filter.names } : {}),
        Select: "COUNT",
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += result.Count ?? 0;
    if (!result.LastEvaluatedKey) return count;
    start = result.LastEvaluatedKey;
  }
}

const keyString = (key: Key) => `${key.pk}\u0000${key.sk}`;

/**
 * BatchGetItem, strongly consistent, 100 keys a request, retrying unprocessed keys with
 * backoff (the SDK retries failed requests, not partly served ones). Result keyed by pk+sk.
 */
export async function batchGet(db: Db, keys: readonly Key[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [keyString(k), k])).values()];
  const groups: Key[][] = [];
  for (let i = 0; i < unique.length; i += 100) groups.push(unique.slice(i, i + 100));
  await Promise.all(
    groups.map(async (group) => {
      let pending: Item[] = group.map((k) => ({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        if (attempt > 10) throw new Error("DynamoDB kept keys of a BatchGetItem unprocessed.");
        const result = await db.doc.send(
          new BatchGetCommand({
            RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        for (const item of result.Responses?.[db.table] ?? []) {
          found.set(keyString(item as Key), item);
        }
        pending = result.UnprocessedKeys?.[db.table]?.Keys ?? [];
      }
    }),
  );
  return found;
}

export const lookup = (found: Map<string, Item>, key: Key) => found.get(keyString(key));

export type WriteRequest = { put: Item } | { delete: Key };

/** BatchWriteItem, 25 requests at a time, finishing unprocessed ones with backoff. */
export async function batchWrite(db: Db, requests: readonly WriteRequest[]): Promise<void> {
  const groups: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) groups.push(requests.slice(i, i + 25));
  await eachLimited(groups, 4, async (group) => {
    let pending = group.map((r) =>
      "put" in r ? { PutRequest: { Item: r.put } } : { DeleteRequest: { Key: r.delete } },
    );
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      if (attempt > 10) throw new Error("DynamoDB kept requests of a BatchWriteItem unprocessed.");
      const result = await db.doc.send(
        new BatchWriteCommand({ RequestItems: { [db.table]: pending } }),
      );
      pending = (result.UnprocessedItems?.[db.table] ?? []) as typeof pending;
    }
  });
}

/**
 * TransactWriteItems. A cancellation caused by a failed condition becomes the DomainError that
 * `explain` picks from the reasons (CONFLICT when it picks none). Cancellations caused only by
 * a concurrent transaction on the same items are retried a few times, then CONFLICT. The SDK
 * sends one ClientRequestToken for all its own retries, so a retry of a transaction that did
 * commit succeeds instead of failing its conditions. `attempts` (default 5) bounds the tries.
 */
export async function transact(
  db: Db,
  items: TransactItem[],
  explain: (reasons: CancellationReason[]) => DomainError | undefined = () => undefined,
  options: { attempts?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons.some((r) => r.Code === "ConditionalCheckFailed")) {
        throw explain(reasons) ?? conflict("The change collided with another one; try again.");
      }
      const retryable = reasons.some(
        (r) =>
          r.Code === "TransactionConflict" ||
          r.Code === "ThrottlingError" ||
          r.Code === "ProvisionedThroughputExceeded",
      );
      if (!retryable) throw error;
      if (attempt >= attempts - 1) {
        throw conflict("The change collided with concurrent changes; try again.");
      }
      await backoff(attempt + 1);
    }
  }
}

export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== "TransactionCanceledException") return undefined;
  return (
    (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []
  );
}

export function isConditionalFailure(error: unknown): error is Error & { Item?: RawItem } {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/**
 * Outcome of a conditional single-item write. Each write carries a fresh `writeId`; when the
 * condition fails and the stored item holds our own `writeId`, an earlier attempt of this very
 * call (retried by the SDK after a lost response) succeeded.
 */
export type Conditional = { ok: true } | { ok: false; old: RawItem | undefined };

export async function conditionalPut(
  db: Db,
  input: Omit<PutCommandInput, "TableName" | "ReturnValuesOnConditionCheckFailure">,
): Promise<Conditional> {
  const writeId = newToken();
  try {
    await db.doc.send(
      new PutCommand({
        ...input,
        TableName: db.table,
        Item: { ...input.Item, writeId },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { ok: true };
  } catch (error) {
    return failedCondition(error, writeId);
  }
}

export async function conditionalUpdate(
  db: Db,
  input: Omit<UpdateCommandInput, "TableName" | "ReturnValuesOnConditionCheckFailure">,
): Promise<Conditional> {
  const writeId = newToken();
  try {
    await db.doc.send(
      new UpdateCommand({
        ...input,
        TableName: db.table,
        UpdateExpression: `${input.UpdateExpression}, writeId = :writeId`,
        ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ":writeId": writeId },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { ok: true };
  } catch (error) {
    return failedCondition(error, writeId);
  }
}

function failedCondition(error: unknown, writeId: string): Conditional {
  if (!isConditionalFailure(error)) throw error;
  if (error.Item?.writeId?.S === writeId) return { ok: true };
  return { ok: false, old: error.Item };
}

/** Run `work` over `inputs` with at most `limit` in flight. */
export async function eachLimited<T>(
  inputs: readonly T[],
  limit: number,
  work: (input: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, inputs.length) }, async () => {
    while (next < inputs.length) {
      const input = inputs[next++] as T;
      await work(input);
    }
  });
  await Promise.all(lanes);
}

/** Exponential backoff with full jitter, capped at 2 s. */
export function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(2_000, 50 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
