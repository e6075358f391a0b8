// Public pages of published papers: the bucket the GraphQL Lambda writes a page to when a paper
// is published (and the 410 page when it is archived), served by the web distribution under
// /p/*. Its own stack, because the GraphQL stack writes to it and the web stack (which reads the
// GraphQL stack's endpoints) serves it: a bucket in either would make a cycle. The bucket's name
// is fixed per stage, account and region, so the other stacks name it without a cross-stack
// reference (and cdk-nag sees the same ARN they grant on).

import {
  Arn,
  Aws,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { StageConfig, StageName } from "../config.ts";

/** The key prefix of public pages: CloudFront's /p/<paperId> is the object p/<paperId>. */
export const PUBLIC_PAGES_PREFIX = "p/";

/** The publications bucket of a stage: accord-<stage>-pages-<account>-<region>. */
export function publicationsBucketName(stage: StageName): string {
  return `accord-${stage}-pages-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** The ARN of the objects under `prefix` of the stage's publications bucket, in `scope`'s stack. */
export function publicPagesArn(scope: Construct, stage: StageName, prefix: string): string {
  return Arn.format(
    {
      service: "s3",
      region: "",
      account: "",
      resource: publicationsBucketName(stage),
      resourceName: `${prefix}*`,
    },
    Stack.of(scope),
  );
}

export interface PublicationsStackProps extends StackProps {
  config: StageConfig;
}

export class PublicationsStack extends Stack {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PublicationsStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Never rename this construct: a new logical id means a new, empty bucket.
    this.bucket = new s3.Bucket(this, "Pages", {
      bucketName: publicationsBucketName(config.stage),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A page overwritten by mistake (or by the 410 page) can be brought back for a while.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: config.removalPolicy === RemovalPolicy.DESTROY,
    });
    this.allowCloudFrontReads();
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Every read of a public page goes through the web distribution, whose standard logs record it; the only writer is the GraphQL Lambda, whose calls CloudTrail records.",
    });
    new CfnOutput(this, "PublicationsBucketName", {
      description: "Public pages of published papers, served by the web distribution under /p/*",
      value: this.bucket.bucketName,
    });
  }

  /**
   * Origin access control: CloudFront distributions of this account may read the pages. The
   * distribution's own ARN would make this stack depend on the web stack, which depends on it
   * (as CDK itself does for KMS keys of OAC origins); the pages are public anyway.
   */
  private allowCloudFrontReads(): void {
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudFrontReadsPublicPages",
        principals: [new iam.ServicePrincipal("cloudfront.amazonaws.com")],
        actions: ["s3:GetObject"],
        resources: [this.bucket.arnForObjects(`${PUBLIC_PAGES_PREFIX}*`)],
        conditions: {
          ArnLike: {
            "AWS:SourceArn": `arn:${this.partition}:cloudfront::${this.account}:distribution/*`,
          },
        },
      }),
    );
  }
}
