// cdk-nag (AWS Solutions rules): zero unacknowledged findings on every stage, and every
// acknowledgment is specific and still needed.

import { Stack, Validations } from "aws-cdk-lib";
import * as sns from "aws-cdk-lib/aws-sns";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { STAGE_NAMES, type StageName } from "../lib/config.ts";
import { type SynthesizedStage, synthStage } from "./synth.ts";

const synthesized = {} as Record<StageName, SynthesizedStage>;

beforeAll(() => {
  // Synthesis itself runs cdk-nag as a validation plugin: a finding would throw here.
  for (const stage of STAGE_NAMES) synthesized[stage] = synthStage(stage, { bundle: false });
});

interface Acknowledgment {
  path: string;
  ruleId: string;
  reason: string;
}

/** Acknowledgments as Validations.of(...).acknowledge() records them in construct metadata. */
function acknowledgments(root: IConstruct): Acknowledgment[] {
  const found: Acknowledgment[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({
          path: construct.node.path,
          ruleId: id.replace(/^annotation::/i, ""),
          reason,
        });
      }
    }
  }
  return found;
}

interface Hit {
  path: string;
  ruleId: string;
}

/**
 * Run the rule pack again, recording which findings an acknowledgment silenced. cdk-nag keeps
 * that decision in a private method, so the test wraps it on this one instance and fails loudly
 * if a cdk-nag upgrade renames it.
 */
function runChecks(root: IConstruct) {
  const checks = new AwsSolutionsChecks();
  const hook = checks as unknown as {
    isAcknowledged?: (resource: IConstruct, ruleId: string) => boolean;
  };
  const original = hook.isAcknowledged;
  if (typeof original !== "function") {
    throw new Error("cdk-nag no longer has NagPack.isAcknowledged: update this test");
  }
  const hits: Hit[] = [];
  hook.isAcknowledged = (resource, ruleId) => {
    const acknowledged = original.call(checks, resource, ruleId);
    if (acknowledged) hits.push({ path: resource.node.path, ruleId });
    return acknowledged;
  };
  const report = checks.validateScope(root);
  return { report, hits };
}

describe.each(STAGE_NAMES)("cdk-nag AwsSolutions on %s", (stage) => {
  it("reports no unacknowledged finding", () => {
    const { report } = runChecks(synthesized[stage].app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
      ),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it("acknowledges each finding for a specific reason, and no acknowledgment is stale", () => {
    const { app } = synthesized[stage];
    const { hits } = runChecks(app);
    const declared = acknowledgments(app);
    expect(declared.length).toBeGreaterThan(0);

    const rows = declared.map((ack) => {
      const silenced = hits.filter(
        (hit) =>
          hit.ruleId === ack.ruleId &&
          (hit.path === ack.path || hit.path.startsWith(`${ack.path}/`)),
      );
      return { ...ack, silenced: silenced.length };
    });
    console.log(
      `\ncdk-nag acknowledgments (${stage}):\n${rows
        .map(
          (row) =>
            `  ${row.ruleId.padEnd(28).slice(0, 60)}  ${row.path}  (${row.silenced} finding(s))\n      ${row.reason}`,
        )
        .join("\n")}`,
    );

    for (const row of rows) {
      // A reason says why this resource is fine, not that it is: long enough to explain.
      expect(row.reason.length, `${row.ruleId} at ${row.path}`).toBeGreaterThanOrEqual(60);
      expect(row.reason, `${row.ruleId} at ${row.path}`).not.toMatch(/todo|placeholder|tbd|n\/a/i);
      expect(row.silenced, `stale acknowledgment ${row.ruleId} at ${row.path}`).toBeGreaterThan(0);
    }
  });
});

it("fails the synth on a new unacknowledged finding", () => {
  // Same composition plus one resource that breaks a rule (an SNS topic that accepts plain HTTP).
  expect(() =>
    synthStage("dev", {
      bundle: false,
      extend: (app) => new sns.Topic(new Stack(app, "Accord-dev-Extra"), "PlainTopic"),
    }),
  ).toThrow(/AwsSolutions-SNS3/);
});
