// Test harness: the real server over node:http on 127.0.0.1 port 0, an in-memory store by
// default, and local tokens minted for any username.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LiveNotifier } from "@accord/collab";
import { type Limits, withLimits } from "@accord/domain";
import {
  createLocalAuthenticator,
  type DevSigningKey,
  loadOrCreateDevSigningKey,
  mintLocalToken,
} from "@accord/identity";
import { createMemoryStore, type Store } from "@accord/storage";
import {
  createJsonLogger,
  createServer,
  type Exports,
  type GraphqlServer,
  type PaperDocuments,
  type Publications,
  serveHttp,
} from "../src/index.ts";

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; reason?: string; requestId?: string; [key: string]: unknown };
  }[];
}

export interface TestApi {
  url: string;
  store: Store;
  server: GraphqlServer;
  key: DevSigningKey;
  logs: Record<string, unknown>[];
  token(username: string, options?: { coordinator?: boolean }): Promise<string>;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphqlResponse<T>>;
  /** Raw POST with any body and headers. */
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestApi(
  options: {
    store?: Store;
    limits?: Limits;
    live?: LiveNotifier;
    documents?: PaperDocuments;
    publications?: Publications;
    exports?: Exports;
    clock?: () => Date;
    development?: boolean;
  } = {},
): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), "accord-graphql-"));
  const key = await loadOrCreateDevSigningKey(dir);
  const store = options.store ?? createMemoryStore();
  const limits = options.limits ?? withLimits({});
  const logs: Record<string, unknown>[] = [];
  const server = createServer({
    store,
    authenticator: createLocalAuthenticator(key),
    limits,
    live: options.live ?? null,
    documents: options.documents ?? null,
    publications: options.publications ?? null,
    exports: options.exports ?? null,
    ...(options.clock ? { clock: options.clock } : {}),
    logger: createJsonLogger({ write: (line) => logs.push(JSON.parse(line)), level: "debug" }),
    development: options.development ?? false,
  });
  await server.apollo.start();
  const http: Server = createHttpServer((req, res) => {
    serveHttp(server, req, res, { maxBodyBytes: limits.graphql.maxBodyBytes }).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const tokens = new Map<string, string>();

  const api: TestApi = {
    url,
    store,
    server,
    key,
    logs,
    async token(username, tokenOptions = {}) {
      const cacheKey = `${username}/${tokenOptions.coordinator ?? false}`;
      let token = tokens.get(cacheKey);
      if (!token) {
        token = await mintLocalToken(key, {
          username,
          coordinator: tokenOptions.coordinator ?? false,
        });
        tokens.set(cacheKey, token);
      }
      return token;
    },
    async gql(query, variables, token) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`Not JSON (HTTP ${response.status}): ${text}`);
      }
      return { status: response.status, headers: response.headers, ...body };
    },
    post(body, headers = {}) {
      return fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    },
    async close() {
      await new Promise((resolve) => http.close(resolve));
      await server.apollo.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return api;
}

/** The data of a response that must have succeeded. */
export function dataOf<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  }
  if (!response.data) throw new Error(`No data (HTTP ${response.status})`);
  return response.data;
}

/** The code of a response's first error. */
export function codeOf(response: GraphqlResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}
