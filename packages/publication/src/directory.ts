// Published pages in a local directory (the local server's data directory): one JSON file per
// paper holding its status and HTML, replaced atomically (write, then rename) so a reader never
// sees half a page.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  checkPageName,
  isPageName,
  PAGE_STATUSES,
  type PageStatus,
  type PublicationReader,
  type PublicationSite,
} from "./site.ts";

export interface DirectorySite extends PublicationSite, PublicationReader {
  readonly directory: string;
}

interface StoredPage {
  status: PageStatus;
  html: string;
}

function isStoredPage(value: unknown): value is StoredPage {
  const page = value as Partial<StoredPage> | null;
  return (
    typeof page === "object" &&
    page !== null &&
    typeof page.html === "string" &&
    PAGE_STATUSES.includes(page.status as PageStatus)
  );
}

let sequence = 0;

export function createDirectorySite(directory: string): DirectorySite {
  const fileOf = (paperId: string) => join(directory, `${checkPageName(paperId)}.json`);
  return {
    directory,
    async write(page) {
      const file = fileOf(page.paperId);
      await mkdir(directory, { recursive: true });
      const temporary = `${file}.${process.pid}.${++sequence}.tmp`;
      const stored: StoredPage = { status: page.status, html: page.html };
      await writeFile(temporary, JSON.stringify(stored));
      await rename(temporary, file);
    },
    async read(paperId) {
      if (!isPageName(paperId)) return null;
      let text: string;
      try {
        text = await readFile(fileOf(paperId), "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      const stored: unknown = JSON.parse(text);
      if (!isStoredPage(stored)) {
        throw new Error(`The published page of ${paperId} is not in the expected form.`);
      }
      return { status: stored.status, html: stored.html };
    },
  };
}
