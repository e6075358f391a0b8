// Logs every unexpected error with the request id (the client sees only a masked message) and
// puts that request id on masked errors and on the response, so a report can be traced.
import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestContext } from "../context.ts";
import { classify, MASKED_MESSAGE } from "../errors.ts";

export function useErrorReporting(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (classify(error) !== "unexpected") continue;
            contextValue.logger.error("unexpected error in a GraphQL request", {
              requestId: contextValue.requestId,
              operationName: operationName ?? null,
              path: error.path ?? null,
              error: error.originalError ?? error,
            });
          }
        },
        async willSendResponse({ response, contextValue }) {
          response.http.headers.set("x-request-id", contextValue.requestId);
          if (response.body.kind !== "single") return;
          const errors = response.body.singleResult.errors;
          if (!errors?.some((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR")) return;
          response.body.singleResult.errors = errors.map((e) =>
            e.extensions?.code === "INTERNAL_SERVER_ERROR"
              ? {
                  ...e,
                  message: `${MASKED_MESSAGE} Request id: ${contextValue.requestId}.`,
                  extensions: { ...e.extensions, requestId: contextValue.requestId },
                }
              : e,
          );
        },
      };
    },
  };
}
