// The identity token as a WebSocket subprotocol, so that it stays out of URLs (and so out of
// access logs, proxies and the stock provider's error messages). The client offers two
// subprotocols, the marker and the token; the server selects the marker, never the token.

/** The subprotocol a server selects when it took the token from the offer. */
export const TOKEN_SUBPROTOCOL = "accord.token";

/** What a client offers: `Sec-WebSocket-Protocol: accord.token, <jwt>`. */
export function tokenSubprotocols(token: string): [string, string] {
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
