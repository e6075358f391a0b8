// Public pages of published position papers: the page, the 410 page of a withdrawn paper, and
// where pages are written (a local directory for the local server, S3 behind CloudFront on AWS).
export { createDirectorySite, type DirectorySite } from "./directory.ts";
export { evidenceAnchor, evidenceFigure } from "./evidence.ts";
export type {
  ContentsEntry,
  PageSite,
  PublicAuthor,
  PublicBody,
  PublicEndorsement,
  PublicEvidence,
  PublicPaper,
} from "./model.ts";
export { publicPath, renderGonePage, renderPublicPage } from "./page.ts";
export {
  createS3Site,
  goneStatusFunctionCode,
  PAGE_MAX_AGE_SECONDS,
  PAGE_STATUS_METADATA,
  type S3SiteOptions,
} from "./s3.ts";
export {
  InvalidPageNameError,
  isPageName,
  type PageStatus,
  type PublicationReader,
  type PublicationSite,
  type PublishedPage,
} from "./site.ts";
