// What the local server tells browsers about the web app: its runtime /config.json and the
// security headers that go with it (on the app's pages, /graphql and /healthz alike).

export const DEV_SIGN_IN_PATH = "/auth/dev/sign-in";

/** /config.json of this origin: its /graphql and /collab, with or without development sign-in. */
export function defaultRuntimeConfig(devSignIn: boolean): Record<string, unknown> {
  return {
    graphqlUrl: "/graphql",
    collabUrl: "/collab",
    collabTransport: "binary",
    auth: devSignIn
      ? { mode: "development", signInUrl: DEV_SIGN_IN_PATH }
      : { mode: "unconfigured" },
  };
}

/**
 * The same policy the CloudFront stack sends: the app's own origin, plus the origins of any
 * absolute API, live-editing or sign-in URL that config.json names.
 */
export function securityHeaders(config: Record<string, unknown>): Record<string, string> {
  const auth = (config.auth ?? {}) as Record<string, unknown>;
  const originOf = (url: unknown): string | null => {
    if (typeof url !== "string") return null;
    try {
      return new URL(url).origin;
    } catch {
      // A relative URL is this origin: 'self' covers it.
      return null;
    }
  };
  const signIn = originOf(auth.domain);
  const others = new Set(
    [originOf(config.graphqlUrl), originOf(config.collabUrl), signIn].filter(
      (origin): origin is string => origin !== null,
    ),
  );
  const connect = ["'self'", ...others].join(" ");
  const formAction = ["'self'", ...(signIn ? [signIn] : [])].join(" ");
  return {
    "content-security-policy":
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      `connect-src ${connect}; font-src 'self'; object-src 'none'; base-uri 'self'; ` +
      `form-action ${formAction}; frame-ancestors 'none'`,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
}

/**
 * The API explorer's policy (development only). GraphiQL runs Monaco, whose workers load from
 * this origin (worker-src 'self'); its fonts are inlined as data: URLs; its editors set inline
 * styles ('unsafe-inline' for styles only). No 'unsafe-eval', no other origin: the page works
 * with the network cut, and a CDN request would be refused here.
 */
export function explorerSecurityHeaders(): Record<string, string> {
  return {
    "content-security-policy":
      "default-src 'self'; script-src 'self'; worker-src 'self'; " +
      "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
      "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
      "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
}
