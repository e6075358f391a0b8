// The OIDC path against a real JWKS endpoint served on 127.0.0.1, shaped like Cognito's.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOidcAuthenticator } from "../src/index.ts";

const CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado";
let server: Server;
let issuer: string;
let jwksRequests = 0;
let sign: (claims: JWTPayload, options?: { kid?: string; expiresIn?: string }) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "key-1", alg: "RS256", use: "sig" };
  server = createServer((req, res) => {
    if (req.url?.endsWith("/.well-known/jwks.json")) {
      jwksRequests++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  issuer = `http://127.0.0.1:${port}/eu-west-1_TestPool`;
  sign = (claims, options = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "key-1" })
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? "1h")
      .sign(privateKey);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("expected a rejection");
};

describe("OIDC tokens checked against the issuer's JWKS", () => {
  it("accepts a Cognito ID token (aud) and reads name, email and the coordinators group", async () => {
    const auth = createOidcAuthenticator({ issuer, audiences: [CLIENT_ID] });
    const token = await sign({
      iss: issuer,
      sub: "5f1c-uuid",
      aud: CLIENT_ID,
      token_use: "id",
      email: "amina@example.org",
      "cognito:username": "amina",
      "cognito:groups": ["coordinators"],
    });
    const identity = await auth.verify(token);
    expect(identity).toMatchObject({
      subject: `${issuer}#5f1c-uuid`,
      name: "amina",
      email: "amina@example.org",
      coordinator: true,
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it("accepts a Cognito access token, which carries client_id instead of aud", async () => {
    const auth = createOidcAuthenticator({ issuer, audiences: [CLIENT_ID] });
    const token = await sign({
      iss: issuer,
      sub: "77aa",
      client_id: CLIENT_ID,
      token_use: "access",
      username: "li",
    });
    await expect(auth.verify(token)).resolves.toMatchObject({
      subject: `${issuer}#77aa`,
      coordinator: false,
    });
  });

  it("refuses other audiences, other issuers, expired tokens and unknown keys", async () => {
    const auth = createOidcAuthenticator({ issuer, audiences: [CLIENT_ID] });
    const cases = [
      await sign({ iss: issuer, sub: "a", aud: "another-client" }),
      await sign({ iss: issuer, sub: "a", client_id: "another-client" }),
      await sign({ iss: issuer, sub: "a" }),
      await sign({ iss: "https://elsewhere.example", sub: "a", aud: CLIENT_ID }),
      await sign({ iss: issuer, sub: "a", aud: CLIENT_ID }, { expiresIn: "-1m" }),
      await sign({ iss: issuer, sub: "a", aud: CLIENT_ID }, { kid: "rotated-away" }),
    ];
    for (const token of cases) {
      expect(await rejection(auth.verify(token))).toMatchObject({ code: "UNAUTHENTICATED" });
    }
  });

  it("answers UNAUTHENTICATED when the JWKS cannot be fetched", async () => {
    const auth = createOidcAuthenticator({
      issuer,
      jwksUrl: `${issuer.replace(/\/[^/]+$/, "")}/missing/jwks.json`,
      audiences: [CLIENT_ID],
    });
    const token = await sign({ iss: issuer, sub: "a", aud: CLIENT_ID });
    expect(await rejection(auth.verify(token))).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
