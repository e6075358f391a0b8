// The port "where published pages are written": one page per paper, either the paper's page or
// the page saying it was withdrawn. The GraphQL API writes through it at publication, on later
// changes to a published page, and at archiving; the local server and CloudFront serve what it
// wrote.

/** "published" is answered 200; "gone" (an archived paper) 410. */
export type PageStatus = "published" | "gone";

export const PAGE_STATUSES: readonly PageStatus[] = ["published", "gone"];

export interface PublishedPage {
  paperId: string;
  status: PageStatus;
  html: string;
}

export interface PublicationSite {
  /** Write (or replace) the page of one paper; resolved once it is stored. */
  write(page: PublishedPage): Promise<void>;
}

/** The local server's side: read back what was written. */
export interface PublicationReader {
  /** The page of a paper, or null when none was ever written. */
  read(paperId: string): Promise<Omit<PublishedPage, "paperId"> | null>;
}

/**
 * Paper ids are UUIDs; a page name is accepted only in this shape, so a name can never leave
 * the directory or prefix it is written under.
 */
const PAPER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isPageName(paperId: string): boolean {
  return PAPER_ID.test(paperId);
}

export class InvalidPageNameError extends Error {
  override name = "InvalidPageNameError";
  readonly code = "INVALID_PAGE_NAME";
  constructor(paperId: string) {
    super(`${JSON.stringify(paperId)} cannot name a public page.`);
  }
}

export function checkPageName(paperId: string): string {
  if (!isPageName(paperId)) throw new InvalidPageNameError(paperId);
  return paperId;
}
