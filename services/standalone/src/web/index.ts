// The web app as the local server serves it: built files, /config.json, development sign-in,
// the API explorer at /graphql in development, and downloads of exported papers.
export { createExplorerHandler } from "./explorer.ts";
export { createExportDownloadHandler, isExportDownload } from "./exports.ts";
export {
  DEV_SIGN_IN_PATH,
  defaultRuntimeConfig,
  securityHeaders,
} from "./headers.ts";
export { createPublicPagesHandler, PUBLIC_PAGES_PREFIX } from "./publications.ts";
export { createWebHandler, resolveUnder } from "./static.ts";
