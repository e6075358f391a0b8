// Where exported files go: the port, with a local adapter (a directory, signed expiring links
// served by the local process) and an S3 adapter (a bucket with a lifecycle rule, presigned GET).
import type { ExportLimits } from "@accord/domain";

export interface ExportFile {
  /** New for every export (a UUID); the adapter's key. */
  id: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ExportFiles {
  /** Keep the file at least until `expiresAt` and give a URL that downloads it until then. */
  publish(file: ExportFile, expiresAt: Date): Promise<{ url: string }>;
}

/** What exporting needs beside the store: where files go, and the limits of one export. */
export interface Exports {
  files: ExportFiles;
  limits: ExportLimits;
}

/** `Content-Disposition` for a download under `filename` (ASCII, from exportFilename). */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/["\\\r\n]/g, "")}"`;
}
