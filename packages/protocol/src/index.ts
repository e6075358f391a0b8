export {
  type CloseAnnouncement,
  encodeCloseAnnouncement,
  parseCloseAnnouncement,
} from "./announcement.ts";
export {
  CloseCode,
  type CloseCodeValue,
  type CloseReason,
  closeCodeForHttpStatus,
  httpStatusFor,
  isPermanentClose,
} from "./close-codes.ts";
export {
  isPublicErrorCode,
  NETWORK_ERROR,
  PUBLIC_ERROR_CODES,
  type PublicErrorCode,
} from "./error-codes.ts";
export {
  CHUNK_MARKER,
  ChunkAssembler,
  decodeTextFrame,
  encodeTextFrames,
  MAX_CHUNKS,
  MalformedFrameError,
  MessageTooLargeError,
  type TextFrame,
} from "./framing.ts";
export {
  AuthType,
  answerSyncStep1,
  type CollabMessage,
  decodeMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MalformedMessageError,
  MessageType,
  SyncType,
  type UpdateContent,
  updateContent,
  validateUpdate,
} from "./messages.ts";
export {
  type OfferedToken,
  TOKEN_SUBPROTOCOL,
  tokenFromSubprotocols,
  tokenSubprotocols,
} from "./token-subprotocol.ts";
