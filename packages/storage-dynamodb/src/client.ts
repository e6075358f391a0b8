// The DynamoDB client every Accord process uses: retries with backoff and jitter, and an
// endpoint override for DynamoDB Local.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface DynamoClientOptions {
  /** e.g. http://127.0.0.1:8000 for DynamoDB Local; unset for AWS. */
  endpoint?: string | undefined;
  /** Defaults to us-east-1 when an endpoint is given (DynamoDB Local ignores it). */
  region?: string | undefined;
  /**
   * With an endpoint and no credentials, fixed dummy credentials are used (DynamoDB Local
   * accepts any); otherwise the SDK's default provider chain applies.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  /** Total attempts per request, first one included. */
  maxAttempts?: number | undefined;
  /**
   * "adaptive" (default) is the standard mode (exponential backoff with full jitter, a retry
   * token bucket, throttling and 5xx retried) plus client-side rate limiting once DynamoDB
   * throttles, so a hot Lambda backs off instead of burning its retries.
   */
  retryMode?: "standard" | "adaptive" | undefined;
}

/** Attempts per request by default: DynamoDB throttles in bursts, so allow a few retries. */
export const DEFAULT_MAX_ATTEMPTS = 6;

export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  const local = options.endpoint !== undefined;
  const credentials =
    options.credentials ?? (local ? { accessKeyId: "local", secretAccessKey: "local" } : undefined);
  const region = options.region ?? (local ? "us-east-1" : undefined);
  return new DynamoDBClient({
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: options.retryMode ?? "adaptive",
  });
}
