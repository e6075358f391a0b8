// The app's one door to the GraphQL API: the client SDK's typed operations and client, errors
// turned into sentences a person can act on (never raw JSON).
import {
  type AccordClient,
  type AccordErrorCode,
  AccordGraphQLError,
  createClient,
  NETWORK_ERROR,
} from "@accord/client";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: AccordErrorCode,
    message: string,
    /** BAD_USER_INPUT about several fields at once: each one's problem (survey answers). */
    readonly problems: readonly { questionId: string; message: string }[] = [],
    /** The first error's `extensions` as sent (e.g. `reason` and `limit` of a refusal). */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** `extensions.problems` as the API sends it for survey answers; [] for anything else. */
function problemsOf(extensions: Record<string, unknown> | undefined) {
  const raw = extensions?.problems;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (entry): entry is { questionId: string; message: string } =>
      typeof entry === "object" &&
      entry !== null &&
      typeof (entry as { questionId?: unknown }).questionId === "string" &&
      typeof (entry as { message?: unknown }).message === "string",
  );
}

/** A server message worth showing as it is: one plain sentence, not a dump. */
function isPlainSentence(message: unknown): message is string {
  return (
    typeof message === "string" &&
    message.length > 0 &&
    message.length < 300 &&
    !/[{}[\]<>]|\bat \S+:\d+/.test(message)
  );
}

/** The sentence shown for a failed request. */
export function humanMessage(code: AccordErrorCode, serverMessage?: unknown): string {
  switch (code) {
    case NETWORK_ERROR:
      return "Cannot reach the server. Check your connection and try again.";
    case "UNAUTHENTICATED":
      return "Your sign-in has expired. Sign in again to continue; nothing you typed is lost.";
    case "RATE_LIMITED":
      return "Too many requests at once. Wait a few seconds and try again.";
    case "INTERNAL_SERVER_ERROR":
      return "Something went wrong on the server. Try again in a moment.";
    case "CONFLICT":
      return isPlainSentence(serverMessage)
        ? `${serverMessage} Reload to see the latest and try again.`
        : "Someone changed this at the same time. Reload to see the latest and try again.";
    case "NOT_FOUND":
      return isPlainSentence(serverMessage)
        ? serverMessage
        : "This no longer exists, or you are not allowed to see it.";
    case "FORBIDDEN":
      return isPlainSentence(serverMessage)
        ? serverMessage
        : "Your role on this paper does not allow that.";
    case "BAD_USER_INPUT":
      return isPlainSentence(serverMessage)
        ? serverMessage
        : "Some of what you entered is not valid; check the form.";
  }
}

export interface ApiOptions {
  url: string;
  /** The current bearer token, or null when anonymous. */
  token: () => Promise<string | null>;
  /** Called when the server says the token is no longer good. */
  onUnauthenticated?: () => void;
}

export type Api = AccordClient;

/** What a person can do about a refusal the API explains with a reason. */
const REASONS: Record<string, string> = {
  FROZEN: "This paper is published or archived: it can no longer change.",
  NOT_OPEN:
    "This paper is not open for endorsement yet: endorsements open when its lead moves it to endorsement.",
};

function apiErrorOf(error: AccordGraphQLError): ApiError {
  const first = error.errors[0];
  let code: AccordErrorCode;
  if (error.code === NETWORK_ERROR) {
    code =
      error.status === 0
        ? NETWORK_ERROR
        : error.status === 401
          ? "UNAUTHENTICATED"
          : "INTERNAL_SERVER_ERROR";
  } else {
    code = error.code;
  }
  const reason = first?.reason ? REASONS[first.reason] : undefined;
  return new ApiError(
    code,
    reason ?? humanMessage(code, first?.message),
    problemsOf(first?.extensions),
    first?.extensions ?? {},
  );
}

/** The client SDK's typed client, with failures turned into sentences. */
export function createApi(options: ApiOptions): Api {
  const client = createClient({ url: options.url, token: options.token });
  return {
    async request(document, ...variables) {
      try {
        return await client.request(document, ...variables);
      } catch (error) {
        if (!(error instanceof AccordGraphQLError)) throw error;
        const failure = apiErrorOf(error);
        if (failure.code === "UNAUTHENTICATED") options.onUnauthenticated?.();
        throw failure;
      }
    },
  };
}

/** The sentence for anything thrown by a request or a step around it. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong here. Reload the page and try again.";
}
