// Test helpers for the serverless path: the real collab Lambdas (core with injected parts)
// behind the API Gateway emulator, the real management API client, stock y-websocket
// providers through the client transport, and DynamoDB Local (one Java process per file).
import { connectPaper } from "@accord/client";
import type { Limits } from "@accord/domain";
import { createApiGatewayNotifier, sdkManagementApi } from "@accord/live-apigateway";
import type { Store } from "@accord/storage";
import { createDynamoStore } from "@accord/storage-dynamodb";
import {
  type ApiGatewayEmulator,
  type DynamoDbLocal,
  startApiGatewayEmulator,
  startDynamoDbLocal,
} from "@accord/test-support";
import WebSocket from "ws";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { type CollabLambdas, createCollabLambdas } from "../src/lambda/core.ts";
import { fakeAuthenticate, testLimits } from "./local-helpers.ts";

const debugLogger = {
  info: (message: string, fields?: Record<string, unknown>) =>
    console.log("info", message, JSON.stringify(fields)),
  warn: (message: string, fields?: Record<string, unknown>) =>
    console.log("warn", message, JSON.stringify(fields)),
  error: (message: string, fields?: Record<string, unknown>) =>
    console.log("error", message, JSON.stringify(fields)),
};

export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export const localManagement = () =>
  sdkManagementApi({ region: "us-east-1", credentials: LOCAL_CREDENTIALS });

/** One DynamoDB Local for a test file, a fresh table per store. */
export function dynamoStores() {
  let dynamo: DynamoDbLocal | null = null;
  return {
    async start() {
      dynamo = await startDynamoDbLocal();
    },
    async create(): Promise<Store> {
      if (!dynamo) throw new Error("call start() first");
      const tableName = await dynamo.createTable();
      return createDynamoStore({ client: dynamo.client, tableName });
    },
    async stop() {
      await dynamo?.stop();
      dynamo = null;
    },
  };
}

export interface ServerlessCollab {
  emulator: ApiGatewayEmulator;
  lambdas: CollabLambdas;
  store: Store;
  notifier: ReturnType<typeof createApiGatewayNotifier>;
  url: string;
  /** What the Lambdas logged at warn and error. */
  logs: LogLine[];
  close(): Promise<void>;
}

export interface LogLine {
  level: "warn" | "error";
  message: string;
  fields?: Record<string, unknown> | undefined;
}

function recordingLogger(logs: LogLine[]) {
  return {
    info() {},
    warn: (message: string, fields?: Record<string, unknown>) =>
      logs.push({ level: "warn", message, fields }),
    error: (message: string, fields?: Record<string, unknown>) =>
      logs.push({ level: "error", message, fields }),
  };
}

export async function startServerlessCollab(options: {
  store: Store;
  limits?: Limits;
  idleTimeoutMs?: number;
  connectGraceMs?: number;
}): Promise<ServerlessCollab> {
  const limits = options.limits ?? testLimits();
  const logs: LogLine[] = [];
  let lambdas: CollabLambdas | null = null;
  const route = (name: keyof CollabLambdas) => (event: Parameters<CollabLambdas["connect"]>[0]) =>
    lambdas![name](event);
  const emulator = await startApiGatewayEmulator({
    port: 0,
    stage: "test",
    handlers: {
      connect: route("connect"),
      disconnect: route("disconnect"),
      default: route("default"),
    },
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
  });
  lambdas = createCollabLambdas({
    store: options.store,
    authenticate: fakeAuthenticate,
    management: localManagement(),
    managementEndpoint: emulator.managementEndpoint,
    limits,
    ...(options.connectGraceMs !== undefined ? { connectGraceMs: options.connectGraceMs } : {}),
    logger: process.env.DEBUG_COLLAB ? debugLogger : recordingLogger(logs),
  });
  const notifier = createApiGatewayNotifier({
    store: options.store,
    managementEndpoint: emulator.managementEndpoint,
    management: localManagement(),
    limits,
  });
  return {
    emulator,
    lambdas,
    store: options.store,
    notifier,
    url: emulator.wsUrl,
    logs,
    async close() {
      await emulator.close();
    },
  };
}

/** A stock provider through the API Gateway transport, as an app on Node 20 creates it. */
export function apiGatewayProvider(
  url: string,
  paperId: string,
  token: string,
  doc: Y.Doc = new Y.Doc(),
  options: { connect?: boolean } = {},
): WebsocketProvider {
  return connectPaper({
    url,
    paperId,
    token,
    doc,
    // ws's WebSocket is what Node 20 apps pass.
    WebSocketImpl: WebSocket,
    transport: "apigateway",
    connect: options.connect ?? true,
    maxBackoffTime: 200,
  });
}

/** The paper's document as storage holds it (snapshot + tail). */
export async function storedDoc(store: Store, paperId: string): Promise<Y.Doc> {
  const state = await store.documents.load(paperId);
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  return doc;
}

/**
 * Resolve once the async `check` holds, re-checking after every handler invocation and every
 * management call of the emulator (the events that can change what storage or clients hold).
 */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  emulator: ApiGatewayEmulator,
  timeoutMs = 10_000,
): Promise<void> {
  if (await check()) return;
  await new Promise<void>((resolve, reject) => {
    let running = false;
    let again = false;
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      emulator.events.off("invocation", listener);
      emulator.events.off("management", listener);
    };
    const evaluate = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          if (!done && (await check())) {
            finish();
            resolve();
            return;
          }
        } while (again && !done);
      } catch (error) {
        finish();
        reject(error);
      } finally {
        running = false;
      }
    };
    const listener = () => void evaluate();
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    emulator.events.on("invocation", listener);
    emulator.events.on("management", listener);
    // It may have become true between the first check and subscribing.
    void evaluate();
  });
}
