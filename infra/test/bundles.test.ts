// Real bundling: synthesizing each stage runs the local esbuild for every Lambda. Checks that
// each bundle loads as CommonJS and exports `handler`, ships the AWS SDK inside, and stays under
// its size budget; reports sizes in test-artifacts/bench/RESULTS.md (gitignored). Only the
// explicit bench command (ACCORD_WRITE_RESULTS=1, below) updates the tracked
// test/bench/RESULTS.md: a test run never rewrites tracked files.

import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { UNICODE_FONT_FILES } from "@accord/render/bundling";
import { Stack } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_NAMES, type FunctionName, STAGE_NAMES, type StageName } from "../lib/config.ts";
import { LAMBDA_ENTRIES, REPO_ROOT } from "../lib/entries.ts";
import { resultsFile, writeResultsSection } from "./results.ts";
import { logicalId, type SynthesizedStage, synthStage } from "./synth.ts";

interface Bundle {
  dir: string;
  code: Buffer;
  mapBytes: number;
  gzipBytes: number;
}

const synthesized = {} as Record<StageName, SynthesizedStage>;
const bundles = {} as Record<StageName, Record<FunctionName, Bundle>>;

function bundleOf(stage: SynthesizedStage, name: FunctionName): Bundle {
  const fn = stage.functions[name].function;
  const stack = Stack.of(fn);
  const template = stage.assembly.getStackArtifact(stack.artifactId).template as {
    Resources: Record<string, { Metadata?: Record<string, unknown> }>;
  };
  const assetPath =
    template.Resources[logicalId(fn.node.defaultChild as never)]?.Metadata?.["aws:asset:path"];
  if (typeof assetPath !== "string") throw new Error(`No bundled asset recorded for ${name}`);
  const dir = join(stage.assembly.directory, assetPath);
  const code = readFileSync(join(dir, "index.js"));
  return {
    dir,
    code,
    mapBytes: statSync(join(dir, "index.js.map")).size,
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

beforeAll(() => {
  for (const stage of STAGE_NAMES) {
    synthesized[stage] = synthStage(stage, { bundle: true });
    bundles[stage] = Object.fromEntries(
      FUNCTION_NAMES.map((name) => [name, bundleOf(synthesized[stage], name)]),
    ) as Record<FunctionName, Bundle>;
  }
});

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

describe.each(STAGE_NAMES)("%s bundles", (stage) => {
  it.each(FUNCTION_NAMES)("%s stays under its size budget", (name) => {
    const budget = synthesized[stage].config.bundleBudgets[name];
    const size = bundles[stage][name].code.length;
    expect(size, `${name} bundle is ${kib(size)}, budget ${kib(budget)}`).toBeLessThanOrEqual(
      budget,
    );
  });

  it.each(FUNCTION_NAMES)("%s is minified CommonJS with an external source map", (name) => {
    const { code, dir } = bundles[stage][name];
    const text = code.toString("utf8");
    expect(text).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    // Minified: long lines (newlines survive only inside template literals); CommonJS: no
    // top-level import/export statements.
    expect(text.length / text.split("\n").length).toBeGreaterThan(200);
    expect(text).not.toMatch(/^\s*(import|export)\s/m);
    const map = JSON.parse(readFileSync(join(dir, "index.js.map"), "utf8")) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(
      map.sources.some((source) => source.includes(LAMBDA_ENTRIES[name].split("/").pop()!)),
    ).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it.each(FUNCTION_NAMES)("%s bundles the AWS SDK instead of loading the runtime's", (name) => {
    const { code, dir } = bundles[stage][name];
    // No require() of the SDK is left for the runtime to satisfy. (The SDK's own error messages
    // quote "[require('@aws-sdk/signature-v4-crt');]" as advice; those are text, not calls.)
    expect(code.toString("utf8")).not.toMatch(/(?<!\[)require\((["'])(@aws-sdk|@smithy)\//);
    const { sources } = JSON.parse(readFileSync(join(dir, "index.js.map"), "utf8")) as {
      sources: string[];
    };
    // Every handler talks to DynamoDB, so the client must be inside the bundle.
    expect(sources.some((source) => source.includes("/@aws-sdk/client-dynamodb/"))).toBe(true);
  });
});

it.each(FUNCTION_NAMES)("the %s bundle loads in Node and exports handler", (name) => {
  // Module scope runs as on a cold start, with the environment the stack gives the function.
  const output = execFileSync(
    process.execPath,
    [
      "--enable-source-maps",
      // The SDK warns on Node < 22 at load; the bundle targets Lambda's Node 22.
      "--no-warnings",
      "-e",
      "const m = require(process.argv[1]); process.stdout.write(typeof m.handler);",
      join(bundles.dev[name].dir, "index.js"),
    ],
    {
      cwd: bundles.dev[name].dir,
      timeout: 30_000,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        AWS_REGION: "eu-central-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        TABLE_NAME: "accord-bundle-check",
        OIDC_ISSUER: "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_bundle",
        OIDC_CLIENT_ID: "bundle-check",
        MANAGEMENT_ENDPOINT: "https://bundle.execute-api.eu-central-1.amazonaws.com/dev",
        STAGE: "dev",
        LOG_LEVEL: "error",
      },
    },
  );
  expect(output).toBe("function");
});

it("the graphql bundle carries the PDF export's fonts", () => {
  // pdfkit requires "#standard-fonts/<name>" beside the running file at run time (see
  // @accord/render/bundling): the mapping and the metrics must be in the asset.
  const { dir } = bundles.dev.graphql;
  const output = execFileSync(
    process.execPath,
    [
      "-e",
      "const r = require('module').createRequire(process.argv[1]); process.stdout.write(r('#standard-fonts/Helvetica').name + ' ' + r('#standard-fonts/CourierBoldOblique').name);",
      join(dir, "index.js"),
    ],
    { cwd: dir, encoding: "utf8", timeout: 30_000 },
  );
  expect(output).toBe("Helvetica Courier-BoldOblique");
  // Text beyond Western European is set in DejaVu, from fonts/ beside index.js.
  for (const file of UNICODE_FONT_FILES) {
    expect(statSync(join(dir, "fonts", file)).size, file).toBeGreaterThan(100_000);
  }
});

it("bundles identically on every stage and reports the sizes", () => {
  for (const name of FUNCTION_NAMES) {
    expect(bundles.prod[name].code.equals(bundles.dev[name].code), name).toBe(true);
  }
  const budgets = synthesized.dev.config.bundleBudgets;
  const rows = FUNCTION_NAMES.map((name) => {
    const bundle = bundles.dev[name];
    const share = ((bundle.code.length / budgets[name]) * 100).toFixed(0);
    return `| ${name} | \`${LAMBDA_ENTRIES[name]}\` | ${kib(bundle.code.length)} | ${kib(bundle.gzipBytes)} | ${kib(bundle.mapBytes)} | ${kib(budgets[name])} (${share}%) |`;
  });
  const table = [
    "| function | entry | index.js (minified) | gzip -9 | index.js.map | budget (used) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
  console.log(
    `\nLambda bundles (esbuild ${esbuildVersion()}, node22, CommonJS, minified):\n${table}`,
  );
  writeResultsSection(
    resultsFile(REPO_ROOT, process.env.ACCORD_WRITE_RESULTS === "1"),
    "Lambda bundles",
    [
      "Sizes of the Lambda bundles that `cdk synth` builds with the local esbuild",
      `(esbuild ${esbuildVersion()}; target node22, CommonJS, minified, AWS SDK v3 bundled, external source`,
      "maps without sources). Budgets live in `infra/lib/config.ts` (`bundleBudgets`) and",
      "`infra/test/bundles.test.ts` fails when a bundle exceeds its budget. gzip -9 approximates",
      "the zipped upload.",
      "",
      "Command: `ACCORD_WRITE_RESULTS=1 pnpm exec vitest run --project infra test/bundles.test.ts`",
      "",
      table,
    ].join("\n"),
  );
});

function esbuildVersion(): string {
  return `${execFileSync(join(REPO_ROOT, "node_modules/.bin/esbuild"), ["--version"], { encoding: "utf8" }).trim()}`;
}
