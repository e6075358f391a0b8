// Where typed errors become close codes: the boundary of the live-editing service.
import { isDomainError } from "@accord/domain";
import { CloseCode, type CloseReason } from "@accord/protocol";

/** Translate any error into the close code a client sees; unexpected errors say nothing more. */
export function closeReasonFor(error: unknown): CloseReason {
  if (isDomainError(error)) {
    switch (error.code) {
      case "UNAUTHENTICATED":
        return { code: CloseCode.unauthenticated, reason: "not authenticated" };
      case "FORBIDDEN":
        return { code: CloseCode.forbidden, reason: "forbidden" };
      case "NOT_FOUND":
        return { code: CloseCode.notFound, reason: "no such paper" };
      case "BAD_USER_INPUT":
        return { code: CloseCode.badRequest, reason: "bad request" };
      case "PAYLOAD_TOO_LARGE":
        return { code: CloseCode.tooLarge, reason: "too large" };
      case "RATE_LIMITED":
        return { code: CloseCode.rateLimited, reason: "rate limited" };
      case "FROZEN":
        return { code: CloseCode.forbidden, reason: "paper frozen" };
      case "CONFLICT":
        return { code: CloseCode.serverError, reason: "server error" };
    }
  }
  return { code: CloseCode.serverError, reason: "server error" };
}
