// Position papers: listing what the caller may see, creating, editing, the status workflow and
// collaborators. A paper the caller may not see is NOT_FOUND, never FORBIDDEN.
import {
  conflict,
  type DiplomacyType,
  decidePaperAction,
  decideStatusTransition,
  forbidden,
  longText,
  newId,
  notFound,
  oneOf,
  PAPER_ACTIONS,
  PAPER_ROLES,
  PAPER_STATUSES,
  type PaperStatus,
  type PositionPaper,
  STATUS_TRANSITIONS,
  TEXT_LIMITS,
  text,
  unauthenticated,
} from "@accord/domain";
import type { PaperFilter } from "@accord/storage";
import { groupFor, paperFor, roleOn } from "../access.ts";
import type { RequestContext } from "../context.ts";
import { documentOf } from "../documents.ts";
import type {
  CollaboratorResolvers,
  MutationResolvers,
  PaperFilter as PaperFilterInput,
  PositionPaperResolvers,
  QueryResolvers,
} from "../generated/resolvers.ts";
import { loadExisting } from "../loaders.ts";
import type { PaperPermissionsModel } from "../models.ts";
import { type Connection, emptyConnection, pageRequest, toConnection } from "../paging.ts";
import { publishPage, refreshPage, withdrawPage } from "../publication.ts";
import { notifyStatusChanged } from "./inbox.ts";
import {
  diplomacyTypes,
  expectVersion,
  notNull,
  recordActivity,
  searchText,
  topicIds,
} from "./input.ts";

/** The papers the caller may see: anonymous → PUBLISHED; members → also their own; coordinators → all. */
export async function visiblePapers(
  context: RequestContext,
  filter: PaperFilterInput | null | undefined,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<PositionPaper>> {
  const request = pageRequest(context.limits.graphql, args);
  const search = searchText(filter?.search);
  const storeFilter: PaperFilter = {
    workingGroupId: filter?.workingGroupId ?? undefined,
    topicId: filter?.topicId ?? undefined,
    status: filter?.status ?? undefined,
    diplomacyType: filter?.diplomacyType ?? undefined,
    collaboratorId: filter?.collaboratorId ?? undefined,
    search,
  };
  const actor = await context.actor();
  if (!actor) {
    if (storeFilter.status && storeFilter.status !== "PUBLISHED") return emptyConnection();
    storeFilter.status = "PUBLISHED";
  } else if (actor.platformRole !== "COORDINATOR") {
    storeFilter.visibleTo = actor.memberId;
  }
  const page = await context.store.papers.list(storeFilter, request);
  for (const paper of page.items) context.loaders.papers.prime(paper.id, paper);
  return toConnection(page);
}

export const paperQueries: Pick<QueryResolvers, "paper" | "papers"> = {
  paper: async (_parent, { id }, context) => (await paperFor(context, id, "read")).paper,
  papers: (_parent, args, context) => visiblePapers(context, args.filter, args),
};

async function savePaper(context: RequestContext, next: PositionPaper) {
  await context.store.papers.update(next);
  context.loaders.papers.clear(next.id).prime(next.id, next);
  return next;
}

/** Attempts at telling live editing about a change before the failure is surfaced. */
const LIVE_ATTEMPTS = 3;

/**
 * Tell open live connections about a stored change (a role, a status). Revocation must not be
 * best-effort: a failure is retried, then logged as an error with the LiveNotificationFailures
 * metric (an alarm watches it on AWS) and surfaced to the caller as INTERNAL_SERVER_ERROR; the
 * change itself stays stored, and a retried mutation tells the connections again.
 */
async function notifyLive(context: RequestContext, what: string, send: () => Promise<void>) {
  if (!context.live) return;
  let lastError: unknown;
  for (let attempt = 1; attempt <= LIVE_ATTEMPTS; attempt++) {
    try {
      await send();
      return;
    } catch (error) {
      lastError = error;
      if (attempt < LIVE_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 50 * 4 ** (attempt - 1)));
      }
    }
  }
  context.logger.error("live editing was not told about a change", {
    requestId: context.requestId,
    what,
    attempts: LIVE_ATTEMPTS,
    error: lastError,
    ...liveNotificationFailureMetric(),
  });
  throw lastError;
}

/**
 * CloudWatch Embedded Metric Format fields: a log line carrying them becomes one count of
 * Accord/LiveNotificationFailures (Service=graphql) on AWS; locally they are plain fields.
 */
function liveNotificationFailureMetric() {
  return {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: "Accord",
          Dimensions: [["Service"]],
          Metrics: [{ Name: "LiveNotificationFailures", Unit: "Count" }],
        },
      ],
    },
    Service: "graphql",
    LiveNotificationFailures: 1,
  };
}

/**
 * Store a status change together with the paper's public page. Publishing writes the page once
 * the status is stored. Archiving a published paper withdraws the page first, so a failure
 * never leaves an archived paper readable (should the status then fail to store, the page is
 * put back), and once more after storing it, over any page another request wrote meanwhile.
 */
async function changeStatusWithPage(
  context: RequestContext,
  paper: PositionPaper,
  next: PositionPaper,
) {
  if (paper.status === "PUBLISHED" && next.status !== "PUBLISHED") {
    await withdrawPage(context, paper.id);
    try {
      await savePaper(context, next);
    } catch (error) {
      await publishPage(context, paper).catch((restoreError: unknown) =>
        context.logger.error("a withdrawn page was not put back", {
          requestId: context.requestId,
          paperId: paper.id,
          error: restoreError,
        }),
      );
      throw error;
    }
    // Logged with its metric when it fails; the status is stored and the first write stands.
    await withdrawPage(context, paper.id).catch(() => {});
    return;
  }
  await savePaper(context, next);
  if (next.status === "PUBLISHED") await publishPage(context, next);
}

export const paperMutations: Pick<
  MutationResolvers,
  | "createPaper"
  | "updatePaper"
  | "changePaperStatus"
  | "addCollaborator"
  | "changeCollaboratorRole"
  | "removeCollaborator"
> = {
  async createPaper(_parent, { input }, context) {
    const { group, actor } = await groupFor(context, input.workingGroupId, "createPaper");
    const now = context.now();
    const paper: PositionPaper = {
      id: newId(),
      workingGroupId: group.id,
      title: text("title", input.title, TEXT_LIMITS.paperTitle),
      summary: longText("summary", input.summary ?? "", TEXT_LIMITS.paperSummary),
      topicIds: await topicIds(context, "topicIds", input.topicIds),
      diplomacyTypes: diplomacyTypes("diplomacyTypes", input.diplomacyTypes),
      status: "DRAFT",
      createdBy: actor.memberId,
      publishedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await context.store.papers.create(paper, {
      paperId: paper.id,
      memberId: actor.memberId,
      role: "LEAD",
      addedBy: actor.memberId,
      addedAt: now,
    });
    context.loaders.papers.prime(paper.id, paper);
    await recordActivity(context, paper.id, "PAPER_CREATED", { title: paper.title });
    return paper;
  },

  async updatePaper(_parent, { input }, context) {
    const { paper } = await paperFor(context, input.id, "editMetadata");
    expectVersion("paper", paper, input.expectedVersion);
    const title = notNull("title", input.title);
    const summary = notNull("summary", input.summary);
    const next: PositionPaper = {
      ...paper,
      title: title === undefined ? paper.title : text("title", title, TEXT_LIMITS.paperTitle),
      summary:
        summary === undefined
          ? paper.summary
          : longText("summary", summary, TEXT_LIMITS.paperSummary),
      topicIds:
        input.topicIds === undefined
          ? paper.topicIds
          : await topicIds(context, "topicIds", input.topicIds),
      diplomacyTypes:
        input.diplomacyTypes === undefined
          ? paper.diplomacyTypes
          : diplomacyTypes("diplomacyTypes", input.diplomacyTypes as DiplomacyType[] | null),
      version: paper.version + 1,
      updatedAt: context.now(),
    };
    const changed = (["title", "summary", "topicIds", "diplomacyTypes"] as const).filter(
      (field) => JSON.stringify(next[field]) !== JSON.stringify(paper[field]),
    );
    if (changed.length === 0) return paper;
    await savePaper(context, next);
    await recordActivity(context, paper.id, "METADATA_EDITED", { fields: changed.join(",") });
    return next;
  },

  async changePaperStatus(_parent, { input }, context) {
    const to = oneOf("status", input.status, PAPER_STATUSES);
    const [paper, actor] = await Promise.all([
      context.loaders.papers.load(input.id),
      context.actor(),
    ]);
    if (!actor) throw unauthenticated("Sign in to change the status of a paper.");
    if (!paper) throw notFound("paper", input.id);
    const role = await roleOn(context, paper.id, actor.memberId);
    const decision = decideStatusTransition(actor, role, paper, to);
    if (decision === "NOT_FOUND") throw notFound("paper", input.id);
    if (decision === "FORBIDDEN") {
      throw forbidden(
        `Your role${role ? ` (${role})` : ""} does not allow moving this paper from ${paper.status} to ${to}.`,
      );
    }
    expectVersion("paper", paper, input.expectedVersion);
    if (decision === "INVALID_TRANSITION") {
      const allowed = Object.keys(STATUS_TRANSITIONS[paper.status]);
      throw conflict(
        paper.status === to
          ? `The paper is already ${to}.`
          : `A ${paper.status} paper cannot move to ${to}; it can move to ${allowed.join(", ") || "no other status"}.`,
        { status: paper.status },
      );
    }
    const now = context.now();
    const next: PositionPaper = {
      ...paper,
      status: to,
      publishedAt: to === "PUBLISHED" ? now : paper.publishedAt,
      version: paper.version + 1,
      updatedAt: now,
    };
    await changeStatusWithPage(context, paper, next);
    await notifyLive(context, "paperStatusChanged", () =>
      context.live!.paperStatusChanged(paper.id, to),
    );
    await recordActivity(context, paper.id, "STATUS_CHANGED", { from: paper.status, to });
    await notifyStatusChanged(context, next, paper.status, to);
    return next;
  },

  async addCollaborator(_parent, { input }, context) {
    const { paper } = await paperFor(context, input.paperId, "manageCollaborators");
    const role = oneOf("role", input.role, PAPER_ROLES);
    const member = await context.loaders.members.load(input.memberId);
    if (!member) throw notFound("member", input.memberId);
    const viewer = await context.requireViewer();
    await context.store.collaborators.add({
      paperId: paper.id,
      memberId: member.id,
      role,
      addedBy: viewer.id,
      addedAt: context.now(),
    });
    context.loaders.collaboratorsByPaper.clear(paper.id);
    await notifyLive(context, "collaboratorChanged", () =>
      context.live!.collaboratorChanged(paper.id, member.id, role),
    );
    await recordActivity(context, paper.id, "COLLABORATOR_ADDED", { memberId: member.id, role });
    // The authors (LEADs and EDITORs) show on a published paper's public page.
    await refreshPage(context, paper.id);
    return paper;
  },

  async changeCollaboratorRole(_parent, { input }, context) {
    const { paper } = await paperFor(context, input.paperId, "manageCollaborators");
    const role = oneOf("role", input.role, PAPER_ROLES);
    const before = await roleOn(context, paper.id, input.memberId);
    if (!before) throw notFound("collaborator on this paper", input.memberId);
    if (before === role) return paper;
    await context.store.collaborators.setRole(paper.id, input.memberId, role);
    context.loaders.collaboratorsByPaper.clear(paper.id);
    await notifyLive(context, "collaboratorChanged", () =>
      context.live!.collaboratorChanged(paper.id, input.memberId, role),
    );
    await recordActivity(context, paper.id, "COLLABORATOR_ROLE_CHANGED", {
      memberId: input.memberId,
      from: before,
      to: role,
    });
    // The authors (LEADs and EDITORs) show on a published paper's public page.
    await refreshPage(context, paper.id);
    return paper;
  },

  async removeCollaborator(_parent, { input }, context) {
    const viewer = await context.requireViewer();
    const leaving = input.memberId === viewer.id;
    const { paper } = await paperFor(
      context,
      input.paperId,
      leaving ? "read" : "manageCollaborators",
    );
    const before = await roleOn(context, paper.id, input.memberId);
    if (!before) throw notFound("collaborator on this paper", input.memberId);
    await context.store.collaborators.remove(paper.id, input.memberId);
    context.loaders.collaboratorsByPaper.clear(paper.id);
    await notifyLive(context, "collaboratorChanged", () =>
      context.live!.collaboratorChanged(paper.id, input.memberId, null),
    );
    await recordActivity(context, paper.id, "COLLABORATOR_REMOVED", {
      memberId: input.memberId,
      role: before,
    });
    // The authors (LEADs and EDITORs) show on a published paper's public page.
    await refreshPage(context, paper.id);
    return paper;
  },
};

async function viewerRole(context: RequestContext, paper: PositionPaper) {
  const actor = await context.actor();
  return { actor, role: await roleOn(context, paper.id, actor?.memberId) };
}

export const paperFields: PositionPaperResolvers = {
  async workingGroup(paper, _args, context) {
    const group = await context.loaders.workingGroups.load(paper.workingGroupId);
    if (!group) throw notFound("working group", paper.workingGroupId);
    return group;
  },
  async topics(paper, _args, context) {
    return loadExisting(context.loaders.topics, paper.topicIds);
  },
  createdBy: (paper, _args, context) => context.loaders.members.load(paper.createdBy),
  content: async (paper, _args, context) => (await documentOf(context, paper.id)).content(),
  collaborators: (paper, _args, context) => context.loaders.collaboratorsByPaper.load(paper.id),
  viewerRole: async (paper, _args, context) => (await viewerRole(context, paper)).role,
  async viewerCan(paper, _args, context) {
    const { actor, role } = await viewerRole(context, paper);
    return Object.fromEntries(
      PAPER_ACTIONS.map((action) => [
        action,
        decidePaperAction(actor, role, paper, action) === "ALLOW",
      ]),
    ) as PaperPermissionsModel;
  },
  async allowedStatusTransitions(paper, _args, context) {
    const { actor, role } = await viewerRole(context, paper);
    return (Object.keys(STATUS_TRANSITIONS[paper.status]) as PaperStatus[]).filter(
      (to) => decideStatusTransition(actor, role, paper, to) === "ALLOW",
    );
  },
  endorsementCount: (paper, _args, context) => context.loaders.endorsementCount.load(paper.id),
};

export const collaboratorFields: CollaboratorResolvers = {
  async member(collaborator, _args, context) {
    const member = await context.loaders.members.load(collaborator.memberId);
    if (!member) throw notFound("member", collaborator.memberId);
    return member;
  },
  addedBy: (collaborator, _args, context) => context.loaders.members.load(collaborator.addedBy),
};
