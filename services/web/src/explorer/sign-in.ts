// Whose token the explorer sends: the web app's session (same origin, same localStorage), read
// anew for every request so a sign-in in another tab, or an expiry, shows up at once.
import type { Session } from "../app/session.ts";

export type ExplorerSignIn =
  | { state: "signed-in"; name: string; token: string }
  | { state: "expired"; name: string }
  | { state: "signed-out" };

/** `expired` comes from the app's isExpired, so the two never disagree on the margin. */
export function explorerSignIn(session: Session | null, expired: boolean): ExplorerSignIn {
  if (!session) return { state: "signed-out" };
  if (expired) return { state: "expired", name: session.name };
  return { state: "signed-in", name: session.name, token: session.token };
}

/**
 * The request headers: those typed in GraphiQL's headers editor, plus the signed-in person's
 * `Authorization: Bearer` unless the editor names an Authorization header itself (an empty one
 * sends the request without a token).
 */
export function requestHeaders(
  edited: Record<string, unknown> | undefined,
  signIn: ExplorerSignIn,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(edited ?? {})) {
    if (value === undefined || value === null) continue;
    headers[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const named = Object.keys(headers).some((name) => name.toLowerCase() === "authorization");
  if (!named && signIn.state === "signed-in") headers.Authorization = `Bearer ${signIn.token}`;
  return headers;
}

/** The sentence above the explorer: who the requests run as, and how to change it. */
export function signInNote(signIn: ExplorerSignIn): { text: string; link: boolean } {
  switch (signIn.state) {
    case "signed-in":
      return {
        text: `Signed in as ${signIn.name}: every request carries your token (Authorization: Bearer …) unless the headers below name an Authorization header.`,
        link: false,
      };
    case "expired":
      return {
        text: `Your sign-in as ${signIn.name} has expired: requests go without a token, and the schema (Docs, completion) is for signed-in members. Sign in again in the web app, then reload this page.`,
        link: true,
      };
    case "signed-out":
      return {
        text: "Not signed in: requests go without a token, as an anonymous visitor's would, and the schema (Docs, completion) is for signed-in members. Sign in in the web app, then reload this page.",
        link: true,
      };
  }
}
