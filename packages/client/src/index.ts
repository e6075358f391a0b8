// Typed GraphQL operations (generated from graphql/schema and src/operations) and a client
// to send them.

// The codes a caller switches on: the API's public set and this client's transport failure.
export {
  isPublicErrorCode,
  NETWORK_ERROR,
  PUBLIC_ERROR_CODES,
  type PublicErrorCode,
} from "@accord/protocol";
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
