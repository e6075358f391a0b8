// Who is calling: the facts Accord takes from a verified identity token.
import { unauthenticated } from "@accord/domain";

export interface Identity {
  /**
   * Unambiguous across issuers and stored on Member.subject. Local tokens use the bare
   * username (local usernames cannot contain "#"); tokens of any other issuer use
   * `<issuer>#<sub>`, so the same `sub` from two issuers never names the same member.
   */
  subject: string;
  /** A human name for a first display name: name, preferred/Cognito username. */
  name?: string;
  email?: string;
  /** The issuer vouches for `email` (`email_verified`): invitations by email match only then. */
  emailVerified?: boolean;
  /**
   * The username invitations by username match: the subject of local tokens, `cognito:username`
   * of Cognito tokens; absent for other issuers.
   */
  username?: string;
  /** In the "coordinators" group of the token (cognito:groups or groups). */
  coordinator: boolean;
  /** When the token expires, in milliseconds since the epoch; null when it never does. */
  expiresAt: number | null;
}

export interface Authenticator {
  /** Resolves the identity of a bearer token; DomainError UNAUTHENTICATED when it is not valid. */
  verify(token: string): Promise<Identity>;
}

export const LOCAL_ISSUER = "accord-local";
export const LOCAL_AUDIENCE = "accord";
export const COORDINATORS_GROUP = "coordinators";

/** The token of an `Authorization: Bearer <token>` header; null when there is no header. */
export function bearerToken(header: string | null | undefined): string | null {
  if (header === null || header === undefined || header.trim() === "") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match?.[1]) {
    throw unauthenticated('The Authorization header must be "Bearer <token>".');
  }
  return match[1];
}

/** A claim value of a verified token or of API Gateway's authorizer context. */

export type Claims = Readonly<Record<string, unknown>>;

/**
 * Groups from `cognito:groups` or `groups`. JWT claims carry an array; API Gateway's JWT
 * authorizer flattens arrays into a string such as "[coordinators editors]".
 */
export function groupsOf(claims: Claims): string[] {
  const raw = claims["cognito:groups"] ?? claims.groups;
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === "string");
  if (typeof raw === "string") {
    return raw
      .replace(/^\[|\]$/g, "")
      .split(/[\s,]+/)
      .filter((g) => g !== "");
  }
  return [];
}

const stringClaim = (claims: Claims, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};

/** Seconds since the epoch, from a number or a numeric string (API Gateway sends strings). */
const secondsClaim = (claims: Claims, name: string): number | null => {
  const value = claims[name];
  const seconds = typeof value === "string" ? Number(value) : value;
  return typeof seconds === "number" && Number.isFinite(seconds) ? seconds : null;
};

/** Build an Identity from claims that have already been verified (by us or by API Gateway). */
export function identityFromClaims(claims: Claims): Identity {
  const issuer = stringClaim(claims, "iss");
  const sub = stringClaim(claims, "sub");
  if (!issuer || !sub) throw unauthenticated("The token has no issuer or subject.");
  const identity: Identity = {
    subject: issuer === LOCAL_ISSUER ? sub : `${issuer}#${sub}`,
    coordinator: groupsOf(claims).includes(COORDINATORS_GROUP),
    expiresAt: (() => {
      const exp = secondsClaim(claims, "exp");
      return exp === null ? null : exp * 1000;
    })(),
  };
  const name =
    stringClaim(claims, "name") ??
    stringClaim(claims, "preferred_username") ??
    stringClaim(claims, "cognito:username") ??
    stringClaim(claims, "username");
  if (name) identity.name = name;
  const email = stringClaim(claims, "email");
  if (email) identity.email = email;
  // API Gateway's authorizer context carries every claim as a string.
  if (email && (claims.email_verified === true || claims.email_verified === "true")) {
    identity.emailVerified = true;
  }
  const username = issuer === LOCAL_ISSUER ? sub : stringClaim(claims, "cognito:username");
  if (username) identity.username = username;
  return identity;
}
