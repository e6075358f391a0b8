export {
  type CloseAnnouncement,
  CloseCode,
  type CloseReason,
  isPermanentClose,
  parseCloseAnnouncement,
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
  type PaperTransport,
} from "./connect-paper.ts";
export {
  type MessageReassembler,
  type Reassembled,
  type TextFraming,
  textFraming,
} from "./framing.ts";
