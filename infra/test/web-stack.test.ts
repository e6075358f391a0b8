// The static-site stack of the web app: private bucket, CloudFront with origin access control,
// security headers, SPA fallback, runtime config.json from other stacks' values, and cdk-nag.
// A tiny stand-in for services/web/dist keeps synth independent of a prior app build.

import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Stack, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveStageConfig, type StageName } from "../lib/config.ts";
import {
  CALLBACK_PATH,
  contentSecurityPolicy,
  runtimeConfigJson,
  type WebRuntimeConfig,
  WebStack,
} from "../lib/stacks/web-stack.ts";

const RUNTIME: WebRuntimeConfig = {
  graphqlUrl: "https://abc123.execute-api.eu-west-1.amazonaws.com/graphql",
  webSocketUrl: "wss://def456.execute-api.eu-west-1.amazonaws.com/live",
  userPoolId: "eu-west-1_Pool",
  clientId: "client123",
  region: "eu-west-1",
  cognitoDomain: "https://accord-dev.auth.eu-west-1.amazoncognito.com",
};

function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), "accord-web-dist-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><script src="/assets/app.js"></script>');
  writeFileSync(join(dir, "assets", "app.js"), "console.log('accord');");
  return dir;
}

interface Synthesized {
  app: App;
  stack: WebStack;
  template: Template;
}

/** Synthesize a WebStack with cdk-nag as a validation plugin: a finding throws here. */
function synthWeb(stage: StageName, runtime: (app: App) => WebRuntimeConfig): Synthesized {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "accord-cdk-web-")) });
  const stack = new WebStack(app, `Accord-${stage}-Web`, {
    config: resolveStageConfig(stage),
    assetPath: fakeDist(),
    runtime: runtime(app),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { app, stack, template: Template.fromStack(stack) };
}

const synthesized = {} as Record<StageName, Synthesized>;

beforeAll(() => {
  synthesized.dev = synthWeb("dev", () => RUNTIME);
  synthesized.prod = synthWeb("prod", () => RUNTIME);
});

describe("WebStack", () => {
  it("keeps the bucket private and SSL-only, read by CloudFront through origin access control", () => {
    const { template } = synthesized.prod;
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: "s3/" }),
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
          }),
        ]),
      },
    });
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
      }),
    });
  });

  it("answers app routes with index.html over HTTPS, with logs", () => {
    const { template } = synthesized.prod;
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        CustomErrorResponses: [
          {
            ErrorCode: 403,
            ResponseCode: 200,
            ResponsePagePath: "/index.html",
            ErrorCachingMinTTL: 0,
          },
          {
            ErrorCode: 404,
            ResponseCode: 200,
            ResponsePagePath: "/index.html",
            ErrorCachingMinTTL: 0,
          },
        ],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: "redirect-to-https",
          Compress: true,
          ResponseHeadersPolicyId: Match.anyValue(),
        }),
        Logging: Match.objectLike({ Prefix: "cloudfront/" }),
      }),
    });
  });

  it("sends CSP (API, WebSocket and sign-in origins only), HSTS, nosniff, frame and referrer policy", () => {
    const { template, stack } = synthesized.prod;
    const policies = template.findResources("AWS::CloudFront::ResponseHeadersPolicy");
    const [policy] = Object.values(policies) as {
      Properties: {
        ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, unknown> };
      };
    }[];
    const headers = stack.resolve(
      policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig,
    );
    expect(headers).toMatchObject({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 31_536_000,
        IncludeSubdomains: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: "DENY", Override: true },
      ReferrerPolicy: { ReferrerPolicy: "strict-origin-when-cross-origin", Override: true },
    });
    const csp = (headers as { ContentSecurityPolicy: { ContentSecurityPolicy: string } })
      .ContentSecurityPolicy.ContentSecurityPolicy;
    expect(csp).toContain(
      "connect-src 'self' https://abc123.execute-api.eu-west-1.amazonaws.com wss://def456.execute-api.eu-west-1.amazonaws.com https://accord-dev.auth.eu-west-1.amazoncognito.com;",
    );
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("deploys the app and a config.json, with long caching for hashed assets only", () => {
    const { template } = synthesized.prod;
    template.resourceCountIs("Custom::CDKBucketDeployment", 2);
    template.hasResourceProperties("Custom::CDKBucketDeployment", {
      Prune: false,
      SystemMetadata: { "cache-control": "public, max-age=31536000, immutable" },
    });
    template.hasResourceProperties("Custom::CDKBucketDeployment", {
      Prune: false,
      SystemMetadata: { "cache-control": "no-cache" },
      DistributionPaths: ["/index.html", "/config.json"],
      SourceObjectKeys: Match.arrayWith([Match.stringLikeRegexp("\\.zip$")]),
    });
    expect(runtimeConfigJson(RUNTIME)).toEqual({
      graphqlUrl: RUNTIME.graphqlUrl,
      collabUrl: RUNTIME.webSocketUrl,
      collabTransport: "apigateway",
      auth: {
        mode: "cognito",
        domain: RUNTIME.cognitoDomain,
        clientId: "client123",
        userPoolId: "eu-west-1_Pool",
        region: "eu-west-1",
        redirectPath: CALLBACK_PATH,
        scopes: ["openid", "email", "profile"],
      },
    });
  });

  it("writes other stacks' values into config.json and the CSP at deploy time", () => {
    const { template } = synthWeb("dev", (scope) => {
      const api = new Stack(scope, "Accord-dev-Api");
      const host = new ssm.StringParameter(api, "ApiHost", { stringValue: "abc.example.org" });
      const client = new ssm.StringParameter(api, "ClientId", { stringValue: "client" });
      return {
        ...RUNTIME,
        graphqlUrl: `https://${host.stringValue}/graphql`,
        clientId: client.stringValue,
      };
    });
    // The JSON goes out with markers that the deployment resolves to the other stack's values.
    template.hasResourceProperties("Custom::CDKBucketDeployment", {
      SourceMarkers: Match.arrayWith([Match.objectLike({})]),
    });
    const markers = JSON.stringify(
      template.findResources("Custom::CDKBucketDeployment", {
        Properties: { SourceMarkers: Match.anyValue() },
      }),
    );
    expect(markers).toMatch(/Accord-dev-Api/);
    const headers = JSON.stringify(
      template.findResources("AWS::CloudFront::ResponseHeadersPolicy"),
    );
    expect(headers).toMatch(/Fn::Select/);
  });

  it("says the app cannot sign anyone in when there is no Cognito domain", () => {
    const { cognitoDomain: _, ...withoutDomain } = RUNTIME;
    expect(runtimeConfigJson(withoutDomain).auth).toEqual({ mode: "unconfigured" });
    expect(contentSecurityPolicy(withoutDomain)).not.toContain("amazoncognito");
    // Still synthesizes and passes cdk-nag.
    synthWeb("dev", () => withoutDomain);
  });

  it("empties its buckets on delete only where the stage throws data away", () => {
    const dev = JSON.stringify(synthesized.dev.template.toJSON());
    const prod = JSON.stringify(synthesized.prod.template.toJSON());
    expect(dev).toContain("Custom::S3AutoDeleteObjects");
    expect(prod).not.toContain("Custom::S3AutoDeleteObjects");
    synthesized.prod.template.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain" });
  });

  it("uploads hashed assets and index.html in separate deployments", () => {
    const { outdir } = synthesized.prod.app;
    const staged = readdirSync(outdir)
      .filter((name) => name.startsWith("asset.") && statSync(join(outdir, name)).isDirectory())
      .map((name) => listFiles(join(outdir, name)).sort().join(","));
    expect(staged).toContain("assets/app.js");
    expect(staged).toContain("index.html");
    expect(staged.filter((files) => files.includes("index.html"))).toEqual(["index.html"]);
  });
});

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory()
      ? listFiles(join(dir, name), `${prefix}${name}/`)
      : [`${prefix}${name}`],
  );
}
