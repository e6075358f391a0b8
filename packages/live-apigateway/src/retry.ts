// Retries of the management API's answers that mean "later": throttling (429
// LimitExceededException, or any throttling error name), a 5xx, a call that timed out, a
// connection error. Bounded twice, by attempts and by a deadline from the first attempt, with
// full jitter so that the many Lambdas throttled by one burst do not come back in step. What is
// still failing after that is the caller's to handle (fanOut drops the connection so that its
// reconnection's sync brings what it missed). Posts are safe to repeat: Yjs updates and
// awareness apply once however often they arrive, and the client reassembles repeated chunks.
import type { ManagementApi } from "./management.ts";

export interface RetryPolicy {
  /** Calls at most, the first included. */
  attempts: number;
  /** The n-th retry waits a random time up to min(maxDelayMs, baseDelayMs × 2^(n-1)). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts later than this after the first attempt began. */
  deadlineMs: number;
}

/**
 * A post takes ~10–50 ms; a throttled burst clears within a second or two. Four attempts within
 * 5 s (with the 2 s per-call timeout of sdkManagementApi) keep a whole fan-out, and the close that
 * follows a failure, inside the $default Lambda's 20 s timeout.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  attempts: 4,
  baseDelayMs: 50,
  maxDelayMs: 800,
  deadlineMs: 5_000,
});

const THROTTLING = new Set([
  "LimitExceededException",
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
]);
const TIMEOUTS = new Set(["AbortError", "TimeoutError", "RequestTimeout"]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ECONNABORTED"]);

/** True when the call may succeed if made again a little later. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, $metadata } = error as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const status = $metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  if (typeof name === "string" && (THROTTLING.has(name) || TIMEOUTS.has(name))) return true;
  return typeof code === "string" && NETWORK.has(code);
}

/** The wait before retry number `retry` (1-based): full jitter over an exponential cap. */
export function retryDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Run `call` until it succeeds, fails for good, or the policy's attempts or deadline run out. */
export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions = {}) {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const delay = retryDelay(attempt, policy, random);
      if (now() + delay - started > policy.deadlineMs) throw error;
      await sleep(delay);
    }
  }
}

/** The same management API, each call retried by the policy. */
export function retryingManagementApi(
  inner: ManagementApi,
  options: RetryOptions = {},
): ManagementApi {
  return {
    post: (connectionId, text) => withRetries(() => inner.post(connectionId, text), options),
    delete: (connectionId) => withRetries(() => inner.delete(connectionId), options),
  };
}
