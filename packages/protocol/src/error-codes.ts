// The codes the GraphQL API puts in `errors[].extensions.code`: the server maps its typed errors
// onto them, clients switch on them.

export const PUBLIC_ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "RATE_LIMITED",
  "INTERNAL_SERVER_ERROR",
] as const;

export type PublicErrorCode = (typeof PUBLIC_ERROR_CODES)[number];

/** A client's own code when no GraphQL answer came back (network failure, not GraphQL). */
export const NETWORK_ERROR = "NETWORK_ERROR";

export function isPublicErrorCode(code: unknown): code is PublicErrorCode {
  return typeof code === "string" && (PUBLIC_ERROR_CODES as readonly string[]).includes(code);
}
