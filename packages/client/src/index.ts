// Typed GraphQL operations (generated from graphql/schema and src/operations).
export * from "./generated/graphql.ts";
export * from "./transport/index.ts";
