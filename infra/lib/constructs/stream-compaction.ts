// Compaction off the keystroke path: the table's stream (log appends only, by filter) feeds the
// compaction Lambda in batches; a batch that keeps failing is described in an SQS dead-letter
// queue. A keystroke appends and returns; it never waits for a compaction.

import { Duration, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { StageConfig } from "../config.ts";
import { LOG_APPEND_PATTERN } from "../stream-filter.ts";
import { AccordFunction } from "./accord-function.ts";
import { TABLE_ACTIONS } from "./grants.ts";

/** The event source mapping's filter: log appends only (see LOG_APPEND_PATTERN). */
export function logAppendFilter(): { pattern: string } {
  return { pattern: JSON.stringify(LOG_APPEND_PATTERN) };
}

export interface StreamCompactionProps {
  /** Absolute path of services/collab/src/lambda/compact.ts. */
  entry: string;
  repoRoot: string;
  config: StageConfig;
  /** The table, with its stream enabled (the shared definition's StreamSpecification). */
  table: dynamodb.Table;
}

export class StreamCompaction extends Construct {
  readonly compactor: AccordFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamCompactionProps) {
    super(scope, id);
    const { config, table } = props;
    const { compaction } = config;
    if (table.tableStreamArn === undefined) {
      throw new Error(
        "The table has no stream: compaction reads log appends from it " +
          "(StreamSpecification in packages/storage-dynamodb/src/table.ts).",
      );
    }

    this.compactor = new AccordFunction(this, "Compactor", {
      entry: props.entry,
      repoRoot: props.repoRoot,
      description: `Accord ${config.stage} collab compaction: merges long paper logs into snapshots`,
      config,
      sizing: config.functions.collabCompact,
      environment: { TABLE_NAME: table.tableName },
      otherWildcardReason:
        "The event source mapping reads the table's stream with this role, and " +
        "dynamodb:ListStreams supports no resource-level permissions either; DescribeStream, " +
        "GetShardIterator and GetRecords are limited to the table's stream.",
    });

    this.deadLetterQueue = new sqs.Queue(this, "DeadLetters", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(compaction.deadLetterRetentionDays),
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is the dead-letter destination itself (the compactor's on-failure " +
        "destination): it holds descriptions of stream batches that failed every retry, for an " +
        "operator to look at; nothing consumes it, so it needs no dead-letter queue of its own.",
    });

    // Paper partitions only: compaction reads and rewrites a paper's log, snapshot and attribution
    // items and writes its editing sessions to the paper's activity, all in the paper's partition
    // (no index, no member or connection item). Its writes other than log appends are filtered
    // out of the stream below, so they never feed the compactor back.
    this.compactor.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...TABLE_ACTIONS],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["PAPER#*"] },
        },
      }),
    );

    this.compactor.function.addEventSource(
      // Table declares some optional properties ITable has as `T | undefined`, which
      // exactOptionalPropertyTypes rejects; the object is the same.
      new DynamoEventSource(table as unknown as dynamodb.ITable, {
        // Every record the stream still holds: compaction is idempotent, so a redelivery costs
        // a cheap tail-length read at most.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: compaction.batchSize,
        maxBatchingWindow: Duration.seconds(compaction.maxBatchingWindowSeconds),
        bisectBatchOnError: true,
        retryAttempts: compaction.retryAttempts,
        maxRecordAge: Duration.seconds(compaction.maxRecordAgeSeconds),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [logAppendFilter()],
      }),
    );
  }
}
