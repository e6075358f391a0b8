export * from "./apigw-emulator.ts";
