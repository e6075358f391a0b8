// The stateful part: the one DynamoDB table. It outlives every other stack, so it has its own
// lifecycle (RETAIN and deletion protection in prod).

import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type { Construct } from "constructs";
import type { StageConfig } from "../config.ts";
import { AccordTable, type TableDefinition } from "../constructs/accord-table.ts";

/** The storage adapter's table definition and its TTL attribute. */
export interface SharedTable {
  definition: TableDefinition;
  timeToLiveAttribute: string;
}

export interface DataStackProps extends StackProps {
  config: StageConfig;
  sharedTable: SharedTable;
}

export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly indexNames: string[];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Never rename this construct: a new logical id means a new, empty table.
    const accordTable = new AccordTable(this, "Accord", {
      definition: props.sharedTable.definition,
      timeToLiveAttribute: props.sharedTable.timeToLiveAttribute,
      removalPolicy: config.removalPolicy,
      deletionProtection: config.deletionProtection,
    });
    this.table = accordTable.table;
    this.indexNames = accordTable.indexNames;
    new CfnOutput(this, "TableName", {
      description: "DynamoDB table holding every paper, member, connection and update log",
      value: this.table.tableName,
    });
  }
}
