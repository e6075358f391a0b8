// API Gateway's management API (@connections) as the two verbs live editing needs: post a text
// frame to a connection, and end one. A connection that is gone is an answer, not an error.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";

export interface ManagementApi {
  /** Deliver one text message to a connection. */
  post(connectionId: string, text: string): Promise<"sent" | "gone">;
  /** Close a connection (API Gateway then invokes $disconnect). */
  delete(connectionId: string): Promise<"deleted" | "gone">;
}

/** The management API of one API (endpoint `https://<domain>/<stage>`). */
export type ManagementApiFor = (endpoint: string) => ManagementApi;

export interface SdkManagementOptions {
  region?: string | undefined;
  /** Only for local emulation; on AWS the Lambda role's credentials are used. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  maxAttempts?: number | undefined;
}

function isGone(error: unknown): boolean {
  return (
    error instanceof GoneException ||
    (error as { name?: string } | null)?.name === "GoneException" ||
    (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 410
  );
}

/** Management API clients, one per endpoint, reused across invocations of a warm Lambda. */
export function sdkManagementApi(options: SdkManagementOptions = {}): ManagementApiFor {
  const clients = new Map<string, ApiGatewayManagementApiClient>();
  const encoder = new TextEncoder();
  return (endpoint) => {
    let client = clients.get(endpoint);
    if (!client) {
      client = new ApiGatewayManagementApiClient({
        endpoint,
        ...(options.region ? { region: options.region } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        maxAttempts: options.maxAttempts ?? 3,
      });
      clients.set(endpoint, client);
    }
    const api = client;
    return {
      async post(connectionId, text) {
        try {
          await api.send(
            new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(text) }),
          );
          return "sent";
        } catch (error) {
          if (isGone(error)) return "gone";
          throw error;
        }
      },
      async delete(connectionId) {
        try {
          await api.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
          return "deleted";
        } catch (error) {
          if (isGone(error)) return "gone";
          throw error;
        }
      },
    };
  };
}

/** Where the management API of the API that sent `event` lives (unless overridden). */
export function managementEndpointOf(
  requestContext: { domainName: string; stage: string },
  override?: string | undefined,
): string {
  if (override) return override.replace(/\/+$/, "");
  return `https://${requestContext.domainName}/${requestContext.stage}`;
}
