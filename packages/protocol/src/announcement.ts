// The one control frame of the text framing: a JSON close announcement the server sends before
// it drops an API Gateway connection (DeleteConnection carries no close code of its own).
import type { CloseReason } from "./close-codes.ts";

/** `{"type":"close","code":4403,"reason":"..."}`: never base64, so never a data frame. */
export interface CloseAnnouncement {
  type: "close";
  code: number;
  reason: string;
}

export function encodeCloseAnnouncement(close: CloseReason): string {
  return JSON.stringify({ type: "close", code: close.code, reason: close.reason });
}

/** The announcement a text frame carries, or null when it is not one. */
export function parseCloseAnnouncement(frame: string): CloseAnnouncement | null {
  if (!frame.startsWith("{")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return null;
  }
  const candidate = parsed as Partial<CloseAnnouncement> | null;
  if (
    candidate?.type === "close" &&
    typeof candidate.code === "number" &&
    candidate.code >= 4000 &&
    candidate.code <= 4999
  ) {
    return { type: "close", code: candidate.code, reason: String(candidate.reason ?? "") };
  }
  return null;
}
