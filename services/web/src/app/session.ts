// The signed-in person's token, kept in localStorage so a reload (or a sign-in redirect) keeps it.

export interface Session {
  token: string;
  /** Milliseconds since the epoch; null when the token does not say. */
  expiresAt: number | null;
  /** Cognito refresh token, when the sign-in gave one. */
  refreshToken?: string;
  /** Who the token names, for the header until `me` answers. */
  name: string;
}

const KEY = "accord.session";

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

/** The payload of a JWT, unverified: the server verifies; the app only reads names and expiry. */
export function readClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const base64 = payload.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function sessionFromToken(token: string, refreshToken?: string): Session {
  const claims = readClaims(token);
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : null;
  const name = [
    claims.name,
    claims.preferred_username,
    claims["cognito:username"],
    claims.sub,
  ].find((value): value is string => typeof value === "string" && value !== "");
  return {
    token,
    expiresAt: exp,
    name: name ?? "Signed in",
    ...(refreshToken ? { refreshToken } : {}),
  };
}

export function currentSession(): Session | null {
  try {
    const stored = localStorage.getItem(KEY);
    if (!stored) return null;
    const parsed = JSON.parse(stored) as Session;
    return typeof parsed.token === "string" ? parsed : null;
  } catch {
    return null;
  }
}

export function isExpired(session: Session, now = Date.now()): boolean {
  // A few seconds of margin: a token that expires in flight fails all the same.
  return session.expiresAt !== null && session.expiresAt - 5_000 <= now;
}

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
  for (const listener of listeners) listener(session);
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
  for (const listener of listeners) listener(null);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Another tab signing in or out is this tab's news too.
window.addEventListener("storage", (event) => {
  if (event.key !== KEY) return;
  const session = currentSession();
  for (const listener of listeners) listener(session);
});
