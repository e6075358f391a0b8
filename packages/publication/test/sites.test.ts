// Where pages are written: a real directory in a temp dir, and S3 through a mocked client (AWS
// itself cannot run here). The CloudFront Function's code runs here too, on recorded events.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  createDirectorySite,
  createS3Site,
  goneStatusFunctionCode,
  InvalidPageNameError,
  PAGE_STATUS_METADATA,
} from "../src/index.ts";

const PAPER = "0b4f6c1e-1a2b-4c3d-8e9f-001122334455";
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "accord-publication-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("directory site", () => {
  it("writes a page, replaces it with the 410 page, and reads back what is there", async () => {
    const site = createDirectorySite(join(tempDir(), "publications"));
    expect(await site.read(PAPER)).toBeNull();
    await site.write({ paperId: PAPER, status: "published", html: "<p>page</p>" });
    expect(await site.read(PAPER)).toEqual({ status: "published", html: "<p>page</p>" });
    await site.write({ paperId: PAPER, status: "gone", html: "<p>gone</p>" });
    expect(await site.read(PAPER)).toEqual({ status: "gone", html: "<p>gone</p>" });
    // Replaced by rename: no temporary file is left behind.
    expect(readdirSync(site.directory)).toEqual([`${PAPER}.json`]);
  });

  it("refuses names that could leave the directory, and reads them as no page", async () => {
    const root = tempDir();
    const site = createDirectorySite(join(root, "publications"));
    writeFileSync(join(root, "secret.json"), JSON.stringify({ status: "published", html: "x" }));
    await expect(
      site.write({ paperId: "../secret", status: "published", html: "x" }),
    ).rejects.toBeInstanceOf(InvalidPageNameError);
    expect(await site.read("../secret")).toBeNull();
    expect(await site.read("")).toBeNull();
  });

  it("fails loudly on a page file that is not one", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, `${PAPER}.json`), JSON.stringify({ status: "maybe", html: 1 }));
    await expect(createDirectorySite(dir).read(PAPER)).rejects.toThrow(/expected form/);
  });
});

describe("S3 site", () => {
  it("puts the page at p/<paperId> as HTML with its status in user metadata", async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    const site = createS3Site({ client: new S3Client({}), bucket: "accord-publications" });
    await site.write({ paperId: PAPER, status: "published", html: "<p>page</p>" });
    await site.write({ paperId: PAPER, status: "gone", html: "<p>gone</p>" });
    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(puts).toEqual([
      {
        Bucket: "accord-publications",
        Key: `p/${PAPER}`,
        Body: "<p>page</p>",
        ContentType: "text/html; charset=utf-8",
        CacheControl: "public, max-age=60",
        Metadata: { [PAGE_STATUS_METADATA]: "published" },
      },
      expect.objectContaining({
        Key: `p/${PAPER}`,
        Body: "<p>gone</p>",
        Metadata: { [PAGE_STATUS_METADATA]: "gone" },
      }),
    ]);
    s3.restore();
  });

  it("passes S3's failure on, and never writes a key outside its prefix", async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).rejects(new Error("AccessDenied"));
    const site = createS3Site({ client: new S3Client({}), bucket: "b", prefix: "pages/" });
    await expect(site.write({ paperId: PAPER, status: "published", html: "" })).rejects.toThrow(
      "AccessDenied",
    );
    await expect(
      site.write({ paperId: "../index.html", status: "published", html: "" }),
    ).rejects.toBeInstanceOf(InvalidPageNameError);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      `pages/${PAPER}`,
    ]);
    s3.restore();
  });
});

interface ViewerResponse {
  statusCode: number;
  statusDescription?: string;
  headers: Record<string, { value: string }>;
}

/** Run the function's source as CloudFront would: a `handler(event)` in its own scope. */
function runFunction(response: ViewerResponse): ViewerResponse {
  const handler = new Function(`${goneStatusFunctionCode()}; return handler;`)() as (event: {
    response: ViewerResponse;
  }) => ViewerResponse;
  return handler({ response });
}

describe("the /p/* viewer-response function", () => {
  const marker = `x-amz-meta-${PAGE_STATUS_METADATA}`;

  it("answers 410 for a withdrawn paper's object and drops the marker", () => {
    const out = runFunction({
      statusCode: 200,
      statusDescription: "OK",
      headers: { [marker]: { value: "gone" }, "content-type": { value: "text/html" } },
    });
    expect(out.statusCode).toBe(410);
    expect(out.statusDescription).toBe("Gone");
    expect(out.headers).toEqual({ "content-type": { value: "text/html" } });
  });

  it("leaves a published page at 200, and other answers as they are", () => {
    expect(runFunction({ statusCode: 200, headers: { [marker]: { value: "published" } } })).toEqual(
      { statusCode: 200, headers: {} },
    );
    expect(runFunction({ statusCode: 304, headers: {} })).toEqual({ statusCode: 304, headers: {} });
  });
});
