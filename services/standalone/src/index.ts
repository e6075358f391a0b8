// The one-process local backend: GraphQL at /graphql, live editing at /collab, GET /healthz,
// storage in a SQLite file under the data directory (or DynamoDB), local development tokens.
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { type AddressInfo, createServer as createNetServer, isIP } from "node:net";
import { dirname, join, resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Duplex } from "node:stream";
import { attachLocalCollab, parseCollabUrl } from "@accord/collab-service";
import {
  DEFAULT_LIMITS,
  EXPORT_LIMITS,
  isDomainError,
  type Limits,
  unauthenticated,
} from "@accord/domain";
import {
  createCollabDocuments,
  createLocalExportFiles,
  createServer,
  serveHttp,
  writeMissingPages,
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
import { createJsonLogger, type Logger } from "@accord/logging";
import { createDirectorySite } from "@accord/publication";
import { createMemoryStore, type Store } from "@accord/storage";
import { isLoopbackHost, type ServerConfig, type StoreKind } from "./config.ts";
import {
  createExplorerHandler,
  createExportDownloadHandler,
  createPublicPagesHandler,
  createWebHandler,
  DEV_SIGN_IN_PATH,
  defaultRuntimeConfig,
  isExportDownload,
  PUBLIC_PAGES_PREFIX,
  securityHeaders,
} from "./web/index.ts";

export {
  isLoopbackHost,
  resolveConfig,
  type ServerConfig,
  type StoreKind,
  USAGE,
} from "./config.ts";

export const SQLITE_FILE = "accord.sqlite";
/** Public pages of published papers, under the data directory. */
export const PUBLICATIONS_DIR = "publications";
/** Exported papers waiting to be downloaded, under the data directory. */
const EXPORTS_DIR = "exports";
export const COLLAB_PATH = "/collab";

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
  /** Overrides `limits.collab.idleUnloadMs` (the command line's --idle-unload-seconds). */
  idleUnloadMs?: number | undefined;
  logger?: Logger;
  logLevel?: ServerConfig["logLevel"];
  development?: boolean;
  /**
   * Serve development mode (the sign-in that mints a token for any username, the explorer)
   * although `host` is not a loopback address. Off by default: on a network, development
   * sign-in hands anyone there a token for anybody.
   */
  allowDevSignInOnNetwork?: boolean;
  /** Expose the longest event-loop stall (ms) on GET /healthz?stall (the security tests read it). */
  measureEventLoop?: boolean;
  /** Where the built web app is; default @accord/web's dist/ (services/web/dist). */
  webDistDir?: string | undefined;
  /** What the web app's /config.json answers; default this origin with development sign-in. */
  webConfig?: Record<string, unknown> | undefined;
  /** Where the built API explorer is; default @accord/web's EXPLORER_DIST_DIR. */
  explorerDistDir?: string | undefined;
  /** The public origin of published papers' pages (canonical links); relative without it. */
  siteUrl?: string | undefined;
  /** Load the demo platform at start unless the store has it; nothing is loaded otherwise. */
  seed?: "demo" | undefined;
}

export interface RunningServer {
  /** e.g. http://localhost:4000/graphql */
  url: string;
  /** ws://localhost:4000/collab */
  collabUrl: string;
  port: number;
  dataDir: string;
  /** development: sign-in for any username and the explorer; production: neither. */
  mode: "development" | "production";
  /** Stops accepting, closes live connections, the HTTP server and the store. Idempotent. */
  close(): Promise<void>;
}

/** The name part of a Host header ("localhost:4000" → "localhost", "[::1]:80" → "[::1]"). */
function hostNameOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header.trim());
  return match?.[1] ?? null;
}

/**
 * Whether a request may use development sign-in. Always a loopback Host: a page on another
 * site that rebinds its DNS name to 127.0.0.1 still sends its own name as Host. With
 * `onNetwork`, an IP literal too (a rebinding attack needs a name, never an IP).
 */
export function devSignInAllowedFor(hostHeader: string | undefined, onNetwork: boolean): boolean {
  const name = hostNameOf(hostHeader);
  if (!name) return false;
  if (isLoopbackHost(name)) return true;
  const bare = name.startsWith("[") ? name.slice(1, -1) : name;
  return onNetwork && isIP(bare) !== 0;
}

/**
 * Create the data directory one level at a time, and check we can write a file in it. Node's
 * recursive mkdir loops forever under /proc; one level at a time every failure is an error.
 */
function ensureWritableDir(dir: string) {
  const fail = (code: string) =>
    new StartupError(
      `The data directory ${dir} is not writable (${code}); pass --data-dir or ACCORD_DATA_DIR with a directory you can write to.`,
    );
  const missing: string[] = [];
  let existing = dir;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) throw fail("ENOTDIR");
      break;
    } catch (error) {
      if (error instanceof StartupError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      if (code !== "ENOENT") throw fail(code);
      const parent = dirname(existing);
      if (parent === existing) throw fail(code);
      missing.unshift(existing);
      existing = parent;
    }
  }
  try {
    for (const level of missing) mkdirSync(level);
    const probe = join(dir, `.write-check-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    throw fail((error as NodeJS.ErrnoException).code ?? "error");
  }
}

/**
 * Fails with the one-line StartupError when `port` is taken, before anything slow (the web
 * build) runs. Port 0 is always free.
 */
export async function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = createNetServer();
  await new Promise<void>((resolveProbe, reject) => {
    probe.once("error", (error: NodeJS.ErrnoException) => reject(listenError(error, port)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolveProbe()));
  });
}

function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === "EADDRINUSE") return new StartupError(`port ${port} is in use; pass --port`);
  if (error.code === "EACCES") {
    return new StartupError(`not allowed to listen on port ${port}; pass --port`);
  }
  if (error.code === "EADDRNOTAVAIL") {
    return new StartupError(`no interface has the address to listen on; pass --host`);
  }
  return error;
}

/** Answer and close an upgrade request nobody took (any path but the live-editing one). */
function refuseUpgrade(socket: Duplex, status: 400 | 404, reason: string) {
  socket.on("error", () => {});
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? "Not Found" : "Bad Request"}\r\n` +
      "Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
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

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** What startServer settles before it opens anything, from the options and their defaults. */
interface Settings {
  dataDir: string;
  limits: Limits;
  logger: Logger;
  requestedPort: number;
  host: string;
  onNetwork: boolean;
  development: boolean;
}

function withIdleUnload(limits: Limits, idleUnloadMs: number | undefined): Limits {
  if (idleUnloadMs === undefined) return limits;
  return { ...limits, collab: { ...limits.collab, idleUnloadMs } };
}

function settingsOf(options: StartOptions): Settings {
  const host = options.host ?? "127.0.0.1";
  const onNetwork = !isLoopbackHost(host);
  return {
    dataDir: resolve(options.dataDir ?? ".data"),
    limits: withIdleUnload(options.limits ?? DEFAULT_LIMITS, options.idleUnloadMs),
    logger:
      options.logger ??
      createJsonLogger({ level: options.logLevel ?? "info", base: { service: "accord" } }),
    requestedPort: options.port ?? 4000,
    host,
    onNetwork,
    // Development on a network address only when asked for by name: it gives tokens away.
    development:
      (options.development ?? true) && (!onNetwork || options.allowDevSignInOnNetwork === true),
  };
}

/** Local development tokens (signed with the data directory's key), and an OIDC issuer if set. */
function authenticatorFor(
  options: StartOptions,
  key: Awaited<ReturnType<typeof loadOrCreateDevSigningKey>>,
  dataDir: string,
): Authenticator {
  const byIssuer: Record<string, Authenticator> = {
    [LOCAL_ISSUER]: explainKeyMismatch(createLocalAuthenticator(key), dataDir),
  };
  if (options.oidcIssuer) {
    byIssuer[options.oidcIssuer] = createOidcAuthenticator({
      issuer: options.oidcIssuer,
      audiences: options.oidcAudiences ?? [],
      ...(options.oidcJwksUrl ? { jwksUrl: options.oidcJwksUrl } : {}),
    });
  }
  return createIssuerRouter(byIssuer);
}

/** What the HTTP routes answer with; `graphql` is set once the live-editing notifier exists. */
interface HttpRoutes {
  settings: Settings;
  /** The web app: built files with SPA fallback, and development sign-in where allowed. */
  web: ReturnType<typeof createWebHandler>;
  explorer: ReturnType<typeof createExplorerHandler> | null;
  /** Published papers' pages at /p/<paperId>, as the GraphQL API wrote them. */
  publicPages: ReturnType<typeof createPublicPagesHandler>;
  /** Downloads of exported papers at /exports/<id>, by signed, expiring link. */
  exportDownloads: ReturnType<typeof createExportDownloadHandler>;
  /** The same headers as the web app's pages, on the API and health answers too. */
  security: Record<string, string>;
  eventLoop: ReturnType<typeof monitorEventLoopDelay> | null;
  graphql: ReturnType<typeof createServer> | null;
  /** Counts of the live-editing host, for GET /healthz?stats; set once it exists. */
  collabStats: (() => { openDocuments: number; connections: number }) | null;
}

/** A request that failed after routing: logged, answered 500 if nothing was sent yet. */
function failed(routes: HttpRoutes, res: ServerResponse, what: string, body: unknown) {
  return (error: unknown) => {
    routes.settings.logger.error(what, { error });
    if (!res.headersSent) sendJson(res, 500, body);
    else res.destroy();
  };
}

/**
 * Whether a request may read GET /healthz?stats: only from this machine (the soak run and an
 * operator's shell). The counts say nothing about any paper, but how busy a server is stays
 * off the network.
 */
export function statsAllowedFor(remoteAddress: string | undefined): boolean {
  if (!remoteAddress) return false;
  const bare = remoteAddress.startsWith("::ffff:") ? remoteAddress.slice(7) : remoteAddress;
  return isLoopbackHost(bare);
}

function serveHealth(
  routes: HttpRoutes,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const { eventLoop, security, collabStats } = routes;
  if (collabStats && url.searchParams.has("stats") && statsAllowedFor(req.socket.remoteAddress)) {
    // Counts only: open documents and live connections of the host, this process's heap.
    const { openDocuments, connections } = collabStats();
    const { heapUsed } = process.memoryUsage();
    sendJson(res, 200, { status: "ok", openDocuments, connections, heapUsed }, security);
    return;
  }
  if (eventLoop && url.searchParams.has("stall")) {
    // The longest stall since the last reading, then start again.
    const stallMs = eventLoop.max / 1e6;
    eventLoop.reset();
    sendJson(res, 200, { status: "ok", stallMs }, security);
    return;
  }
  sendJson(res, 200, { status: "ok" }, security);
}

/** /healthz, development sign-in's guard, the explorer, /graphql, and the web app for the rest. */
function routeRequest(routes: HttpRoutes, req: IncomingMessage, res: ServerResponse): void {
  const { settings, security, explorer, graphql } = routes;
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname;
  if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
    serveHealth(routes, url, req, res);
    return;
  }
  if (path === DEV_SIGN_IN_PATH && !devSignInAllowedFor(req.headers.host, settings.onNetwork)) {
    // Same answer as when development sign-in is off: nothing to learn from the difference.
    req.resume();
    sendJson(res, 404, { message: "Development sign-in is not available here." }, security);
    return;
  }
  if (explorer?.handles(req)) {
    explorer
      .serve(req, res)
      .catch(failed(routes, res, "explorer request failed", { error: "Internal error" }));
    return;
  }
  if (isExportDownload(path)) {
    routes
      .exportDownloads(req, res)
      .catch(failed(routes, res, "export download failed", { error: "Internal error" }));
    return;
  }
  if (path.startsWith(PUBLIC_PAGES_PREFIX)) {
    routes
      .publicPages(req, res)
      .catch(failed(routes, res, "public page request failed", { error: "Internal error" }));
    return;
  }
  if ((path === "/graphql" || path === "/graphql/") && graphql) {
    serveHttp(graphql, req, res, {
      maxBodyBytes: settings.limits.graphql.maxBodyBytes,
      headers: security,
    }).catch(
      failed(routes, res, "HTTP request failed", { errors: [{ message: "Internal error" }] }),
    );
    return;
  }
  routes
    .web(req, res)
    .catch(failed(routes, res, "web request failed", { error: "Internal error" }));
}

/** Listens, turning a busy or forbidden port into the StartupError a person can act on. */
function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      http.off("listening", onListening);
      reject(listenError(error, port));
    };
    const onListening = () => {
      http.off("error", onError);
      resolveListen();
    };
    http.once("error", onError);
    http.once("listening", onListening);
    http.listen(port, host);
  });
}

/** The parts a running server stops, in the order close() stops them. */
interface Running {
  http: Server;
  collab: ReturnType<typeof attachLocalCollab>;
  graphql: ReturnType<typeof createServer>;
  store: Store;
  eventLoop: ReturnType<typeof monitorEventLoopDelay> | null;
}

function runningServer(settings: Settings, parts: Running): RunningServer {
  const { http, collab, graphql, store, eventLoop } = parts;
  const { host } = settings;
  const port = (http.address() as AddressInfo).port;
  const shownHost =
    host === "127.0.0.1" || host === "0.0.0.0" || host === "::" ? "localhost" : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    collabUrl: `ws://${shownHost}:${port}/collab`,
    port,
    dataDir: settings.dataDir,
    mode: settings.development ? "development" : "production",
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
        eventLoop?.disable();
      })();
      return closing;
    },
  };
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const settings = settingsOf(options);
  const { dataDir, limits, logger, development } = settings;
  ensureWritableDir(dataDir);
  const key = await loadOrCreateDevSigningKey(dataDir);
  const authenticator = authenticatorFor(options, key, dataDir);
  const store = await openStore({
    store: options.store ?? "sqlite",
    table: options.table ?? "accord",
    dataDir,
    dynamodbEndpoint: options.dynamodbEndpoint,
  });
  if (options.seed === "demo") {
    const { seedDemo } = await import("./seed/demo.ts");
    const counts = await seedDemo(store).catch(async (error: unknown) => {
      await store.close().catch(() => {});
      throw error;
    });
    logger.info(counts ? "demo platform loaded" : "demo platform already present", {
      ...counts,
    });
  }

  const security = securityHeaders(options.webConfig ?? defaultRuntimeConfig(development));
  const publications = createDirectorySite(join(dataDir, PUBLICATIONS_DIR));
  // Download links name this server's origin, known once it listens.
  let origin = "";
  const exportFiles = createLocalExportFiles({
    dir: join(dataDir, EXPORTS_DIR),
    origin: () => origin,
  });
  const routes: HttpRoutes = {
    settings,
    // The sign-in that mints a token for any username exists only in development, where
    // everyone at the keyboard is trusted.
    web: createWebHandler({
      distDir: options.webDistDir,
      config: options.webConfig,
      devSignIn: development ? (username) => mintLocalToken(key, { username }) : undefined,
    }),
    // GET /graphql from a browser: the bundled explorer, in development only. In production
    // the browser gets Apollo's JSON answer, like any other GET without a query.
    explorer: development ? createExplorerHandler({ distDir: options.explorerDistDir }) : null,
    publicPages: createPublicPagesHandler(publications, security),
    exportDownloads: createExportDownloadHandler(exportFiles, security),
    security,
    eventLoop: options.measureEventLoop ? monitorEventLoopDelay({ resolution: 5 }) : null,
    graphql: null,
    collabStats: null,
  };
  routes.eventLoop?.enable();
  const http = createHttpServer((req, res) => routeRequest(routes, req, res));
  // Keep-alive sockets should not hold a shutdown open for minutes.
  http.keepAliveTimeout = 5_000;

  const collab = attachLocalCollab({
    server: http,
    path: COLLAB_PATH,
    store,
    authenticate: (token) => authenticator.verify(token),
    limits,
    logger,
  });
  routes.collabStats = () => collab.host.stats();
  // Registered after the live-editing listener: every upgrade it does not claim is answered
  // and closed here, instead of holding a socket open forever.
  http.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
    if (parseCollabUrl(req.url ?? "", COLLAB_PATH)) return;
    refuseUpgrade(socket, 404, `Live editing is at ${COLLAB_PATH}; nothing else upgrades.`);
  });
  const graphql = createServer({
    store,
    authenticator,
    live: collab.notifier,
    documents: createCollabDocuments(store),
    publications: { site: publications, page: { siteUrl: options.siteUrl } },
    exports: { files: exportFiles, limits: EXPORT_LIMITS },
    limits,
    logger,
    development,
  });
  routes.graphql = graphql;

  try {
    await graphql.apollo.start();
    // Published papers without a page (from before public pages, or from a seed) get one.
    const written = await writeMissingPages(
      await graphql.context({ requestId: "startup" }),
      async (paperId) => (await publications.read(paperId)) !== null,
    );
    if (written > 0) logger.info("public pages written for published papers", { written });
    await listen(http, settings.requestedPort, settings.host);
  } catch (error) {
    await graphql.apollo.stop().catch(() => {});
    await collab.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
  const running = runningServer(settings, {
    http,
    collab,
    graphql,
    store,
    eventLoop: routes.eventLoop,
  });
  origin = new URL(running.url).origin;
  return running;
}

/**
 * A local token that fails its signature check was almost always minted with another data
 * directory's key: say so, and how to get one this server accepts.
 */
function explainKeyMismatch(local: Authenticator, dataDir: string): Authenticator {
  return {
    async verify(token) {
      try {
        return await local.verify(token);
      } catch (error) {
        if (isDomainError(error) && /signature/i.test(error.message)) {
          throw unauthenticated(
            `The token's signature does not match this server's signing key (data directory ${dataDir}): it was minted with another data directory. Mint one with: pnpm token <username> --data-dir ${dataDir}`,
          );
        }
        throw error;
      }
    },
  };
}
