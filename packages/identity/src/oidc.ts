// Tokens from any OIDC issuer (Cognito in the AWS deployment), checked against its JWKS.
import { unauthenticated } from "@accord/domain";
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import { verificationError } from "./errors.ts";
import { type Authenticator, type Identity, identityFromClaims } from "./identity.ts";

export interface OidcOptions {
  /** Exact `iss` of the tokens, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc. */
  issuer: string;
  /** Where the issuer publishes its keys; default `<issuer>/.well-known/jwks.json` (Cognito's). */
  jwksUrl?: string;
  /**
   * Accepted audiences (app client ids). ID tokens carry them in `aud`; Cognito access tokens
   * carry `client_id` instead, which is checked in that case. Empty accepts any audience.
   */
  audiences: readonly string[];
  /** Clock for tests. */
  now?: () => Date;
}

export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export function createOidcAuthenticator(options: OidcOptions): Authenticator {
  const jwksUrl = new URL(
    options.jwksUrl ?? `${options.issuer.replace(/\/$/, "")}/.well-known/jwks.json`,
  );
  const keys = createRemoteJWKSet(jwksUrl, { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  return {
    async verify(token: string): Promise<Identity> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          requiredClaims: ["sub", "exp"],
          algorithms: ["RS256", "RS384", "RS512", "ES256", "ES384", "EdDSA"],
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (error) {
        throw verificationError(error);
      }
      checkAudience(payload, options.audiences);
      return identityFromClaims(payload);
    },
  };
}

/** Exported for the API Gateway path, whose authorizer already checked `aud` (not `client_id`). */
export function checkAudience(
  claims: Readonly<Record<string, unknown>>,
  audiences: readonly string[],
) {
  if (audiences.length === 0) return;
  const aud = claims.aud;
  const tokenAudiences =
    typeof aud === "string"
      ? [aud]
      : Array.isArray(aud)
        ? aud.filter((a) => typeof a === "string")
        : [];
  if (tokenAudiences.length > 0) {
    if (tokenAudiences.some((a) => audiences.includes(a))) return;
    throw unauthenticated("The token was issued for another application (audience).");
  }
  const clientId = claims.client_id;
  if (typeof clientId === "string" && audiences.includes(clientId)) return;
  throw unauthenticated("The token was issued for another application (client_id).");
}
