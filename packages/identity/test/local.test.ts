import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  bearerToken,
  createIssuerRouter,
  createLocalAuthenticator,
  DEV_KEY_FILE,
  groupsOf,
  identityFromClaims,
  loadOrCreateDevSigningKey,
  mintLocalToken,
  parseDuration,
} from "../src/index.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "accord-identity-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("expected a rejection");
};

describe("local development tokens", () => {
  it("mints a token that verifies to the username, name and coordinator flag", async () => {
    const key = await loadOrCreateDevSigningKey(tempDir());
    const token = await mintLocalToken(key, { username: "amina", coordinator: true });
    const identity = await createLocalAuthenticator(key).verify(token);
    expect(identity.subject).toBe("amina");
    expect(identity.name).toBe("amina");
    expect(identity.coordinator).toBe(true);
    expect(identity.expiresAt).toBeGreaterThan(Date.now() + 7 * 3600_000);

    const plain = await mintLocalToken(key, { username: "li.wei", ttlSeconds: 60 });
    const member = await createLocalAuthenticator(key).verify(plain);
    expect(member.coordinator).toBe(false);
    expect(member.expiresAt).toBeLessThanOrEqual(Date.now() + 61_000);
  });

  it("keeps the key in the data directory, private to its owner, and reuses it", async () => {
    const dir = tempDir();
    const first = await loadOrCreateDevSigningKey(dir);
    const file = join(dir, DEV_KEY_FILE);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).kid).toBe(first.kid);
    const again = await loadOrCreateDevSigningKey(dir);
    expect(again.kid).toBe(first.kid);
    const token = await mintLocalToken(first, { username: "ola" });
    await expect(createLocalAuthenticator(again).verify(token)).resolves.toMatchObject({
      subject: "ola",
    });
  });

  it("agrees on one key when two starts race to create it", async () => {
    const dir = tempDir();
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevSigningKey(dir)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
  });

  it("refuses expired, foreign, tampered and malformed tokens as UNAUTHENTICATED", async () => {
    const key = await loadOrCreateDevSigningKey(tempDir());
    const other = await loadOrCreateDevSigningKey(tempDir());
    const auth = createLocalAuthenticator(key);
    const past = () => new Date(Date.now() - 3 * 3600_000);
    const expired = await mintLocalToken(key, { username: "amina", ttlSeconds: 60, now: past });
    const foreign = await mintLocalToken(other, { username: "amina" });
    const good = await mintLocalToken(key, { username: "amina" });
    const [header, payload, signature] = good.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "root" }),
    ).toString("base64url");
    const tampered = [header, forgedPayload, signature].join(".");

    expect(await rejection(auth.verify(expired))).toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/expired/),
    });
    expect(await rejection(auth.verify(foreign))).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await rejection(auth.verify(tampered))).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await rejection(auth.verify("not-a-jwt"))).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await rejection(auth.verify(""))).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses usernames that could be mistaken for issuer-qualified subjects", async () => {
    const key = await loadOrCreateDevSigningKey(tempDir());
    for (const username of ["", "a#b", "https://x", " spaced", "x".repeat(65)]) {
      expect(await rejection(mintLocalToken(key, { username }))).toMatchObject({
        code: "BAD_USER_INPUT",
      });
    }
  });
});

describe("helpers", () => {
  it("parses lifetimes", () => {
    expect(parseDuration("8h")).toBe(28_800);
    expect(parseDuration("30m")).toBe(1_800);
    expect(parseDuration("7d")).toBe(604_800);
    expect(parseDuration("45s")).toBe(45);
    expect(parseDuration("90")).toBe(90);
    expect(() => parseDuration("soon")).toThrow(/duration/);
    expect(() => parseDuration("0h")).toThrow(/longer than zero/);
  });

  it("reads bearer headers", () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken("")).toBeNull();
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken("bearer   abc")).toBe("abc");
    expect(() => bearerToken("Basic dXNlcjpwYXNz")).toThrow(/Bearer/);
  });

  it("reads groups as JWT arrays and as API Gateway's flattened strings", () => {
    expect(groupsOf({ "cognito:groups": ["coordinators", "x"] })).toEqual(["coordinators", "x"]);
    expect(groupsOf({ "cognito:groups": "[coordinators editors]" })).toEqual([
      "coordinators",
      "editors",
    ]);
    expect(groupsOf({ groups: "coordinators" })).toEqual(["coordinators"]);
    expect(groupsOf({})).toEqual([]);
  });

  it("qualifies subjects of every issuer but the local one", () => {
    const cognito = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc";
    expect(identityFromClaims({ iss: "accord-local", sub: "amina" }).subject).toBe("amina");
    expect(identityFromClaims({ iss: cognito, sub: "1234", exp: "1900000000" })).toEqual({
      subject: `${cognito}#1234`,
      coordinator: false,
      expiresAt: 1_900_000_000_000,
    });
    expect(() => identityFromClaims({ iss: cognito })).toThrow(/subject/);
  });

  it("routes a token to the authenticator of its issuer", async () => {
    const key = await loadOrCreateDevSigningKey(tempDir());
    const router = createIssuerRouter({ "accord-local": createLocalAuthenticator(key) });
    const token = await mintLocalToken(key, { username: "amina" });
    await expect(router.verify(token)).resolves.toMatchObject({ subject: "amina" });
    const empty = createIssuerRouter({});
    expect(await rejection(empty.verify(token))).toMatchObject({
      code: "UNAUTHENTICATED",
      message: expect.stringMatching(/accord-local/),
    });
  });
});
