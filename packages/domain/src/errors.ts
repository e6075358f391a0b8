// Typed domain errors. Boundaries (GraphQL, websocket close codes, HTTP) translate `code`.
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "FROZEN"
  /** A feature this deployment does not offer (e.g. exports with nowhere to put the files). */
  | "UNAVAILABLE";

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Extra, client-safe facts (e.g. the offending field). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export const unauthenticated = (
  message = "Sign in to continue: the token is missing, invalid or expired.",
) => new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const notFound = (what: string, id: string) =>
  new DomainError("NOT_FOUND", `No ${what} with id "${id}".`, { what, id });
export const badInput = (field: string, message: string) =>
  new DomainError("BAD_USER_INPUT", message, { field });
export const unavailable = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("UNAVAILABLE", message, details);
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("CONFLICT", message, details);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
