// What tests and benchmarks of any package use to run against a real DynamoDB: the DynamoDB
// Local launcher with Accord's table, request recording and fault injection.
export * from "./dynamodb-local.ts";
