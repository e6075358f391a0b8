// The inbox: each member's notifications, the state a badge polls, marking read, asking for an
// endorsement; and the emitters other resolvers call after their change is stored (mentions and
// replies, status changes, invitations). Emitting is best-effort: a notification is a
// consequence of the change, not part of it, so a failure to deliver one is logged and the
// mutation stands (failing it would invite a retry that posts the comment twice).
import {
  badInput,
  type Comment,
  conflict,
  decidePaperAction,
  endorsementRequestMessage,
  forbidden,
  type Invitation,
  isDomainError,
  longText,
  mentionedMemberIds,
  mentionsIn,
  type Notification,
  type NotificationKind,
  newId,
  notFound,
  type PaperStatus,
  type PositionPaper,
  recipientsOf,
  TEXT_LIMITS,
  withMentionNames,
} from "@accord/domain";
import { endorsementClosed, paperFor, roleOn } from "../access.ts";
import type { RequestContext } from "../context.ts";
import type {
  CommentResolvers,
  InboxStateResolvers,
  MutationResolvers,
  NotificationResolvers,
  QueryResolvers,
} from "../generated/resolvers.ts";
import { loadExisting } from "../loaders.ts";
import { pageRequest, toConnection } from "../paging.ts";

/** How much of a comment a notification shows. */
const EXCERPT_CHARACTERS = 200;

type About = Pick<Notification, "paperId" | "threadId" | "commentId" | "invitationId" | "detail">;

/** Add one notification per recipient, from the caller; failures are logged, never thrown. */
async function deliver(
  context: RequestContext,
  kind: NotificationKind,
  recipients: Iterable<string>,
  about: About,
): Promise<void> {
  const actor = await context.viewer();
  if (!actor) return;
  const createdAt = context.now();
  await Promise.all(
    recipientsOf(recipients, actor.id).map(async (recipientId) => {
      try {
        await context.store.notifications.add({
          id: newId(),
          recipientId,
          kind,
          actorId: actor.id,
          createdAt,
          readAt: null,
          ...about,
        });
      } catch (error) {
        context.logger.warn("notification not delivered", {
          requestId: context.requestId,
          kind,
          recipientId,
          error,
        });
      }
    }),
  );
}

/** Run an emitter after a stored change: whatever goes wrong is logged, the change stands. */
async function bestEffort(context: RequestContext, what: string, emit: () => Promise<void>) {
  try {
    await emit();
  } catch (error) {
    context.logger.warn("notifications not sent", { requestId: context.requestId, what, error });
  }
}

/** May this member read this paper now (as the role table says)? */
async function mayRead(context: RequestContext, paper: PositionPaper, memberId: string) {
  const member = await context.loaders.members.load(memberId);
  if (!member) return false;
  const role = await roleOn(context, paper.id, member.id);
  const actor = { memberId: member.id, platformRole: member.platformRole };
  return decidePaperAction(actor, role, paper, "read") === "ALLOW";
}

async function readersAmong(context: RequestContext, paper: PositionPaper, ids: string[]) {
  const allowed = await Promise.all(ids.map((id) => mayRead(context, paper, id)));
  return ids.filter((_id, i) => allowed[i]);
}

/**
 * The body of a new or edited comment with its mentions checked: every mentioned member exists
 * and may read the paper (mentioning someone who may not is refused, so a mention never tells
 * anyone about a paper they cannot see), at most TEXT_LIMITS.mentionsPerComment of them, each
 * token's label set to the member's display name. Validates the body's length too.
 */
export async function commentMentions(
  context: RequestContext,
  paper: PositionPaper,
  rawBody: string,
): Promise<{ body: string; memberIds: string[] }> {
  const body = longText("body", rawBody, TEXT_LIMITS.commentBody);
  const memberIds = mentionedMemberIds("body", body);
  if (memberIds.length === 0) return { body, memberIds };
  // Loaded together, so the members and their roles are one batch each.
  const [members, readers] = await Promise.all([
    Promise.all(memberIds.map((id) => context.loaders.members.load(id))),
    Promise.all(memberIds.map((id) => mayRead(context, paper, id))),
  ]);
  const names = new Map<string, string>();
  memberIds.forEach((id, i) => {
    const member = members[i];
    if (!member) {
      throw badInput("body", `The comment mentions a member who does not exist ("${id}").`);
    }
    if (!readers[i]) {
      throw badInput(
        "body",
        `${member.displayName} cannot read this paper, so they cannot be mentioned in it; invite them first.`,
      );
    }
    names.set(id, member.displayName);
  });
  return {
    body: longText("body", withMentionNames(body, names), TEXT_LIMITS.commentBody),
    memberIds,
  };
}

/**
 * After a comment is stored: MENTION to the members it mentions (on an edit, only those the
 * earlier text did not), and for a reply, REPLY to the others in the thread who may still read
 * the paper (a member mentioned in it gets the mention only).
 */
export function notifyAboutComment(
  context: RequestContext,
  comment: Comment,
  mentioned: readonly string[],
  previousBody?: string,
): Promise<void> {
  return bestEffort(context, "comment", async () => {
    const before = new Set(previousBody ? mentionsIn(previousBody).map((m) => m.memberId) : []);
    // The start of the text travels with the notification, so an inbox page reads no comments;
    // it is shown only while the recipient may read the paper.
    const about: About = {
      paperId: comment.paperId,
      threadId: comment.threadId,
      commentId: comment.id,
      invitationId: null,
      detail: { excerpt: excerptOf(comment.body) },
    };
    await deliver(
      context,
      "MENTION",
      mentioned.filter((id) => !before.has(id)),
      about,
    );
    if (comment.threadId === comment.id || previousBody !== undefined) return;
    const paper = await context.loaders.papers.load(comment.paperId);
    if (!paper) return;
    const earlier = (await context.store.comments.listByPaper(comment.paperId)).filter(
      (c) => c.threadId === comment.threadId && c.id !== comment.id,
    );
    const participants = recipientsOf(
      earlier.map((c) => c.authorId).filter((id) => !mentioned.includes(id)),
      comment.authorId,
    );
    await deliver(context, "REPLY", await readersAmong(context, paper, participants), about);
  });
}

/** After a status change: STATUS_CHANGED to every collaborator but the one who made it. */
export function notifyStatusChanged(
  context: RequestContext,
  paper: PositionPaper,
  from: PaperStatus,
  to: PaperStatus,
): Promise<void> {
  return bestEffort(context, "status change", async () => {
    const collaborators = await context.loaders.collaboratorsByPaper.load(paper.id);
    await deliver(
      context,
      "STATUS_CHANGED",
      collaborators.map((c) => c.memberId),
      {
        paperId: paper.id,
        threadId: null,
        commentId: null,
        invitationId: null,
        detail: { from, to },
      },
    );
  });
}

/**
 * After an invitation is sent: INVITATION to the invitee when they are already a member (by
 * username; an email address names nobody until they sign in, and they see the invitation then).
 */
export function notifyInvitation(context: RequestContext, invitation: Invitation): Promise<void> {
  return bestEffort(context, "invitation", async () => {
    if (invitation.inviteeKind !== "USERNAME") return;
    const invitee = await context.store.members.getBySubject(invitation.invitee);
    if (!invitee) return;
    await deliver(context, "INVITATION", [invitee.id], {
      paperId: invitation.target === "PAPER" ? invitation.targetId : null,
      threadId: null,
      commentId: null,
      invitationId: invitation.id,
      detail: { target: invitation.target, targetId: invitation.targetId },
    });
  });
}

/** A paper as its reader sees it now; null when they may no longer read it. */
async function readablePaper(context: RequestContext, paperId: string | null) {
  if (!paperId) return null;
  try {
    return (await paperFor(context, paperId, "read")).paper;
  } catch (error) {
    if (isDomainError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** A comment body as plain text: each mention token becomes @Name. */
function mentionsAsText(body: string): string {
  let text = "";
  let last = 0;
  for (const mention of mentionsIn(body)) {
    text += `${body.slice(last, mention.start)}@${mention.label}`;
    last = mention.end;
  }
  return text + body.slice(last);
}

function excerptOf(body: string): string {
  const characters = [...mentionsAsText(body).replace(/\s+/g, " ").trim()];
  return characters.length <= EXCERPT_CHARACTERS
    ? characters.join("")
    : `${characters.slice(0, EXCERPT_CHARACTERS - 1).join("")}…`;
}

export const inboxQueries: Pick<QueryResolvers, "inbox" | "inboxState"> = {
  async inbox(_parent, args, context) {
    const viewer = await context.requireViewer();
    return toConnection(
      await context.store.notifications.listByRecipient(
        viewer.id,
        { unreadOnly: args.unreadOnly ?? false },
        pageRequest(context.limits.graphql, args),
      ),
    );
  },
  async inboxState(_parent, _args, context) {
    const viewer = await context.requireViewer();
    return context.store.notifications.state(viewer.id);
  },
};

export const inboxMutations: Pick<
  MutationResolvers,
  "markNotificationsRead" | "markAllNotificationsRead" | "requestEndorsement"
> = {
  async markNotificationsRead(_parent, { ids }, context) {
    const viewer = await context.requireViewer();
    if (ids.length > TEXT_LIMITS.notificationsMarkedAtOnce) {
      throw badInput(
        "ids",
        `Mark at most ${TEXT_LIMITS.notificationsMarkedAtOnce} notifications at once (got ${ids.length}), or mark all read.`,
      );
    }
    return context.store.notifications.markRead(viewer.id, ids, context.now());
  },

  async markAllNotificationsRead(_parent, _args, context) {
    const viewer = await context.requireViewer();
    return context.store.notifications.markAllRead(viewer.id, context.now());
  },

  // The request is the notification: unlike the emitters above, a failure to deliver it fails
  // the mutation, so the LEAD knows it was not sent.
  async requestEndorsement(_parent, { input }, context) {
    const viewer = await context.requireViewer();
    const { paper, role } = await paperFor(context, input.paperId, "read");
    if (role !== "LEAD") throw forbidden("Only the paper's LEADs can ask for endorsements.");
    if (paper.status !== "ENDORSEMENT") throw endorsementClosed(paper);
    const message = endorsementRequestMessage(input.message);
    const member = await context.loaders.members.load(input.memberId);
    if (!member) throw notFound("member", input.memberId);
    if (member.id === viewer.id) throw badInput("memberId", "Endorse the paper yourself instead.");
    if (!(await roleOn(context, paper.id, member.id))) {
      throw badInput(
        "memberId",
        `${member.displayName} is not a collaborator on this paper; only collaborators can endorse it.`,
      );
    }
    if (await context.store.endorsements.get(paper.id, member.id)) {
      throw conflict(`${member.displayName} has already endorsed this paper.`);
    }
    await context.store.notifications.add({
      id: newId(),
      recipientId: member.id,
      kind: "ENDORSEMENT_REQUESTED",
      actorId: viewer.id,
      paperId: paper.id,
      threadId: null,
      commentId: null,
      invitationId: null,
      detail: { message },
      createdAt: context.now(),
      readAt: null,
    });
    return paper;
  },
};

export const inboxStateFields: InboxStateResolvers = {
  unreadCount: (state) => state.unread,
  version: (state) => String(state.version),
};

const detailText = (n: Notification, name: string) => {
  const value = n.detail[name];
  return typeof value === "string" ? value : null;
};

export const notificationFields: NotificationResolvers = {
  actor: (n, _args, context) => context.loaders.members.load(n.actorId),
  read: (n) => n.readAt !== null,
  paper: (n, _args, context) => readablePaper(context, n.paperId),
  async excerpt(n, _args, context) {
    const excerpt = detailText(n, "excerpt");
    return excerpt !== null && (await readablePaper(context, n.paperId)) ? excerpt : null;
  },
  invitation: (n, _args, context) =>
    n.invitationId ? context.store.invitations.get(n.invitationId) : null,
  fromStatus: (n) => (n.kind === "STATUS_CHANGED" ? (detailText(n, "from") as PaperStatus) : null),
  toStatus: (n) => (n.kind === "STATUS_CHANGED" ? (detailText(n, "to") as PaperStatus) : null),
  message: (n) => (n.kind === "ENDORSEMENT_REQUESTED" ? detailText(n, "message") : null),
};

export const commentMentionFields: Pick<CommentResolvers, "mentions"> = {
  mentions: (comment, _args, context) =>
    loadExisting(context.loaders.members, [
      ...new Set(mentionsIn(comment.body).map((m) => m.memberId)),
    ]),
};
