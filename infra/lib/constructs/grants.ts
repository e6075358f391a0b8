// Least-privilege table grant shared by the API stacks: the table and its named indexes only.

import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";

/**
 * DynamoDB actions of the storage adapter. Transactions need no actions of their own: IAM
 * authorizes TransactWriteItems/TransactGetItems through the Put/Update/Delete/ConditionCheck
 * and Get actions of their parts.
 */
export const TABLE_ACTIONS: readonly string[] = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

/** Read and write items of `table` and query its indexes, nothing else. */
export function grantTableAccess(
  grantee: iam.IGrantable,
  table: dynamodb.Table,
  indexNames: readonly string[],
): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: [...TABLE_ACTIONS],
    resourceArns: [
      table.tableArn,
      ...indexNames.map((indexName) => `${table.tableArn}/index/${indexName}`),
    ],
  });
}
