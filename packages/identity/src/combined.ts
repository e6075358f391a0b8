// One authenticator over several issuers: the token's own `iss` picks which one verifies it.
import { unauthenticated } from "@accord/domain";
import { decodeJwt } from "jose";
import type { Authenticator } from "./identity.ts";

export function createIssuerRouter(
  byIssuer: Readonly<Record<string, Authenticator>>,
): Authenticator {
  return {
    async verify(token) {
      let issuer: string | undefined;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        throw unauthenticated("The token is malformed or not a signed JWT.");
      }
      const authenticator = issuer === undefined ? undefined : byIssuer[issuer];
      if (!authenticator) {
        throw unauthenticated(`Tokens from issuer "${issuer ?? "(none)"}" are not accepted here.`);
      }
      return authenticator.verify(token);
    },
  };
}
