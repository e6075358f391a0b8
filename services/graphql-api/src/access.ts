// Every resolver asks the domain's role table through these, so a paper the caller may not
// see is NOT_FOUND everywhere and a refusal reads the same in every mutation.
import {
  type Actor,
  conflict,
  DomainError,
  decidePaperAction,
  decideWorkingGroupAction,
  FROZEN_STATUSES,
  forbidden,
  notFound,
  type PaperAction,
  type PaperRole,
  type PositionPaper,
  unauthenticated,
  type WorkingGroup,
  type WorkingGroupAction,
  type WorkingGroupRole,
} from "@accord/domain";
import type { RequestContext } from "./context.ts";

const ACTION_WORDS: Record<PaperAction, string> = {
  read: "read this paper",
  editText: "edit the text of this paper",
  suggest: "suggest changes to the text of this paper",
  comment: "comment on this paper",
  resolveComment: "resolve or reopen comments on this paper",
  editMetadata: "edit the title, summary or topics of this paper",
  manageCollaborators: "manage the collaborators of this paper",
  createVersion: "save versions of this paper",
  restoreVersion: "restore versions of this paper",
  changeStatus: "change the status of this paper",
  endorse: "endorse this paper",
};

export interface PaperAccess {
  paper: PositionPaper;
  role: PaperRole | null;
  actor: Actor | null;
}

export async function roleOn(
  context: RequestContext,
  paperId: string,
  memberId: string | null | undefined,
): Promise<PaperRole | null> {
  if (!memberId) return null;
  const collaborators = await context.loaders.collaboratorsByPaper.load(paperId);
  return collaborators.find((c) => c.memberId === memberId)?.role ?? null;
}

/**
 * Load a paper and check one action on it. NOT_FOUND when the paper does not exist or the
 * caller may not see it; FORBIDDEN (UNAUTHENTICATED when anonymous) when the role lacks the
 * action; FROZEN when the paper's status no longer allows it; CONFLICT with reason NOT_OPEN
 * when the paper has not reached the status the action needs yet.
 */
export async function paperFor(
  context: RequestContext,
  paperId: string,
  action: PaperAction,
): Promise<PaperAccess> {
  const [paper, actor] = await Promise.all([context.loaders.papers.load(paperId), context.actor()]);
  // Every change needs a signed-in caller; saying so first leaks nothing about the paper.
  if (!actor && action !== "read") throw unauthenticated(`Sign in to ${ACTION_WORDS[action]}.`);
  if (!paper) throw notFound("paper", paperId);
  const role = await roleOn(context, paper.id, actor?.memberId);
  const decision = decidePaperAction(actor, role, paper, action);
  if (decision === "NOT_FOUND") throw notFound("paper", paperId);
  if (decision === "FORBIDDEN") {
    if (!actor) throw unauthenticated(`Sign in to ${ACTION_WORDS[action]}.`);
    throw forbidden(
      `Your role${role ? ` (${role})` : ""} does not allow you to ${ACTION_WORDS[action]}.`,
    );
  }
  if (decision === "FROZEN") throw frozen(paper, action);
  if (decision === "NOT_OPEN") throw notOpen(paper);
  return { paper, role, actor };
}

/** Why a paper cannot be endorsed now: not open yet (before ENDORSEMENT) or closed (frozen). */
export function endorsementClosed(paper: PositionPaper): DomainError {
  return FROZEN_STATUSES.has(paper.status) ? frozen(paper, "endorse") : notOpen(paper);
}

/** Only endorsing waits for a later status today. */
function notOpen(paper: PositionPaper): DomainError {
  return conflict(
    `This paper is not open for endorsement yet: it is ${paper.status}, and endorsements open when its lead moves it to ENDORSEMENT.`,
    { reason: "NOT_OPEN", status: paper.status },
  );
}

export function frozen(paper: PositionPaper, action: PaperAction): DomainError {
  if (action === "endorse") {
    return new DomainError("FROZEN", `This paper is ${paper.status}: endorsements are closed.`, {
      status: paper.status,
    });
  }
  return new DomainError(
    "FROZEN",
    `This paper is ${paper.status} and frozen: nobody can ${ACTION_WORDS[action]} any more.`,
    { status: paper.status },
  );
}

export interface GroupAccess {
  group: WorkingGroup;
  groupRole: WorkingGroupRole | null;
  actor: Actor;
}

export async function groupRoleOf(
  context: RequestContext,
  groupId: string,
  memberId: string,
): Promise<WorkingGroupRole | null> {
  const memberships = await context.loaders.membershipsByGroup.load(groupId);
  return memberships.find((m) => m.memberId === memberId)?.role ?? null;
}

/** Load a working group and check one action; UNAUTHENTICATED, NOT_FOUND or FORBIDDEN. */
export async function groupFor(
  context: RequestContext,
  groupId: string,
  action: WorkingGroupAction,
): Promise<GroupAccess> {
  const actor = await context.actor();
  if (!actor) throw unauthenticated("Sign in to see working groups.");
  const group = await context.loaders.workingGroups.load(groupId);
  if (!group) throw notFound("working group", groupId);
  const groupRole = await groupRoleOf(context, group.id, actor.memberId);
  const decision = decideWorkingGroupAction(actor, groupRole, action);
  if (decision === "UNAUTHENTICATED") throw unauthenticated();
  if (decision === "FORBIDDEN") {
    throw forbidden(
      action === "createPaper"
        ? "Only members of this working group and coordinators can start papers in it."
        : "Only conveners of this working group and coordinators can administer it.",
    );
  }
  return { group, groupRole, actor };
}
