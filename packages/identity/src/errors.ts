// Turns every way a token can fail into UNAUTHENTICATED with a message a person can act on.
import { type DomainError, isDomainError, unauthenticated } from "@accord/domain";
import { errors } from "jose";

export function verificationError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  if (error instanceof errors.JWTExpired) {
    return unauthenticated("The token has expired; sign in again or mint a new one.");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return unauthenticated(`The token was refused: its "${error.claim}" claim is not accepted.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthenticated("The token's signature does not verify.");
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return unauthenticated("The token was signed with a key the issuer does not publish.");
  }
  if (error instanceof errors.JWKSTimeout) {
    return unauthenticated("The identity provider's keys could not be fetched in time; try again.");
  }
  if (error instanceof errors.JOSEError) {
    return unauthenticated("The token is malformed or not a signed JWT.");
  }
  return unauthenticated("The token could not be verified.");
}
