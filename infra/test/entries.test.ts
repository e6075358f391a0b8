// The Lambda handler modules the CDK app bundles.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  LAMBDA_ENTRIES,
  MissingLambdaEntryError,
  REPO_ROOT,
  resolveLambdaEntries,
} from "../lib/entries.ts";

describe("Lambda entries", () => {
  it("finds every handler module in the repository", () => {
    // Fails naming each missing module until the services provide it.
    const entries = resolveLambdaEntries(REPO_ROOT);
    for (const [name, path] of Object.entries(entries)) {
      expect(path).toBe(join(REPO_ROOT, LAMBDA_ENTRIES[name as keyof typeof LAMBDA_ENTRIES]));
    }
  });

  it("names each missing module", () => {
    const root = mkdtempSync(join(tmpdir(), "accord-entries-"));
    const present = join(root, LAMBDA_ENTRIES.graphql);
    mkdirSync(dirname(present), { recursive: true });
    writeFileSync(present, "export const handler = async () => ({});\n");
    let error: unknown;
    try {
      resolveLambdaEntries(root);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingLambdaEntryError);
    expect((error as MissingLambdaEntryError).missing).toEqual([
      LAMBDA_ENTRIES.collabConnect,
      LAMBDA_ENTRIES.collabDisconnect,
      LAMBDA_ENTRIES.collabDefault,
      LAMBDA_ENTRIES.collabCompact,
    ]);
    expect((error as Error).message).toContain("services/collab/src/lambda/connect.ts");
  });

  it("lets one entry be replaced, relative to the root or absolute", () => {
    const root = mkdtempSync(join(tmpdir(), "accord-entries-"));
    for (const path of [...Object.values(LAMBDA_ENTRIES), "trial/graphql.ts"]) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), "export const handler = async () => ({});\n");
    }
    expect(resolveLambdaEntries(root, { graphql: "trial/graphql.ts" }).graphql).toBe(
      join(root, "trial/graphql.ts"),
    );
    expect(() => resolveLambdaEntries(root, { graphql: "/nowhere/graphql.ts" })).toThrow(
      /nowhere\/graphql\.ts/,
    );
  });
});
