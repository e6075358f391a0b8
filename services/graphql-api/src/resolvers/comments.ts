// Comment threads anchored to ranges of the paper body, with replies and resolution.
import {
  badInput,
  type Comment,
  type CommentAnchor,
  forbidden,
  isDomainError,
  newId,
  notFound,
  type PaperAction,
} from "@accord/domain";
import { type PaperAccess, paperFor } from "../access.ts";
import type { RequestContext } from "../context.ts";
import { documentOf, documentsOf } from "../documents.ts";
import type {
  AddCommentInput,
  CommentAnchorResolvers,
  CommentResolvers,
  CommentThreadResolvers,
  MutationResolvers,
  PositionPaperResolvers,
} from "../generated/resolvers.ts";
import type { CommentThreadModel } from "../models.ts";
import { connectionOf, pageRequest } from "../paging.ts";
import { commentMentions, notifyAboutComment } from "./inbox.ts";
import { recordActivity } from "./input.ts";

/** A Yjs relative position is a few dozen bytes; anything this long is not one. */
const ANCHOR_POSITION_MAX = 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The anchor of a new thread, checked against the current document: Yjs positions must point
 * into the text, offsets must lie inside it. The quote always comes from the document.
 */
async function anchorOf(
  context: RequestContext,
  paperId: string,
  input: AddCommentInput,
): Promise<CommentAnchor | null> {
  if (input.anchor && input.range) {
    throw badInput("anchor", "Give either anchor or range, not both.");
  }
  if (!input.anchor && !input.range) return null;
  const document = await documentsOf(context).open(paperId);
  if (input.range) return document.anchorFor(input.range.from, input.range.to);
  const { start, end } = input.anchor!;
  for (const [field, value] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (value.length === 0 || value.length > ANCHOR_POSITION_MAX || !BASE64.test(value)) {
      throw badInput(
        `anchor.${field}`,
        `anchor.${field} must be a base64-encoded Yjs relative position (Y.encodeRelativePosition).`,
      );
    }
  }
  const quote = document.anchorText({ start, end });
  if (quote === null) {
    throw badInput(
      "anchor",
      "The anchor does not point into this paper's current text; take the positions from the body fragment.",
    );
  }
  return { start, end, quote };
}

export async function threadsOf(
  context: RequestContext,
  paperId: string,
): Promise<CommentThreadModel[]> {
  const comments = await context.store.comments.listByPaper(paperId);
  const threads = new Map<string, CommentThreadModel>();
  for (const comment of comments) {
    if (comment.threadId === comment.id) {
      threads.set(comment.id, { paperId, root: comment, comments: [comment] });
    }
  }
  for (const comment of comments) {
    if (comment.threadId !== comment.id) threads.get(comment.threadId)?.comments.push(comment);
  }
  return [...threads.values()];
}

async function threadOf(context: RequestContext, root: Comment): Promise<CommentThreadModel> {
  const threads = await threadsOf(context, root.paperId);
  const thread = threads.find((t) => t.root.id === root.id);
  if (!thread) throw notFound("comment thread", root.id);
  return thread;
}

/** NOT_FOUND about the paper becomes NOT_FOUND about the id the caller gave. */
async function asMissing<T>(what: string, id: string, access: Promise<T>): Promise<T> {
  try {
    return await access;
  } catch (error) {
    if (isDomainError(error) && error.code === "NOT_FOUND") throw notFound(what, id);
    throw error;
  }
}

/**
 * A comment the caller may read, then the caller's access to its paper for `action`. A
 * comment on a paper the caller may not see is NOT_FOUND exactly as a missing id is: nothing
 * about the comment, its thread or its paper is told before that check.
 */
async function commentFor(
  context: RequestContext,
  what: "comment" | "comment thread",
  id: string,
): Promise<Comment> {
  const comment = await context.store.comments.get(id);
  if (!comment) throw notFound(what, id);
  await asMissing(what, id, paperFor(context, comment.paperId, "read"));
  return comment;
}

/** The first comment of a thread, with the caller's access for `action`. */
async function threadRoot(
  context: RequestContext,
  threadId: string,
  action: PaperAction,
): Promise<{ root: Comment } & PaperAccess> {
  const root = await commentFor(context, "comment thread", threadId);
  // Only a reader of the paper learns that this id is a reply, and of which thread.
  if (root.threadId !== root.id) {
    throw badInput(
      "threadId",
      `"${threadId}" is a reply, not a thread; use the thread id (${root.threadId}).`,
    );
  }
  const access = await asMissing(
    "comment thread",
    threadId,
    paperFor(context, root.paperId, action),
  );
  return { root, ...access };
}

export const commentMutations: Pick<
  MutationResolvers,
  "addComment" | "replyToComment" | "editComment" | "resolveCommentThread" | "reopenCommentThread"
> = {
  async addComment(_parent, { input }, context) {
    const { paper, actor } = await paperFor(context, input.paperId, "comment");
    const mentions = await commentMentions(context, paper, input.body);
    const now = context.now();
    const id = newId();
    const comment: Comment = {
      id,
      paperId: paper.id,
      threadId: id,
      authorId: actor!.memberId,
      body: mentions.body,
      anchor: await anchorOf(context, paper.id, input),
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await context.store.comments.create(comment);
    await recordActivity(context, paper.id, "COMMENT_ADDED", { threadId: id });
    await notifyAboutComment(context, comment, mentions.memberIds);
    return { paperId: paper.id, root: comment, comments: [comment] };
  },

  async replyToComment(_parent, { input }, context) {
    await context.requireViewer();
    const { root, actor, paper } = await threadRoot(context, input.threadId, "comment");
    const mentions = await commentMentions(context, paper, input.body);
    const now = context.now();
    const reply: Comment = {
      id: newId(),
      paperId: root.paperId,
      threadId: root.id,
      authorId: actor!.memberId,
      body: mentions.body,
      anchor: null,
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await context.store.comments.create(reply);
    await recordActivity(context, root.paperId, "COMMENT_ADDED", {
      threadId: root.id,
      reply: true,
    });
    await notifyAboutComment(context, reply, mentions.memberIds);
    return threadOf(context, root);
  },

  async editComment(_parent, { input }, context) {
    await context.requireViewer();
    const comment = await commentFor(context, "comment", input.id);
    const { actor, paper } = await asMissing(
      "comment",
      input.id,
      paperFor(context, comment.paperId, "comment"),
    );
    if (comment.authorId !== actor!.memberId) {
      throw forbidden("Only the author of a comment can change its text.");
    }
    const mentions = await commentMentions(context, paper, input.body);
    const next: Comment = {
      ...comment,
      body: mentions.body,
      version: comment.version + 1,
      updatedAt: context.now(),
    };
    if (next.body === comment.body) return comment;
    await context.store.comments.update(next);
    await notifyAboutComment(context, next, mentions.memberIds, comment.body);
    return next;
  },

  resolveCommentThread: (_parent, { threadId }, context) => setResolved(context, threadId, true),
  reopenCommentThread: (_parent, { threadId }, context) => setResolved(context, threadId, false),
};

/** Resolving a resolved thread (or reopening an open one) changes nothing and is not an error. */
async function setResolved(context: RequestContext, threadId: string, resolved: boolean) {
  await context.requireViewer();
  const { root, actor } = await threadRoot(context, threadId, "resolveComment");
  if (root.resolved === resolved) return threadOf(context, root);
  const now = context.now();
  const next: Comment = {
    ...root,
    resolved,
    resolvedBy: resolved ? actor!.memberId : null,
    resolvedAt: resolved ? now : null,
    // updatedAt tells when the text last changed, so resolving does not mark a comment edited.
    version: root.version + 1,
  };
  await context.store.comments.update(next);
  await recordActivity(context, root.paperId, resolved ? "COMMENT_RESOLVED" : "COMMENT_REOPENED", {
    threadId: root.id,
  });
  return threadOf(context, next);
}

export const commentPaperFields: Pick<PositionPaperResolvers, "commentThreads"> = {
  async commentThreads(paper, args, context) {
    const threads = (await threadsOf(context, paper.id)).filter(
      (t) =>
        args.resolved === null || args.resolved === undefined || t.root.resolved === args.resolved,
    );
    return connectionOf(
      threads,
      (t) => [t.root.createdAt, t.root.id],
      pageRequest(context.limits.graphql, args),
    );
  },
};

export const commentThreadFields: CommentThreadResolvers = {
  id: (thread) => thread.root.id,
  async paper(thread, _args, context) {
    const paper = await context.loaders.papers.load(thread.paperId);
    if (!paper) throw notFound("paper", thread.paperId);
    return paper;
  },
  anchor: (thread) =>
    thread.root.anchor ? { paperId: thread.paperId, anchor: thread.root.anchor } : null,
  comments: (thread) => thread.comments,
  resolved: (thread) => thread.root.resolved,
  resolvedBy: (thread, _args, context) =>
    thread.root.resolvedBy ? context.loaders.members.load(thread.root.resolvedBy) : null,
  resolvedAt: (thread) => thread.root.resolvedAt,
  createdAt: (thread) => thread.root.createdAt,
};

export const commentAnchorFields: CommentAnchorResolvers = {
  start: (model) => model.anchor.start,
  end: (model) => model.anchor.end,
  quote: (model) => model.anchor.quote,
  currentText: async (model, _args, context) =>
    (await documentOf(context, model.paperId)).anchorText(model.anchor),
};

export const commentFields: CommentResolvers = {
  author: (comment, _args, context) => context.loaders.members.load(comment.authorId),
  edited: (comment) => comment.updatedAt !== comment.createdAt,
};
