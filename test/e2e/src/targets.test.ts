// Choosing targets, and what the aws target needs before it talks to anything: both offline.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { awsTarget, selectTargets, startTarget, tokenVariable } from "./targets.ts";

const dir = mkdtempSync(join(tmpdir(), "accord-e2e-targets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example";
const CLIENT_ID = "example-client-id";
const NOW = Date.parse("2030-01-01T00:00:00Z");

function outputsFile(stage: string, outputs: Record<string, string>) {
  const file = join(dir, `outputs-${stage}-${Object.keys(outputs).length}.json`);
  writeFileSync(file, JSON.stringify({ [`Accord-${stage}-Graphql`]: outputs }));
  return file;
}

const fullOutputs = {
  GraphqlUrl: "https://abc123.execute-api.eu-west-1.amazonaws.com/graphql",
  WebSocketUrl: "wss://def456.execute-api.eu-west-1.amazonaws.com/dev",
  UserPoolId: "eu-west-1_Example",
  UserPoolClientId: CLIENT_ID,
  Region: "eu-west-1",
  Issuer: ISSUER,
};

/** A JWT shape with the given claims; the aws target reads claims but never verifies them. */
function jwt(claims: Record<string, unknown>) {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", kid: "k" })}.${part(claims)}.signature`;
}

const idToken = (extra: Record<string, unknown> = {}) =>
  jwt({ iss: ISSUER, aud: CLIENT_ID, sub: "s", exp: NOW / 1000 + 3600, ...extra });

describe("selectTargets", () => {
  it("runs both local targets when TARGET is unset, one when it is set", () => {
    expect(selectTargets(undefined)).toEqual(["local", "serverless-local"]);
    expect(selectTargets("")).toEqual(["local", "serverless-local"]);
    expect(selectTargets("aws")).toEqual(["aws"]);
    expect(selectTargets(" local ")).toEqual(["local"]);
  });

  it("names the valid targets when TARGET is not one", () => {
    expect(() => selectTargets("staging")).toThrow(/local, serverless-local, aws/);
  });
});

describe("the aws target", () => {
  it("says what it needs when there are no stack outputs", async () => {
    const missing = join(dir, "nowhere.json");
    await expect(startTarget("aws", { env: { ACCORD_OUTPUTS_FILE: missing } })).rejects.toThrow(
      /No stack outputs at .*nowhere\.json.*cdk-outputs\.json.*ACCORD_E2E_TOKEN_<USERNAME>/s,
    );
  });

  it("names the stack and the outputs it lacks", () => {
    const file = outputsFile("dev", { GraphqlUrl: fullOutputs.GraphqlUrl });
    expect(() => awsTarget({ ACCORD_OUTPUTS_FILE: file })).toThrow(
      /Accord-dev-Graphql .* lacks the outputs WebSocketUrl, UserPoolId, UserPoolClientId, Region, Issuer/,
    );
    expect(() => awsTarget({ ACCORD_OUTPUTS_FILE: file, ACCORD_STAGE: "prod" })).toThrow(
      /no outputs of the stack Accord-prod-Graphql/,
    );
  });

  it("takes the endpoints from the outputs and each user's token from the environment", async () => {
    const file = outputsFile("dev", fullOutputs);
    const adaToken = idToken({ "cognito:groups": ["coordinators"] });
    const target = awsTarget(
      { ACCORD_OUTPUTS_FILE: file, [tokenVariable("ada")]: adaToken },
      () => NOW,
    );
    expect(target.graphqlUrl).toBe(fullOutputs.GraphqlUrl);
    expect(target.collabUrl).toBe(fullOutputs.WebSocketUrl);
    expect(target.transport).toBe("apigateway");
    expect(await target.token("ada", { coordinator: true })).toBe(adaToken);
    await expect(target.token("bo")).rejects.toThrow(/set ACCORD_E2E_TOKEN_BO/);
  });

  it("refuses tokens that cannot work before any request is made", async () => {
    const file = outputsFile("dev", fullOutputs);
    const target = awsTarget(
      {
        ACCORD_OUTPUTS_FILE: file,
        ACCORD_E2E_TOKEN_FOREIGN: idToken({ iss: "https://elsewhere.example" }),
        ACCORD_E2E_TOKEN_OLD: idToken({ exp: NOW / 1000 - 1 }),
        ACCORD_E2E_TOKEN_PLAIN: idToken(),
        ACCORD_E2E_TOKEN_JUNK: "junk",
      },
      () => NOW,
    );
    await expect(target.token("foreign")).rejects.toThrow(/not by the stage's user pool/);
    await expect(target.token("old")).rejects.toThrow(/has expired/);
    await expect(target.token("plain", { coordinator: true })).rejects.toThrow(
      /coordinators group/,
    );
    expect(await target.token("plain")).toBe(idToken());
    await expect(target.token("junk")).rejects.toThrow(/not a JWT/);
  });
});
