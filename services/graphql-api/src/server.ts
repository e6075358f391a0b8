// createServer: the Apollo Server that both the local process and the Lambda handler run.

import type { LiveNotifier } from "@accord/collab";
import type { Limits } from "@accord/domain";
import { type Authenticator, bearerToken, type Identity } from "@accord/identity";
import type { Logger } from "@accord/logging";
import type { Store } from "@accord/storage";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { GraphQLError, MaxIntrospectionDepthRule } from "graphql";
import { createRequestContext, type RequestContext, type Services } from "./context.ts";
import type { PaperDocuments } from "./documents.ts";
import { formatError } from "./errors.ts";
import type { Exports } from "./exports/files.ts";
import { typeDefs } from "./generated/type-defs.ts";
import { useErrorReporting } from "./plugins/errors.ts";
import { useIntrospectionForMembers } from "./plugins/introspection.ts";
import { RefusedBeforeValidationRule, useQueryLimits } from "./plugins/limits.ts";
import type { Publications } from "./publication.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedTopics } from "./topics.ts";

export interface CreateServerOptions {
  store: Store;
  authenticator: Authenticator;
  live?: LiveNotifier | null;
  documents?: PaperDocuments | null;
  /** Where public pages are written at publication (a local directory, or S3 on AWS). */
  publications?: Publications | null;
  exports?: Exports | null;
  limits: Limits;
  logger: Logger;
  /**
   * Schema details (did-you-mean suggestions) in validation errors. Never in production. The
   * development explorer is the local server's own page (@accord/web), not Apollo's.
   */
  development?: boolean;
  clock?: () => Date;
}

export interface ContextRequest {
  requestId: string;
  /** The Authorization header, verified here. */
  authorization?: string | null | undefined;
  /** An identity verified upstream (API Gateway's JWT authorizer); wins over `authorization`. */
  identity?: Identity | null | undefined;
}

export interface GraphqlServer {
  apollo: ApolloServer<RequestContext>;
  /** The context of one request; rejects with a 401 GraphQL error for a bad token. */
  context(request: ContextRequest): Promise<RequestContext>;
  services: Services;
}

export function createServer(options: CreateServerOptions): GraphqlServer {
  const services: Services = {
    store: options.store,
    live: options.live ?? null,
    documents: options.documents ?? null,
    publications: options.publications ?? null,
    exports: options.exports ?? null,
    limits: options.limits,
    logger: options.logger,
    clock: options.clock ?? (() => new Date()),
  };
  const graphql = options.limits.graphql;

  const apollo = new ApolloServer<RequestContext>({
    typeDefs,
    resolvers,
    // Introspection is gated per request by useIntrospectionForMembers.
    introspection: true,
    allowBatchedHttpRequests: graphql.allowBatching,
    parseOptions: { maxTokens: graphql.maxTokens },
    // `types { fields { type { fields ... } } }` grows with the schema at every level; the
    // cost limit leaves introspection out, so its nesting is bounded here (the explorer's own
    // introspection query stays well inside).
    validationRules: [MaxIntrospectionDepthRule, RefusedBeforeValidationRule],
    formatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !options.development,
    csrfPrevention: true,
    stopOnTerminationSignals: false,
    logger: apolloLogger(options.logger),
    plugins: [
      // Apollo's landing page loads its Sandbox from a CDN: no page here, ever. A browser's
      // GET gets the JSON answer; the local server serves its bundled explorer instead.
      ApolloServerPluginLandingPageDisabled(),
      // Accord sets no cache hints; Apollo's default cache-control plugin would still visit
      // every field of every response (about a tenth of a paper-page request).
      ApolloServerPluginCacheControlDisabled(),
      useIntrospectionForMembers(),
      useQueryLimits(graphql),
      useErrorReporting(),
      {
        async serverWillStart() {
          await seedTopics(options.store);
        },
      },
    ],
  });

  return {
    apollo,
    services,
    async context(request) {
      let identity: Identity | null = request.identity ?? null;
      if (!identity) {
        try {
          const token = bearerToken(request.authorization);
          identity = token ? await options.authenticator.verify(token) : null;
        } catch (error) {
          const message = error instanceof Error ? error.message : "The token is not valid.";
          throw new GraphQLError(message, {
            extensions: {
              code: "UNAUTHENTICATED",
              http: { status: 401, headers: new Map([["www-authenticate", "Bearer"]]) },
            },
          });
        }
      }
      return createRequestContext(services, { requestId: request.requestId, identity });
    },
  };
}

/** Apollo's own log lines, as structured JSON through our logger. */
function apolloLogger(logger: Logger) {
  return {
    debug: (message: string) => logger.debug(message, { source: "apollo" }),
    info: (message: string) => logger.info(message, { source: "apollo" }),
    warn: (message: string) => logger.warn(message, { source: "apollo" }),
    error: (message: string) => logger.error(message, { source: "apollo" }),
  };
}
