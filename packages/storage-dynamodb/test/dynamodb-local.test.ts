// The DynamoDB Local launcher: the table comes from the shared definition, and Java never
// outlives the process that started it, however that process ends.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createDynamoClient } from "@accord/storage-dynamodb";
import { TABLE } from "@accord/storage-dynamodb/table";
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { checkJava, INSTALL_JAVA, startDynamoDbLocal } from "../src/testing/index.ts";

describe("startDynamoDbLocal", () => {
  it(
    "serves the shared table definition on 127.0.0.1 and stops Java",
    { timeout: 90_000 },
    async () => {
      const local = await startDynamoDbLocal();
      const probe = createDynamoClient({ endpoint: local.endpoint, maxAttempts: 1 });
      try {
        expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const { Table } = await local.client.send(
          new DescribeTableCommand({ TableName: local.tableName }),
        );
        expect(Table?.KeySchema).toEqual([
          { AttributeName: TABLE.partitionKey.name, KeyType: "HASH" },
          { AttributeName: TABLE.sortKey.name, KeyType: "RANGE" },
        ]);
        expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
          TABLE.globalSecondaryIndexes.map((i) => i.indexName).sort(),
        );
        const ttl = await local.client.send(
          new DescribeTimeToLiveCommand({ TableName: local.tableName }),
        );
        expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TABLE.timeToLiveAttribute);
        expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe("ENABLED");

        const other = await local.createTable();
        expect(other).not.toBe(local.tableName);
        const tables = (await local.client.send(new ListTablesCommand({}))).TableNames;
        expect(tables).toEqual(expect.arrayContaining([local.tableName, other]));
        await local.deleteTable(other);
      } finally {
        await local.stop();
        await local.stop();
      }
      await expect(probe.send(new ListTablesCommand({}))).rejects.toThrow();
      probe.destroy();
    },
  );

  for (const ending of ["is killed", "exits without stopping it"] as const) {
    it(`kills Java when the process that started it ${ending}`, { timeout: 90_000 }, async () => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(import.meta.dirname, "dynamodb-local-child.ts")],
        { stdio: ["pipe", "pipe", "inherit"] },
      );
      try {
        const { endpoint } = JSON.parse(await firstLine(child)) as { endpoint: string };
        const probe = createDynamoClient({ endpoint, maxAttempts: 1 });
        await probe.send(new ListTablesCommand({}));
        if (ending === "is killed") child.kill("SIGKILL");
        else child.stdin?.write("exit\n");
        await refusedWithin(probe, 30_000);
        probe.destroy();
      } finally {
        child.kill("SIGKILL");
      }
    });
  }
});

describe("checkJava", () => {
  it("names what to install when java is missing", () => {
    expect(() => checkJava(join(tmpdir(), "no-such-dir", "java"))).toThrow(INSTALL_JAVA);
    expect(INSTALL_JAVA).toContain(
      "Install Java 17+ (e.g. apt-get install -y openjdk-17-jre-headless)",
    );
  });

  it("names what to install when java is older than 17", () => {
    const fake = join(mkdtempSync(join(tmpdir(), "accord-java-")), "java");
    writeFileSync(fake, "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
    chmodSync(fake, 0o755);
    expect(() => checkJava(fake)).toThrow(/Java 11\. Install Java 17\+/);
  });

  it("accepts the installed java", () => {
    expect(() => checkJava()).not.toThrow();
  });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`the child exited (${code}) before starting`)));
  });
}

/** Resolves once DynamoDB Local refuses connections; fails after `timeoutMs`. */
async function refusedWithin(probe: ReturnType<typeof createDynamoClient>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(2_000) });
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error("DynamoDB Local still answers: Java outlived us");
    // Polling with a deadline: there is no event for "another process died".
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
