// Exported files on the local process: kept in a directory with their expiry, downloaded from
// `/exports/<id>?expires=<unix seconds>&sig=<HMAC-SHA256>`. The key lives in memory only: a
// restart ends every open link, which is fine for links that live minutes. Expired files are
// swept whenever a new one is written.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExportFiles } from "./files.ts";

export const EXPORTS_PATH = "/exports/";

const ID = /^[A-Za-z0-9-]{1,64}$/;

interface Stored {
  filename: string;
  contentType: string;
  expiresAt: number;
}

export type OpenedExport =
  | { status: "ok"; filename: string; contentType: string; bytes: Uint8Array }
  /** A link that was never signed here, or was changed (403). */
  | { status: "forbidden" }
  /** A genuine link past its time, or its file is gone (410). */
  | { status: "gone" };

export interface LocalExportFiles extends ExportFiles {
  /** The file behind a download link, if the link is genuine and current. */
  open(id: string, expires: string | null, signature: string | null): Promise<OpenedExport>;
}

export function createLocalExportFiles(options: {
  dir: string;
  /** e.g. http://localhost:4000, known once the server listens. */
  origin: () => string;
  clock?: () => Date;
  key?: Uint8Array;
}): LocalExportFiles {
  const key = options.key ?? randomBytes(32);
  const clock = options.clock ?? (() => new Date());
  const sign = (id: string, expires: string) =>
    createHmac("sha256", key).update(`${id}.${expires}`).digest("base64url");
  const pathOf = (id: string) => join(options.dir, id);

  async function sweep(now: number) {
    const names = await readdir(options.dir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((name) => name.endsWith(".json"))
        .map(async (name) => {
          const id = name.slice(0, -".json".length);
          const stored = await readStored(id);
          if (!stored || stored.expiresAt <= now) await remove(id);
        }),
    );
  }

  async function readStored(id: string): Promise<Stored | null> {
    try {
      return JSON.parse(await readFile(`${pathOf(id)}.json`, "utf8")) as Stored;
    } catch {
      return null;
    }
  }

  async function remove(id: string) {
    await Promise.all([rm(pathOf(id), { force: true }), rm(`${pathOf(id)}.json`, { force: true })]);
  }

  return {
    async publish(file, expiresAt) {
      if (!ID.test(file.id)) throw new Error(`Not an export id: ${file.id}`);
      await mkdir(options.dir, { recursive: true });
      await sweep(clock().getTime());
      const stored: Stored = {
        filename: file.filename,
        contentType: file.contentType,
        expiresAt: expiresAt.getTime(),
      };
      await writeFile(pathOf(file.id), file.bytes);
      await writeFile(`${pathOf(file.id)}.json`, JSON.stringify(stored));
      const expires = String(Math.floor(expiresAt.getTime() / 1000));
      const query = new URLSearchParams({ expires, sig: sign(file.id, expires) });
      return { url: `${options.origin()}${EXPORTS_PATH}${file.id}?${query}` };
    },

    async open(id, expires, signature) {
      if (!ID.test(id) || !expires || !/^\d{1,12}$/.test(expires) || !signature) {
        return { status: "forbidden" };
      }
      const expected = Buffer.from(sign(id, expires));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { status: "forbidden" };
      }
      if (Number(expires) * 1000 <= clock().getTime()) {
        await remove(id);
        return { status: "gone" };
      }
      const stored = await readStored(id);
      const bytes = stored ? await readFile(pathOf(id)).catch(() => null) : null;
      if (!stored || !bytes) return { status: "gone" };
      return {
        status: "ok",
        filename: stored.filename,
        contentType: stored.contentType,
        bytes: new Uint8Array(bytes),
      };
    },
  };
}
