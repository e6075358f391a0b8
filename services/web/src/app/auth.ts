// Signing in and out: the development sign-in of the local server, or Cognito's Hosted UI.
import type { CognitoAuth, RuntimeConfig } from "./config.ts";
import {
  beginSignIn,
  completeSignIn,
  logoutUrl,
  type PkceClient,
  refreshTokens,
  SignInError,
} from "./pkce.ts";
import {
  clearSession,
  currentSession,
  isExpired,
  type Session,
  saveSession,
  sessionFromToken,
} from "./session.ts";

export { SignInError };

function pkceClient(auth: CognitoAuth): PkceClient {
  return {
    domain: auth.domain,
    clientId: auth.clientId,
    redirectUri: new URL(auth.redirectPath, window.location.origin).toString(),
    scopes: auth.scopes,
  };
}

/** Local development only: the server mints a token for any username. */
export async function signInDevelopment(config: RuntimeConfig, username: string): Promise<Session> {
  if (config.auth.mode !== "development") throw new SignInError("Development sign-in is off.");
  let response: Response;
  try {
    response = await fetch(config.auth.signInUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username }),
    });
  } catch {
    throw new SignInError("Cannot reach the server. Check that it is running and try again.");
  }
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; message?: unknown };
  if (!response.ok || typeof body.token !== "string") {
    throw new SignInError(
      typeof body.message === "string" ? body.message : "The server refused the sign-in.",
    );
  }
  const session = sessionFromToken(body.token);
  saveSession(session);
  return session;
}

/** Send the browser to the Hosted UI; it comes back to the callback path. */
export async function startCognitoSignIn(config: RuntimeConfig, returnTo: string): Promise<void> {
  if (config.auth.mode !== "cognito") throw new SignInError("Cognito sign-in is not configured.");
  window.location.assign(
    await beginSignIn(pkceClient(config.auth), window.sessionStorage, returnTo),
  );
}

export async function completeCognitoSignIn(config: RuntimeConfig): Promise<string> {
  if (config.auth.mode !== "cognito") throw new SignInError("Cognito sign-in is not configured.");
  const { tokens, returnTo } = await completeSignIn(
    pkceClient(config.auth),
    window.sessionStorage,
    window.location.href,
  );
  // The ID token names the person; API Gateway's JWT authorizer accepts it (aud = client id).
  saveSession(sessionFromToken(tokens.idToken, tokens.refreshToken));
  return returnTo;
}

/**
 * A token good for the next request: the stored one, a refreshed one (Cognito), or null when
 * the person has to sign in again.
 */
export async function usableToken(config: RuntimeConfig): Promise<string | null> {
  const session = currentSession();
  if (!session) return null;
  if (!isExpired(session)) return session.token;
  if (config.auth.mode === "cognito" && session.refreshToken) {
    try {
      const tokens = await refreshTokens(pkceClient(config.auth), session.refreshToken);
      const next = sessionFromToken(tokens.idToken, tokens.refreshToken);
      saveSession(next);
      return next.token;
    } catch {
      return null;
    }
  }
  return null;
}

export function signOut(config: RuntimeConfig): void {
  clearSession();
  if (config.auth.mode === "cognito") {
    window.location.assign(logoutUrl(pkceClient(config.auth), `${window.location.origin}/`));
  }
}
