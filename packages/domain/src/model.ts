// The entities of Accord, as plain data. Timestamps are ISO-8601 strings in UTC.

export const COMMUNITIES = [
  "SCIENCE_TECHNOLOGY",
  "DIPLOMACY",
  "POLICY",
  "JOURNALISM",
  "INDUSTRY",
  "OTHER",
] as const;
export type Community = (typeof COMMUNITIES)[number];

export const PLATFORM_ROLES = ["MEMBER", "COORDINATOR"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const PAPER_STATUSES = [
  "DRAFT",
  "IN_REVIEW",
  "ENDORSEMENT",
  "PUBLISHED",
  "ARCHIVED",
] as const;
export type PaperStatus = (typeof PAPER_STATUSES)[number];

export const DIPLOMACY_TYPES = [
  "SCIENCE_IN_DIPLOMACY",
  "SCIENCE_FOR_DIPLOMACY",
  "DIPLOMACY_FOR_SCIENCE",
] as const;
export type DiplomacyType = (typeof DIPLOMACY_TYPES)[number];

export const PAPER_ROLES = ["LEAD", "EDITOR", "COMMENTER", "VIEWER"] as const;
export type PaperRole = (typeof PAPER_ROLES)[number];

export const WORKING_GROUP_ROLES = ["CONVENER", "MEMBER"] as const;
export type WorkingGroupRole = (typeof WORKING_GROUP_ROLES)[number];

/** Every mutable entity carries `version`, bumped on each write, for conditional updates. */
export interface Versioned {
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Member extends Versioned {
  id: string;
  /** The identity token's `sub` (and issuer-qualified when not local). Unique. */
  subject: string;
  displayName: string;
  affiliation: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  community: Community | null;
  expertiseTopicIds: string[];
  platformRole: PlatformRole;
}

export interface Topic {
  /** A stable slug, e.g. "climate-change". */
  id: string;
  name: string;
  description: string;
}

export interface WorkingGroup extends Versioned {
  id: string;
  name: string;
  description: string;
  topicIds: string[];
  createdBy: string;
}

export interface WorkingGroupMembership {
  workingGroupId: string;
  memberId: string;
  role: WorkingGroupRole;
  addedAt: string;
}

export interface PositionPaper extends Versioned {
  id: string;
  workingGroupId: string;
  title: string;
  summary: string;
  topicIds: string[];
  diplomacyTypes: DiplomacyType[];
  status: PaperStatus;
  createdBy: string;
  publishedAt: string | null;
}

export interface Collaborator {
  paperId: string;
  memberId: string;
  role: PaperRole;
  addedBy: string;
  addedAt: string;
}

/** A range of the paper body, as two Yjs relative positions encoded in base64. */
export interface CommentAnchor {
  start: string;
  end: string;
  /** The text the range covered when the comment was made. */
  quote: string;
}

export interface Comment extends Versioned {
  id: string;
  paperId: string;
  /** The id of the thread's first comment; equal to `id` for that first comment. */
  threadId: string;
  authorId: string;
  body: string;
  /** Set on a thread's first comment only. */
  anchor: CommentAnchor | null;
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface PaperVersion {
  id: string;
  paperId: string;
  name: string;
  createdBy: string;
  createdAt: string;
  /** A Yjs update encoding the whole document at that moment. */
  snapshot: Uint8Array;
}

export interface Endorsement {
  paperId: string;
  memberId: string;
  organisation: string;
  statement: string | null;
  createdAt: string;
}

export const ACTIVITY_KINDS = [
  "PAPER_CREATED",
  "METADATA_EDITED",
  "STATUS_CHANGED",
  "COLLABORATOR_ADDED",
  "COLLABORATOR_ROLE_CHANGED",
  "COLLABORATOR_REMOVED",
  "VERSION_CREATED",
  "VERSION_RESTORED",
  "COMMENT_ADDED",
  "COMMENT_RESOLVED",
  "COMMENT_REOPENED",
  "ENDORSED",
  "ENDORSEMENT_WITHDRAWN",
  "EDITING_SESSION",
  // Invitations (paper or working group) and join requests (working group).
  "INVITATION_SENT",
  "INVITATION_REVOKED",
  "INVITATION_ACCEPTED",
  "JOIN_REQUESTED",
  "JOIN_REQUEST_APPROVED",
  "JOIN_REQUEST_DECLINED",
  "JOIN_REQUEST_WITHDRAWN",
  // A working group itself: its creation, new name or description, and who is in it.
  "GROUP_CREATED",
  "GROUP_UPDATED",
  "GROUP_MEMBER_ADDED",
  "GROUP_MEMBER_ROLE_CHANGED",
  "GROUP_MEMBER_REMOVED",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityEvent {
  id: string;
  paperId: string;
  actorId: string;
  kind: ActivityKind;
  /** Small, kind-specific facts (e.g. { from, to } for a status change). */
  detail: Record<string, string | number | boolean | null>;
  at: string;
}

/** An event of a working group's own feed (invitations to it, join requests). */
export interface GroupActivityEvent {
  id: string;
  workingGroupId: string;
  actorId: string;
  kind: ActivityKind;
  detail: Record<string, string | number | boolean | null>;
  at: string;
}
