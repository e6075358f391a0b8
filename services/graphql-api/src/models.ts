// What resolvers pass around where the schema has no domain entity of the same shape.
import type { Comment, CommentAnchor, PaperAction } from "@accord/domain";

/** A thread: its first comment and every reply, oldest first. */
export interface CommentThreadModel {
  paperId: string;
  root: Comment;
  comments: Comment[];
}

export interface CommentAnchorModel {
  paperId: string;
  anchor: CommentAnchor;
}

export type PaperPermissionsModel = Record<PaperAction, boolean>;
