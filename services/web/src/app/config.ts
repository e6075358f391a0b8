// Runtime settings, read from /config.json so that one build serves every deployment: the
// local server writes development values, the AWS static-site stack writes the stack outputs.

export interface DevelopmentAuth {
  mode: "development";
  /** POST { username } here for a token; the local server only. */
  signInUrl: string;
}

export interface CognitoAuth {
  mode: "cognito";
  /** Hosted UI base URL, e.g. https://accord-dev.auth.eu-west-1.amazoncognito.com */
  domain: string;
  clientId: string;
  userPoolId: string;
  region: string;
  /** Path of this app that Cognito redirects back to with the code. */
  redirectPath: string;
  scopes: string[];
}

export interface RuntimeConfig {
  graphqlUrl: string;
  /** ws:// or wss:// URL of live editing; relative paths resolve against the page. */
  collabUrl: string;
  /** "binary" for the local server, "apigateway" for AWS; "auto" decides by the URL. */
  collabTransport: "auto" | "binary" | "apigateway";
  auth: DevelopmentAuth | CognitoAuth;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Check and complete what /config.json holds; relative URLs become absolute. */
export function parseRuntimeConfig(value: unknown, base: string): RuntimeConfig {
  if (typeof value !== "object" || value === null) {
    throw new ConfigError("config.json is not an object.");
  }
  const raw = value as Record<string, unknown>;
  const text = (key: string, from: Record<string, unknown> = raw): string => {
    const entry = from[key];
    if (typeof entry !== "string" || entry === "") {
      throw new ConfigError(`config.json lacks "${key}".`);
    }
    return entry;
  };
  const graphqlUrl = new URL(text("graphqlUrl"), base).toString();
  const collab = new URL(text("collabUrl"), base);
  if (collab.protocol === "http:") collab.protocol = "ws:";
  if (collab.protocol === "https:") collab.protocol = "wss:";
  const transport =
    raw.collabTransport === "apigateway" || raw.collabTransport === "binary"
      ? raw.collabTransport
      : "auto";
  const auth = raw.auth as Record<string, unknown> | undefined;
  if (!auth || typeof auth !== "object") throw new ConfigError('config.json lacks "auth".');
  if (auth.mode === "development") {
    return {
      graphqlUrl,
      collabUrl: collab.toString().replace(/\/$/, ""),
      collabTransport: transport,
      auth: { mode: "development", signInUrl: new URL(text("signInUrl", auth), base).toString() },
    };
  }
  if (auth.mode === "cognito") {
    const scopes = Array.isArray(auth.scopes)
      ? auth.scopes.filter((scope): scope is string => typeof scope === "string")
      : ["openid", "email", "profile"];
    return {
      graphqlUrl,
      collabUrl: collab.toString().replace(/\/$/, ""),
      collabTransport: transport,
      auth: {
        mode: "cognito",
        domain: text("domain", auth).replace(/\/$/, ""),
        clientId: text("clientId", auth),
        userPoolId: text("userPoolId", auth),
        region: text("region", auth),
        redirectPath: typeof auth.redirectPath === "string" ? auth.redirectPath : "/auth/callback",
        scopes,
      },
    };
  }
  throw new ConfigError("no sign-in is configured (config.json auth.mode).");
}

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new ConfigError(`config.json answered ${response.status}.`);
  return parseRuntimeConfig(await response.json(), window.location.href);
}
