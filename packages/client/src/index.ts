// Typed GraphQL operations (generated from graphql/schema and src/operations) and a client
// to send them.
export * from "./generated/graphql.ts";
export {
  type AccordClient,
  type AccordErrorCode,
  type AccordErrorEntry,
  AccordGraphQLError,
  type ClientOptions,
  createClient,
} from "./graphql-client.ts";
// Live editing: the API Gateway WebSocket transport for the stock y-websocket provider.
export * from "./transport/index.ts";
