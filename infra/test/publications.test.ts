// Public pages on AWS: a private bucket that only CloudFront reads, the GraphQL Lambda allowed
// to put pages and nothing more, and the web distribution serving /p/* with the function that
// answers 410 for a withdrawn paper. Synthesized like bin/app.ts does, cdk-nag included.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goneStatusFunctionCode } from "@accord/publication";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { logicalId, type SynthesizedStage, synthStage } from "./synth.ts";

function fakeWebBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), "accord-web-build-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>Accord</title>");
  writeFileSync(join(dir, "assets", "app.js"), "console.log('accord');");
  return dir;
}

/** accord-prod-pages-<account>-<region>, as CloudFormation renders it. */
const BUCKET_NAME = {
  "Fn::Join": ["", ["accord-prod-pages-", { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]],
};

let synthesized: SynthesizedStage;
let pages: Template;
let graphql: Template;
let web: Template;

beforeAll(() => {
  synthesized = synthStage("prod", {
    bundle: false,
    webAssetPath: fakeWebBuild(),
    overrides: { siteUrl: "https://accord.example.org" },
  });
  const { stacks } = synthesized;
  pages = Template.fromStack(stacks.publications);
  graphql = Template.fromStack(stacks.graphql);
  if (!stacks.web) throw new Error("the web stack was not built");
  web = Template.fromStack(stacks.web);
});

describe("publications", () => {
  it("keeps pages in a private, SSL-only, versioned bucket kept on prod", () => {
    pages.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: "Enabled" },
      }),
    });
  });

  it("lets CloudFront of this account read p/* and nothing else", () => {
    const bucket = logicalId(synthesized.stacks.publications.bucket.node.defaultChild as never);
    pages.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          {
            Sid: "CloudFrontReadsPublicPages",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": [bucket, "Arn"] }, "/p/*"]] },
            Condition: {
              ArnLike: {
                "AWS:SourceArn": {
                  "Fn::Join": [
                    "",
                    [
                      "arn:",
                      { Ref: "AWS::Partition" },
                      ":cloudfront::",
                      { Ref: "AWS::AccountId" },
                      ":distribution/*",
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
  });

  it("names the bucket by stage, account and region, which the other stacks use", () => {
    pages.hasResourceProperties("AWS::S3::Bucket", { BucketName: BUCKET_NAME });
    expect(synthesized.stacks.graphql.dependencies).toContain(synthesized.stacks.publications);
    expect(synthesized.stacks.web?.dependencies).toContain(synthesized.stacks.publications);
  });

  it("gives the GraphQL Lambda the bucket, the site's address and PutObject on p/* only", () => {
    graphql.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("GraphQL API"),
      Environment: {
        Variables: Match.objectLike({
          PUBLICATIONS_BUCKET: BUCKET_NAME,
          SITE_URL: "https://accord.example.org",
        }),
      },
    });
    // Every statement of the GraphQL stack that names the publications bucket (other buckets,
    // such as the exports', are not this test's business).
    const s3Statements = Object.values(graphql.findResources("AWS::IAM::Policy")).flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument.Statement as { Resource: unknown }[]).filter(
          (statement) => JSON.stringify(statement.Resource).includes("-pages-"),
        ),
    );
    expect(s3Statements).toEqual([
      {
        Effect: "Allow",
        Action: "s3:PutObject",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":s3:::accord-prod-pages-",
              { Ref: "AWS::AccountId" },
              "-",
              { Ref: "AWS::Region" },
              "/p/*",
            ],
          ],
        },
      },
    ]);
  });

  it("serves /p/* from the bucket through OAC, with the 410 function on the viewer response", () => {
    const functions = web.findResources("AWS::CloudFront::Function");
    const [statusFunction] = Object.entries(functions);
    expect(statusFunction).toBeDefined();
    const [functionId, resource] = statusFunction!;
    expect(resource.Properties.FunctionCode).toBe(goneStatusFunctionCode());
    expect(resource.Properties.FunctionConfig.Runtime).toBe("cloudfront-js-2.0");
    web.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: "/p/*",
            ViewerProtocolPolicy: "redirect-to-https",
            AllowedMethods: ["GET", "HEAD"],
            ResponseHeadersPolicyId: Match.anyValue(),
            FunctionAssociations: [
              {
                EventType: "viewer-response",
                FunctionARN: { "Fn::GetAtt": [functionId, "FunctionARN"] },
              },
            ],
          }),
        ],
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: {
              "Fn::Join": [
                "",
                [
                  "accord-prod-pages-",
                  { Ref: "AWS::AccountId" },
                  "-",
                  { Ref: "AWS::Region" },
                  ".s3.",
                  { Ref: "AWS::Region" },
                  ".",
                  { Ref: "AWS::URLSuffix" },
                ],
              ],
            },
            OriginAccessControlId: Match.anyValue(),
          }),
        ]),
      }),
    });
  });

  it("refuses a site address that is not an https origin", () => {
    expect(() =>
      synthStage("dev", { bundle: false, overrides: { siteUrl: "http://accord.example.org/x" } }),
    ).toThrow(/siteUrl .* must be https:\/\/host with no path/);
  });
});
