export { closeReasonFor } from "./close-codes.ts";
export { type CompactionResult, compactionDue, compactPaper } from "./compaction.ts";
export {
  countWords,
  createAnchor,
  loadPaperContent,
  readContent,
  resolveAnchor,
} from "./content.ts";
export {
  applyAndCapture,
  BODY,
  compactDocument,
  compactInto,
  documentFromState,
  encodeSnapshot,
  type LoadedDocument,
  lastEditedAt,
  loadDocument,
  loadDocumentState,
  newestEntry,
  restoreUpdate,
  type TailEntry,
  updateWouldChange,
} from "./document.ts";
export {
  type Access,
  type Authenticate,
  type Authenticated,
  accessFor,
  admit,
  type GateResult,
  type GateStore,
  type Grant,
  toEpochMs,
} from "./gate.ts";
export {
  type CollabHost,
  type CollabHostOptions,
  type CollabLogger,
  type ConnectionRequest,
  createCollabHost,
  type HostConnection,
  type HostStore,
  silentLogger,
  type WebSocketLike,
} from "./host.ts";
export type { LiveNotifier, PaperContent } from "./live.ts";
export { countMessage, type Pace, paceOf, replayMessages, withinPace } from "./pacing.ts";
export { SerialQueue, TokenBucket } from "./rate.ts";
export {
  connectStateless,
  disconnectStateless,
  handleStatelessMessage,
  receiveTextFrame,
  type StatelessResult,
  type StatelessStore,
} from "./stateless.ts";
