// API Gateway's management API (@connections) as the two verbs live editing needs: post a text
// frame to a connection, and end one. A connection that is gone is an answer, not an error.
// Each call is bounded by a timeout and retried by the delivery's policy (retry.ts) when the
// service throttles (429 LimitExceededException), fails (5xx), or the call timed out.
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { type RetryPolicy, retryingManagementApi } from "./retry.ts";

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
  /** How retryable failures are retried (default DEFAULT_RETRY_POLICY); the SDK itself does not. */
  retry?: Partial<RetryPolicy> | undefined;
  /**
   * A call not answered within this long is abandoned (and retried): a post takes tens of
   * milliseconds, and one stuck call must not hold a fan-out until the Lambda times out.
   */
  callTimeoutMs?: number | undefined;
}

/** Far beyond a post's usual tens of milliseconds. */
const DEFAULT_CALL_TIMEOUT_MS = 2_000;

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
        // One attempt per call: retry.ts retries, with its own budget, so attempts do not multiply.
        maxAttempts: 1,
      });
      clients.set(endpoint, client);
    }
    const api = client;
    const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const bounded = () => ({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return retryingManagementApi(
      {
        async post(connectionId, text) {
          try {
            await api.send(
              new PostToConnectionCommand({
                ConnectionId: connectionId,
                Data: encoder.encode(text),
              }),
              bounded(),
            );
            return "sent";
          } catch (error) {
            if (isGone(error)) return "gone";
            throw error;
          }
        },
        async delete(connectionId) {
          try {
            await api.send(new DeleteConnectionCommand({ ConnectionId: connectionId }), bounded());
            return "deleted";
          } catch (error) {
            if (isGone(error)) return "gone";
            throw error;
          }
        },
      },
      options.retry ? { policy: options.retry } : {},
    );
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
