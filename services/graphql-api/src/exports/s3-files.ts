// Exported files on AWS: one object per export in the exports bucket (encrypted, private, expired
// by a lifecycle rule), downloaded through a presigned GET that lives as long as the link.
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { attachment, type ExportFiles } from "./files.ts";

/** Objects live under this prefix: the bucket's lifecycle rule expires exactly these. */
export const EXPORTS_PREFIX = "exports/";

export function createS3ExportFiles(options: {
  client: S3Client;
  bucket: string;
  clock?: () => Date;
}): ExportFiles {
  const clock = options.clock ?? (() => new Date());
  return {
    async publish(file, expiresAt) {
      const key = `${EXPORTS_PREFIX}${file.id}/${file.filename}`;
      await options.client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: file.bytes,
          ContentType: file.contentType,
          ContentDisposition: attachment(file.filename),
          CacheControl: "private, no-store",
        }),
      );
      const expiresIn = Math.max(1, Math.floor((expiresAt.getTime() - clock().getTime()) / 1000));
      const url = await getSignedUrl(
        options.client,
        new GetObjectCommand({ Bucket: options.bucket, Key: key }),
        { expiresIn },
      );
      return { url };
    },
  };
}
