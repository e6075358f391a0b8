// The DynamoDB table, built from the storage adapter's own table definition (the same
// CreateTable input the adapter uses against DynamoDB Local), so keys and indexes exist once.

import type { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";

type Maybe<T> = T | undefined;

interface KeySchemaElement {
  AttributeName?: Maybe<string>;
  KeyType?: Maybe<string>;
}

interface Projection {
  ProjectionType?: Maybe<string>;
  NonKeyAttributes?: Maybe<string[]>;
}

interface SecondaryIndex {
  IndexName?: Maybe<string>;
  KeySchema?: Maybe<KeySchemaElement[]>;
  Projection?: Maybe<Projection>;
}

/** The part of a DynamoDB CreateTable input that describes keys and indexes. */
export interface TableDefinition {
  KeySchema?: Maybe<KeySchemaElement[]>;
  AttributeDefinitions?: Maybe<{ AttributeName?: Maybe<string>; AttributeType?: Maybe<string> }[]>;
  GlobalSecondaryIndexes?: Maybe<SecondaryIndex[]>;
  LocalSecondaryIndexes?: Maybe<SecondaryIndex[]>;
  StreamSpecification?: Maybe<{ StreamEnabled?: Maybe<boolean>; StreamViewType?: Maybe<string> }>;
}

export interface AccordTableProps {
  definition: TableDefinition;
  /** Attribute holding an epoch-seconds expiry; DynamoDB deletes expired items. */
  timeToLiveAttribute: string;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
}

const ATTRIBUTE_TYPES: Record<string, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const STREAM_VIEW_TYPES: Record<string, dynamodb.StreamViewType> = {
  KEYS_ONLY: dynamodb.StreamViewType.KEYS_ONLY,
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
  OLD_IMAGE: dynamodb.StreamViewType.OLD_IMAGE,
  NEW_AND_OLD_IMAGES: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
};

const PROJECTION_TYPES: Record<string, dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
};

/** Keys of the table and of each index, as CDK attributes. */
export interface MappedTableDefinition {
  partitionKey: dynamodb.Attribute;
  sortKey?: dynamodb.Attribute;
  globalIndexes: dynamodb.GlobalSecondaryIndexProps[];
  localIndexes: dynamodb.LocalSecondaryIndexProps[];
  /** The table's stream (what the compactor reads), when the definition enables one. */
  stream?: dynamodb.StreamViewType;
}

/** Translate a CreateTable input into CDK table and index props; throws on anything unknown. */
export function mapTableDefinition(definition: TableDefinition): MappedTableDefinition {
  const types = new Map<string, dynamodb.AttributeType>();
  for (const attribute of definition.AttributeDefinitions ?? []) {
    const type = ATTRIBUTE_TYPES[attribute.AttributeType ?? ""];
    if (attribute.AttributeName === undefined || type === undefined) {
      throw new Error(`Unsupported attribute definition ${JSON.stringify(attribute)}`);
    }
    types.set(attribute.AttributeName, type);
  }
  const keys = (schema: Maybe<KeySchemaElement[]>, owner: string) => {
    const attribute = (keyType: string): dynamodb.Attribute | undefined => {
      const name = schema?.find((element) => element.KeyType === keyType)?.AttributeName;
      if (name === undefined) return undefined;
      const type = types.get(name);
      if (type === undefined) throw new Error(`${owner}: key ${name} has no attribute definition`);
      return { name, type };
    };
    const partitionKey = attribute("HASH");
    if (partitionKey === undefined) throw new Error(`${owner}: no HASH key`);
    const sortKey = attribute("RANGE");
    return sortKey === undefined ? { partitionKey } : { partitionKey, sortKey };
  };
  const projection = (index: SecondaryIndex) => {
    const type = PROJECTION_TYPES[index.Projection?.ProjectionType ?? "ALL"];
    if (type === undefined) throw new Error(`Unsupported projection on ${index.IndexName}`);
    const nonKey = index.Projection?.NonKeyAttributes;
    return type === dynamodb.ProjectionType.INCLUDE && nonKey !== undefined
      ? { projectionType: type, nonKeyAttributes: nonKey }
      : { projectionType: type };
  };
  const indexName = (index: SecondaryIndex) => {
    if (index.IndexName === undefined) throw new Error("A secondary index has no IndexName");
    return index.IndexName;
  };
  const streamSpecification = definition.StreamSpecification;
  let stream: dynamodb.StreamViewType | undefined;
  if (streamSpecification?.StreamEnabled) {
    stream = STREAM_VIEW_TYPES[streamSpecification.StreamViewType ?? ""];
    if (stream === undefined) {
      throw new Error(`Unsupported stream view type ${streamSpecification.StreamViewType}`);
    }
  }
  return {
    ...keys(definition.KeySchema, "table"),
    ...(stream === undefined ? {} : { stream }),
    globalIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({
      indexName: indexName(index),
      ...keys(index.KeySchema, indexName(index)),
      ...projection(index),
    })),
    localIndexes: (definition.LocalSecondaryIndexes ?? []).map((index) => {
      const { sortKey } = keys(index.KeySchema, indexName(index));
      if (sortKey === undefined) throw new Error(`${indexName(index)}: an LSI needs a RANGE key`);
      return { indexName: indexName(index), sortKey, ...projection(index) };
    }),
  };
}

/** On-demand, point-in-time-recoverable table with TTL, from the shared definition. */
export class AccordTable extends Construct {
  readonly table: dynamodb.Table;
  /** Names of the global secondary indexes, for index-scoped IAM grants. */
  readonly indexNames: string[];

  constructor(scope: Construct, id: string, props: AccordTableProps) {
    super(scope, id);
    const mapped = mapTableDefinition(props.definition);
    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: mapped.partitionKey,
      ...(mapped.sortKey === undefined ? {} : { sortKey: mapped.sortKey }),
      ...(mapped.stream === undefined ? {} : { stream: mapped.stream }),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: props.timeToLiveAttribute,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const index of mapped.globalIndexes) this.table.addGlobalSecondaryIndex(index);
    for (const index of mapped.localIndexes) this.table.addLocalSecondaryIndex(index);
    this.indexNames = [
      ...mapped.globalIndexes.map((index) => index.indexName),
      ...mapped.localIndexes.map((index) => index.indexName),
    ];
  }
}
