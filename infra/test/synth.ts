// Test helper: synthesize one stage in process, the way bin/app.ts composes it, with the
// context of cdk.json (same feature flags as the CLI) and cdk-nag as a synth-time validation.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, type CfnElement, Stack } from "aws-cdk-lib";
import type * as cxapi from "aws-cdk-lib/cx-api";
import { type AccordStacks, addAccordStacks } from "../lib/accord-app.ts";
import {
  type FunctionName,
  resolveStageConfig,
  type StageConfig,
  type StageName,
  type StageOverrides,
} from "../lib/config.ts";
import type { AccordFunction } from "../lib/constructs/accord-function.ts";
import { REPO_ROOT, resolveLambdaEntries } from "../lib/entries.ts";
import { accordSharedTable } from "../lib/shared-table.ts";

export const INFRA_ROOT = join(REPO_ROOT, "infra");

export interface SynthOptions {
  /** Run esbuild for every Lambda (slow); otherwise CDK skips bundling. */
  bundle: boolean;
  overrides?: StageOverrides;
  /** Add constructs to the app before synthesis (e.g. a deliberately non-compliant one). */
  extend?: (app: App) => void;
  /** A built web app to serve from the Web stack. */
  webAssetPath?: string;
}

export interface SynthesizedStage {
  app: App;
  config: StageConfig;
  stacks: AccordStacks;
  assembly: cxapi.CloudAssembly;
  /** Every Lambda, by name. */
  functions: Record<FunctionName, AccordFunction>;
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(INFRA_ROOT, "cdk.json"), "utf8")) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export function synthStage(stage: StageName, options: SynthOptions): SynthesizedStage {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), `accord-cdk-${stage}-`)),
    context: {
      ...cdkJsonContext(),
      // The CLI's way of skipping bundling (as for `cdk deploy --exclusively`).
      "aws:cdk:bundling-stacks": options.bundle ? ["**"] : [],
      // As the CLI does: record where each asset was staged.
      "aws:cdk:enable-asset-metadata": true,
    },
  });
  const config = resolveStageConfig(stage, options.overrides ?? {});
  const stacks = addAccordStacks(app, {
    config,
    entries: resolveLambdaEntries(REPO_ROOT),
    repoRoot: REPO_ROOT,
    sharedTable: accordSharedTable(),
    webAssetPath: options.webAssetPath,
  });
  options.extend?.(app);
  const assembly = app.synth();
  return {
    app,
    config,
    stacks,
    assembly,
    functions: {
      graphql: stacks.graphql.graphql,
      collabConnect: stacks.collab.functions.collabConnect,
      collabDisconnect: stacks.collab.functions.collabDisconnect,
      collabDefault: stacks.collab.functions.collabDefault,
      collabCompact: stacks.collab.functions.collabCompact,
    },
  };
}

/** Logical id of a construct's CloudFormation resource in its stack's template. */
export function logicalId(element: CfnElement): string {
  return Stack.of(element).getLogicalId(element);
}
