// What the engine knows of one live connection, whichever host keeps it (a session object in the
// local process, a connection record in storage on AWS), and what that allows on the paper.
import {
  type Actor,
  canEditText,
  decidePaperAction,
  FROZEN_STATUSES,
  type PaperRole,
  type PaperStatus,
  type PlatformRole,
} from "@accord/domain";

export interface LiveConnection {
  paperId: string;
  memberId: string;
  platformRole: PlatformRole;
  /** Role on the paper; null for a reader who is not a collaborator. */
  role: PaperRole | null;
  /** The paper's status as last told. */
  paperStatus: PaperStatus;
  /** Epoch milliseconds after which the connection's token is no longer valid; null: never. */
  expiresAt: number | null;
}

/**
 * What a live connection may do on a paper: write any edit, suggest (edits checked against the
 * document: only the sender's own suggestions, `checkSuggestion`), or read.
 */
export type Access = "write" | "suggest" | "read";

/**
 * The domain's role table, asked for a live connection: write (LEAD, EDITOR), suggest
 * (COMMENTER), read only (VIEWER, readers of published papers, everyone on frozen papers) or
 * nothing (null: close it).
 */
export function accessFor(
  actor: Actor | null,
  role: PaperRole | null,
  status: PaperStatus,
): Access | null {
  const paper = { status };
  if (decidePaperAction(actor, role, paper, "read") !== "ALLOW") return null;
  if (!actor) return "read";
  if (canEditText(actor, role, paper)) return "write";
  return decidePaperAction(actor, role, paper, "suggest") === "ALLOW" ? "suggest" : "read";
}

export function accessOf(connection: LiveConnection): Access | null {
  return accessFor(
    { memberId: connection.memberId, platformRole: connection.platformRole },
    connection.role,
    connection.paperStatus,
  );
}

/** Why a refused update was refused, in the permission-denied message. */
export function readOnlyReason(connection: Pick<LiveConnection, "paperStatus">): string {
  if (FROZEN_STATUSES.has(connection.paperStatus)) {
    return `the paper is ${connection.paperStatus.toLowerCase()}: its text is frozen`;
  }
  return "read-only: your role on this paper cannot edit its text";
}

/** Why a suggester's update was refused, in the permission-denied message. */
export function suggestOnlyReason(problem: string): string {
  return `suggestions only: your role on this paper may only suggest changes; this update ${problem}`;
}
