// The web app's Node face: the request handler that serves the built app from a local server.

export { buildWebApp, ensureWebBuild, isWebBuildStale } from "./build.ts";
export {
  createWebHandler,
  DEV_SIGN_IN_PATH,
  defaultRuntimeConfig,
  resolveUnder,
  securityHeaders,
  WEB_DIST_DIR,
  type WebHandler,
  type WebHandlerOptions,
} from "./static.ts";
