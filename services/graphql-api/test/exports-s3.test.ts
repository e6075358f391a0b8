// The S3 adapter of the exports port: one private object per export, a presigned GET that lives
// as long as the link. AWS is the one part mocked (aws-sdk-client-mock); the signing is real.
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { createS3ExportFiles, EXPORTS_PREFIX } from "../src/exports/s3-files.ts";

const client = new S3Client({
  region: "eu-central-1",
  credentials: {
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  },
});
const s3 = mockClient(client);
afterEach(() => s3.reset());

describe("S3 export files", () => {
  it("puts the file under the expiring prefix and presigns a GET for the link's lifetime", async () => {
    s3.on(PutObjectCommand).resolves({});
    const now = new Date("2026-03-01T09:00:00Z");
    const files = createS3ExportFiles({ client, bucket: "accord-exports", clock: () => now });
    const bytes = new TextEncoder().encode("# Argo");
    const { url } = await files.publish(
      { id: "e-1", filename: "Argo.md", contentType: "text/markdown; charset=utf-8", bytes },
      new Date(now.getTime() + 300_000),
    );
    const puts = s3.commandCalls(PutObjectCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.args[0].input).toEqual({
      Bucket: "accord-exports",
      Key: `${EXPORTS_PREFIX}e-1/Argo.md`,
      Body: bytes,
      ContentType: "text/markdown; charset=utf-8",
      ContentDisposition: 'attachment; filename="Argo.md"',
      CacheControl: "private, no-store",
    });
    // Presigning sends nothing.
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    const link = new URL(url);
    expect(link.hostname).toBe("accord-exports.s3.eu-central-1.amazonaws.com");
    expect(link.pathname).toBe("/exports/e-1/Argo.md");
    expect(link.searchParams.get("X-Amz-Expires")).toBe("300");
    expect(link.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("fails when the bucket refuses the file", async () => {
    s3.on(PutObjectCommand).rejects(new Error("AccessDenied"));
    const files = createS3ExportFiles({ client, bucket: "accord-exports" });
    await expect(
      files.publish(
        { id: "e-2", filename: "a.pdf", contentType: "application/pdf", bytes: new Uint8Array(1) },
        new Date(Date.now() + 300_000),
      ),
    ).rejects.toThrow("AccessDenied");
  });
});
