// The identity token as a WebSocket subprotocol, so that it stays out of URLs (and so out of
// access logs, proxies and the stock provider's error messages). The client offers two
// subprotocols, the marker and the token; the server selects the marker, never the token.

/** The subprotocol a server selects when it took the token from the offer. */
export const TOKEN_SUBPROTOCOL = "accord.token";

/** The characters a subprotocol may hold (RFC 6455 §4.1: an RFC 2616 token); a JWT's all fit. */
const SUBPROTOCOL = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * What a client offers: `Sec-WebSocket-Protocol: accord.token, <jwt>`; the marker alone for no
 * token (the server then refuses with 4401). Throws a TypeError for a token that cannot be a
 * subprotocol, which no JWT is.
 */
export function tokenSubprotocols(token: string): string[] {
  if (token === "") return [TOKEN_SUBPROTOCOL];
  if (!SUBPROTOCOL.test(token)) {
    throw new TypeError("The token holds characters a WebSocket subprotocol may not: not a JWT.");
  }
  return [TOKEN_SUBPROTOCOL, token];
}

export interface OfferedToken {
  /** The marker was offered: the server must select TOKEN_SUBPROTOCOL to complete the handshake. */
  offered: boolean;
  /** The token that follows the marker; null when none does. */
  token: string | null;
}

/**
 * Read the token from the offered subprotocols: a `Sec-WebSocket-Protocol` header value (comma
 * separated, possibly repeated) or a list of them.
 */
export function tokenFromSubprotocols(
  offer: string | readonly string[] | Iterable<string> | null | undefined,
): OfferedToken {
  if (offer === null || offer === undefined) return { offered: false, token: null };
  const values = typeof offer === "string" ? [offer] : [...offer];
  const protocols = values
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
  const at = protocols.indexOf(TOKEN_SUBPROTOCOL);
  if (at < 0) return { offered: false, token: null };
  const token = protocols[at + 1];
  return { offered: true, token: token === undefined || token === "" ? null : token };
}
