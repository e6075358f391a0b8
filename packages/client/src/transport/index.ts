export {
  type CloseAnnouncement,
  CloseCode,
  type CloseCodeValue,
  type CloseReason,
  isPermanentClose,
  parseCloseAnnouncement,
  TOKEN_SUBPROTOCOL,
  tokenSubprotocols,
} from "@accord/protocol";
export {
  type ApiGatewayTransportOptions,
  ApiGatewayWebSocket,
  apiGatewayWebSocketClass,
  stageUrlWithQuery,
  type TransportEvent,
  type WebSocketConstructor,
  type WebSocketLikeInstance,
} from "./api-gateway-websocket.ts";
export {
  type ConnectPaperOptions,
  connectPaper,
  isApiGatewayUrl,
  loadWebSocket,
  type PaperTransport,
  setPaperToken,
  type TokenPlacement,
} from "./connect-paper.ts";
export {
  type MessageReassembler,
  type Reassembled,
  type TextFraming,
  textFraming,
} from "./framing.ts";
