// The GraphQL Lambda behind an API Gateway HTTP API (payload v2), in three steps: event →
// Apollo request (body limit, JSON), Apollo → result, result → response. Identity comes from
// the JWT authorizer's claims when API Gateway verified the token, else from the header.

import { identityFromClaims } from "@accord/identity";
import { HeaderMap } from "@apollo/server";
import { handlers, startServerAndCreateLambdaHandler } from "@as-integrations/aws-lambda";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import type { GraphqlServer } from "./server.ts";

/** An HTTP API v2 event, with the JWT authorizer's context when a route has one. */
export type GraphqlEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2["requestContext"] & {
    authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]> } };
  };
};

export type GraphqlLambdaHandler = (
  event: GraphqlEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A request the handler refuses before Apollo sees it. */
class RequestRejected extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

function errorResult(status: number, message: string, reason: string, requestId?: string) {
  return {
    statusCode: status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      ...(requestId ? { "x-request-id": requestId } : {}),
    },
    body: JSON.stringify({ errors: [{ message, extensions: { code: "BAD_USER_INPUT", reason } }] }),
  };
}

function bodyText(event: GraphqlEvent): string {
  if (!event.body) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

export function createRequestHandler(options: { maxBodyBytes: number }) {
  return handlers.createRequestHandler<GraphqlEvent, APIGatewayProxyStructuredResultV2>(
    (event) => {
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(event.headers ?? {})) {
        if (value !== undefined) headers.set(name, value);
      }
      const method = event.requestContext.http.method;
      const text = bodyText(event);
      if (Buffer.byteLength(text) > options.maxBodyBytes) {
        throw new RequestRejected(
          413,
          `The request body is larger than ${options.maxBodyBytes} bytes.`,
          "PAYLOAD_TOO_LARGE",
        );
      }
      let body: unknown = text;
      const contentType = headers.get("content-type") ?? "";
      if (method === "POST" && /^application\/(.+\+)?json\b/i.test(contentType) && text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new RequestRejected(400, "The request body is not valid JSON.", "MALFORMED_JSON");
        }
      }
      return { method, headers, search: event.rawQueryString ?? "", body };
    },
    {
      success(response) {
        if (response.body.kind !== "complete") {
          // Incremental delivery is not enabled; Apollo only streams when it is.
          throw new Error("A streamed response cannot be returned from Lambda.");
        }
        return {
          statusCode: response.status ?? 200,
          headers: Object.fromEntries(response.headers),
          body: response.body.string,
        };
      },
      error(error) {
        if (error instanceof RequestRejected) {
          return errorResult(error.status, error.message, error.reason);
        }
        return {
          statusCode: 500,
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify({
            errors: [
              {
                message: "Something went wrong on our side.",
                extensions: { code: "INTERNAL_SERVER_ERROR" },
              },
            ],
          }),
        };
      },
    },
  );
}

/** Build the handler. Starting the server (topic seeding) runs in the background at once. */
export function createLambdaHandler(server: GraphqlServer): GraphqlLambdaHandler {
  const { limits, logger } = server.services;
  const requestHandler = createRequestHandler({ maxBodyBytes: limits.graphql.maxBodyBytes });
  const handler = startServerAndCreateLambdaHandler(server.apollo, requestHandler, {
    middleware: [
      async (event) => {
        const requestId = event.requestContext.requestId;
        return async (result) => {
          result.headers = { ...result.headers, "x-request-id": requestId };
          if ((result.statusCode ?? 200) >= 500) {
            logger.error("GraphQL request failed before execution", {
              requestId,
              status: result.statusCode,
            });
          }
        };
      },
    ],
    context: async ({ event }) => {
      const claims = event.requestContext.authorizer?.jwt?.claims;
      return server.context({
        requestId: event.requestContext.requestId,
        // API Gateway verified these (signature, issuer, audience, expiry); trust them.
        identity: claims ? identityFromClaims(claims) : null,
        authorization: event.headers?.authorization ?? event.headers?.Authorization ?? null,
      });
    },
  });
  // The integration's handler is async and never uses the legacy callback.
  return async (event, context) =>
    (await handler(event, context, () => {})) as APIGatewayProxyStructuredResultV2;
}
