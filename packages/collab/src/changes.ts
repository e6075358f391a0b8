// What a change made through GraphQL (a collaborator's role, the paper's status) does to the
// live connections of the paper: decided here once, applied by each host to what it holds.
import type { PaperRole, PaperStatus } from "@accord/domain";
import type { CloseReason } from "@accord/protocol";
import { CloseCode } from "@accord/protocol";
import { accessOf, type LiveConnection } from "./connection.ts";

export type LiveChange =
  /** `role` null: no longer a collaborator. */
  | { kind: "collaborator"; memberId: string; role: PaperRole | null }
  | { kind: "status"; status: PaperStatus };

export type ChangeEffect =
  /** Nothing to tell this connection. */
  | { kind: "none" }
  /** Keep it open with the new state (writes now refused, or allowed again). */
  | { kind: "update"; next: LiveConnection; regainedWrite: boolean }
  /** It may no longer read the paper. */
  | { kind: "close"; close: CloseReason };

/** The connection after `change`, and what that means for it. */
export function effectOf(connection: LiveConnection, change: LiveChange): ChangeEffect {
  let next: LiveConnection;
  if (change.kind === "collaborator") {
    if (connection.memberId !== change.memberId) return { kind: "none" };
    next = { ...connection, role: change.role };
  } else {
    next = { ...connection, paperStatus: change.status };
  }
  if (next.role === connection.role && next.paperStatus === connection.paperStatus) {
    return { kind: "none" };
  }
  const before = accessOf(connection);
  const after = accessOf(next);
  if (after === null) {
    return {
      kind: "close",
      close: {
        code: CloseCode.forbidden,
        reason:
          change.kind === "collaborator"
            ? "access to this paper was revoked"
            : "this paper is no longer visible to you",
      },
    };
  }
  // Updates refused while read-only left a gap in this client's history, so Yjs would hold its
  // next edits back: the host asks it for everything it has, as on a reconnect.
  return { kind: "update", next, regainedWrite: before !== "write" && after === "write" };
}
