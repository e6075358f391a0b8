// A small typed GraphQL client over fetch: pass a generated document and its variables, get
// its typed result, or an AccordGraphQLError carrying the API's error codes.
import { isPublicErrorCode, NETWORK_ERROR, type PublicErrorCode } from "@accord/protocol";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type DocumentNode, print } from "graphql";

/**
 * The codes the API puts in `extensions.code` (@accord/protocol's PUBLIC_ERROR_CODES), plus
 * NETWORK_ERROR, this client's own: no usable answer (the request failed or the response was
 * not GraphQL).
 */
export type AccordErrorCode = PublicErrorCode | typeof NETWORK_ERROR;

export interface AccordErrorEntry {
  message: string;
  code: AccordErrorCode;
  /** e.g. FROZEN, PAYLOAD_TOO_LARGE, GRAPHQL_PARSE_FAILED, QUERY_TOO_COSTLY. */
  reason?: string;
  path?: readonly (string | number)[];
  extensions: Record<string, unknown>;
}

export class AccordGraphQLError extends Error {
  override name = "AccordGraphQLError";
  constructor(
    readonly errors: readonly AccordErrorEntry[],
    /** HTTP status of the response; 0 when there was none. */
    readonly status: number,
    /** Partial data of a response that also carried errors. */
    readonly data: unknown = null,
  ) {
    super(errors.map((e) => e.message).join("; ") || `Request failed with HTTP ${status}`);
  }
  /** The first error's code. */
  get code(): AccordErrorCode {
    return this.errors[0]?.code ?? NETWORK_ERROR;
  }
  get codes(): AccordErrorCode[] {
    return [...new Set(this.errors.map((e) => e.code))];
  }
}

export interface ClientOptions {
  /** e.g. http://localhost:4000/graphql or https://<api>.execute-api.<region>.amazonaws.com/graphql */
  url: string;
  /** A bearer token, or a function returning the current one (null for anonymous). */
  token?: string | null | (() => string | null | Promise<string | null>);
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

type VariablesArgument<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export interface AccordClient {
  request<R, V extends Record<string, unknown>>(
    document: TypedDocumentNode<R, V>,
    ...variables: VariablesArgument<V>
  ): Promise<R>;
}

const printed = new WeakMap<DocumentNode, string>();
function source(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

function entryOf(raw: unknown): AccordErrorEntry {
  const error = (typeof raw === "object" && raw !== null ? raw : {}) as {
    message?: unknown;
    path?: unknown;
    extensions?: Record<string, unknown>;
  };
  const extensions = error.extensions ?? {};
  const code = isPublicErrorCode(extensions.code) ? extensions.code : "INTERNAL_SERVER_ERROR";
  return {
    message: typeof error.message === "string" ? error.message : "Unknown error",
    code,
    ...(typeof extensions.reason === "string" ? { reason: extensions.reason } : {}),
    ...(Array.isArray(error.path) ? { path: error.path as (string | number)[] } : {}),
    extensions,
  };
}

export function createClient(options: ClientOptions): AccordClient {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const tokenOf = async () =>
    typeof options.token === "function" ? await options.token() : (options.token ?? null);
  return {
    async request(document, ...[variables]) {
      const token = await tokenOf();
      let response: Response;
      try {
        response = await fetchFn(options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/graphql-response+json, application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...options.headers,
          },
          body: JSON.stringify({ query: source(document), variables: variables ?? {} }),
        });
      } catch (error) {
        throw new AccordGraphQLError(
          [
            {
              message: `Cannot reach ${options.url}: ${(error as Error).message}`,
              code: NETWORK_ERROR,
              extensions: {},
            },
          ],
          0,
        );
      }
      let body: { data?: unknown; errors?: unknown[] };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new AccordGraphQLError(
          [
            {
              message: `Not a GraphQL response (HTTP ${response.status}).`,
              code: NETWORK_ERROR,
              extensions: {},
            },
          ],
          response.status,
        );
      }
      if (Array.isArray(body.errors) && body.errors.length > 0) {
        throw new AccordGraphQLError(body.errors.map(entryOf), response.status, body.data ?? null);
      }
      if (response.status === 401) {
        // API Gateway's JWT authorizer refuses a bad or expired token before GraphQL runs, with
        // a body that is not a GraphQL response: it means the same as UNAUTHENTICATED locally.
        throw new AccordGraphQLError(
          [
            {
              message: "Sign in again: the token is missing, invalid or expired.",
              code: "UNAUTHENTICATED",
              extensions: {},
            },
          ],
          response.status,
        );
      }
      if (!response.ok || body.data === undefined || body.data === null) {
        throw new AccordGraphQLError(
          [
            {
              message: `No data in the response (HTTP ${response.status}).`,
              code: NETWORK_ERROR,
              extensions: {},
            },
          ],
          response.status,
        );
      }
      return body.data as never;
    },
  };
}
