// The one-process local backend: GraphQL at /graphql, live editing at /collab, GET /healthz,
// storage in a SQLite file under the data directory (or DynamoDB), local development tokens.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { attachLocalCollab } from "@accord/collab-service";
import { DEFAULT_LIMITS, type Limits } from "@accord/domain";
import {
  createCollabDocuments,
  createJsonLogger,
  createServer,
  type Logger,
  serveHttp,
} from "@accord/graphql-api";
import {
  type Authenticator,
  createIssuerRouter,
  createLocalAuthenticator,
  createOidcAuthenticator,
  LOCAL_ISSUER,
  loadOrCreateDevSigningKey,
  mintLocalToken,
} from "@accord/identity";
import { createMemoryStore, type Store } from "@accord/storage";
import { createWebHandler } from "@accord/web";
import type { ServerConfig, StoreKind } from "./config.ts";

export { resolveConfig, type ServerConfig, type StoreKind, USAGE } from "./config.ts";

export const SQLITE_FILE = "accord.sqlite";

/** A failure to start that a person can fix; main prints the message and exits non-zero. */
export class StartupError extends Error {
  override name = "StartupError";
}

export interface StartOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  store?: StoreKind;
  dynamodbEndpoint?: string | undefined;
  table?: string;
  oidcIssuer?: string | undefined;
  oidcAudiences?: string[];
  oidcJwksUrl?: string | undefined;
  limits?: Limits;
  logger?: Logger;
  logLevel?: ServerConfig["logLevel"];
  development?: boolean;
  /** Where the built web app is; default services/web/dist. */
  webDistDir?: string | undefined;
  /** What the web app's /config.json answers; default this origin with development sign-in. */
  webConfig?: Record<string, unknown> | undefined;
}

export interface RunningServer {
  /** e.g. http://localhost:4000/graphql */
  url: string;
  /** ws://localhost:4000/collab */
  collabUrl: string;
  port: number;
  dataDir: string;
  /** Stops accepting, closes live connections, the HTTP server and the store. Idempotent. */
  close(): Promise<void>;
}

function ensureWritableDir(dir: string) {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-check-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new StartupError(
      `The data directory ${dir} is not writable (${code}); pass --data-dir or ACCORD_DATA_DIR with a directory you can write to.`,
    );
  }
}

async function openStore(
  options: Required<Pick<StartOptions, "store" | "table">> & {
    dataDir: string;
    dynamodbEndpoint: string | undefined;
  },
): Promise<Store> {
  if (options.store === "memory") return createMemoryStore();
  if (options.store === "sqlite") {
    const { openSqliteStore } = await import("@accord/storage-sqlite");
    return openSqliteStore({ file: join(options.dataDir, SQLITE_FILE) });
  }
  const { createDynamoClient, createDynamoStore, createTableInput } = await import(
    "@accord/storage-dynamodb"
  );
  const client = createDynamoClient({ endpoint: options.dynamodbEndpoint });
  if (options.dynamodbEndpoint) {
    // DynamoDB Local starts empty: create the table on first use. On AWS the stack owns it.
    const { CreateTableCommand, ResourceInUseException } = await import("@aws-sdk/client-dynamodb");
    try {
      await client.send(new CreateTableCommand(createTableInput(options.table)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) {
        throw new StartupError(
          `Cannot reach DynamoDB at ${options.dynamodbEndpoint} (${(error as Error).message}).`,
        );
      }
    }
  }
  return createDynamoStore({ client, tableName: options.table });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = resolve(options.dataDir ?? ".data");
  const limits = options.limits ?? DEFAULT_LIMITS;
  const logger =
    options.logger ??
    createJsonLogger({ level: options.logLevel ?? "info", base: { service: "accord" } });
  const development = options.development ?? true;
  const requestedPort = options.port ?? 4000;
  const host = options.host ?? "127.0.0.1";

  ensureWritableDir(dataDir);
  const key = await loadOrCreateDevSigningKey(dataDir);
  const byIssuer: Record<string, Authenticator> = { [LOCAL_ISSUER]: createLocalAuthenticator(key) };
  if (options.oidcIssuer) {
    byIssuer[options.oidcIssuer] = createOidcAuthenticator({
      issuer: options.oidcIssuer,
      audiences: options.oidcAudiences ?? [],
      ...(options.oidcJwksUrl ? { jwksUrl: options.oidcJwksUrl } : {}),
    });
  }
  const authenticator = createIssuerRouter(byIssuer);
  const store = await openStore({
    store: options.store ?? "sqlite",
    table: options.table ?? "accord",
    dataDir,
    dynamodbEndpoint: options.dynamodbEndpoint,
  });

  // The web app: built files with SPA fallback; the sign-in that mints a token for any
  // username exists only in development, where everyone at the keyboard is trusted.
  const web = createWebHandler({
    distDir: options.webDistDir,
    config: options.webConfig,
    devSignIn: development ? (username) => mintLocalToken(key, { username }) : undefined,
  });

  let graphql: ReturnType<typeof createServer> | null = null;
  const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      sendJson(res, 200, { status: "ok" });
      return;
    }
    if ((path === "/graphql" || path === "/graphql/") && graphql) {
      serveHttp(graphql, req, res, { maxBodyBytes: limits.graphql.maxBodyBytes }).catch(
        (error: unknown) => {
          logger.error("HTTP request failed", { error });
          if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Internal error" }] });
          else res.destroy();
        },
      );
      return;
    }
    web(req, res).catch((error: unknown) => {
      logger.error("web request failed", { error });
      if (!res.headersSent) sendJson(res, 500, { error: "Internal error" });
      else res.destroy();
    });
  });
  // Keep-alive sockets should not hold a shutdown open for minutes.
  http.keepAliveTimeout = 5_000;

  const collab = attachLocalCollab({
    server: http,
    path: "/collab",
    store,
    authenticate: (token) => authenticator.verify(token),
    limits,
    logger,
  });
  graphql = createServer({
    store,
    authenticator,
    live: collab.notifier,
    documents: createCollabDocuments(store),
    limits,
    logger,
    development,
  });

  const abandon = async () => {
    await collab.close().catch(() => {});
    await store.close().catch(() => {});
  };
  try {
    await graphql.apollo.start();
    await new Promise<void>((resolveListen, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        http.off("listening", onListening);
        if (error.code === "EADDRINUSE") {
          reject(new StartupError(`port ${requestedPort} is in use; pass --port`));
        } else if (error.code === "EACCES") {
          reject(new StartupError(`not allowed to listen on port ${requestedPort}; pass --port`));
        } else {
          reject(error);
        }
      };
      const onListening = () => {
        http.off("error", onError);
        resolveListen();
      };
      http.once("error", onError);
      http.once("listening", onListening);
      http.listen(requestedPort, host);
    });
  } catch (error) {
    await graphql.apollo.stop().catch(() => {});
    await abandon();
    throw error;
  }

  const port = (http.address() as AddressInfo).port;
  const shownHost =
    host === "127.0.0.1" || host === "0.0.0.0" || host === "::" ? "localhost" : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    collabUrl: `ws://${shownHost}:${port}/collab`,
    port,
    dataDir,
    close() {
      closing ??= (async () => {
        const httpClosed = new Promise<void>((done) => http.close(() => done()));
        await collab.close();
        http.closeIdleConnections();
        // In-flight requests get a moment to finish; then their sockets are cut.
        const cut = setTimeout(() => http.closeAllConnections(), 2_000);
        await httpClosed;
        clearTimeout(cut);
        await graphql.apollo.stop();
        await store.close();
      })();
      return closing;
    },
  };
}
