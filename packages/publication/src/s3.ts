// Published pages as S3 objects that CloudFront serves under /p/*: the key is the page's path,
// the status travels as user metadata (x-amz-meta-accord-page), which the distribution's
// viewer-response function turns into status 410 for a withdrawn paper.
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { checkPageName, type PublicationSite } from "./site.ts";

/** The S3 user metadata key that carries a page's status. */
export const PAGE_STATUS_METADATA = "accord-page";

/**
 * How long browsers and CloudFront may keep a page: an archived paper's page is replaced by the
 * 410 page, and this is how long the old page may still be served from a cache.
 */
export const PAGE_MAX_AGE_SECONDS = 60;

export interface S3SiteOptions {
  client: Pick<S3Client, "send">;
  bucket: string;
  /** Key prefix, the served path without its leading slash. Default "p/". */
  prefix?: string | undefined;
}

export function createS3Site(options: S3SiteOptions): PublicationSite {
  const prefix = options.prefix ?? "p/";
  return {
    async write(page) {
      await options.client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: `${prefix}${checkPageName(page.paperId)}`,
          Body: page.html,
          ContentType: "text/html; charset=utf-8",
          CacheControl: `public, max-age=${PAGE_MAX_AGE_SECONDS}`,
          Metadata: { [PAGE_STATUS_METADATA]: page.status },
        }),
      );
    },
  };
}

/**
 * The CloudFront Function (cloudfront-js-2.0, viewer response) of the /p/* behavior: a page
 * whose object says "gone" answers 410 Gone, and the marker itself never reaches the reader.
 */
export function goneStatusFunctionCode(): string {
  const header = `x-amz-meta-${PAGE_STATUS_METADATA}`;
  return `function handler(event) {
  var response = event.response;
  var marker = response.headers[${JSON.stringify(header)}];
  if (marker && marker.value === "gone") {
    response.statusCode = 410;
    response.statusDescription = "Gone";
  }
  delete response.headers[${JSON.stringify(header)}];
  return response;
}
`;
}
