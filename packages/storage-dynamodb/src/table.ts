// The one DynamoDB table of Accord, as plain data: the CDK stack and the DynamoDB Local launcher
// both build the table from this, so the adapter, the cloud and the tests never disagree.
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** Attribute holding the expiry of an item, in epoch seconds (DynamoDB TTL). */
export const TTL_ATTRIBUTE = "expiresAt";

export interface KeyAttribute {
  name: string;
  type: "S";
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Every index projects whole items: lists return the entities themselves. */
  projection: "ALL";
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: readonly IndexDefinition[];
  timeToLiveAttribute: string;
  billingMode: "PAY_PER_REQUEST";
  pointInTimeRecovery: boolean;
  /**
   * The table's change stream: keys only, since a reader (the compaction function) needs only to
   * learn which paper's log grew (`isLogEntryKey`), and loads the document itself.
   */
  stream: { viewType: "KEYS_ONLY" };
}

/**
 * gsi1 orders whole collections (members by name, working groups by name, papers newest first);
 * gsi2 orders the papers of one working group. Everything else is read from the base table with
 * strongly consistent reads (README.md has the access-pattern table).
 */
export const TABLE: TableDefinition = Object.freeze({
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
  globalSecondaryIndexes: Object.freeze([
    {
      indexName: "gsi1",
      partitionKey: { name: "gsi1pk", type: "S" },
      sortKey: { name: "gsi1sk", type: "S" },
      projection: "ALL",
    },
    {
      indexName: "gsi2",
      partitionKey: { name: "gsi2pk", type: "S" },
      sortKey: { name: "gsi2sk", type: "S" },
      projection: "ALL",
    },
  ] as const),
  timeToLiveAttribute: TTL_ATTRIBUTE,
  billingMode: "PAY_PER_REQUEST",
  pointInTimeRecovery: true,
  stream: Object.freeze({ viewType: "KEYS_ONLY" }),
} as const);

/** The CreateTable request for `tableName` (TTL and PITR are separate calls: see below). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    TABLE.partitionKey,
    TABLE.sortKey,
    ...TABLE.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: TABLE.billingMode,
    AttributeDefinitions: keyAttributes.map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey.name, KeyType: "HASH" },
      { AttributeName: TABLE.sortKey.name, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: "HASH" },
        { AttributeName: index.sortKey.name, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: index.projection },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream.viewType },
  };
}

/** The UpdateTimeToLive request that switches TTL on for `tableName`. */
export function timeToLiveInput(tableName: string) {
  return {
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
  };
}
