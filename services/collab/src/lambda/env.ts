// Builds the collab Lambdas' parts from the environment, once per container. Called only from
// the handler modules' scope (the entry points), which pass process.env in:
//   TABLE_NAME           DynamoDB table (required)
//   OIDC_ISSUER          issuer of the tokens clients pass as ?token= (required)
//   OIDC_CLIENT_ID       accepted audience (app client id); OIDC_AUDIENCES adds more (comma list)
//   OIDC_JWKS_URL        where the issuer's keys are (default <issuer>/.well-known/jwks.json)
//   MANAGEMENT_ENDPOINT  the stage's @connections callback URL (default: from each event)
//   DYNAMODB_ENDPOINT    DynamoDB Local, e.g. http://127.0.0.1:8000 (optional)
//   AWS_REGION           set by Lambda
//   LOG_LEVEL            debug | info | warn | error (default info)
//   COMPACT_AFTER_ENTRIES the compactor's limits.collab.compactAfterEntries (default: DEFAULT_LIMITS)
import type { Authenticate } from "@accord/collab";
import { DEFAULT_LIMITS, withLimits } from "@accord/domain";
import { createOidcAuthenticator } from "@accord/identity";
import { sdkManagementApi } from "@accord/live-apigateway";
import { createJsonLogger, isLogLevel, type Logger } from "@accord/logging";
import { createDynamoClient, createDynamoStore } from "@accord/storage-dynamodb";
import { type Compactor, createCompactor } from "./compactor.ts";
import { type CollabLambdas, createCollabLambdas } from "./core.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** JSON lines at LOG_LEVEL (info when unset or unknown), each naming the service and route. */
function loggerFromEnv(env: Env, route: string): Logger {
  return createJsonLogger({
    level: isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : "info",
    base: { service: "collab", route },
  });
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set.`);
  return value;
}

function dynamoStoreFromEnv(env: Env) {
  return createDynamoStore({
    client: createDynamoClient({
      endpoint: env.DYNAMODB_ENDPOINT || undefined,
      region: env.AWS_REGION || undefined,
    }),
    tableName: required(env, "TABLE_NAME"),
  });
}

export function collabLambdasFromEnv(env: Env, route: string): CollabLambdas {
  const issuer = required(env, "OIDC_ISSUER");
  const audiences = [env.OIDC_CLIENT_ID, ...(env.OIDC_AUDIENCES ?? "").split(",")]
    .map((a) => a?.trim() ?? "")
    .filter((a, i, all) => a !== "" && all.indexOf(a) === i);
  const authenticator = createOidcAuthenticator({
    issuer,
    audiences,
    ...(env.OIDC_JWKS_URL ? { jwksUrl: env.OIDC_JWKS_URL } : {}),
  });
  const authenticate: Authenticate = (token) => authenticator.verify(token);
  const store = dynamoStoreFromEnv(env);
  return createCollabLambdas({
    store,
    authenticate,
    management: sdkManagementApi({ region: env.AWS_REGION || undefined }),
    managementEndpoint: env.MANAGEMENT_ENDPOINT || undefined,
    logger: loggerFromEnv(env, route),
  });
}

/** The compaction Lambda: TABLE_NAME, DYNAMODB_ENDPOINT, AWS_REGION, LOG_LEVEL, COMPACT_AFTER_ENTRIES. */
export function compactorFromEnv(env: Env): Compactor {
  const store = dynamoStoreFromEnv(env);
  const compactAfterEntries = env.COMPACT_AFTER_ENTRIES
    ? Number(env.COMPACT_AFTER_ENTRIES)
    : DEFAULT_LIMITS.collab.compactAfterEntries;
  if (!Number.isInteger(compactAfterEntries) || compactAfterEntries < 1) {
    throw new Error(
      `COMPACT_AFTER_ENTRIES must be a positive integer, not ${env.COMPACT_AFTER_ENTRIES}.`,
    );
  }
  return createCompactor({
    store,
    limits: withLimits({ collab: { compactAfterEntries } }),
    logger: loggerFromEnv(env, "compact"),
  });
}
