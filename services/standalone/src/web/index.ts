// The web app as the local server serves it: built files, /config.json, development sign-in,
// and the API explorer at /graphql in development.
export { createExplorerHandler } from "./explorer.ts";
export {
  DEV_SIGN_IN_PATH,
  defaultRuntimeConfig,
  securityHeaders,
} from "./headers.ts";
export { createPublicPagesHandler, PUBLIC_PAGES_PREFIX } from "./publications.ts";
export { createWebHandler, resolveUnder } from "./static.ts";
