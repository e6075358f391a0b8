// Exported papers on AWS: a private, encrypted bucket the GraphQL Lambda writes each export to
// and presigns a GET for (a link that lives minutes); a lifecycle rule deletes every file a day
// later (S3's smallest expiry), so nothing exported stays behind.

import {
  PDF_BUNDLE_BANNER,
  PDF_BUNDLE_DEFINE,
  pdfFontBundlingCommands,
} from "@accord/render/bundling";
import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as s3 from "aws-cdk-lib/aws-s3";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference";
import { Construct } from "constructs";
import type { StageConfig } from "../config.ts";
import type { AccordFunction } from "./accord-function.ts";

/** The key prefix of exports (the S3 adapter's EXPORTS_PREFIX): the lifecycle rule's scope. */
export const EXPORTS_PREFIX = "exports/";

/** How long an exported file is kept: presigned links live minutes, S3 expires by whole days. */
export const EXPORT_RETENTION = Duration.days(1);

/**
 * What a bundle with the PDF export needs (see @accord/render/bundling): `import.meta.url` in
 * CommonJS, and pdfkit's standard-font metrics beside index.js.
 */
export function pdfExportBundling(): Pick<
  nodejs.BundlingOptions,
  "banner" | "define" | "commandHooks"
> {
  return {
    banner: PDF_BUNDLE_BANNER,
    define: { ...PDF_BUNDLE_DEFINE },
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => pdfFontBundlingCommands(outputDir),
    },
  };
}

export class ExportsBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: "ExpireExports",
          prefix: EXPORTS_PREFIX,
          expiration: EXPORT_RETENTION,
          abortIncompleteMultipartUploadAfter: EXPORT_RETENTION,
        },
      ],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: config.removalPolicy === RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Exports are written and presigned only by the GraphQL Lambda, which logs each export (paper, format, size, request id); files live a day at most.",
    });
  }

  /** The function writes exports and presigns their GETs: PutObject and GetObject, exports/ only. */
  grantExports(fn: AccordFunction): void {
    fn.function.addEnvironment("EXPORTS_BUCKET", this.bucket.bucketName);
    const objects = this.bucket.arnForObjects(`${EXPORTS_PREFIX}*`);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["s3:PutObject", "s3:GetObject"], resources: [objects] }),
    );
    // cdk-nag names the finding by the resource as it renders it, hence the same rendering.
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(objects))}]`,
      reason:
        "Each export is a new object exports/<exportId>/<file> (ids made per request), so PutObject and the presigned GetObject are granted on the exports prefix of the exports bucket only.",
    });
  }
}
