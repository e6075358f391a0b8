// The per-stage configuration, and the rule that only bin/app.ts reads context or environment.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { describe, expect, it } from "vitest";
import {
  parseStageName,
  resolveStageConfig,
  STAGE_CONFIGS,
  STAGE_NAMES,
  validateStageConfig,
} from "../lib/config.ts";
import { INFRA_ROOT } from "./synth.ts";

describe("stage configuration", () => {
  it("retains and protects data in prod, destroys it in dev", () => {
    expect(STAGE_CONFIGS.prod).toMatchObject({
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      alarms: { enabled: true },
    });
    expect(STAGE_CONFIGS.dev).toMatchObject({
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      alarms: { enabled: false },
    });
    expect(STAGE_CONFIGS.prod.logRetention).toBe(RetentionDays.THREE_MONTHS);
    expect(STAGE_CONFIGS.dev.logRetention).toBe(RetentionDays.ONE_WEEK);
  });

  it("ships valid defaults for every stage", () => {
    for (const stage of STAGE_NAMES)
      expect(() => validateStageConfig(STAGE_CONFIGS[stage])).not.toThrow();
  });

  it("names the valid stages when given an unknown one", () => {
    expect(parseStageName("prod")).toBe("prod");
    expect(() => parseStageName("staging")).toThrow(/-c stage=dev or -c stage=prod/);
    expect(() => parseStageName(undefined)).toThrow(/Unknown stage/);
  });

  it("takes deploy-time overrides; an alarm email turns alarms on", () => {
    const config = resolveStageConfig("dev", {
      alarmEmail: "ops@example.org",
      allowedOrigins: ["https://app.example.org"],
      callbackUrls: ["https://app.example.org/auth/callback"],
      domainPrefix: "accord-dev-example",
    });
    expect(config.alarms).toMatchObject({ enabled: true, email: "ops@example.org" });
    expect(config.allowedOrigins).toEqual(["https://app.example.org"]);
    expect(config.auth.callbackUrls).toEqual(["https://app.example.org/auth/callback"]);
    expect(config.auth.logoutUrls).toEqual(STAGE_CONFIGS.dev.auth.logoutUrls);
    expect(config.auth.domainPrefix).toBe("accord-dev-example");
    // The shared defaults are not mutated by an override.
    expect(STAGE_CONFIGS.dev.alarms.enabled).toBe(false);
    expect(STAGE_CONFIGS.dev.alarms.email).toBeUndefined();
  });

  it("refuses settings that would deploy but not work", () => {
    expect(() => resolveStageConfig("prod", { allowedOrigins: ["*"] })).toThrow(/may not be \*/);
    expect(() => resolveStageConfig("prod", { allowedOrigins: ["https://a.example/app"] })).toThrow(
      /no path/,
    );
    expect(() =>
      resolveStageConfig("prod", { callbackUrls: ["http://app.example.org/callback"] }),
    ).toThrow(/must use https/);
    expect(() => resolveStageConfig("dev", { domainPrefix: "Not_Valid" })).toThrow(/domainPrefix/);
    expect(() => resolveStageConfig("dev", { alarmEmail: "nobody" })).toThrow(/not an email/);
    expect(() =>
      validateStageConfig({
        ...STAGE_CONFIGS.dev,
        functions: {
          ...STAGE_CONFIGS.dev.functions,
          graphql: { memoryMb: 1024, timeoutSeconds: 30 },
        },
      }),
    ).toThrow(/30 s limit/);
  });
});

describe("configuration boundary", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith(".ts")
          ? [join(dir, entry.name)]
          : [],
    );

  it("reads CDK context and the environment only in bin/app.ts", () => {
    const offenders = sources(join(INFRA_ROOT, "lib")).filter((file) =>
      /process\.env|tryGetContext|getContext\(/.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((file) => relative(INFRA_ROOT, file))).toEqual([]);
    expect(readFileSync(join(INFRA_ROOT, "bin/app.ts"), "utf8")).toMatch(/tryGetContext/);
  });

  it("keeps the CLI offline: no notices, no telemetry", () => {
    const cdkJson = JSON.parse(readFileSync(join(INFRA_ROOT, "cdk.json"), "utf8"));
    expect(cdkJson.notices).toBe(false);
    expect(cdkJson.context["cli-telemetry"]).toBe(false);
    expect(cdkJson.app).toBe("tsx bin/app.ts");
  });
});
