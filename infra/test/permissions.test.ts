// The table grant must cover every DynamoDB call the bundled handlers can make, and no more:
// the storage adapter's commands are read from its source and mapped to IAM actions.

import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { TABLE_ACTIONS } from "../lib/constructs/grants.ts";
import { REPO_ROOT } from "../lib/entries.ts";

/** IAM actions each SDK command needs (transactions are authorized per contained action). */
const ACTIONS_OF_COMMAND: Record<string, readonly string[]> = {
  GetCommand: ["dynamodb:GetItem"],
  GetItemCommand: ["dynamodb:GetItem"],
  BatchGetCommand: ["dynamodb:BatchGetItem"],
  BatchGetItemCommand: ["dynamodb:BatchGetItem"],
  QueryCommand: ["dynamodb:Query"],
  PutCommand: ["dynamodb:PutItem"],
  PutItemCommand: ["dynamodb:PutItem"],
  UpdateCommand: ["dynamodb:UpdateItem"],
  UpdateItemCommand: ["dynamodb:UpdateItem"],
  DeleteCommand: ["dynamodb:DeleteItem"],
  DeleteItemCommand: ["dynamodb:DeleteItem"],
  BatchWriteCommand: ["dynamodb:BatchWriteItem"],
  BatchWriteItemCommand: ["dynamodb:BatchWriteItem"],
  TransactWriteCommand: [
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
  ],
  TransactGetCommand: ["dynamodb:GetItem"],
};

/**
 * Calls that exist in the adapter but never run in a Lambda: a full-table sweep for DynamoDB
 * Local (on AWS, TTL expires items), by file and command.
 */
const MAINTENANCE_ONLY = new Set(["packages/storage-dynamodb/src/documents.ts:ScanCommand"]);

const DYNAMODB_SOURCES = ["packages/storage-dynamodb/src", "services/collab/src/lambda"];
/** What no deployed handler runs: DynamoDB Local for tests (table setup). */
const TEST_ONLY_SOURCES = ["packages/storage-dynamodb/src/testing"];

function typescriptFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) =>
    entry.isDirectory()
      ? TEST_ONLY_SOURCES.some((skip) => join(REPO_ROOT, skip) === join(dir, entry.name))
        ? []
        : typescriptFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("DynamoDB grant", () => {
  const calls = DYNAMODB_SOURCES.flatMap((dir) => typescriptFiles(join(REPO_ROOT, dir))).flatMap(
    (file) => {
      const text = readFileSync(file, "utf8");
      if (!/@aws-sdk\/(lib|client)-dynamodb/.test(text)) return [];
      return [...text.matchAll(/new (\w+Command)\(/g)].map((match) => ({
        file: relative(REPO_ROOT, file),
        command: match[1] ?? "",
      }));
    },
  );

  it("finds the adapter's calls", () => {
    expect(calls.length).toBeGreaterThan(0);
  });

  it("allows every call a handler can make", () => {
    const missing: string[] = [];
    for (const { file, command } of calls) {
      if (MAINTENANCE_ONLY.has(`${file}:${command}`)) continue;
      const actions = ACTIONS_OF_COMMAND[command];
      if (actions === undefined) {
        missing.push(`${file}: ${command} is not mapped to IAM actions (add it to this test)`);
        continue;
      }
      for (const action of actions) {
        if (!TABLE_ACTIONS.includes(action)) missing.push(`${file}: ${command} needs ${action}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("grants nothing the handlers do not use", () => {
    const used = new Set(
      calls
        .filter(({ file, command }) => !MAINTENANCE_ONLY.has(`${file}:${command}`))
        .flatMap(({ command }) => ACTIONS_OF_COMMAND[command] ?? []),
    );
    // ConditionCheckItem and DeleteItem come with TransactWriteItems.
    expect(TABLE_ACTIONS.filter((action) => !used.has(action))).toEqual([]);
  });
});
