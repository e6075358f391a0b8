// The web app as the local server serves it: built files, /config.json, development sign-in.
export { DEV_SIGN_IN_PATH, defaultRuntimeConfig, securityHeaders } from "./headers.ts";
export {
  createWebHandler,
  resolveUnder,
  type WebHandler,
  type WebHandlerOptions,
} from "./static.ts";
