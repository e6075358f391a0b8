// Local identity: a development signing key kept in the data directory, a mint function for
// the token CLI, and the authenticator that accepts those tokens.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { badInput } from "@accord/domain";
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey as JoseKey,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import { verificationError } from "./errors.ts";
import {
  type Authenticator,
  COORDINATORS_GROUP,
  type Identity,
  identityFromClaims,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
} from "./identity.ts";

const ALGORITHM = "ES256";
export const DEV_KEY_FILE = "dev-signing-key.json";

export interface DevSigningKey {
  kid: string;
  privateKey: JoseKey;
  publicKey: JoseKey;
}

interface StoredKey {
  kid: string;
  alg: typeof ALGORITHM;
  createdAt: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * Load the development signing key from `<dataDir>/dev-signing-key.json`, creating it (mode
 * 0600) on first use. Two processes starting together agree on one key: the file is created
 * exclusively and the loser reads the winner's.
 */
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  const file = join(dataDir, DEV_KEY_FILE);
  let stored = readStoredKey(file);
  if (!stored) {
    mkdirSync(dataDir, { recursive: true });
    const pair = await generateKeyPair(ALGORITHM, { extractable: true });
    const candidate: StoredKey = {
      kid: `dev-${globalThis.crypto.randomUUID()}`,
      alg: ALGORITHM,
      createdAt: new Date().toISOString(),
      privateJwk: await exportJWK(pair.privateKey),
      publicJwk: await exportJWK(pair.publicKey),
    };
    try {
      writeFileSync(file, `${JSON.stringify(candidate, null, 2)}\n`, { flag: "wx", mode: 0o600 });
      stored = candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      stored = readStoredKey(file);
      if (!stored) throw new Error(`${file} exists but holds no signing key.`);
    }
  }
  return {
    kid: stored.kid,
    privateKey: (await importJWK(stored.privateJwk, ALGORITHM)) as JoseKey,
    publicKey: (await importJWK(stored.publicJwk, ALGORITHM)) as JoseKey,
  };
}

function readStoredKey(file: string): StoredKey | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<StoredKey>;
  if (!parsed.kid || !parsed.privateJwk || !parsed.publicJwk) {
    throw new Error(`${file} is not a signing key file; delete it to create a new key.`);
  }
  return parsed as StoredKey;
}

/** Local usernames: letters, digits and . _ @ -, so they never contain the "#" of OIDC subjects. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface MintOptions {
  username: string;
  coordinator?: boolean;
  /** Lifetime in seconds; default 8 hours. */
  ttlSeconds?: number;
  name?: string;
  email?: string;
  /** Mark `email` as verified (`email_verified`), as an identity provider would. */
  emailVerified?: boolean;
  /** Clock for tests. */
  now?: () => Date;
}

/** Sign a local token for `username` (its subject). */
export async function mintLocalToken(key: DevSigningKey, options: MintOptions): Promise<string> {
  if (!USERNAME.test(options.username)) {
    throw badInput(
      "username",
      "A username is 1-64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit.",
    );
  }
  const ttl = options.ttlSeconds ?? 8 * 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw badInput("ttl", "The lifetime must be a positive whole number of seconds.");
  }
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const claims: JWTPayload & Record<string, unknown> = {
    name: options.name ?? options.username,
    preferred_username: options.username,
    groups: options.coordinator ? [COORDINATORS_GROUP] : [],
  };
  if (options.email) claims.email = options.email;
  if (options.email && options.emailVerified) claims.email_verified = true;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: "JWT" })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(options.username)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(key.privateKey);
}

/** Accepts tokens minted by `mintLocalToken` with this key. */
export function createLocalAuthenticator(
  key: Pick<DevSigningKey, "publicKey">,
  options: { now?: () => Date } = {},
): Authenticator {
  return {
    async verify(token: string): Promise<Identity> {
      try {
        const { payload } = await jwtVerify(token, key.publicKey, {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: [ALGORITHM],
          requiredClaims: ["sub", "exp"],
          ...(options.now ? { currentDate: options.now() } : {}),
        });
        return identityFromClaims(payload);
      } catch (error) {
        throw verificationError(error);
      }
    },
  };
}

/** "8h", "30m", "7d", "45s" or a bare number of seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match?.[1]) {
    throw badInput("ttl", `"${value}" is not a duration; use e.g. 45s, 30m, 8h or 7d.`);
  }
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] ?? ""] ?? 1;
  const seconds = Number(match[1]) * unit;
  if (seconds <= 0) throw badInput("ttl", "The lifetime must be longer than zero.");
  return seconds;
}
