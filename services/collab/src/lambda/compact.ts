// Lambda entry point of the compactor: DynamoDB stream batches of log appends in, each paper's
// log merged into its snapshot, the records of failed papers reported for a retry.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { compactorFromEnv } from "./env.ts";

const compactor = compactorFromEnv(process.env);

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  compactor(event);
