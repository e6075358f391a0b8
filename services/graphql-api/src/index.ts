// createServer takes a Logger; the JSON logger beside it for callers that build one.
export { createJsonLogger, type Logger } from "@accord/logging";
export { createCollabDocuments } from "./collab-documents.ts";
export type { RequestContext, Services } from "./context.ts";
export type { PaperDocument, PaperDocuments } from "./documents.ts";
export {
  formatError,
  MASKED_MESSAGE,
  MASKED_PARSE_MESSAGE,
  MASKED_REQUEST_MESSAGE,
} from "./errors.ts";
export type { ExportFile, ExportFiles, Exports } from "./exports/files.ts";
export {
  createLocalExportFiles,
  EXPORTS_PATH,
  type LocalExportFiles,
  type OpenedExport,
} from "./exports/local-files.ts";
export { type BodyLimitResult, type HttpServeOptions, readJsonBody, serveHttp } from "./http.ts";
export {
  createLambdaHandler,
  type GraphqlEvent,
  type GraphqlLambdaHandler,
} from "./lambda-handler.ts";
export {
  ASSUMED_LIST_SIZE,
  estimateValidationWork,
  measureDocumentOperation,
  measureOperation,
} from "./plugins/limits.ts";
export { type Publications, writeMissingPages } from "./publication.ts";
export {
  type ContextRequest,
  type CreateServerOptions,
  createServer,
  type GraphqlServer,
} from "./server.ts";
export { SEED_TOPICS, seedTopics } from "./topics.ts";
