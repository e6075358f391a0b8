// Flags and environment of the local server, resolved into one options object. Flags win over
// environment variables, which win over defaults.

import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { badInput } from "@accord/domain";

export type StoreKind = "sqlite" | "dynamodb" | "memory";

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  store: StoreKind;
  dynamodbEndpoint: string | undefined;
  table: string;
  /** Accept tokens of this OIDC issuer besides local ones (e.g. a Cognito user pool). */
  oidcIssuer: string | undefined;
  oidcAudiences: string[];
  oidcJwksUrl: string | undefined;
  logLevel: "debug" | "info" | "warn" | "error";
  /**
   * Development sign-in (a token for any username) and the explorer. Off when
   * NODE_ENV=production, and when `host` is not a loopback address unless
   * allowDevSignInOnNetwork says otherwise.
   */
  development: boolean;
  allowDevSignInOnNetwork: boolean;
  /** Data to load at start when the store does not have it yet; none unless asked. */
  seed: "demo" | undefined;
  /** The public origin of published papers' pages (their canonical links). */
  siteUrl: string | undefined;
  /** How long a paper stays in memory after its last live connection closes (ms). */
  idleUnloadMs: number | undefined;
}

export const USAGE = `Usage: pnpm start [options]

  --port <n>                 HTTP port (env ACCORD_PORT, default 4000; 0 picks a free one)
  --host <address>           interface to listen on (env ACCORD_HOST, default 127.0.0.1)
  --data-dir <dir>           SQLite file and dev signing key (env ACCORD_DATA_DIR, default ./.data)
  --store <kind>             sqlite | dynamodb | memory (env ACCORD_STORE, default sqlite)
  --dynamodb-endpoint <url>  e.g. http://127.0.0.1:8000 (env ACCORD_DYNAMODB_ENDPOINT)
  --table <name>             DynamoDB table (env ACCORD_TABLE, default accord)
  --oidc-issuer <url>        also accept this issuer's tokens (env ACCORD_OIDC_ISSUER)
  --oidc-audience <ids>      comma-separated client ids (env ACCORD_OIDC_AUDIENCES)
  --oidc-jwks-url <url>      the issuer's JWKS (env ACCORD_OIDC_JWKS_URL)
  --log-level <level>        debug | info | warn | error (env ACCORD_LOG_LEVEL, default info)
  --seed demo                load the demo platform (members, groups, papers, a closed survey)
                             unless the store has it already (env ACCORD_SEED)
  --site-url <origin>        public origin of published papers' pages, for their canonical
                             and Open Graph links (env ACCORD_SITE_URL; relative links without)
  --idle-unload-seconds <n>  how long a paper stays in memory after its last live connection
                             closes (env ACCORD_IDLE_UNLOAD_SECONDS, default 30)
  --allow-dev-sign-in-on-network
                             keep development mode when --host is not a loopback address:
                             anyone who can reach the server can sign in as anybody
  --help                     this text

Development mode (sign-in for any username, the GraphQL explorer) is on when the server
listens on a loopback address (127.0.0.1, ::1, localhost) and NODE_ENV is not production.
A non-loopback --host (e.g. 0.0.0.0) means production unless --allow-dev-sign-in-on-network.`;

const STORES: readonly StoreKind[] = ["sqlite", "dynamodb", "memory"];
const LEVELS = ["debug", "info", "warn", "error"] as const;

export function resolveConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ServerConfig | "help" {
  const { values } = parseArgs({
    // `pnpm start -- --port 1` passes the "--" through; accept it as npm users type it.
    args: argv[0] === "--" ? argv.slice(1) : [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      store: { type: "string" },
      "dynamodb-endpoint": { type: "string" },
      table: { type: "string" },
      "oidc-issuer": { type: "string" },
      "oidc-audience": { type: "string" },
      "oidc-jwks-url": { type: "string" },
      "log-level": { type: "string" },
      seed: { type: "string" },
      "site-url": { type: "string" },
      "idle-unload-seconds": { type: "string" },
      "allow-dev-sign-in-on-network": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);

  const portText = pick(values.port, "ACCORD_PORT") ?? "4000";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw badInput("port", `--port must be a number from 0 to 65535 (got "${portText}").`);
  }
  const store = pick(values.store, "ACCORD_STORE") ?? "sqlite";
  if (!(STORES as readonly string[]).includes(store)) {
    throw badInput("store", `--store must be one of ${STORES.join(", ")} (got "${store}").`);
  }
  const logLevel = pick(values["log-level"], "ACCORD_LOG_LEVEL") ?? "info";
  if (!(LEVELS as readonly string[]).includes(logLevel)) {
    throw badInput("log-level", `--log-level must be one of ${LEVELS.join(", ")}.`);
  }
  const seed = pick(values.seed, "ACCORD_SEED");
  if (seed !== undefined && seed !== "demo") {
    throw badInput("seed", `--seed knows only "demo" (got "${seed}").`);
  }
  const siteUrl = pick(values["site-url"], "ACCORD_SITE_URL");
  if (siteUrl !== undefined && !/^https?:\/\/[^/?#]+$/.test(siteUrl)) {
    throw badInput("site-url", `--site-url must be an origin such as https://accord.example.org.`);
  }
  const idleText = pick(values["idle-unload-seconds"], "ACCORD_IDLE_UNLOAD_SECONDS");
  const idleSeconds = idleText === undefined ? undefined : Number(idleText);
  if (
    idleSeconds !== undefined &&
    !(Number.isFinite(idleSeconds) && idleSeconds >= 0 && idleSeconds <= 86_400)
  ) {
    throw badInput(
      "idle-unload-seconds",
      `--idle-unload-seconds must be a number of seconds from 0 to 86400 (got "${idleText}").`,
    );
  }
  const host = pick(values.host, "ACCORD_HOST") ?? "127.0.0.1";
  const allowDevSignInOnNetwork = values["allow-dev-sign-in-on-network"] === true;
  return {
    port,
    host,
    dataDir: pick(values["data-dir"], "ACCORD_DATA_DIR") ?? ".data",
    store: store as StoreKind,
    dynamodbEndpoint: pick(values["dynamodb-endpoint"], "ACCORD_DYNAMODB_ENDPOINT"),
    table: pick(values.table, "ACCORD_TABLE") ?? "accord",
    oidcIssuer: pick(values["oidc-issuer"], "ACCORD_OIDC_ISSUER"),
    oidcAudiences: (pick(values["oidc-audience"], "ACCORD_OIDC_AUDIENCES") ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter((a) => a !== ""),
    oidcJwksUrl: pick(values["oidc-jwks-url"], "ACCORD_OIDC_JWKS_URL"),
    logLevel: logLevel as ServerConfig["logLevel"],
    development: env.NODE_ENV !== "production" && (isLoopbackHost(host) || allowDevSignInOnNetwork),
    allowDevSignInOnNetwork,
    seed,
    siteUrl,
    idleUnloadMs: idleSeconds === undefined ? undefined : Math.round(idleSeconds * 1000),
  };
}

/** Loopback addresses and names: only this machine can reach them. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1" || bare === "0:0:0:0:0:0:0:1";
}
