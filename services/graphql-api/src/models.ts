// What resolvers pass around where the schema has no domain entity of the same shape.
import type {
  ActivityEvent,
  Comment,
  CommentAnchor,
  GroupActivityEvent,
  PaperAction,
} from "@accord/domain";

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

/** A paper's or a working group's activity event: the schema has one ActivityEvent for both. */
export type ActivityEventModel = ActivityEvent | GroupActivityEvent;
