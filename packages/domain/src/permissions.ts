// The single role table of Accord: GraphQL resolvers and the live-editing gate both ask it.
import {
  PAPER_ROLES,
  type PaperRole,
  type PaperStatus,
  type PlatformRole,
  type PositionPaper,
  type WorkingGroupRole,
} from "./model.ts";

/** What one may do on a paper; the schema's PaperPermissions has a field for each. */
export const PAPER_ACTIONS = [
  "read",
  "editText",
  "suggest",
  "comment",
  "resolveComment",
  "editMetadata",
  "manageCollaborators",
  "createVersion",
  "restoreVersion",
  "changeStatus",
  "endorse",
] as const;
export type PaperAction = (typeof PAPER_ACTIONS)[number];

const ALL: readonly PaperRole[] = PAPER_ROLES;

/** Which paper roles may do what. */
export const PAPER_PERMISSIONS: Readonly<Record<PaperAction, readonly PaperRole[]>> = {
  read: ALL,
  editText: ["LEAD", "EDITOR"],
  // Tracked insertions and deletions, accepted or rejected by a LEAD or an EDITOR.
  suggest: ["LEAD", "EDITOR", "COMMENTER"],
  comment: ["LEAD", "EDITOR", "COMMENTER"],
  resolveComment: ["LEAD", "EDITOR", "COMMENTER"],
  editMetadata: ["LEAD", "EDITOR"],
  manageCollaborators: ["LEAD"],
  createVersion: ["LEAD", "EDITOR"],
  restoreVersion: ["LEAD"],
  changeStatus: ["LEAD"],
  endorse: ALL,
};

/** What a COORDINATOR may do on any paper without being a collaborator. */
const COORDINATOR_PAPER_ACTIONS: ReadonlySet<PaperAction> = new Set([
  "read",
  "manageCollaborators",
  "changeStatus",
]);

/** Actions that change the paper and are therefore refused once it is frozen. */
const WRITES_PAPER: ReadonlySet<PaperAction> = new Set([
  "editText",
  "suggest",
  "editMetadata",
  "restoreVersion",
  "comment",
  "resolveComment",
]);

export const FROZEN_STATUSES: ReadonlySet<PaperStatus> = new Set(["PUBLISHED", "ARCHIVED"]);

export interface Actor {
  memberId: string;
  platformRole: PlatformRole;
}

/**
 * NOT_OPEN: the paper has not reached the stage the action needs yet (endorsing a DRAFT or a
 * paper IN_REVIEW); unlike FROZEN, it will be possible later.
 */
export type Decision = "ALLOW" | "NOT_FOUND" | "FORBIDDEN" | "FROZEN" | "NOT_OPEN";

/** May a caller see that a paper exists at all? Non-collaborators see only PUBLISHED papers. */
export function canSeePaper(
  actor: Actor | null,
  role: PaperRole | null,
  paper: Pick<PositionPaper, "status">,
): boolean {
  if (paper.status === "PUBLISHED") return true;
  if (!actor) return false;
  return role !== null || actor.platformRole === "COORDINATOR";
}

/**
 * Decide one action on one paper. A paper the caller may not see is NOT_FOUND (its existence
 * does not leak); a visible paper with an action the role lacks is FORBIDDEN; a write to a
 * published or archived paper is FROZEN; endorsing before ENDORSEMENT is NOT_OPEN.
 */
export function decidePaperAction(
  actor: Actor | null,
  role: PaperRole | null,
  paper: Pick<PositionPaper, "status">,
  action: PaperAction,
): Decision {
  if (!canSeePaper(actor, role, paper)) return "NOT_FOUND";
  if (action === "read") return "ALLOW";
  if (!actor) return "FORBIDDEN";
  const byRole = role !== null && PAPER_PERMISSIONS[action].includes(role);
  const byCoordinator =
    actor.platformRole === "COORDINATOR" && COORDINATOR_PAPER_ACTIONS.has(action);
  if (!byRole && !byCoordinator) return "FORBIDDEN";
  if (WRITES_PAPER.has(action) && FROZEN_STATUSES.has(paper.status)) return "FROZEN";
  if (action === "endorse" && paper.status !== "ENDORSEMENT") {
    return FROZEN_STATUSES.has(paper.status) ? "FROZEN" : "NOT_OPEN";
  }
  return "ALLOW";
}

/** Can this role write to the live document right now? Used by the collab gate. */
export function canEditText(
  actor: Actor,
  role: PaperRole | null,
  paper: Pick<PositionPaper, "status">,
): boolean {
  return decidePaperAction(actor, role, paper, "editText") === "ALLOW";
}

/** Status workflow: who may move a paper from one status to another. */
export const STATUS_TRANSITIONS: Readonly<
  Record<
    PaperStatus,
    Partial<Record<PaperStatus, { roles: readonly PaperRole[]; coordinator: boolean }>>
  >
> = {
  DRAFT: {
    IN_REVIEW: { roles: ["LEAD"], coordinator: false },
    ARCHIVED: { roles: ["LEAD"], coordinator: true },
  },
  IN_REVIEW: {
    DRAFT: { roles: ["LEAD"], coordinator: false },
    ENDORSEMENT: { roles: ["LEAD"], coordinator: false },
    ARCHIVED: { roles: ["LEAD"], coordinator: true },
  },
  ENDORSEMENT: {
    IN_REVIEW: { roles: ["LEAD"], coordinator: false },
    PUBLISHED: { roles: ["LEAD"], coordinator: true },
    ARCHIVED: { roles: ["LEAD"], coordinator: true },
  },
  PUBLISHED: {
    ARCHIVED: { roles: ["LEAD"], coordinator: true },
  },
  ARCHIVED: {},
};

export type TransitionDecision = "ALLOW" | "NOT_FOUND" | "FORBIDDEN" | "INVALID_TRANSITION";

export function decideStatusTransition(
  actor: Actor | null,
  role: PaperRole | null,
  paper: Pick<PositionPaper, "status">,
  to: PaperStatus,
): TransitionDecision {
  if (!canSeePaper(actor, role, paper)) return "NOT_FOUND";
  if (!actor) return "FORBIDDEN";
  const rule = STATUS_TRANSITIONS[paper.status][to];
  const mayChange =
    (role !== null && PAPER_PERMISSIONS.changeStatus.includes(role)) ||
    actor.platformRole === "COORDINATOR";
  if (!mayChange) return "FORBIDDEN";
  if (!rule) return "INVALID_TRANSITION";
  const allowed =
    (role !== null && rule.roles.includes(role)) ||
    (rule.coordinator && actor.platformRole === "COORDINATOR");
  return allowed ? "ALLOW" : "FORBIDDEN";
}

export type WorkingGroupAction = "read" | "administer" | "createPaper";

/**
 * Working groups are visible to every signed-in member. Conveners and coordinators administer
 * (rename, members, conveners); any member of the group, and coordinators, create papers in it.
 */
export function decideWorkingGroupAction(
  actor: Actor | null,
  groupRole: WorkingGroupRole | null,
  action: WorkingGroupAction,
): "ALLOW" | "FORBIDDEN" | "UNAUTHENTICATED" {
  if (!actor) return "UNAUTHENTICATED";
  if (action === "read") return "ALLOW";
  if (actor.platformRole === "COORDINATOR") return "ALLOW";
  if (action === "administer") return groupRole === "CONVENER" ? "ALLOW" : "FORBIDDEN";
  return groupRole !== null ? "ALLOW" : "FORBIDDEN";
}
