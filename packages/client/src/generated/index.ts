// generated from graphql/schema/*.graphql and packages/client/src/operations/*.graphql by `pnpm codegen`; do not edit.
/* eslint-disable */
export * from "./gql";