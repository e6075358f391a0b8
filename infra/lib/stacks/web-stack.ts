// The web app as a static site: a private S3 bucket behind CloudFront (origin access control),
// security headers with a CSP that allows exactly the API, WebSocket and sign-in origins, SPA
// fallback to /index.html, and the runtime /config.json written from the other stacks' outputs.
// Published papers' pages are served under /p/* from the publications bucket.

import { goneStatusFunctionCode } from "@accord/publication";
import {
  Annotations,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import type { Construct } from "constructs";
import type { StageConfig } from "../config.ts";

/** What the app reads from /config.json at start; values may be tokens of other stacks. */
export interface WebRuntimeConfig {
  /** e.g. https://abc.execute-api.eu-west-1.amazonaws.com/graphql */
  graphqlUrl: string;
  /** e.g. wss://def.execute-api.eu-west-1.amazonaws.com/live */
  webSocketUrl: string;
  userPoolId: string;
  clientId: string;
  region: string;
  /**
   * The Cognito Hosted UI base URL (https://<prefix>.auth.<region>.amazoncognito.com). Without
   * it nobody can sign in: the app says so instead of starting.
   */
  cognitoDomain?: string | undefined;
}

export interface WebStackProps extends StackProps {
  config: StageConfig;
  /** The built app (services/web/dist, from `pnpm --filter @accord/web build`). */
  assetPath: string;
  runtime: WebRuntimeConfig;
  /** Published papers' pages: served at /p/<paperId> from this bucket's p/<paperId>. */
  publications?: { bucketName: string } | undefined;
}

/**
 * aws-cdk-lib declares Bucket.isWebsite as optional but IBucket.isWebsite as required, which
 * exactOptionalPropertyTypes rejects; the object is the same.
 */
function asBucketRef(bucket: s3.Bucket): s3.IBucket {
  return bucket as unknown as s3.IBucket;
}

/** Where Cognito sends the browser back with the authorization code. */
export const CALLBACK_PATH = "/auth/callback";

/** The host part of a URL, also when the URL is a token resolved at deploy time. */
function hostOf(url: string): string {
  return Fn.select(2, Fn.split("/", url));
}

/** The Content-Security-Policy of the app: its own files, plus the API, live editing and sign-in. */
export function contentSecurityPolicy(runtime: WebRuntimeConfig): string {
  const signIn = runtime.cognitoDomain ? ` https://${hostOf(runtime.cognitoDomain)}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    // ProseMirror and the collaborators' carets set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' https://${hostOf(runtime.graphqlUrl)} wss://${hostOf(runtime.webSocketUrl)}${signIn}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${signIn}`,
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ].join("; ");
}

export class WebStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** https://<id>.cloudfront.net */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config, runtime } = props;
    this.logBucket = this.accessLogBucket(config);
    this.bucket = this.siteBucket(config);
    this.headers = this.securityHeaders(config, runtime);
    this.distribution = this.siteDistribution(config, props.publications);
    this.url = `https://${this.distribution.distributionDomainName}`;
    this.deployApp(props.assetPath, runtime);
    this.acknowledgeDeploymentHandler();

    new CfnOutput(this, "WebUrl", {
      value: this.url,
      description: "The web app; add <WebUrl>/auth/callback to the Cognito callback URLs",
    });
    new CfnOutput(this, "WebBucketName", { value: this.bucket.bucketName });
  }

  /** CloudFront standard logs are written with ACLs: this bucket alone allows object writers. */
  private accessLogBucket(config: StageConfig): s3.Bucket {
    const bucket = new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: config.removalPolicy === RemovalPolicy.DESTROY,
    });
    Validations.of(bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the access-log bucket of the web app; logging it into itself would loop.",
    });
    return bucket;
  }

  private siteBucket(config: StageConfig): s3.Bucket {
    return new s3.Bucket(this, "Site", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: asBucketRef(this.logBucket),
      serverAccessLogsPrefix: "s3/",
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: config.removalPolicy === RemovalPolicy.DESTROY,
    });
  }

  private securityHeaders(
    config: StageConfig,
    runtime: WebRuntimeConfig,
  ): cloudfront.ResponseHeadersPolicy {
    return new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: `Accord ${config.stage}: CSP, HSTS, nosniff, frame and referrer policy`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(runtime),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
  }

  /**
   * /p/* from the publications bucket: a page object marked "gone" (an archived paper) answers
   * 410 through a CloudFront Function on the viewer response; pages are cached as long as their
   * Cache-Control says (a minute), so a withdrawal shows within that.
   */
  private publicPagesBehavior(publications: { bucketName: string }): cloudfront.BehaviorOptions {
    // Imported, not the other stack's Bucket: OAC would add this distribution's ARN to the
    // bucket's policy, and that stack would then depend on this one, which depends on it. The
    // publications stack's own policy lets this account's distributions read the pages.
    const bucket = s3.Bucket.fromBucketName(this, "PublicationsBucket", publications.bucketName);
    Annotations.of(this).acknowledgeWarning(
      "@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac",
      "The publications stack's bucket policy already allows CloudFront reads of p/*.",
    );
    const status = new cloudfront.Function(this, "PublicPageStatus", {
      comment: "Answers 410 Gone for the page of an archived paper",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(goneStatusFunctionCode()),
    });
    return {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.headers,
      compress: true,
      functionAssociations: [
        { function: status, eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE },
      ],
    };
  }

  private siteDistribution(
    config: StageConfig,
    publications: WebStackProps["publications"],
  ): cloudfront.Distribution {
    const distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: `Accord ${config.stage} web app`,
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(asBucketRef(this.bucket)),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      ...(publications
        ? { additionalBehaviors: { "/p/*": this.publicPagesBehavior(publications) } }
        : {}),
      // App routes (/papers/42) are not files: answer them with the app, which routes itself.
      // Without ListBucket, S3 reports a missing key as 403.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: "/index.html",
        ttl: Duration.seconds(0),
      })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: asBucketRef(this.logBucket),
      logFilePrefix: "cloudfront/",
    });
    Validations.of(distribution).acknowledge({
      id: "AwsSolutions-CFR1",
      reason:
        "Position papers are written by members in many countries (science diplomacy is international); no country is excluded.",
    });
    Validations.of(distribution).acknowledge({
      id: "AwsSolutions-CFR2",
      reason:
        "The distribution serves only static files; the APIs it points to have their own throttling. A WAF web ACL can be attached per deployment when traffic calls for it.",
    });
    Validations.of(distribution).acknowledge({
      id: "AwsSolutions-CFR4",
      reason:
        "Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS floor cannot be raised; with a custom domain the policy above (TLSv1.2_2021) applies.",
    });
    return distribution;
  }

  /**
   * Hashed assets never change under their name: cached for a year. index.html and
   * config.json change with each deployment: always revalidated, and invalidated.
   */
  private deployApp(assetPath: string, runtime: WebRuntimeConfig): void {
    const assets = new s3deploy.BucketDeployment(this, "Assets", {
      destinationBucket: asBucketRef(this.bucket),
      sources: [s3deploy.Source.asset(assetPath, { exclude: ["index.html"] })],
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
      // Old assets stay for browsers still running the previous index.html.
      prune: false,
      memoryLimit: 512,
    });
    const entry = new s3deploy.BucketDeployment(this, "Entry", {
      destinationBucket: asBucketRef(this.bucket),
      sources: [
        s3deploy.Source.asset(assetPath, { exclude: ["*", "!index.html"] }),
        s3deploy.Source.jsonData("config.json", runtimeConfigJson(runtime)),
      ],
      cacheControl: [s3deploy.CacheControl.noCache()],
      prune: false,
      memoryLimit: 512,
      distribution: this.distribution,
      distributionPaths: ["/index.html", "/config.json"],
    });
    // index.html must not name assets that are not uploaded yet.
    entry.node.addDependency(assets);
  }

  /**
   * BucketDeployment's copying Lambda is CDK's own singleton: its runtime, managed logging
   * policy and S3 grants are CDK's choice, scoped to the asset bucket and this site bucket.
   */
  private acknowledgeDeploymentHandler(): void {
    const handler = this.node.children.find((child) =>
      child.node.id.startsWith("Custom::CDKBucketDeployment"),
    );
    if (!handler) throw new Error("BucketDeployment's handler was not found in the web stack");
    const site = this.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    const findings: [string, string][] = [
      ["AwsSolutions-L1", "The runtime of CDK's BucketDeployment handler is set by aws-cdk-lib."],
      [
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        "CDK's BucketDeployment handler writes its logs with the basic execution role.",
      ],
      ...[
        "Action::s3:GetObject*",
        "Action::s3:GetBucket*",
        "Action::s3:List*",
        "Action::s3:DeleteObject*",
        "Action::s3:Abort*",
        `Resource::<${site}.Arn>/*`,
        "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
      ].map((finding): [string, string] => [
        `AwsSolutions-IAM5[${finding}]`,
        "BucketDeployment copies every object of the app's asset into the site bucket: grants are object wildcards on those two buckets only.",
      ]),
      [
        "AwsSolutions-IAM5[Resource::*]",
        "CloudFront invalidations (for index.html and config.json after a deployment) cannot be scoped to a distribution ARN in BucketDeployment's policy.",
      ],
    ];
    for (const [id, reason] of findings) Validations.of(handler).acknowledge({ id, reason });
  }
}

/** /config.json as the app parses it (services/web/src/app/config.ts). */
export function runtimeConfigJson(runtime: WebRuntimeConfig): Record<string, unknown> {
  return {
    graphqlUrl: runtime.graphqlUrl,
    collabUrl: runtime.webSocketUrl,
    collabTransport: "apigateway",
    auth: runtime.cognitoDomain
      ? {
          mode: "cognito",
          domain: runtime.cognitoDomain,
          clientId: runtime.clientId,
          userPoolId: runtime.userPoolId,
          region: runtime.region,
          redirectPath: CALLBACK_PATH,
          scopes: ["openid", "email", "profile"],
        }
      : { mode: "unconfigured" },
  };
}
