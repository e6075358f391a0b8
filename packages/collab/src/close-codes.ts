// Websocket close codes of the live-editing service: the boundary where errors become numbers.
import { isDomainError } from "@accord/domain";

export const CloseCode = {
  /** The server is shutting down; clients reconnect. */
  goingAway: 1001,
  /** Unexpected server failure; clients reconnect. */
  serverError: 1011,
  /** Malformed frame or message, or no paper named. */
  badRequest: 4400,
  /** No token, an invalid one, or it expired. */
  unauthenticated: 4401,
  /** Not a collaborator of an unpublished paper, or access revoked. */
  forbidden: 4403,
  /** No such paper. */
  notFound: 4404,
  /** Reserved: frozen papers stay open read-only rather than being closed. */
  frozen: 4409,
  /** A message, update or the document grew over its limit. */
  tooLarge: 4413,
  /** Too many messages per second, or too many connections to the paper. */
  rateLimited: 4429,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

export interface CloseReason {
  code: number;
  reason: string;
}

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
        return { code: CloseCode.frozen, reason: "paper frozen" };
      case "CONFLICT":
        return { code: CloseCode.serverError, reason: "server error" };
    }
  }
  return { code: CloseCode.serverError, reason: "server error" };
}
