// The live-editing connection of one paper: the client SDK's connectPaper (the stock
// y-websocket provider; binary frames locally, API Gateway's text framing on AWS).
import { connectPaper, setPaperToken } from "@accord/client";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import type { RuntimeConfig } from "../config.ts";

export interface LivePaperOptions {
  config: RuntimeConfig;
  paperId: string;
  token: string;
  doc: Y.Doc;
}

export type LiveConnection = WebsocketProvider;

export function connectLivePaper(options: LivePaperOptions): LiveConnection {
  return connectPaper({
    url: options.config.collabUrl,
    paperId: options.paperId,
    token: options.token,
    doc: options.doc,
    transport: options.config.collabTransport,
    // Tabs of one browser must each pass the server's role gate, not sync around it.
    disableBc: true,
  });
}

/** Use a new token from the next connection attempt on. */
export function setLiveToken(connection: LiveConnection, token: string): void {
  setPaperToken(connection, token);
}
