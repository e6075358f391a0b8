export * from "@accord/storage-dynamodb/testing";
export * from "./apigw-emulator.ts";
export * from "./dynamodb-streams.ts";
export * from "./serverless-local.ts";
