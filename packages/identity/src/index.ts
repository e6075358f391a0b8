export { createIssuerRouter } from "./combined.ts";
export { verificationError } from "./errors.ts";
export {
  type Authenticator,
  bearerToken,
  type Claims,
  COORDINATORS_GROUP,
  groupsOf,
  type Identity,
  identityFromClaims,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
} from "./identity.ts";
export {
  acceptInvitation,
  acceptInvitationsOf,
  type InvitationPorts,
  invitationNames,
  inviteesOf,
  openInvitationsOf,
} from "./invitations.ts";
export {
  createLocalAuthenticator,
  DEV_KEY_FILE,
  type DevSigningKey,
  loadOrCreateDevSigningKey,
  type MintOptions,
  mintLocalToken,
  parseDuration,
} from "./local.ts";
export { defaultDisplayName, type IdentityStore, memberOfIdentity } from "./member.ts";
export { checkAudience, cognitoIssuer, createOidcAuthenticator, type OidcOptions } from "./oidc.ts";
