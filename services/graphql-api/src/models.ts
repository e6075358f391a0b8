// What resolvers pass around where the schema has no domain entity of the same shape.
import type {
  ActivityEvent,
  Comment,
  CommentAnchor,
  DiplomacyTypeResults,
  GroupActivityEvent,
  PaperAction,
  QuestionResults,
  Survey,
  SurveyResults,
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

export type SurveyPermissionsModel = Record<
  "edit" | "open" | "close" | "archive" | "respond" | "viewResults",
  boolean
>;

/** Results with the survey they are of (questions resolve against it). */
export interface SurveyResultsModel {
  survey: Survey;
  results: SurveyResults;
  /** Every cell before filters, for the CSV. */
  unfiltered: SurveyResults;
}

export interface QuestionResultsModel extends QuestionResults {
  survey: Survey;
}

export interface DiplomacyTypeResultsModel extends DiplomacyTypeResults {
  survey: Survey;
}
