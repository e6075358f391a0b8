// OAuth 2.0 authorization code flow with PKCE (RFC 7636) against the Cognito Hosted UI. A
// public client in a browser has no secret: the verifier, kept in sessionStorage between the
// redirect out and the redirect back, proves that the code is ours.

export interface PkceClient {
  /** Hosted UI base URL, no trailing slash. */
  domain: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export interface PendingSignIn {
  state: string;
  verifier: string;
  /** Where in the app to go once signed in. */
  returnTo: string;
}

export class SignInError extends Error {
  override name = "SignInError";
}

/** The storage the flow needs between redirects; sessionStorage in the browser. */
export interface PendingStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PENDING_KEY = "accord.pkce";

export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** 32 random bytes: a 43-character verifier, inside RFC 7636's 43..128. */
export function createVerifier(random: (bytes: Uint8Array) => Uint8Array = randomBytes): string {
  return base64Url(random(new Uint8Array(32)));
}

export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function randomBytes(bytes: Uint8Array): Uint8Array {
  return crypto.getRandomValues(bytes);
}

export function authorizeUrl(client: PkceClient, challenge: string, state: string): string {
  const url = new URL(`${client.domain}/oauth2/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", client.redirectUri);
  url.searchParams.set("scope", client.scopes.join(" "));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", challenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

export function logoutUrl(client: PkceClient, logoutUri: string): string {
  const url = new URL(`${client.domain}/logout`);
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("logout_uri", logoutUri);
  return url.toString();
}

/** Remember verifier and state, and give the URL to send the browser to. */
export async function beginSignIn(
  client: PkceClient,
  store: PendingStore,
  returnTo: string,
): Promise<string> {
  const pending: PendingSignIn = { state: createVerifier(), verifier: createVerifier(), returnTo };
  store.setItem(PENDING_KEY, JSON.stringify(pending));
  return authorizeUrl(client, await challengeOf(pending.verifier), pending.state);
}

/** Trade the code that came back on `callbackUrl` for tokens. */
export async function completeSignIn(
  client: PkceClient,
  store: PendingStore,
  callbackUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ tokens: TokenSet; returnTo: string }> {
  const params = new URL(callbackUrl).searchParams;
  const failure = params.get("error");
  if (failure) {
    const detail = params.get("error_description");
    throw new SignInError(`Sign-in was refused (${failure}${detail ? `: ${detail}` : ""}).`);
  }
  const stored = store.getItem(PENDING_KEY);
  store.removeItem(PENDING_KEY);
  if (!stored) throw new SignInError("This sign-in was not started here; start again.");
  const pending = JSON.parse(stored) as PendingSignIn;
  const code = params.get("code");
  if (!code) throw new SignInError("The sign-in answer has no code; start again.");
  if (params.get("state") !== pending.state) {
    throw new SignInError("The sign-in answer does not match the request; start again.");
  }
  const tokens = await requestTokens(
    client,
    {
      grant_type: "authorization_code",
      client_id: client.clientId,
      code,
      redirect_uri: client.redirectUri,
      code_verifier: pending.verifier,
    },
    fetchImpl,
  );
  return { tokens, returnTo: pending.returnTo };
}

/** New ID and access tokens without a redirect, while the refresh token lasts. */
export async function refreshTokens(
  client: PkceClient,
  refreshToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<TokenSet> {
  const tokens = await requestTokens(
    client,
    { grant_type: "refresh_token", client_id: client.clientId, refresh_token: refreshToken },
    fetchImpl,
  );
  // Cognito does not rotate refresh tokens by default: keep using the one we have.
  return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
}

async function requestTokens(
  client: PkceClient,
  form: Record<string, string>,
  fetchImpl: typeof fetch,
): Promise<TokenSet> {
  let response: Response;
  try {
    response = await fetchImpl(`${client.domain}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
  } catch {
    throw new SignInError("Cannot reach the sign-in service; check your connection.");
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const reason = typeof body.error === "string" ? body.error : `status ${response.status}`;
    throw new SignInError(`The sign-in service refused the request (${reason}); sign in again.`);
  }
  if (typeof body.id_token !== "string" || typeof body.access_token !== "string") {
    throw new SignInError("The sign-in service answered without tokens; sign in again.");
  }
  return {
    idToken: body.id_token,
    accessToken: body.access_token,
    expiresIn: typeof body.expires_in === "number" ? body.expires_in : 3600,
    ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token } : {}),
  };
}
