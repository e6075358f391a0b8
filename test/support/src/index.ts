export * from "./apigw-emulator.ts";
export * from "./dynamodb-local.ts";
export * from "./dynamodb-streams.ts";
export * from "./serverless-local.ts";
