export {
  type Attribution,
  attributeEffects,
  authorOf,
  decodeAttribution,
  type EditingSession,
  type EntryEffect,
  encodeAttribution,
} from "./attribution.ts";
export { loadAuthorship, replayState } from "./attribution-replay.ts";
export { type ChangeEffect, effectOf, type LiveChange } from "./changes.ts";
export { closeReasonFor } from "./close-codes.ts";
export {
  type AuthorshipStores,
  type CompactionResult,
  compactionDue,
  compactPaper,
} from "./compaction.ts";
export {
  type AuthorChanges,
  type Comparison,
  type ComparisonBlock,
  type ComparisonChange,
  type ComparisonRun,
  compareStates,
} from "./compare.ts";
export { type Access, accessFor, accessOf, type LiveConnection } from "./connection.ts";
export {
  countWords,
  createAnchor,
  loadPaperContent,
  readContent,
  resolveAnchor,
} from "./content.ts";
export {
  answerSync,
  decideMessage,
  decideSuggestion,
  fitsDocument,
  type MessageDecision,
} from "./decide.ts";
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
export { admitFrame, closes, readFrame } from "./frames.ts";
export { type Authenticate, admit, type GateResult, type GateStore, reread } from "./gate.ts";
export type { LiveNotifier, PaperContent } from "./live.ts";
export { FrameCounter, framesPerWindow, rateWindowOf, withinRate } from "./rate.ts";
export { type CollabHost, type CollabHostOptions, createCollabHost } from "./stateful/host.ts";
export {
  type CollabLogger,
  type ConnectionRequest,
  type HostConnection,
  type HostStore,
  silentLogger,
  type WebSocketLike,
} from "./stateful/types.ts";
export {
  connectStateless,
  disconnectStateless,
  liveConnectionOf,
  receiveStateless,
  type StatelessResult,
  type StatelessStore,
} from "./stateless.ts";
export { type OpenSuggestion, readSuggestions } from "./suggestions.ts";
