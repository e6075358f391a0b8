// Lambda entry point of the GraphQL API (API Gateway HTTP API, payload v2). The only place in
// this package that reads the environment:
//   TABLE_NAME           DynamoDB table (required)
//   DYNAMODB_ENDPOINT    e.g. http://127.0.0.1:8000 for DynamoDB Local (optional)
//   OIDC_ISSUER          token issuer, for requests that reach the function without going
//   OIDC_CLIENT_ID       through the JWT authorizer; OIDC_AUDIENCES adds audiences (comma
//   OIDC_JWKS_URL        list); the JWKS URL defaults to <issuer>/.well-known/jwks.json
//   MANAGEMENT_ENDPOINT  the live-editing WebSocket stage's callback URL; when set, role
//                        changes, status changes and restores reach live editors (optional)
//   PUBLICATIONS_BUCKET  the bucket CloudFront serves /p/* from: public pages of published
//                        papers are written there at publication (optional)
//   SITE_URL             the public origin of those pages, for canonical links (optional)
//   EXPORTS_BUCKET       where exported papers are written, downloaded by presigned GET;
//                        exportPaper is refused without it (optional)
//   LOG_LEVEL            debug | info | warn | error (default info)
import { DEFAULT_LIMITS, EXPORT_LIMITS, unauthenticated } from "@accord/domain";
import { type Authenticator, createOidcAuthenticator } from "@accord/identity";
import { createJsonLogger, isLogLevel } from "@accord/logging";
import type { Context } from "aws-lambda";
import { createCollabDocuments } from "./collab-documents.ts";
import type { Exports } from "./exports/files.ts";
import {
  createLambdaHandler,
  type GraphqlEvent,
  type GraphqlLambdaHandler,
} from "./lambda-handler.ts";
import type { Publications } from "./publication.ts";
import { createServer } from "./server.ts";

const env = {
  tableName: process.env.TABLE_NAME,
  dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  oidcIssuer: process.env.OIDC_ISSUER || undefined,
  oidcAudiences: [
    process.env.OIDC_CLIENT_ID ?? "",
    ...(process.env.OIDC_AUDIENCES ?? "").split(","),
  ]
    .map((a) => a.trim())
    .filter((a, i, all) => a !== "" && all.indexOf(a) === i),
  oidcJwksUrl: process.env.OIDC_JWKS_URL || undefined,
  managementEndpoint: process.env.MANAGEMENT_ENDPOINT || undefined,
  publicationsBucket: process.env.PUBLICATIONS_BUCKET || undefined,
  siteUrl: process.env.SITE_URL || undefined,
  exportsBucket: process.env.EXPORTS_BUCKET || undefined,
  region: process.env.AWS_REGION || undefined,
  logLevel: process.env.LOG_LEVEL,
};

const logger = createJsonLogger({
  level: isLogLevel(env.logLevel) ? env.logLevel : "info",
  base: { service: "graphql-api" },
});

const refuseTokens: Authenticator = {
  async verify() {
    throw unauthenticated("This API accepts tokens only through its authorizer.");
  },
};

async function build(): Promise<GraphqlLambdaHandler> {
  if (!env.tableName) throw new Error("TABLE_NAME is not set.");
  // Imported here so the AWS SDK loads once, at the first request of a cold start.
  const { createDynamoClient, createDynamoStore } = await import("@accord/storage-dynamodb");
  const store = createDynamoStore({
    client: createDynamoClient({ endpoint: env.dynamodbEndpoint, region: env.region }),
    tableName: env.tableName,
  });
  const authenticator = env.oidcIssuer
    ? createOidcAuthenticator({
        issuer: env.oidcIssuer,
        audiences: env.oidcAudiences,
        ...(env.oidcJwksUrl ? { jwksUrl: env.oidcJwksUrl } : {}),
      })
    : refuseTokens;
  const live = env.managementEndpoint
    ? (await import("@accord/live-apigateway")).createApiGatewayNotifier({
        store,
        managementEndpoint: env.managementEndpoint,
        limits: DEFAULT_LIMITS,
      })
    : null;
  const publications = env.publicationsBucket ? await publicationsIn(env.publicationsBucket) : null;
  const server = createServer({
    store,
    authenticator,
    live,
    documents: createCollabDocuments(store),
    publications,
    exports: env.exportsBucket ? await exportsIn(env.exportsBucket) : null,
    limits: DEFAULT_LIMITS,
    logger,
    development: false,
  });
  return createLambdaHandler(server);
}

/** Public pages as objects of the bucket the web distribution serves under /p/*. */
async function publicationsIn(bucket: string): Promise<Publications> {
  const [{ S3Client }, { createS3Site }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("@accord/publication"),
  ]);
  return {
    site: createS3Site({
      client: new S3Client(env.region ? { region: env.region } : {}),
      bucket,
    }),
    page: { siteUrl: env.siteUrl },
  };
}

/** Exported papers as objects of the exports bucket, downloaded by presigned GET. */
async function exportsIn(bucket: string): Promise<Exports> {
  const [{ S3Client }, { createS3ExportFiles }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("./exports/s3-files.ts"),
  ]);
  return {
    files: createS3ExportFiles({
      client: new S3Client(env.region ? { region: env.region } : {}),
      bucket,
    }),
    limits: EXPORT_LIMITS,
  };
}

let ready: Promise<GraphqlLambdaHandler> | null = null;

export async function handler(event: GraphqlEvent, context: Context) {
  ready ??= build().catch((error: unknown) => {
    ready = null;
    logger.error("GraphQL handler could not start", { error });
    throw error;
  });
  return (await ready)(event, context);
}
