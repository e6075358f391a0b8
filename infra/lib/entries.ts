// Where the Lambda handlers live: the one list of them. Each module exports `handler`; the CDK
// app bundles them, serverless-local (test/support) and the benchmarks load them from here.

import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FunctionName } from "./config.ts";

/** The monorepo root: NodejsFunction's projectRoot, where pnpm-lock.yaml lives. */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));

/** Handler modules, relative to the repository root. */
export const LAMBDA_ENTRIES: Readonly<Record<FunctionName, string>> = {
  graphql: "services/graphql-api/src/lambda.ts",
  collabConnect: "services/collab/src/lambda/connect.ts",
  collabDisconnect: "services/collab/src/lambda/disconnect.ts",
  collabDefault: "services/collab/src/lambda/default.ts",
  collabCompact: "services/collab/src/lambda/compact.ts",
};

/** Absolute handler paths, by function. */
export type LambdaEntries = Readonly<Record<FunctionName, string>>;

export class MissingLambdaEntryError extends Error {
  readonly code = "MISSING_LAMBDA_ENTRY";
  constructor(readonly missing: string[]) {
    super(
      `Lambda handler module(s) not found: ${missing.join(", ")}. ` +
        "Each must exist and export `handler` before the CDK app can bundle it " +
        "(see LAMBDA_ENTRIES in infra/lib/entries.ts).",
    );
    this.name = "MissingLambdaEntryError";
  }
}

/**
 * Resolve every handler module to an absolute path under `repoRoot` and check that it exists.
 * `overrides` (relative to repoRoot, or absolute) replace single entries, e.g. for a trial
 * bundle of a handler under development.
 */
export function resolveLambdaEntries(
  repoRoot: string = REPO_ROOT,
  overrides: Partial<Record<FunctionName, string>> = {},
): LambdaEntries {
  const entries = { ...LAMBDA_ENTRIES, ...overrides };
  const resolved = Object.fromEntries(
    Object.entries(entries).map(([name, path]) => [
      name,
      isAbsolute(path) ? path : join(repoRoot, path),
    ]),
  ) as Record<FunctionName, string>;
  const missing = Object.values(resolved)
    .filter((path) => !existsSync(path))
    .map((path) => relative(repoRoot, path));
  if (missing.length > 0) throw new MissingLambdaEntryError(missing);
  return resolved;
}
