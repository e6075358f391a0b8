// The one place errors become GraphQL errors: domain codes map onto the public set, anything
// unexpected is masked (and logged elsewhere with the request id).

import { type ErrorCode, isDomainError } from "@accord/domain";
import { isPublicErrorCode, type PublicErrorCode } from "@accord/protocol";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

const DOMAIN_TO_PUBLIC: Record<ErrorCode, PublicErrorCode> = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "BAD_USER_INPUT",
  // A frozen paper is a state conflict: the same request was fine before publication.
  FROZEN: "CONFLICT",
  // Refused to every caller alike on this deployment, and no retry helps: the nearest public
  // code is FORBIDDEN; `reason: UNAVAILABLE` tells it from a role that does not allow it.
  UNAVAILABLE: "FORBIDDEN",
};

/** Domain codes a client can only tell apart by `extensions.reason`. */
const REASON_CODES: ReadonlySet<ErrorCode> = new Set([
  "FROZEN",
  "PAYLOAD_TOO_LARGE",
  "UNAVAILABLE",
]);

/** Errors of the request itself (Apollo's and graphql-js's codes): the client must fix them. */
const REQUEST_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

export const MASKED_MESSAGE = "Something went wrong on our side; it has been logged.";

/** What a client reads when its request failed with an exception rather than a GraphQL error. */
export const MASKED_PARSE_MESSAGE =
  "The query could not be parsed: it is malformed or nested too deeply.";
export const MASKED_REQUEST_MESSAGE = "The request is not valid.";

/**
 * Whether an error carries the text of an exception (a RangeError from the parser's recursion,
 * a TypeError) anywhere down its chain: such text describes our process, not the request.
 */
function carriesExceptionText(error: unknown): boolean {
  let current: unknown = error;
  for (let hops = 0; current && hops < 10; hops++) {
    if (!(current instanceof GraphQLError)) {
      return current instanceof Error && !isDomainError(current);
    }
    current = current.originalError;
  }
  return false;
}

export type ErrorKind = "domain" | "public" | "request" | "unexpected";

/** What kind of error this is, after unwrapping the resolver wrapper. */
export function classify(error: unknown): ErrorKind {
  const original = unwrapResolverError(error);
  if (isDomainError(original)) return "domain";
  if (original instanceof GraphQLError) {
    const code = original.extensions.code;
    if (isPublicErrorCode(code)) {
      return code === "INTERNAL_SERVER_ERROR" && original.originalError ? "unexpected" : "public";
    }
    if (typeof code === "string" && REQUEST_CODES.has(code)) return "request";
    // graphql-js's own errors (e.g. variable coercion) carry no code and no original error.
    if (code === undefined && !original.originalError) return "request";
    return original.originalError && !(original.originalError instanceof GraphQLError)
      ? "unexpected"
      : "public";
  }
  return "unexpected";
}

export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const kind = classify(error);
  const base: GraphQLFormattedError = {
    message: formatted.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (kind === "domain" && isDomainError(original)) {
    return {
      ...base,
      message: original.message,
      extensions: {
        ...original.details,
        code: DOMAIN_TO_PUBLIC[original.code],
        ...(REASON_CODES.has(original.code) ? { reason: original.code } : {}),
      },
    };
  }
  if (kind === "request") {
    const code = formatted.extensions?.code;
    if (carriesExceptionText(original)) {
      return {
        message: code === "GRAPHQL_PARSE_FAILED" ? MASKED_PARSE_MESSAGE : MASKED_REQUEST_MESSAGE,
        extensions: {
          code: "BAD_USER_INPUT",
          ...(typeof code === "string" && code !== "BAD_USER_INPUT" ? { reason: code } : {}),
        },
      };
    }
    // A rule of ours names its own reason (e.g. QUERY_TOO_COMPLEX); graphql-js's rules do not.
    const reason = formatted.extensions?.reason;
    return {
      ...base,
      extensions: {
        code: "BAD_USER_INPUT",
        ...(typeof reason === "string"
          ? { reason }
          : typeof code === "string" && code !== "BAD_USER_INPUT"
            ? { reason: code }
            : {}),
      },
    };
  }
  if (kind === "public") {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions };
  }
  return {
    message: MASKED_MESSAGE,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}
