// The exports bucket and the GraphQL Lambda's access to it: private, encrypted, TLS only, files
// expired by a lifecycle rule; the function gets the bucket's name and may put and get objects
// under exports/ and nothing else in it.
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { STAGE_NAMES, type StageName } from "../lib/config.ts";
import { EXPORTS_PREFIX } from "../lib/constructs/exports-bucket.ts";
import { logicalId, type SynthesizedStage, synthStage } from "./synth.ts";

const synthesized = {} as Record<StageName, SynthesizedStage>;

beforeAll(() => {
  for (const stage of STAGE_NAMES) synthesized[stage] = synthStage(stage, { bundle: false });
});

const graphqlTemplate = (stage: StageName) => Template.fromStack(synthesized[stage].stacks.graphql);

describe.each(STAGE_NAMES)("%s exports bucket", (stage) => {
  it("is private, encrypted, TLS only, and expires exports after a day", () => {
    const template = graphqlTemplate(stage);
    const bucketId = logicalId(
      synthesized[stage].stacks.graphql.exports.bucket.node.defaultChild as never,
    );
    const bucket = template.toJSON().Resources[bucketId];
    expect(bucket.Type).toBe("AWS::S3::Bucket");
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
      ],
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: "ExpireExports",
        Prefix: EXPORTS_PREFIX,
        ExpirationInDays: 1,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: "Enabled",
      },
    ]);
    // enforceSSL: the bucket policy denies every request without TLS.
    const policies = template.findResources("AWS::S3::BucketPolicy");
    const statements = Object.values(policies)
      .filter((p) => (p.Properties.Bucket as { Ref?: string }).Ref === bucketId)
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    expect(bucket.DeletionPolicy).toBe(stage === "prod" ? "Retain" : "Delete");
  });

  it("gives the GraphQL Lambda its name and put/get on exports/ only", () => {
    const { graphql } = synthesized[stage].stacks;
    const template = graphqlTemplate(stage);
    const bucketId = logicalId(graphql.exports.bucket.node.defaultChild as never);
    const fn =
      template.toJSON().Resources[logicalId(graphql.graphql.function.node.defaultChild as never)];
    expect(fn.Properties.Environment.Variables.EXPORTS_BUCKET).toEqual({ Ref: bucketId });
    const roleId = logicalId(graphql.graphql.role.node.defaultChild as never);
    const statements = Object.values(template.findResources("AWS::IAM::Policy"))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    const onBucket = statements.filter((s) => JSON.stringify(s.Resource).includes(bucketId));
    expect(onBucket).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: {
          "Fn::Join": ["", [{ "Fn::GetAtt": [bucketId, "Arn"] }, `/${EXPORTS_PREFIX}*`]],
        },
      },
    ]);
  });
});
