// Invitations (a paper role or a group role offered by username or email, before the invitee has
// signed in) and join requests (a member asking a working group's conveners to let them in): the
// entities, their lifecycles, who may do what, and the input rules.
import { badInput, conflict, type DomainError } from "./errors.ts";
import { INVITATION_LIMITS } from "./limits.ts";
import {
  PAPER_ROLES,
  type PaperRole,
  type PositionPaper,
  type Versioned,
  WORKING_GROUP_ROLES,
  type WorkingGroupRole,
} from "./model.ts";
import {
  type Actor,
  type Decision,
  decidePaperAction,
  decideWorkingGroupAction,
} from "./permissions.ts";
import { refuseControlCharacters } from "./validation.ts";

export const INVITATION_TARGETS = ["PAPER", "WORKING_GROUP"] as const;
export type InvitationTarget = (typeof INVITATION_TARGETS)[number];

export const INVITEE_KINDS = ["USERNAME", "EMAIL"] as const;
/** How the invitee will be recognised at sign-in: the token's username or its verified email. */
export type InviteeKind = (typeof INVITEE_KINDS)[number];

/** Stored states. EXPIRED is never stored: a PENDING invitation past `expiresAt` reads EXPIRED. */
export const STORED_INVITATION_STATUSES = ["PENDING", "ACCEPTED", "REVOKED"] as const;
export type StoredInvitationStatus = (typeof STORED_INVITATION_STATUSES)[number];
export const INVITATION_STATUSES = [...STORED_INVITATION_STATUSES, "EXPIRED"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface Invitation extends Versioned {
  id: string;
  target: InvitationTarget;
  /** The paper's id or the working group's id, after `target`. */
  targetId: string;
  /** A PaperRole for a paper, a WorkingGroupRole for a working group. */
  role: PaperRole | WorkingGroupRole;
  inviteeKind: InviteeKind;
  /** Normalised (see `normaliseInvitee`): a username as typed, an email address lower-cased. */
  invitee: string;
  status: StoredInvitationStatus;
  invitedBy: string;
  /** Live while now < expiresAt. */
  expiresAt: string;
  /** The member it made a collaborator or group member (ACCEPTED only). */
  acceptedBy: string | null;
  /** When it was accepted or revoked. */
  closedAt: string | null;
}

export const JOIN_REQUEST_STATUSES = ["PENDING", "APPROVED", "DECLINED", "WITHDRAWN"] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

export interface JoinRequest extends Versioned {
  id: string;
  workingGroupId: string;
  memberId: string;
  /** Why they want to join, for the conveners ("" when none). */
  message: string;
  status: JoinRequestStatus;
  /** The convener or coordinator who approved or declined, or the member who withdrew. */
  decidedBy: string | null;
  decidedAt: string | null;
}

/** The status a reader sees at `now`: a PENDING invitation past its expiry is EXPIRED. */
export function invitationStatus(
  invitation: Pick<Invitation, "status" | "expiresAt">,
  now: string,
): InvitationStatus {
  if (invitation.status === "PENDING" && invitation.expiresAt <= now) return "EXPIRED";
  return invitation.status;
}

/** Is this invitation still waiting for its invitee at `now`? */
export const isOpenInvitation = (
  invitation: Pick<Invitation, "status" | "expiresAt">,
  now: string,
) => invitationStatus(invitation, now) === "PENDING";

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;
// Deliberately loose: one @, something on each side, a dot in the domain, no spaces. The
// invitee proves the address by signing in with it verified, not by this pattern.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trim and check an invitee; email addresses are lower-cased (they are matched any case). */
export function normaliseInvitee(kind: InviteeKind, value: string): string {
  refuseControlCharacters("invitee", value, { multiline: false });
  const trimmed = value.trim();
  if (kind === "EMAIL") {
    if (trimmed.length > INVITATION_LIMITS.emailMax || !EMAIL.test(trimmed)) {
      throw badInput("email", `"${trimmed}" is not an email address.`);
    }
    return trimmed.toLowerCase();
  }
  if (trimmed.length > INVITATION_LIMITS.usernameMax || !USERNAME.test(trimmed)) {
    throw badInput(
      "username",
      "A username is letters, digits, dots, dashes, underscores or @, starting with a letter or digit.",
    );
  }
  return trimmed;
}

/** The role an invitation may carry: a paper role for papers, a group role for groups. */
export function invitationRole(
  target: InvitationTarget,
  role: string,
): PaperRole | WorkingGroupRole {
  const allowed: readonly string[] = target === "PAPER" ? PAPER_ROLES : WORKING_GROUP_ROLES;
  if (!allowed.includes(role)) {
    throw badInput(
      "role",
      `role must be one of ${allowed.join(", ")} for ${target === "PAPER" ? "a paper" : "a working group"}.`,
    );
  }
  return role as PaperRole | WorkingGroupRole;
}

/** When a new invitation expires: `ttlMs` after `now`, within the limits. */
export function invitationExpiry(now: string, ttlMs: number = INVITATION_LIMITS.defaultTtlMs) {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0 || ttlMs > INVITATION_LIMITS.maxTtlMs) {
    throw badInput(
      "expiresInDays",
      `An invitation expires after 1 to ${INVITATION_LIMITS.maxTtlMs / 86_400_000} days.`,
    );
  }
  return new Date(Date.parse(now) + ttlMs).toISOString();
}

/** Why a join request message is refused, if it is. */
export function joinRequestMessage(value: string | null | undefined): string {
  const message = value ?? "";
  refuseControlCharacters("message", message, { multiline: true });
  const trimmed = message.replace(/\r\n?/g, "\n").trim();
  if ([...trimmed].length > INVITATION_LIMITS.joinRequestMessageMax) {
    throw badInput(
      "message",
      `message must be at most ${INVITATION_LIMITS.joinRequestMessageMax} characters long.`,
    );
  }
  return trimmed;
}

/**
 * Who may invite to (and revoke invitations of) a paper: whoever may manage its collaborators
 * (LEADs, coordinators). Only while the paper is not frozen.
 */
export function decideInviteToPaper(
  actor: Actor | null,
  role: PaperRole | null,
  paper: Pick<PositionPaper, "status">,
): Decision {
  return decidePaperAction(actor, role, paper, "manageCollaborators");
}

/** Who may invite to a working group, see its invitations and decide its join requests. */
export function decideInviteToGroup(actor: Actor | null, groupRole: WorkingGroupRole | null) {
  return decideWorkingGroupAction(actor, groupRole, "administer");
}

/** The transition of an invitation at `now`; the error says why it cannot happen. */
export function closeInvitation(
  invitation: Invitation,
  to: "ACCEPTED" | "REVOKED",
  now: string,
  acceptedBy: string | null = null,
): Invitation {
  const status = invitationStatus(invitation, now);
  if (status !== "PENDING") throw invitationNotPending(status);
  return {
    ...invitation,
    status: to,
    acceptedBy: to === "ACCEPTED" ? acceptedBy : null,
    closedAt: now,
    version: invitation.version + 1,
    updatedAt: now,
  };
}

export function invitationNotPending(status: InvitationStatus): DomainError {
  const words: Record<InvitationStatus, string> = {
    PENDING: "still pending",
    ACCEPTED: "already accepted",
    REVOKED: "revoked",
    EXPIRED: "expired; send a new one",
  };
  return conflict(`This invitation is ${words[status]}.`, { status });
}

/** The transition of a join request; CONFLICT when it was already decided or withdrawn. */
export function decideJoinRequest(
  request: JoinRequest,
  to: "APPROVED" | "DECLINED" | "WITHDRAWN",
  by: string,
  now: string,
): JoinRequest {
  if (request.status !== "PENDING") {
    throw conflict(`This join request is already ${request.status.toLowerCase()}.`, {
      status: request.status,
    });
  }
  return {
    ...request,
    status: to,
    decidedBy: by,
    decidedAt: now,
    version: request.version + 1,
    updatedAt: now,
  };
}
