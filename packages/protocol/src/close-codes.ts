// Websocket close codes of live editing, and what they become where a close cannot be sent (the
// HTTP status of a refused API Gateway handshake).
//
// The stock y-websocket provider (3.x) never reconnects after a code in 4400–4499 and reconnects
// with backoff after anything else. So 44xx is kept for refusals that reconnecting cannot fix,
// and every transient refusal (rate, busy, shutting down) is a 45xx code.

export const CloseCode = {
  /** Unexpected server failure; clients reconnect. */
  serverError: 1011,
  /** Malformed frame or message, or no paper named. */
  badRequest: 4400,
  /** No token, an invalid one, or it expired. */
  unauthenticated: 4401,
  /** Access to the paper was revoked while connected. */
  forbidden: 4403,
  /** No such paper, or one the caller may not see (as GraphQL's NOT_FOUND). */
  notFound: 4404,
  /** A message, update or the document grew over its limit. */
  tooLarge: 4413,
  /** The server is shutting down, restarting or too busy; reconnect (with backoff). */
  restarting: 4503,
  /**
   * The server could not store an edit because its storage is full (a full disk, a quota or a
   * file-size limit); it still serves reads. Reconnect with backoff: the edit is sent again by
   * the reconnection's sync once there is room.
   */
  storageFull: 4507,
  /** Too many messages per second, or too many connections to the paper; reconnect later. */
  rateLimited: 4529,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

export interface CloseReason {
  code: number;
  reason: string;
}

/** True when a client should give up rather than reconnect (the stock provider's convention). */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** The HTTP status of a refused handshake (API Gateway `$connect` answers with a status). */
export function httpStatusFor(close: CloseReason): number {
  switch (close.code) {
    case CloseCode.badRequest:
      return 400;
    case CloseCode.unauthenticated:
      return 401;
    case CloseCode.forbidden:
      return 403;
    case CloseCode.notFound:
      return 404;
    case CloseCode.tooLarge:
      return 413;
    case CloseCode.rateLimited:
      return 429;
    case CloseCode.restarting:
      return 503;
    case CloseCode.storageFull:
      return 507;
    default:
      return 500;
  }
}

/** The close code a refused handshake's HTTP status stands for (httpStatusFor, backwards). */
export function closeCodeForHttpStatus(status: number): number {
  for (const code of Object.values(CloseCode)) {
    if (code !== CloseCode.serverError && httpStatusFor({ code, reason: "" }) === status) {
      return code;
    }
  }
  return CloseCode.serverError;
}
