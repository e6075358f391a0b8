// The backends the e2e suite runs against, behind one face: where GraphQL and live editing
// listen, which live-editing transport they speak, and how a test user gets a token.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  COORDINATORS_GROUP,
  groupsOf,
  loadOrCreateDevSigningKey,
  mintLocalToken,
} from "@accord/identity";
import { startServer } from "@accord/standalone";
import { startServerlessLocal } from "@accord/test-support";

export const TARGET_NAMES = ["local", "serverless-local", "aws"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** What runs when TARGET is unset: both paths that need no AWS account. */
export const DEFAULT_TARGETS: readonly TargetName[] = ["local", "serverless-local"];

export interface TokenOptions {
  /** A platform coordinator (the "coordinators" group), who may create working groups. */
  coordinator?: boolean;
}

export interface Target {
  name: TargetName;
  /** Where createClient({ url }) sends GraphQL. */
  graphqlUrl: string;
  /** Where connectPaper({ url }) opens live editing. */
  collabUrl: string;
  /** binary frames (the local server) or base64 text frames (API Gateway and its emulator). */
  transport: "binary" | "apigateway";
  /** A bearer token for the test user `username`, accepted by both GraphQL and live editing. */
  token(username: string, options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

/** The environment variables the targets read, passed in by the test entry point. */
export interface TargetEnv {
  TARGET?: string | undefined;
  /** aws: the `cdk deploy --outputs-file` JSON; default infra/cdk-outputs.json. */
  ACCORD_OUTPUTS_FILE?: string | undefined;
  /** aws: the deployed stage; default dev. */
  ACCORD_STAGE?: string | undefined;
  /** aws: ACCORD_E2E_TOKEN_<USERNAME>, a Cognito ID token per test user. */
  [name: `ACCORD_E2E_TOKEN_${string}`]: string | undefined;
}

export interface StartTargetOptions {
  env?: TargetEnv;
  /** Log level of the backends started here (local, serverless-local); default error. */
  logLevel?: "debug" | "info" | "warn" | "error";
}

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The targets selected by TARGET: one when it is set, DEFAULT_TARGETS when not. */
export function selectTargets(target: string | undefined): TargetName[] {
  if (target === undefined || target.trim() === "") return [...DEFAULT_TARGETS];
  const name = target.trim();
  if (!(TARGET_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `TARGET=${name} is not a target; use one of ${TARGET_NAMES.join(", ")} (or leave TARGET unset for ${DEFAULT_TARGETS.join(" and ")}).`,
    );
  }
  return [name as TargetName];
}

export async function startTarget(
  name: TargetName,
  options: StartTargetOptions = {},
): Promise<Target> {
  switch (name) {
    case "local":
      return startLocal(options);
    case "serverless-local":
      return startServerlessLocalTarget(options);
    case "aws":
      return awsTarget(options.env ?? {});
  }
}

/** The one-process backend on a SQLite file in a temp dir, tokens signed with its dev key. */
async function startLocal(options: StartTargetOptions): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), "accord-e2e-local-"));
  try {
    const server = await startServer({
      port: 0,
      dataDir,
      store: "sqlite",
      logLevel: options.logLevel ?? "error",
      development: false,
    });
    const key = await loadOrCreateDevSigningKey(dataDir);
    return {
      name: "local",
      graphqlUrl: server.url,
      collabUrl: server.collabUrl,
      transport: "binary",
      token: (username, mint = {}) =>
        mintLocalToken(key, { username, coordinator: mint.coordinator ?? false }),
      async close() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The real Lambda handlers behind the API Gateway emulators, on DynamoDB Local (Java 17+). */
async function startServerlessLocalTarget(options: StartTargetOptions): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), "accord-e2e-serverless-"));
  try {
    const local = await startServerlessLocal({ dataDir, logLevel: options.logLevel ?? "error" });
    return {
      name: "serverless-local",
      graphqlUrl: local.graphqlUrl,
      collabUrl: local.wsUrl,
      transport: "apigateway",
      token: (username, mint = {}) =>
        local.mintToken(username, { coordinator: mint.coordinator ?? false }),
      async close() {
        await local.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The outputs of the Graphql stack that the aws target needs (docs/DEPLOYMENT.md §1.1). */
export interface StackOutputs {
  GraphqlUrl: string;
  WebSocketUrl: string;
  UserPoolId: string;
  UserPoolClientId: string;
  Region: string;
  Issuer: string;
}

const OUTPUT_KEYS = [
  "GraphqlUrl",
  "WebSocketUrl",
  "UserPoolId",
  "UserPoolClientId",
  "Region",
  "Issuer",
] as const satisfies readonly (keyof StackOutputs)[];

const AWS_HELP =
  "TARGET=aws runs against a deployed stage (docs/DEPLOYMENT.md §1): deploy it with " +
  "`pnpm --filter @accord/infra run deploy -c stage=dev` (writes infra/cdk-outputs.json, or point " +
  "ACCORD_OUTPUTS_FILE at the file `cdk deploy --outputs-file` wrote; ACCORD_STAGE picks the stage, " +
  "default dev), and give each test user a Cognito ID token in ACCORD_E2E_TOKEN_<USERNAME> " +
  "(created with AdminCreateUser and signed in with ADMIN_USER_PASSWORD_AUTH, §1.2).";

/** Read `Accord-<stage>-Graphql`'s outputs from a `cdk deploy --outputs-file` JSON file. */
export function readStackOutputs(file: string, stage: string): StackOutputs {
  if (!existsSync(file)) {
    throw new Error(`No stack outputs at ${file}. ${AWS_HELP}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}). ${AWS_HELP}`);
  }
  const stackName = `Accord-${stage}-Graphql`;
  const stack = (parsed as Record<string, unknown> | null)?.[stackName];
  if (typeof stack !== "object" || stack === null) {
    throw new Error(`${file} has no outputs of the stack ${stackName}. ${AWS_HELP}`);
  }
  const values = stack as Record<string, unknown>;
  const missing = OUTPUT_KEYS.filter(
    (key) => typeof values[key] !== "string" || values[key] === "",
  );
  if (missing.length > 0) {
    throw new Error(`${stackName} in ${file} lacks the outputs ${missing.join(", ")}. ${AWS_HELP}`);
  }
  return Object.fromEntries(
    OUTPUT_KEYS.map((key) => [key, values[key] as string]),
  ) as unknown as StackOutputs;
}

/** The environment variable holding `username`'s token on the aws target. */
export function tokenVariable(username: string): string {
  return `ACCORD_E2E_TOKEN_${username.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Claims of a JWT, read without verifying it: only to say early what a run is missing. */
function unverifiedClaims(token: string): Record<string, unknown> | null {
  try {
    const payload = token.split(".")[1];
    if (!payload) return null;
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch {
    return null;
  }
}

/**
 * A deployed stage. Nothing here calls AWS: the endpoints come from the outputs file and each
 * test user's token from the environment, checked only for what can be checked offline (a JWT
 * of the stage's issuer and app client, not expired, in the coordinators group when asked).
 */
export function awsTarget(env: TargetEnv, now: () => number = Date.now): Target {
  const stage = env.ACCORD_STAGE?.trim() || "dev";
  const configured = env.ACCORD_OUTPUTS_FILE?.trim();
  const file = configured
    ? isAbsolute(configured)
      ? configured
      : resolve(configured)
    : join(REPO_ROOT, "infra", "cdk-outputs.json");
  const outputs = readStackOutputs(file, stage);
  return {
    name: "aws",
    graphqlUrl: outputs.GraphqlUrl,
    collabUrl: outputs.WebSocketUrl,
    transport: "apigateway",
    async token(username, options = {}) {
      const variable = tokenVariable(username);
      const token = (env as Record<string, string | undefined>)[variable]?.trim();
      if (!token) {
        throw new Error(`No token for the test user "${username}": set ${variable}. ${AWS_HELP}`);
      }
      const claims = unverifiedClaims(token);
      if (!claims) throw new Error(`${variable} is not a JWT. ${AWS_HELP}`);
      if (claims.iss !== outputs.Issuer) {
        throw new Error(
          `${variable} was issued by ${String(claims.iss)}, not by the stage's user pool (${outputs.Issuer}).`,
        );
      }
      if (claims.aud !== undefined && claims.aud !== outputs.UserPoolClientId) {
        throw new Error(
          `${variable} is for the app client ${String(claims.aud)}, not ${outputs.UserPoolClientId}; use an ID token of the stage's client.`,
        );
      }
      if (typeof claims.exp === "number" && claims.exp * 1000 <= now()) {
        throw new Error(`${variable} has expired (Cognito tokens live 1 hour); sign in again.`);
      }
      if (options.coordinator && !groupsOf(claims).includes(COORDINATORS_GROUP)) {
        throw new Error(
          `"${username}" must be a coordinator: add the user to the ${COORDINATORS_GROUP} group (AdminAddUserToGroup) and sign in again for ${variable}.`,
        );
      }
      return token;
    },
    async close() {},
  };
}
