// The app's one door to the GraphQL API: typed operations from @accord/client, errors turned
// into sentences a person can act on (never raw JSON).
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "INTERNAL_SERVER_ERROR"
  | "NETWORK";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "RATE_LIMITED",
  "INTERNAL_SERVER_ERROR",
]);

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
export function humanMessage(code: ErrorCode, serverMessage?: unknown): string {
  switch (code) {
    case "NETWORK":
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

export interface Api {
  request<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    ...variables: Variables extends Record<string, never> ? [] : [Variables]
  ): Promise<Result>;
}

export function createApi(options: ApiOptions): Api {
  const printed = new WeakMap<object, string>();
  const query = (document: object): string => {
    let text = printed.get(document);
    if (text === undefined) {
      // Generated documents are ASTs; print once and reuse.
      text = print(document as Parameters<typeof print>[0]);
      printed.set(document, text);
    }
    return text;
  };
  return {
    async request(document, ...args) {
      const token = await options.token();
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/graphql-response+json, application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query: query(document), variables: args[0] ?? {} }),
        });
      } catch {
        throw new ApiError("NETWORK", humanMessage("NETWORK"));
      }
      let body: {
        data?: unknown;
        errors?: { message?: unknown; extensions?: { code?: unknown } }[];
      };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        const code: ErrorCode =
          response.status === 401 ? "UNAUTHENTICATED" : "INTERNAL_SERVER_ERROR";
        if (code === "UNAUTHENTICATED") options.onUnauthenticated?.();
        throw new ApiError(code, humanMessage(code));
      }
      const first = body.errors?.[0];
      if (first || response.status === 401) {
        const raw = first?.extensions?.code;
        const code: ErrorCode =
          response.status === 401
            ? "UNAUTHENTICATED"
            : typeof raw === "string" && KNOWN_CODES.has(raw)
              ? (raw as ErrorCode)
              : "INTERNAL_SERVER_ERROR";
        if (code === "UNAUTHENTICATED") options.onUnauthenticated?.();
        throw new ApiError(code, humanMessage(code, first?.message));
      }
      return body.data as never;
    },
  };
}

/** The sentence for anything thrown by a request or a step around it. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong here. Reload the page and try again.";
}
