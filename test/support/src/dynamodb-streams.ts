// What Lambda's event source mapping does for a DynamoDB stream, on DynamoDB Local: read every
// shard of the table's stream, keep the records the mapping's filter accepts, and invoke a
// stream handler with DynamoDBStreamEvent-shaped batches, retrying from the first failed
// record as ReportBatchItemFailures asks. serverless-local runs the compaction Lambda this way.
import type { EventPattern } from "@accord/infra/stream-filter";
import { matchesPattern } from "@accord/infra/stream-filter";
import type { AttributeValue as SdkAttributeValue } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type _Record as SdkRecord,
  type ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import type {
  AttributeValue,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";

export type StreamHandler = (
  event: DynamoDBStreamEvent,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint and the table whose stream is read. */
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Only records matching this pattern reach the handler (the mapping's FilterCriteria). */
  filter?: EventPattern;
  /** Where reading starts on the shards found at start (new shards always start at their beginning). */
  startingPosition?: "TRIM_HORIZON" | "LATEST";
  /** Records per invocation, at most (GetRecords' Limit). */
  batchSize?: number;
  /** Pause between rounds that found nothing new, in milliseconds. */
  pollIntervalMs?: number;
  /** Invocations of one batch before its records are given up (the mapping's retries + 1). */
  maxAttempts?: number;
  region?: string;
  /** Told about a batch that failed every attempt (on AWS: the on-failure destination). */
  onDeadLetter?: (event: DynamoDBStreamEvent, reason: string) => void;
}

export interface StreamPoller {
  /** Called after each invocation with the batch and what the handler answered. */
  onBatch(
    listener: (event: DynamoDBStreamEvent, response: DynamoDBBatchResponse) => void,
  ): () => void;
  /** Batches that failed every attempt. */
  readonly deadLetters: readonly DynamoDBStreamEvent[];
  /** Stop polling and wait for the round under way; idempotent. */
  stop(): Promise<void>;
}

interface Shard {
  id: string;
  iterator: string | undefined;
  /** The last record handed over (or given up), to resume after an expired iterator. */
  lastSequenceNumber: string | undefined;
  closed: boolean;
}

/** Lambda's events carry the stream's attribute values as JSON: binary as base64. */
function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString("base64") };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString("base64")) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaMap(value.M) ?? {} };
  // S, N, SS, NS, BOOL and NULL have the same JSON shape in both.
  return value as AttributeValue;
}

function toLambdaMap(
  map: Record<string, SdkAttributeValue> | undefined,
): Record<string, AttributeValue> | undefined {
  if (map === undefined) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, toLambdaValue(v)]));
}

/** A record as Lambda hands it to a function (eventSourceARN added, times in epoch seconds). */
export function toLambdaRecord(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const stream = record.dynamodb;
  const keys = toLambdaMap(stream?.Keys);
  const newImage = toLambdaMap(stream?.NewImage);
  const oldImage = toLambdaMap(stream?.OldImage);
  return {
    ...(record.eventID === undefined ? {} : { eventID: record.eventID }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
    ...(record.eventVersion === undefined ? {} : { eventVersion: record.eventVersion }),
    eventSource: record.eventSource ?? "aws:dynamodb",
    ...(record.awsRegion === undefined ? {} : { awsRegion: record.awsRegion }),
    dynamodb: {
      ...(stream?.ApproximateCreationDateTime === undefined
        ? {}
        : {
            ApproximateCreationDateTime: Math.floor(
              stream.ApproximateCreationDateTime.getTime() / 1000,
            ),
          }),
      ...(keys === undefined ? {} : { Keys: keys }),
      ...(newImage === undefined ? {} : { NewImage: newImage }),
      ...(oldImage === undefined ? {} : { OldImage: oldImage }),
      ...(stream?.SequenceNumber === undefined ? {} : { SequenceNumber: stream.SequenceNumber }),
      ...(stream?.SizeBytes === undefined ? {} : { SizeBytes: stream.SizeBytes }),
      ...(stream?.StreamViewType === undefined ? {} : { StreamViewType: stream.StreamViewType }),
    },
    eventSourceARN: streamArn,
  };
}

const isExpired = (error: unknown) =>
  error instanceof Error &&
  (error.name === "ExpiredIteratorException" || error.name === "TrimmedDataAccessException");

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = Math.min(Math.max(options.pollIntervalMs ?? 200, 10), 5_000);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: options.region ?? "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const listeners = new Set<
    (event: DynamoDBStreamEvent, response: DynamoDBBatchResponse) => void
  >();
  const deadLetters: DynamoDBStreamEvent[] = [];

  const listed = await client.send(new ListStreamsCommand({ TableName: options.tableName }));
  const streamArn = listed.Streams?.[0]?.StreamArn;
  if (streamArn === undefined) {
    client.destroy();
    throw new Error(
      `Table ${options.tableName} has no stream: create it from the shared definition ` +
        "(createTableInput enables a KEYS_ONLY stream).",
    );
  }

  /** Every shard seen, closed ones too: DescribeStream lists them until they are trimmed. */
  const shards = new Map<string, Shard>();
  let stopping = false;
  let wake: (() => void) | null = null;

  async function iteratorFor(shard: Shard, type: ShardIteratorType) {
    const answer = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.id,
        ShardIteratorType: type,
        ...(type === "AFTER_SEQUENCE_NUMBER" ? { SequenceNumber: shard.lastSequenceNumber } : {}),
      }),
    );
    shard.iterator = answer.ShardIterator;
    if (shard.iterator === undefined) shard.closed = true;
  }

  /** Find shards not seen yet (DynamoDB splits and rolls them over). */
  async function discover(first: boolean) {
    let exclusiveStartShardId: string | undefined;
    do {
      const described = await client.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(exclusiveStartShardId === undefined
            ? {}
            : { ExclusiveStartShardId: exclusiveStartShardId }),
        }),
      );
      for (const found of described.StreamDescription?.Shards ?? []) {
        if (found.ShardId === undefined || shards.has(found.ShardId)) continue;
        const shard: Shard = {
          id: found.ShardId,
          iterator: undefined,
          lastSequenceNumber: undefined,
          closed: false,
        };
        shards.set(shard.id, shard);
        await iteratorFor(
          shard,
          first ? (options.startingPosition ?? "TRIM_HORIZON") : "TRIM_HORIZON",
        );
      }
      exclusiveStartShardId = described.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
  }

  /**
   * Invoke the handler until the batch succeeds or runs out of attempts. As with
   * ReportBatchItemFailures on a stream, a retry starts at the earliest failed record.
   */
  async function deliver(records: DynamoDBRecord[]) {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const event: DynamoDBStreamEvent = { Records: pending };
      let response: DynamoDBBatchResponse;
      let reason: string;
      try {
        response = (await options.handler(event)) ?? { batchItemFailures: [] };
        reason = "batch item failures";
      } catch (error) {
        response = {
          batchItemFailures: [{ itemIdentifier: pending[0]?.dynamodb?.SequenceNumber ?? "" }],
        };
        reason = String(error);
      }
      for (const listener of listeners) listener(event, response);
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const from = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ""));
      if (failed.size === 0) return;
      const rest = from === -1 ? pending : pending.slice(from);
      if (attempt >= maxAttempts) {
        const given = { Records: rest };
        deadLetters.push(given);
        options.onDeadLetter?.(given, reason);
        return;
      }
      pending = rest;
    }
  }

  /** One GetRecords per open shard; true when any returned records. */
  async function round(): Promise<boolean> {
    let found = false;
    for (const shard of shards.values()) {
      if (shard.closed || shard.iterator === undefined || stopping) continue;
      let answer: GetRecordsCommandOutput;
      try {
        answer = await client.send(
          new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }),
        );
      } catch (error) {
        if (!isExpired(error)) throw error;
        await iteratorFor(
          shard,
          shard.lastSequenceNumber === undefined ? "TRIM_HORIZON" : "AFTER_SEQUENCE_NUMBER",
        );
        continue;
      }
      const records = answer.Records ?? [];
      shard.iterator = answer.NextShardIterator;
      if (shard.iterator === undefined) shard.closed = true;
      if (records.length === 0) continue;
      found = true;
      shard.lastSequenceNumber = records.at(-1)?.dynamodb?.SequenceNumber;
      const accepted = records
        .map((record) => toLambdaRecord(record, streamArn!))
        .filter((record) => options.filter === undefined || matchesPattern(options.filter, record));
      if (accepted.length > 0) await deliver(accepted);
    }
    return found;
  }

  await discover(true);

  const loop = (async () => {
    let rounds = 0;
    let closedShards = 0;
    while (!stopping) {
      let found = false;
      try {
        // A closed shard has children to read next; DynamoDB also opens shards over time.
        const closed = [...shards.values()].filter((shard) => shard.closed).length;
        if (++rounds % 20 === 0 || closed > closedShards) {
          closedShards = closed;
          await discover(false);
        }
        found = await round();
      } catch (error) {
        if (stopping) break;
        console.error("[stream-poller]", error);
      }
      if (found || stopping) continue;
      // A bounded pause that stop() cuts short.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    onBatch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    deadLetters,
    async stop() {
      stopping = true;
      (wake as (() => void) | null)?.();
      await loop;
      client.destroy();
    },
  };
}
