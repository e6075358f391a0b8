// The web app as the local server serves it: built files, /config.json, development sign-in,
// and the API explorer at /graphql in development.
export { createExplorerHandler, EXPLORER_PATH, type ExplorerHandler } from "./explorer.ts";
export {
  DEV_SIGN_IN_PATH,
  defaultRuntimeConfig,
  explorerSecurityHeaders,
  securityHeaders,
} from "./headers.ts";
export {
  createWebHandler,
  resolveUnder,
  type WebHandler,
  type WebHandlerOptions,
} from "./static.ts";
