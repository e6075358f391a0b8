// generated from graphql/schema/*.graphql by `pnpm codegen`; do not edit.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Member as MemberModel, Topic as TopicModel, WorkingGroup as WorkingGroupModel, WorkingGroupMembership as WorkingGroupMembershipModel, PositionPaper as PositionPaperModel, Collaborator as CollaboratorModel, Comment as CommentModel, PaperVersion as PaperVersionModel, Endorsement as EndorsementModel, Invitation as InvitationModel, JoinRequest as JoinRequestModel, Survey as SurveyModel, SurveyQuestion as SurveyQuestionModel, SurveyResponse as SurveyResponseModel, EvidenceCitation as EvidenceCitationModel, Notification as NotificationModel, InboxState as InboxStateModel } from '@accord/domain';
import type { ActivityEventModel as ActivityEventModelModel, CommentThreadModel as CommentThreadModelModel, CommentAnchorModel as CommentAnchorModelModel, PaperPermissionsModel as PaperPermissionsModelModel, SurveyPermissionsModel as SurveyPermissionsModelModel, SurveyResultsModel as SurveyResultsModelModel, QuestionResultsModel as QuestionResultsModelModel, DiplomacyTypeResultsModel as DiplomacyTypeResultsModelModel } from '../models.ts';
import type { OpenSuggestion as OpenSuggestionModel } from '@accord/collab';
import type { RequestContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time as an ISO-8601 string in UTC, e.g. "2026-03-01T09:30:00.000Z". */
  DateTime: { input: string; output: string; }
};

/** One kind-specific fact of an event, e.g. { name: "to", value: "IN_REVIEW" }. */
export type ActivityDetail = {
  __typename?: 'ActivityDetail';
  name: Scalars['String']['output'];
  /** The value as text; null when the fact is empty. */
  value?: Maybe<Scalars['String']['output']>;
};

export type ActivityEvent = {
  __typename?: 'ActivityEvent';
  actor?: Maybe<Member>;
  at: Scalars['DateTime']['output'];
  details: Array<ActivityDetail>;
  id: Scalars['ID']['output'];
  kind: ActivityKind;
};

export type ActivityEventConnection = {
  __typename?: 'ActivityEventConnection';
  edges: Array<ActivityEventEdge>;
  pageInfo: PageInfo;
};

export type ActivityEventEdge = {
  __typename?: 'ActivityEventEdge';
  cursor: Scalars['String']['output'];
  node: ActivityEvent;
};

export type ActivityKind =
  | 'COLLABORATOR_ADDED'
  | 'COLLABORATOR_REMOVED'
  | 'COLLABORATOR_ROLE_CHANGED'
  | 'COMMENT_ADDED'
  | 'COMMENT_REOPENED'
  | 'COMMENT_RESOLVED'
  | 'EDITING_SESSION'
  | 'ENDORSED'
  | 'ENDORSEMENT_WITHDRAWN'
  | 'GROUP_CREATED'
  | 'GROUP_MEMBER_ADDED'
  | 'GROUP_MEMBER_REMOVED'
  | 'GROUP_MEMBER_ROLE_CHANGED'
  | 'GROUP_UPDATED'
  | 'INVITATION_ACCEPTED'
  | 'INVITATION_REVOKED'
  | 'INVITATION_SENT'
  | 'JOIN_REQUESTED'
  | 'JOIN_REQUEST_APPROVED'
  | 'JOIN_REQUEST_DECLINED'
  | 'JOIN_REQUEST_WITHDRAWN'
  | 'METADATA_EDITED'
  | 'PAPER_CREATED'
  | 'STATUS_CHANGED'
  | 'VERSION_CREATED'
  | 'VERSION_RESTORED';

export type AddCollaboratorInput = {
  memberId: Scalars['ID']['input'];
  paperId: Scalars['ID']['input'];
  role: PaperRole;
};

export type AddCommentInput = {
  /**
   * The range of text the comment is about, as Yjs positions. Give this or `range`, or neither
   * for a comment on the whole paper. The quote is taken from the document.
   */
  anchor?: InputMaybe<CommentAnchorInput>;
  body: Scalars['String']['input'];
  paperId: Scalars['ID']['input'];
  /** The range of text the comment is about, as offsets into the current plain text. */
  range?: InputMaybe<TextRangeInput>;
};

export type AddWorkingGroupMemberInput = {
  memberId: Scalars['ID']['input'];
  role?: InputMaybe<WorkingGroupRole>;
  workingGroupId: Scalars['ID']['input'];
};

/** One author's share of the changes: words whose first character they added or deleted. */
export type AuthorChanges = {
  __typename?: 'AuthorChanges';
  /** Null for changes whose author is unknown. */
  author?: Maybe<Member>;
  wordsAdded: Scalars['Int']['output'];
  wordsRemoved: Scalars['Int']['output'];
};

export type ChangeCollaboratorRoleInput = {
  memberId: Scalars['ID']['input'];
  paperId: Scalars['ID']['input'];
  role: PaperRole;
};

export type ChangePaperStatusInput = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  status: PaperStatus;
};

export type ChangeWorkingGroupMemberRoleInput = {
  memberId: Scalars['ID']['input'];
  role: WorkingGroupRole;
  workingGroupId: Scalars['ID']['input'];
};

export type CitationMode =
  /** The numbers as of citing. */
  | 'FROZEN'
  /** The survey's current results, until it closes. */
  | 'LIVE';

export type Collaborator = {
  __typename?: 'Collaborator';
  addedAt: Scalars['DateTime']['output'];
  addedBy?: Maybe<Member>;
  member: Member;
  role: PaperRole;
};

export type Comment = {
  __typename?: 'Comment';
  author?: Maybe<Member>;
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** True when the body was changed after it was posted. */
  edited: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** The members this comment mentions, in order of first mention. */
  mentions: Array<Member>;
  threadId: Scalars['ID']['output'];
  /** When the text last changed (resolving a thread does not count). */
  updatedAt: Scalars['DateTime']['output'];
};

/**
 * A range of the paper body as two Yjs relative positions (base64, opaque to clients that do not
 * use Yjs). The range follows the text as people edit around it.
 */
export type CommentAnchor = {
  __typename?: 'CommentAnchor';
  /** The text the range covers now; null when that text has been deleted. */
  currentText?: Maybe<Scalars['String']['output']>;
  end: Scalars['String']['output'];
  /** The text the range covered when the comment was made. */
  quote: Scalars['String']['output'];
  start: Scalars['String']['output'];
};

/** For Yjs clients: the range as two relative positions they encoded themselves. */
export type CommentAnchorInput = {
  end: Scalars['String']['input'];
  /** Base64 of a Yjs relative position (Y.encodeRelativePosition) in the `body` fragment. */
  start: Scalars['String']['input'];
};

export type CommentThread = {
  __typename?: 'CommentThread';
  /** Null for a comment on the paper as a whole. */
  anchor?: Maybe<CommentAnchor>;
  /** The first comment, then replies, oldest first. */
  comments: Array<Comment>;
  createdAt: Scalars['DateTime']['output'];
  /** The id of the thread's first comment. */
  id: Scalars['ID']['output'];
  paper: PositionPaper;
  resolved: Scalars['Boolean']['output'];
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  resolvedBy?: Maybe<Member>;
};

export type CommentThreadConnection = {
  __typename?: 'CommentThreadConnection';
  edges: Array<CommentThreadEdge>;
  pageInfo: PageInfo;
};

export type CommentThreadEdge = {
  __typename?: 'CommentThreadEdge';
  cursor: Scalars['String']['output'];
  node: CommentThread;
};

/** Where a member comes from professionally. */
export type Community =
  | 'DIPLOMACY'
  | 'INDUSTRY'
  | 'JOURNALISM'
  | 'OTHER'
  | 'POLICY'
  | 'SCIENCE_TECHNOLOGY';

/** Science & technology minus diplomacy, with its 95 % confidence interval (Welch). */
export type CommunityDifference = {
  __typename?: 'CommunityDifference';
  confidence: Scalars['Float']['output'];
  difference?: Maybe<Scalars['Float']['output']>;
  diplomacyMean?: Maybe<Scalars['Float']['output']>;
  high?: Maybe<Scalars['Float']['output']>;
  low?: Maybe<Scalars['Float']['output']>;
  scienceMean?: Maybe<Scalars['Float']['output']>;
  suppressed: Scalars['Boolean']['output'];
};

/** One block of the body (paragraph, heading, list item's paragraph, ...), with its text in runs. */
export type ComparisonBlock = {
  __typename?: 'ComparisonBlock';
  /** A heading's level; null for other blocks. */
  level?: Maybe<Scalars['Int']['output']>;
  runs: Array<ComparisonRun>;
  /** The node type: paragraph, heading, codeBlock, ... */
  type: Scalars['String']['output'];
};

/** How a run of text differs between the two states compared. */
export type ComparisonChange =
  | 'ADDED'
  | 'DELETED'
  | 'SAME';

export type ComparisonRun = {
  __typename?: 'ComparisonRun';
  /**
   * Who typed an ADDED run, or deleted a DELETED one. Null for SAME runs, and where authorship is
   * unknown (edits made by the server, such as a restore, or before authorship was recorded).
   */
  author?: Maybe<Member>;
  change: ComparisonChange;
  text: Scalars['String']['output'];
};

export type CreatePaperInput = {
  diplomacyTypes?: InputMaybe<Array<DiplomacyType>>;
  summary?: InputMaybe<Scalars['String']['input']>;
  title: Scalars['String']['input'];
  topicIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  workingGroupId: Scalars['ID']['input'];
};

export type CreateVersionInput = {
  name: Scalars['String']['input'];
  paperId: Scalars['ID']['input'];
};

export type CreateWorkingGroupInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  topicIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type DecideJoinRequestInput = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
};

/** The three dimensions of science diplomacy. */
export type DiplomacyType =
  | 'DIPLOMACY_FOR_SCIENCE'
  | 'SCIENCE_FOR_DIPLOMACY'
  | 'SCIENCE_IN_DIPLOMACY';

/**
 * The LIKERT questions tagged with one diplomacy type, pooled: each respondent's score is the
 * mean of their answers on a 0–100 scale.
 */
export type DiplomacyTypeResults = {
  __typename?: 'DiplomacyTypeResults';
  byCommunity: Array<ResultCell>;
  difference?: Maybe<CommunityDifference>;
  diplomacyType: DiplomacyType;
  overall: ResultCell;
  questions: Array<SurveyQuestion>;
};

export type DistributionEntry = {
  __typename?: 'DistributionEntry';
  /** Respondents who gave it; for RANKING, who ranked it first. */
  count: Scalars['Int']['output'];
  label: Scalars['String']['output'];
  /** RANKING only: the option's mean rank (1 = first). */
  meanRank?: Maybe<Scalars['Float']['output']>;
  /** LIKERT: the point (from 1); choices and rankings: the option's index (from 0). */
  value: Scalars['Int']['output'];
};

export type EditCommentInput = {
  body: Scalars['String']['input'];
  id: Scalars['ID']['input'];
};

export type EndorsePaperInput = {
  organisation: Scalars['String']['input'];
  paperId: Scalars['ID']['input'];
  statement?: InputMaybe<Scalars['String']['input']>;
};

export type Endorsement = {
  __typename?: 'Endorsement';
  createdAt: Scalars['DateTime']['output'];
  member: Member;
  organisation: Scalars['String']['output'];
  paper: PositionPaper;
  statement?: Maybe<Scalars['String']['output']>;
};

export type EndorsementConnection = {
  __typename?: 'EndorsementConnection';
  edges: Array<EndorsementEdge>;
  pageInfo: PageInfo;
};

export type EndorsementEdge = {
  __typename?: 'EndorsementEdge';
  cursor: Scalars['String']['output'];
  node: Endorsement;
};

/**
 * A survey question's results cited in a paper. Co-authors place it in the text as an
 * `evidence` block whose `citationId` attribute names it.
 */
export type EvidenceCitation = {
  __typename?: 'EvidenceCitation';
  citedAt: Scalars['DateTime']['output'];
  citedBy?: Maybe<Member>;
  id: Scalars['ID']['output'];
  mode: CitationMode;
  question: SurveyQuestion;
  /** Null while the caller may not see the survey's results (e.g. before it closes). */
  results?: Maybe<QuestionResults>;
  /** Null for a reader who may not see the survey itself. */
  survey?: Maybe<Survey>;
};

export type ExportFormat =
  /** Word (.docx). */
  | 'DOCX'
  /** One standalone page, nothing loaded from elsewhere (.html). */
  | 'HTML'
  /** CommonMark with GitHub's strikethrough and footnotes (.md). */
  | 'MARKDOWN'
  /**
   * PDF (.pdf): Latin, Greek and Cyrillic text; Chinese, Japanese, Korean and Indic scripts show as
   * empty boxes, Hebrew and Arabic are not laid out right to left (use DOCX or HTML for those).
   */
  | 'PDF';

/**
 * Your inbox at a glance, in one cheap read. `version` changes whenever your inbox changes (a
 * notification arrives, one is marked read) and only then: poll this, and fetch `inbox` again
 * only when the version differs from the one you have.
 */
export type InboxState = {
  __typename?: 'InboxState';
  unreadCount: Scalars['Int']['output'];
  version: Scalars['String']['output'];
};

export type Invitation = {
  __typename?: 'Invitation';
  /** The member it made a collaborator or group member (ACCEPTED only). */
  acceptedBy?: Maybe<Member>;
  /** When it was accepted or revoked. */
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** Set on invitations to a working group. */
  groupRole?: Maybe<WorkingGroupRole>;
  id: Scalars['ID']['output'];
  invitedBy?: Maybe<Member>;
  /**
   * The username, or the email address. Email addresses are personal data: they are shown only to
   * the inviter, the paper's LEADs or the group's conveners, coordinators and the invitee; null
   * for anyone else.
   */
  invitee?: Maybe<Scalars['String']['output']>;
  inviteeKind: InviteeKind;
  /** Set on invitations to a paper. */
  paperRole?: Maybe<PaperRole>;
  status: InvitationStatus;
  target: InvitationTarget;
  /** The paper's id or the working group's id, after `target`. */
  targetId: Scalars['ID']['output'];
  /** The paper's title or the group's name, so that the invitee knows what it is about. */
  targetName: Scalars['String']['output'];
};

/** EXPIRED is never stored: a PENDING invitation reads EXPIRED once its time has passed. */
export type InvitationStatus =
  | 'ACCEPTED'
  | 'EXPIRED'
  | 'PENDING'
  | 'REVOKED';

export type InvitationTarget =
  | 'PAPER'
  | 'WORKING_GROUP';

/** Exactly one of `username` and `email`. */
export type InviteCollaboratorInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 90; 14 when left out. */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  paperId: Scalars['ID']['input'];
  role?: InputMaybe<PaperRole>;
  username?: InputMaybe<Scalars['String']['input']>;
};

/** Exactly one of `username` and `email`. */
export type InviteGroupMemberInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 90; 14 when left out. */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  role?: InputMaybe<WorkingGroupRole>;
  username?: InputMaybe<Scalars['String']['input']>;
  workingGroupId: Scalars['ID']['input'];
};

/**
 * How the invitee is recognised when they sign in: the token's username, or its email address
 * once the identity provider has verified it.
 */
export type InviteeKind =
  | 'EMAIL'
  | 'USERNAME';

export type JoinRequest = {
  __typename?: 'JoinRequest';
  createdAt: Scalars['DateTime']['output'];
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The convener or coordinator who approved or declined, or the member who withdrew. */
  decidedBy?: Maybe<Member>;
  id: Scalars['ID']['output'];
  member: Member;
  /** Why they want to join ("" when they said nothing). */
  message: Scalars['String']['output'];
  status: JoinRequestStatus;
  workingGroup: WorkingGroup;
};

export type JoinRequestStatus =
  | 'APPROVED'
  | 'DECLINED'
  | 'PENDING'
  | 'WITHDRAWN';

export type Member = {
  __typename?: 'Member';
  affiliation?: Maybe<Scalars['String']['output']>;
  community?: Maybe<Community>;
  /** ISO 3166-1 alpha-2 country code, upper case (e.g. "CH"). */
  country?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  displayName: Scalars['String']['output'];
  expertise: Array<Topic>;
  id: Scalars['ID']['output'];
  platformRole: PlatformRole;
  /**
   * The working groups this member belongs to. Visible to the member themself and coordinators;
   * empty for anyone else.
   */
  workingGroups: Array<WorkingGroupMembership>;
};

export type MemberConnection = {
  __typename?: 'MemberConnection';
  edges: Array<MemberEdge>;
  pageInfo: PageInfo;
};

export type MemberEdge = {
  __typename?: 'MemberEdge';
  cursor: Scalars['String']['output'];
  node: Member;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Accept a pending invitation naming the caller (one sent after their first sign-in). */
  acceptInvitation: Invitation;
  /** Invite a member onto a paper. LEADs and coordinators. */
  addCollaborator: PositionPaper;
  /** Start a comment thread. LEAD, EDITOR and COMMENTER, while the paper is not frozen. */
  addComment: CommentThread;
  /** Add a member (or a convener) to a group. Conveners and coordinators. */
  addWorkingGroupMember: WorkingGroup;
  archiveSurvey: Survey;
  /** Change a collaborator's role; live connections follow at once. A paper keeps at least one LEAD. */
  changeCollaboratorRole: PositionPaper;
  /** Move a paper through its workflow; see `allowedStatusTransitions`. */
  changePaperStatus: PositionPaper;
  /** Make a member a convener or back. A group keeps at least one convener. */
  changeWorkingGroupMemberRole: WorkingGroup;
  /** Cite a question's results in a paper (its editors). FROZEN needs results one may see now. */
  citeSurveyResult: EvidenceCitation;
  closeSurvey: Survey;
  /** Start a paper in a working group (its members and coordinators); the caller becomes its LEAD. */
  createPaper: PositionPaper;
  /** A platform survey (coordinators), or a working group's (its conveners). */
  createSurvey: Survey;
  /** Snapshot the live document under a name. LEAD and EDITOR. */
  createVersion: PaperVersion;
  /** Any signed-in member may start a working group and becomes its first convener. */
  createWorkingGroup: WorkingGroup;
  /**
   * Approve (the member joins as MEMBER) or decline a pending request. Conveners and coordinators;
   * CONFLICT when it was already decided or withdrawn.
   */
  decideJoinRequest: JoinRequest;
  /** Change the text of your own comment. */
  editComment: Comment;
  /** Endorse a paper while it is in ENDORSEMENT; once per member. */
  endorsePaper: Endorsement;
  /**
   * Render the paper as it is now (suggested insertions left out) into a file. Anyone who can
   * read the paper may export it; with `includeComments`, comment threads become numbered notes
   * (footnotes where they point into the text). A paper over the export limits (1,000,000
   * characters of text, 2,000 comment threads, 10 seconds of rendering, 25 MB of file) is refused
   * with BAD_USER_INPUT and `reason: PAYLOAD_TOO_LARGE`. One export per request. A server with no
   * place for exported files refuses every export with FORBIDDEN and `reason: UNAVAILABLE`.
   */
  exportPaper: PaperExport;
  /**
   * Invite someone to co-author a paper by username or email, before they have signed in: at their
   * first sign-in with that username or verified email they become a collaborator with `role`.
   * LEADs and coordinators. CONFLICT when they are already a collaborator or already invited.
   */
  inviteCollaborator: Invitation;
  /** Invite someone to a working group by username or email. Conveners and coordinators. */
  inviteGroupMember: Invitation;
  markAllNotificationsRead: InboxState;
  /** Mark some of your notifications read (at most 100 ids); ids that are not yours are ignored. */
  markNotificationsRead: InboxState;
  openSurvey: Survey;
  /**
   * Remove a collaborator (LEADs and coordinators), or leave a paper yourself; their live
   * connections close. A paper keeps at least one LEAD.
   */
  removeCollaborator: PositionPaper;
  removeEvidenceCitation: Scalars['Boolean']['output'];
  /**
   * Remove someone from a group (conveners and coordinators), or leave it yourself. A group keeps
   * at least one convener.
   */
  removeWorkingGroupMember: WorkingGroup;
  reopenCommentThread: CommentThread;
  replyToComment: CommentThread;
  /**
   * Ask a collaborator to endorse a paper: LEADs, while the paper is in ENDORSEMENT. They get an
   * ENDORSEMENT_REQUESTED notification.
   */
  requestEndorsement: PositionPaper;
  /**
   * Ask to join a working group; its conveners approve or decline. CONFLICT when already a member
   * or already asked.
   */
  requestToJoinGroup: JoinRequest;
  resolveCommentThread: CommentThread;
  /**
   * Create or replace the caller's response while the survey is OPEN. BAD_USER_INPUT lists each
   * question's problem in `extensions.problems`.
   */
  respondToSurvey: SurveyResponse;
  /**
   * Bring a version's text back as a new edit, so nothing is lost and everyone editing sees it
   * at once. LEAD only, while the paper is not frozen.
   */
  restoreVersion: PositionPaper;
  /**
   * Withdraw a pending invitation: the inviter, the paper's LEADs or the group's conveners, and
   * coordinators. CONFLICT when it is no longer pending.
   */
  revokeInvitation: Invitation;
  /** Edit the signed-in member's own profile. */
  updateMe: Member;
  /** Edit title, summary, topics or diplomacy types. LEAD and EDITOR, while not frozen. */
  updatePaper: PositionPaper;
  /** Once OPEN, only the title, introduction, closing time and results visibility change. */
  updateSurvey: Survey;
  /** Rename or re-describe a group. Conveners and coordinators. */
  updateWorkingGroup: WorkingGroup;
  /** Withdraw your endorsement while the paper is in ENDORSEMENT. */
  withdrawEndorsement: PositionPaper;
  /** Withdraw one's own pending request. */
  withdrawJoinRequest: JoinRequest;
};


export type MutationAcceptInvitationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationAddCollaboratorArgs = {
  input: AddCollaboratorInput;
};


export type MutationAddCommentArgs = {
  input: AddCommentInput;
};


export type MutationAddWorkingGroupMemberArgs = {
  input: AddWorkingGroupMemberInput;
};


export type MutationArchiveSurveyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationChangeCollaboratorRoleArgs = {
  input: ChangeCollaboratorRoleInput;
};


export type MutationChangePaperStatusArgs = {
  input: ChangePaperStatusInput;
};


export type MutationChangeWorkingGroupMemberRoleArgs = {
  input: ChangeWorkingGroupMemberRoleInput;
};


export type MutationCiteSurveyResultArgs = {
  mode: CitationMode;
  paperId: Scalars['ID']['input'];
  questionId: Scalars['ID']['input'];
  surveyId: Scalars['ID']['input'];
};


export type MutationCloseSurveyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreatePaperArgs = {
  input: CreatePaperInput;
};


export type MutationCreateSurveyArgs = {
  input: SurveyInput;
  workingGroupId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationCreateVersionArgs = {
  input: CreateVersionInput;
};


export type MutationCreateWorkingGroupArgs = {
  input: CreateWorkingGroupInput;
};


export type MutationDecideJoinRequestArgs = {
  input: DecideJoinRequestInput;
};


export type MutationEditCommentArgs = {
  input: EditCommentInput;
};


export type MutationEndorsePaperArgs = {
  input: EndorsePaperInput;
};


export type MutationExportPaperArgs = {
  format: ExportFormat;
  includeComments?: InputMaybe<Scalars['Boolean']['input']>;
  paperId: Scalars['ID']['input'];
};


export type MutationInviteCollaboratorArgs = {
  input: InviteCollaboratorInput;
};


export type MutationInviteGroupMemberArgs = {
  input: InviteGroupMemberInput;
};


export type MutationMarkNotificationsReadArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type MutationOpenSurveyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveCollaboratorArgs = {
  input: RemoveCollaboratorInput;
};


export type MutationRemoveEvidenceCitationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRemoveWorkingGroupMemberArgs = {
  input: RemoveWorkingGroupMemberInput;
};


export type MutationReopenCommentThreadArgs = {
  threadId: Scalars['ID']['input'];
};


export type MutationReplyToCommentArgs = {
  input: ReplyToCommentInput;
};


export type MutationRequestEndorsementArgs = {
  input: RequestEndorsementInput;
};


export type MutationRequestToJoinGroupArgs = {
  input: RequestToJoinGroupInput;
};


export type MutationResolveCommentThreadArgs = {
  threadId: Scalars['ID']['input'];
};


export type MutationRespondToSurveyArgs = {
  answers: Array<SurveyAnswerInput>;
  surveyId: Scalars['ID']['input'];
};


export type MutationRestoreVersionArgs = {
  versionId: Scalars['ID']['input'];
};


export type MutationRevokeInvitationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateMeArgs = {
  input: UpdateMeInput;
};


export type MutationUpdatePaperArgs = {
  input: UpdatePaperInput;
};


export type MutationUpdateSurveyArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: SurveyInput;
};


export type MutationUpdateWorkingGroupArgs = {
  input: UpdateWorkingGroupInput;
};


export type MutationWithdrawEndorsementArgs = {
  paperId: Scalars['ID']['input'];
};


export type MutationWithdrawJoinRequestArgs = {
  id: Scalars['ID']['input'];
};

export type Notification = {
  __typename?: 'Notification';
  /** Who did it; null when that member no longer exists. */
  actor?: Maybe<Member>;
  createdAt: Scalars['DateTime']['output'];
  /**
   * MENTION and REPLY: the start of the comment as it was when you were notified, mentions
   * written as @Name; null once you may no longer read the paper.
   */
  excerpt?: Maybe<Scalars['String']['output']>;
  /** STATUS_CHANGED: the status before and after. */
  fromStatus?: Maybe<PaperStatus>;
  id: Scalars['ID']['output'];
  /** INVITATION: the invitation to accept. */
  invitation?: Maybe<Invitation>;
  kind: NotificationKind;
  /** ENDORSEMENT_REQUESTED: the note of whoever asked, if any. */
  message?: Maybe<Scalars['String']['output']>;
  /**
   * The paper it is about, while you may read it: null for an invitation to a working group, and
   * once you may no longer read the paper.
   */
  paper?: Maybe<PositionPaper>;
  read: Scalars['Boolean']['output'];
  /** When you marked it read; null while unread. */
  readAt?: Maybe<Scalars['DateTime']['output']>;
  /** MENTION and REPLY: the comment thread to open on the paper. */
  threadId?: Maybe<Scalars['ID']['output']>;
  toStatus?: Maybe<PaperStatus>;
};

export type NotificationConnection = {
  __typename?: 'NotificationConnection';
  edges: Array<NotificationEdge>;
  pageInfo: PageInfo;
};

export type NotificationEdge = {
  __typename?: 'NotificationEdge';
  cursor: Scalars['String']['output'];
  node: Notification;
};

export type NotificationKind =
  /** A LEAD asked you to endorse a paper in ENDORSEMENT. */
  | 'ENDORSEMENT_REQUESTED'
  /** You were invited to a paper or a working group. */
  | 'INVITATION'
  /**
   * Someone mentioned you in a comment or a reply (`@[Name](member:<id>)` in its body; a typed
   * "@Name" is plain text). Mentioning a member who may not read the paper is refused with
   * BAD_USER_INPUT, so a mention never tells anyone of a paper they cannot see.
   */
  | 'MENTION'
  /** Someone replied in a comment thread you started or took part in. */
  | 'REPLY'
  /** A paper you collaborate on changed status. */
  | 'STATUS_CHANGED';

export type OutlineHeading = {
  __typename?: 'OutlineHeading';
  level: Scalars['Int']['output'];
  text: Scalars['String']['output'];
};

/** Relay cursor paging: `endCursor` of one page is the `after` argument of the next. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PaperContent = {
  __typename?: 'PaperContent';
  /** When the last accepted edit was stored; null when nobody has edited the paper yet. */
  lastEditedAt?: Maybe<Scalars['DateTime']['output']>;
  markdown: Scalars['String']['output'];
  /** The headings of the body, in order. */
  outline: Array<OutlineHeading>;
  /** The body as plain text, one line per block. */
  text: Scalars['String']['output'];
  wordCount: Scalars['Int']['output'];
};

/** A file made for one caller, downloadable for a few minutes from `url` (no token needed). */
export type PaperExport = {
  __typename?: 'PaperExport';
  /** The size of the file in bytes. */
  bytes: Scalars['Int']['output'];
  contentType: Scalars['String']['output'];
  /** When `url` stops working. */
  expiresAt: Scalars['DateTime']['output'];
  filename: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

/** Every field narrows the list; all given fields must match. */
export type PaperFilter = {
  /** Only papers on which this member is a collaborator. */
  collaboratorId?: InputMaybe<Scalars['ID']['input']>;
  diplomacyType?: InputMaybe<DiplomacyType>;
  /** Case-insensitive words from the title or summary. */
  search?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<PaperStatus>;
  topicId?: InputMaybe<Scalars['ID']['input']>;
  workingGroupId?: InputMaybe<Scalars['ID']['input']>;
};

export type PaperPermissions = {
  __typename?: 'PaperPermissions';
  changeStatus: Scalars['Boolean']['output'];
  comment: Scalars['Boolean']['output'];
  createVersion: Scalars['Boolean']['output'];
  editMetadata: Scalars['Boolean']['output'];
  editText: Scalars['Boolean']['output'];
  endorse: Scalars['Boolean']['output'];
  manageCollaborators: Scalars['Boolean']['output'];
  read: Scalars['Boolean']['output'];
  resolveComment: Scalars['Boolean']['output'];
  restoreVersion: Scalars['Boolean']['output'];
  /**
   * May propose insertions and deletions in the live editor (COMMENTER, EDITOR, LEAD on a paper
   * that is not published or archived).
   */
  suggest: Scalars['Boolean']['output'];
};

/**
 * LEAD and EDITOR write; COMMENTER comments; VIEWER reads. Only LEADs manage collaborators,
 * restore versions and move the paper through its workflow.
 */
export type PaperRole =
  | 'COMMENTER'
  | 'EDITOR'
  | 'LEAD'
  | 'VIEWER';

/**
 * DRAFT → IN_REVIEW → ENDORSEMENT → PUBLISHED; ARCHIVED from any status. A PUBLISHED or ARCHIVED
 * paper is frozen: its text, metadata and comments no longer change.
 */
export type PaperStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'ENDORSEMENT'
  | 'IN_REVIEW'
  | 'PUBLISHED';

export type PaperVersion = {
  __typename?: 'PaperVersion';
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Member>;
  id: Scalars['ID']['output'];
  markdown: Scalars['String']['output'];
  name: Scalars['String']['output'];
  paper: PositionPaper;
  /** The document as it was, as plain text. */
  text: Scalars['String']['output'];
};

export type PaperVersionConnection = {
  __typename?: 'PaperVersionConnection';
  edges: Array<PaperVersionEdge>;
  pageInfo: PageInfo;
};

export type PaperVersionEdge = {
  __typename?: 'PaperVersionEdge';
  cursor: Scalars['String']['output'];
  node: PaperVersion;
};

/**
 * COORDINATORs administer working groups and may read, staff and archive any paper. The role
 * comes from the identity token (a "coordinators" group) and is refreshed at each sign-in.
 */
export type PlatformRole =
  | 'COORDINATOR'
  | 'MEMBER';

export type PositionPaper = {
  __typename?: 'PositionPaper';
  /** What happened to this paper, newest first. */
  activity: ActivityEventConnection;
  /** Statuses the caller may move this paper to now. */
  allowedStatusTransitions: Array<PaperStatus>;
  collaborators: Array<Collaborator>;
  /** Comment threads, oldest first. `resolved` filters by state when given. */
  commentThreads: CommentThreadConnection;
  /** The live document, read from its Yjs state. */
  content: PaperContent;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Member>;
  diplomacyTypes: Array<DiplomacyType>;
  endorsementCount: Scalars['Int']['output'];
  /** Endorsements, oldest first. */
  endorsements: EndorsementConnection;
  /** Survey results cited in this paper, oldest first. */
  evidence: Array<EvidenceCitation>;
  /** Also the room name for live editing (`/collab?doc=<id>`). */
  id: Scalars['ID']['output'];
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  status: PaperStatus;
  /** The open suggestions in the text, in the order of the document. */
  suggestions: Array<Suggestion>;
  summary: Scalars['String']['output'];
  title: Scalars['String']['output'];
  topics: Array<Topic>;
  updatedAt: Scalars['DateTime']['output'];
  /** Bumped on every metadata or status change; pass it back as `expectedVersion`. */
  version: Scalars['Int']['output'];
  /** Named versions, newest first. */
  versions: PaperVersionConnection;
  /** What the caller may do here right now (role, platform role and status together). */
  viewerCan: PaperPermissions;
  /** The caller's own endorsement, if any. */
  viewerEndorsement?: Maybe<Endorsement>;
  /** The caller's role on this paper; null when not a collaborator. */
  viewerRole?: Maybe<PaperRole>;
  workingGroup: WorkingGroup;
};


export type PositionPaperActivityArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PositionPaperCommentThreadsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  resolved?: InputMaybe<Scalars['Boolean']['input']>;
};


export type PositionPaperEndorsementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type PositionPaperVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type PositionPaperConnection = {
  __typename?: 'PositionPaperConnection';
  edges: Array<PositionPaperEdge>;
  pageInfo: PageInfo;
};

export type PositionPaperEdge = {
  __typename?: 'PositionPaperEdge';
  cursor: Scalars['String']['output'];
  node: PositionPaper;
};

export type Query = {
  __typename?: 'Query';
  /**
   * A named version compared with another one (`to`), or with the paper now (`to: null`): the
   * text of both, each addition and deletion with who made it. Whoever may read the paper
   * (NOT_FOUND otherwise); a version of another paper is BAD_USER_INPUT.
   */
  compareVersions: VersionComparison;
  /** The platform's coordinators, by display name. Signed-in callers only. */
  coordinators: Array<Member>;
  /** Your notifications, newest first; with `unreadOnly`, only those not yet read. */
  inbox: NotificationConnection;
  /** Your unread count and the version of your inbox. */
  inboxState: InboxState;
  /**
   * Requests to join a working group, oldest first; `status: null` lists them all. Conveners and
   * coordinators.
   */
  joinRequests: Array<JoinRequest>;
  /** The signed-in member (created from the token on first use); null when anonymous. */
  me?: Maybe<Member>;
  /** A member by id. Signed-in callers only. */
  member?: Maybe<Member>;
  /**
   * Members ordered by display name; `search` matches display name or affiliation, any case.
   * Signed-in callers only.
   */
  members: MemberConnection;
  /**
   * Pending invitations naming the caller's username or verified email address (those that were
   * waiting at the first sign-in were accepted then). Signed-in callers only.
   */
  myInvitations: Array<Invitation>;
  /** The caller's own requests to join working groups, oldest first. */
  myJoinRequests: Array<JoinRequest>;
  /** A paper by id. A paper the caller may not see answers NOT_FOUND. */
  paper?: Maybe<PositionPaper>;
  /**
   * Invitations to a paper, oldest first: pending ones only unless `includeClosed`. LEADs and
   * coordinators.
   */
  paperInvitations: Array<Invitation>;
  /**
   * Papers the caller may see, newest first: anonymous callers see PUBLISHED papers, members
   * also the papers they collaborate on, coordinators every paper.
   */
  papers: PositionPaperConnection;
  /** NOT_FOUND when there is none or the caller may not see it. */
  survey: Survey;
  /** NOT_FOUND for a survey the caller may not see; CONFLICT before it closes. */
  surveyResults: SurveyResults;
  /** The surveys the caller may see, newest first. */
  surveys: SurveyConnection;
  topic?: Maybe<Topic>;
  /** Every topic, by name. */
  topics: Array<Topic>;
  version?: Maybe<PaperVersion>;
  workingGroup?: Maybe<WorkingGroup>;
  /**
   * A working group's own activity (its creation and renames, members added, changing role,
   * removed or leaving, invitations, join requests), newest first. Signed-in callers.
   */
  workingGroupActivity: ActivityEventConnection;
  /**
   * Invitations to a working group, oldest first: pending ones only unless `includeClosed`.
   * Conveners and coordinators.
   */
  workingGroupInvitations: Array<Invitation>;
  /** Working groups by name. Signed-in callers only. */
  workingGroups: WorkingGroupConnection;
};


export type QueryCompareVersionsArgs = {
  from: Scalars['ID']['input'];
  paperId: Scalars['ID']['input'];
  to?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryInboxArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  unreadOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryJoinRequestsArgs = {
  status?: InputMaybe<JoinRequestStatus>;
  workingGroupId: Scalars['ID']['input'];
};


export type QueryMemberArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryPaperArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPaperInvitationsArgs = {
  includeClosed?: InputMaybe<Scalars['Boolean']['input']>;
  paperId: Scalars['ID']['input'];
};


export type QueryPapersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PaperFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySurveyArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySurveyResultsArgs = {
  filter?: InputMaybe<SurveyResultsFilter>;
  id: Scalars['ID']['input'];
};


export type QuerySurveysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<SurveyStatus>;
  workingGroupId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryTopicArgs = {
  id: Scalars['ID']['input'];
};


export type QueryVersionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWorkingGroupArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWorkingGroupActivityArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  workingGroupId: Scalars['ID']['input'];
};


export type QueryWorkingGroupInvitationsArgs = {
  includeClosed?: InputMaybe<Scalars['Boolean']['input']>;
  workingGroupId: Scalars['ID']['input'];
};


export type QueryWorkingGroupsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QuestionKind =
  | 'LIKERT'
  | 'MULTIPLE_CHOICE'
  | 'NUMBER'
  | 'RANKING'
  | 'SINGLE_CHOICE'
  | 'TEXT';

export type QuestionResults = {
  __typename?: 'QuestionResults';
  byCommunity: Array<ResultCell>;
  /** LIKERT questions only. */
  difference?: Maybe<CommunityDifference>;
  overall: ResultCell;
  question: SurveyQuestion;
};

export type RemoveCollaboratorInput = {
  memberId: Scalars['ID']['input'];
  paperId: Scalars['ID']['input'];
};

export type RemoveWorkingGroupMemberInput = {
  memberId: Scalars['ID']['input'];
  workingGroupId: Scalars['ID']['input'];
};

export type ReplyToCommentInput = {
  body: Scalars['String']['input'];
  threadId: Scalars['ID']['input'];
};

export type RequestEndorsementInput = {
  /** A collaborator on the paper (only collaborators can endorse it). */
  memberId: Scalars['ID']['input'];
  /** A note for them; at most 1,000 characters. */
  message?: InputMaybe<Scalars['String']['input']>;
  paperId: Scalars['ID']['input'];
};

export type RequestToJoinGroupInput = {
  message?: InputMaybe<Scalars['String']['input']>;
  workingGroupId: Scalars['ID']['input'];
};

/**
 * The respondents of one group for one question or diplomacy type. A cell with fewer than
 * `minimumCellSize` respondents is suppressed, and so, when needed, is the next smallest, so no
 * subtraction of shown cells reveals one: a suppressed cell has no numbers at all.
 */
export type ResultCell = {
  __typename?: 'ResultCell';
  distribution: Array<DistributionEntry>;
  group: ResultGroup;
  mean?: Maybe<Scalars['Float']['output']>;
  median?: Maybe<Scalars['Float']['output']>;
  respondents?: Maybe<Scalars['Int']['output']>;
  suppressed: Scalars['Boolean']['output'];
};

/** A breakdown group: OVERALL, a community, or UNSTATED (members who named no community). */
export type ResultGroup =
  | 'DIPLOMACY'
  | 'INDUSTRY'
  | 'JOURNALISM'
  | 'OTHER'
  | 'OVERALL'
  | 'POLICY'
  | 'SCIENCE_TECHNOLOGY'
  | 'UNSTATED';

/** One open suggestion in a paper's text. */
export type Suggestion = {
  __typename?: 'Suggestion';
  /** Who suggested it; null when the document names someone who is not a member. */
  author?: Maybe<Member>;
  /** The author's name as written into the document with the suggestion. */
  authorName: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The suggestion's id in the document (the `id` of its marks). */
  id: Scalars['ID']['output'];
  kind: SuggestionKind;
  /**
   * The text suggested for insertion, or for deletion; parts in different blocks joined by a line
   * break.
   */
  text: Scalars['String']['output'];
};

export type SuggestionKind =
  /** Text suggested for deletion: still part of the paper until accepted. */
  | 'DELETE'
  /** Text suggested for insertion: not part of the paper until accepted. */
  | 'INSERT';

export type Survey = {
  __typename?: 'Survey';
  /** Responses store a per-survey pseudonym instead of the member. */
  anonymous: Scalars['Boolean']['output'];
  audience: SurveyAudience;
  audienceCommunities: Array<Community>;
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  closesAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Member>;
  id: Scalars['ID']['output'];
  introduction: Scalars['String']['output'];
  /** The caller's own response, if any (never anyone else's). */
  myResponse?: Maybe<SurveyResponse>;
  openedAt?: Maybe<Scalars['DateTime']['output']>;
  opensAt?: Maybe<Scalars['DateTime']['output']>;
  permissions: SurveyPermissions;
  questions: Array<SurveyQuestion>;
  /** How many have responded: owners only (null for others). */
  responseCount?: Maybe<Scalars['Int']['output']>;
  resultsVisibility: SurveyResultsVisibility;
  status: SurveyStatus;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** For edits: pass it back as `expectedVersion`. */
  version: Scalars['Int']['output'];
  /** The owning working group; null for a platform survey (coordinators'). */
  workingGroup?: Maybe<WorkingGroup>;
};

export type SurveyAnswer = {
  __typename?: 'SurveyAnswer';
  choices: Array<Scalars['Int']['output']>;
  questionId: Scalars['ID']['output'];
  text?: Maybe<Scalars['String']['output']>;
  value?: Maybe<Scalars['Float']['output']>;
};

export type SurveyAnswerInput = {
  choices?: InputMaybe<Array<Scalars['Int']['input']>>;
  questionId: Scalars['ID']['input'];
  text?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['Float']['input']>;
};

export type SurveyAudience =
  | 'ALL_MEMBERS'
  /** Members of the communities in `audienceCommunities`. */
  | 'COMMUNITIES'
  /** The members of the survey's working group. */
  | 'WORKING_GROUP';

export type SurveyConnection = {
  __typename?: 'SurveyConnection';
  edges: Array<SurveyEdge>;
  pageInfo: PageInfo;
};

export type SurveyEdge = {
  __typename?: 'SurveyEdge';
  cursor: Scalars['String']['output'];
  node: Survey;
};

export type SurveyInput = {
  anonymous?: InputMaybe<Scalars['Boolean']['input']>;
  audience?: InputMaybe<SurveyAudience>;
  audienceCommunities?: InputMaybe<Array<Community>>;
  closesAt?: InputMaybe<Scalars['DateTime']['input']>;
  introduction?: InputMaybe<Scalars['String']['input']>;
  opensAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** Omitted on update: the questions stay as they are. */
  questions?: InputMaybe<Array<SurveyQuestionInput>>;
  resultsVisibility?: InputMaybe<SurveyResultsVisibility>;
  title: Scalars['String']['input'];
};

export type SurveyPermissions = {
  __typename?: 'SurveyPermissions';
  archive: Scalars['Boolean']['output'];
  close: Scalars['Boolean']['output'];
  edit: Scalars['Boolean']['output'];
  open: Scalars['Boolean']['output'];
  respond: Scalars['Boolean']['output'];
  viewResults: Scalars['Boolean']['output'];
};

export type SurveyQuestion = {
  __typename?: 'SurveyQuestion';
  diplomacyTypes: Array<DiplomacyType>;
  id: Scalars['ID']['output'];
  kind: QuestionKind;
  /**
   * LIKERT: the anchor of each point, lowest first. Choices and rankings: the options, whose
   * indexes (from 0) answers give.
   */
  labels: Array<Scalars['String']['output']>;
  max?: Maybe<Scalars['Float']['output']>;
  /** NUMBER only. */
  min?: Maybe<Scalars['Float']['output']>;
  prompt: Scalars['String']['output'];
  required: Scalars['Boolean']['output'];
  /** LIKERT only: 5 or 7. */
  scale?: Maybe<Scalars['Int']['output']>;
  topics: Array<Topic>;
};

export type SurveyQuestionInput = {
  diplomacyTypes?: InputMaybe<Array<DiplomacyType>>;
  /** Kept when given (answers and citations name it); otherwise q1, q2, ... */
  id?: InputMaybe<Scalars['ID']['input']>;
  kind: QuestionKind;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  max?: InputMaybe<Scalars['Float']['input']>;
  min?: InputMaybe<Scalars['Float']['input']>;
  prompt: Scalars['String']['input'];
  required?: InputMaybe<Scalars['Boolean']['input']>;
  scale?: InputMaybe<Scalars['Int']['input']>;
  topicIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** The caller's own response. It carries no member: in an anonymous survey none is stored. */
export type SurveyResponse = {
  __typename?: 'SurveyResponse';
  answers: Array<SurveyAnswer>;
  /** The community recorded with the response (the respondent's when they last answered). */
  community?: Maybe<Community>;
  submittedAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type SurveyResults = {
  __typename?: 'SurveyResults';
  /** The aggregated results (every cell above, before filters) as CSV; never a response. */
  csv: Scalars['String']['output'];
  diplomacyTypes: Array<DiplomacyTypeResults>;
  minimumCellSize: Scalars['Int']['output'];
  questions: Array<QuestionResults>;
  survey: Survey;
};

/** Filters choose which cells are returned; they never change a cell's numbers. */
export type SurveyResultsFilter = {
  diplomacyTypes?: InputMaybe<Array<DiplomacyType>>;
  groups?: InputMaybe<Array<ResultGroup>>;
  questionIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Who sees results once the survey is CLOSED; its owners always do. */
export type SurveyResultsVisibility =
  /** Everyone the survey asks, and its respondents. */
  | 'MEMBERS'
  /** Anyone, signed in or not. */
  | 'PUBLIC'
  | 'RESPONDENTS';

export type SurveyStatus =
  | 'ARCHIVED'
  /** Also an OPEN survey whose closing time has passed. */
  | 'CLOSED'
  | 'DRAFT'
  | 'OPEN';

/**
 * For any client: the range as offsets into `PositionPaper.content.text` (UTF-16 code units, end
 * exclusive), turned into an anchor against the current document.
 */
export type TextRangeInput = {
  from: Scalars['Int']['input'];
  to: Scalars['Int']['input'];
};

export type Topic = {
  __typename?: 'Topic';
  description: Scalars['String']['output'];
  /** A stable slug such as "climate-change". */
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

/** Fields left out stay as they are; `null` clears an optional field. */
export type UpdateMeInput = {
  affiliation?: InputMaybe<Scalars['String']['input']>;
  community?: InputMaybe<Community>;
  /** ISO 3166-1 alpha-2 country code, e.g. "BR". */
  country?: InputMaybe<Scalars['String']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** Topic ids (see `topics`); replaces the whole list. */
  expertiseTopicIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Fields left out stay as they are. */
export type UpdatePaperInput = {
  diplomacyTypes?: InputMaybe<Array<DiplomacyType>>;
  /** When given, the change is refused with CONFLICT unless the paper is still at this version. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  summary?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  topicIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Fields left out stay as they are. */
export type UpdateWorkingGroupInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  /** When given, the change is refused with CONFLICT unless the group is still at this version. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  topicIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type VersionComparison = {
  __typename?: 'VersionComparison';
  /** Everyone whose changes appear, most words changed first. */
  authors: Array<AuthorChanges>;
  blocks: Array<ComparisonBlock>;
  from: PaperVersion;
  /** Null when compared with the paper as it is now. */
  to?: Maybe<PaperVersion>;
};

export type WorkingGroup = {
  __typename?: 'WorkingGroup';
  conveners: Array<Member>;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Member>;
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Everyone in the group, conveners included, in the order they joined. */
  memberships: Array<WorkingGroupMembership>;
  name: Scalars['String']['output'];
  /** The group's papers the caller may see, newest first. */
  papers: PositionPaperConnection;
  topics: Array<Topic>;
  updatedAt: Scalars['DateTime']['output'];
  /** Bumped on every change; pass it back as `expectedVersion` to avoid overwriting someone else. */
  version: Scalars['Int']['output'];
  /** May the caller rename the group and manage its members? */
  viewerCanAdminister: Scalars['Boolean']['output'];
  /** May the caller start a paper in this group? */
  viewerCanCreatePaper: Scalars['Boolean']['output'];
  /** The caller's role in this group; null when not in it. */
  viewerRole?: Maybe<WorkingGroupRole>;
};


export type WorkingGroupPapersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PaperFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type WorkingGroupConnection = {
  __typename?: 'WorkingGroupConnection';
  edges: Array<WorkingGroupEdge>;
  pageInfo: PageInfo;
};

export type WorkingGroupEdge = {
  __typename?: 'WorkingGroupEdge';
  cursor: Scalars['String']['output'];
  node: WorkingGroup;
};

export type WorkingGroupMembership = {
  __typename?: 'WorkingGroupMembership';
  addedAt: Scalars['DateTime']['output'];
  member: Member;
  role: WorkingGroupRole;
  workingGroup: WorkingGroup;
};

export type WorkingGroupRole =
  | 'CONVENER'
  | 'MEMBER';



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ActivityDetail: ResolverTypeWrapper<ActivityDetail>;
  ActivityEvent: ResolverTypeWrapper<ActivityEventModelModel>;
  ActivityEventConnection: ResolverTypeWrapper<Omit<ActivityEventConnection, 'edges'> & { edges: Array<ResolversTypes['ActivityEventEdge']> }>;
  ActivityEventEdge: ResolverTypeWrapper<Omit<ActivityEventEdge, 'node'> & { node: ResolversTypes['ActivityEvent'] }>;
  ActivityKind: ActivityKind;
  AddCollaboratorInput: AddCollaboratorInput;
  AddCommentInput: AddCommentInput;
  AddWorkingGroupMemberInput: AddWorkingGroupMemberInput;
  AuthorChanges: ResolverTypeWrapper<Omit<AuthorChanges, 'author'> & { author?: Maybe<ResolversTypes['Member']> }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ChangeCollaboratorRoleInput: ChangeCollaboratorRoleInput;
  ChangePaperStatusInput: ChangePaperStatusInput;
  ChangeWorkingGroupMemberRoleInput: ChangeWorkingGroupMemberRoleInput;
  CitationMode: CitationMode;
  Collaborator: ResolverTypeWrapper<CollaboratorModel>;
  Comment: ResolverTypeWrapper<CommentModel>;
  CommentAnchor: ResolverTypeWrapper<CommentAnchorModelModel>;
  CommentAnchorInput: CommentAnchorInput;
  CommentThread: ResolverTypeWrapper<CommentThreadModelModel>;
  CommentThreadConnection: ResolverTypeWrapper<Omit<CommentThreadConnection, 'edges'> & { edges: Array<ResolversTypes['CommentThreadEdge']> }>;
  CommentThreadEdge: ResolverTypeWrapper<Omit<CommentThreadEdge, 'node'> & { node: ResolversTypes['CommentThread'] }>;
  Community: Community;
  CommunityDifference: ResolverTypeWrapper<CommunityDifference>;
  ComparisonBlock: ResolverTypeWrapper<Omit<ComparisonBlock, 'runs'> & { runs: Array<ResolversTypes['ComparisonRun']> }>;
  ComparisonChange: ComparisonChange;
  ComparisonRun: ResolverTypeWrapper<Omit<ComparisonRun, 'author'> & { author?: Maybe<ResolversTypes['Member']> }>;
  CreatePaperInput: CreatePaperInput;
  CreateVersionInput: CreateVersionInput;
  CreateWorkingGroupInput: CreateWorkingGroupInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DecideJoinRequestInput: DecideJoinRequestInput;
  DiplomacyType: DiplomacyType;
  DiplomacyTypeResults: ResolverTypeWrapper<DiplomacyTypeResultsModelModel>;
  DistributionEntry: ResolverTypeWrapper<DistributionEntry>;
  EditCommentInput: EditCommentInput;
  EndorsePaperInput: EndorsePaperInput;
  Endorsement: ResolverTypeWrapper<EndorsementModel>;
  EndorsementConnection: ResolverTypeWrapper<Omit<EndorsementConnection, 'edges'> & { edges: Array<ResolversTypes['EndorsementEdge']> }>;
  EndorsementEdge: ResolverTypeWrapper<Omit<EndorsementEdge, 'node'> & { node: ResolversTypes['Endorsement'] }>;
  EvidenceCitation: ResolverTypeWrapper<EvidenceCitationModel>;
  ExportFormat: ExportFormat;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  InboxState: ResolverTypeWrapper<InboxStateModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Invitation: ResolverTypeWrapper<InvitationModel>;
  InvitationStatus: InvitationStatus;
  InvitationTarget: InvitationTarget;
  InviteCollaboratorInput: InviteCollaboratorInput;
  InviteGroupMemberInput: InviteGroupMemberInput;
  InviteeKind: InviteeKind;
  JoinRequest: ResolverTypeWrapper<JoinRequestModel>;
  JoinRequestStatus: JoinRequestStatus;
  Member: ResolverTypeWrapper<MemberModel>;
  MemberConnection: ResolverTypeWrapper<Omit<MemberConnection, 'edges'> & { edges: Array<ResolversTypes['MemberEdge']> }>;
  MemberEdge: ResolverTypeWrapper<Omit<MemberEdge, 'node'> & { node: ResolversTypes['Member'] }>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Notification: ResolverTypeWrapper<NotificationModel>;
  NotificationConnection: ResolverTypeWrapper<Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversTypes['NotificationEdge']> }>;
  NotificationEdge: ResolverTypeWrapper<Omit<NotificationEdge, 'node'> & { node: ResolversTypes['Notification'] }>;
  NotificationKind: NotificationKind;
  OutlineHeading: ResolverTypeWrapper<OutlineHeading>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PaperContent: ResolverTypeWrapper<PaperContent>;
  PaperExport: ResolverTypeWrapper<PaperExport>;
  PaperFilter: PaperFilter;
  PaperPermissions: ResolverTypeWrapper<PaperPermissionsModelModel>;
  PaperRole: PaperRole;
  PaperStatus: PaperStatus;
  PaperVersion: ResolverTypeWrapper<PaperVersionModel>;
  PaperVersionConnection: ResolverTypeWrapper<Omit<PaperVersionConnection, 'edges'> & { edges: Array<ResolversTypes['PaperVersionEdge']> }>;
  PaperVersionEdge: ResolverTypeWrapper<Omit<PaperVersionEdge, 'node'> & { node: ResolversTypes['PaperVersion'] }>;
  PlatformRole: PlatformRole;
  PositionPaper: ResolverTypeWrapper<PositionPaperModel>;
  PositionPaperConnection: ResolverTypeWrapper<Omit<PositionPaperConnection, 'edges'> & { edges: Array<ResolversTypes['PositionPaperEdge']> }>;
  PositionPaperEdge: ResolverTypeWrapper<Omit<PositionPaperEdge, 'node'> & { node: ResolversTypes['PositionPaper'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  QuestionKind: QuestionKind;
  QuestionResults: ResolverTypeWrapper<QuestionResultsModelModel>;
  RemoveCollaboratorInput: RemoveCollaboratorInput;
  RemoveWorkingGroupMemberInput: RemoveWorkingGroupMemberInput;
  ReplyToCommentInput: ReplyToCommentInput;
  RequestEndorsementInput: RequestEndorsementInput;
  RequestToJoinGroupInput: RequestToJoinGroupInput;
  ResultCell: ResolverTypeWrapper<ResultCell>;
  ResultGroup: ResultGroup;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Suggestion: ResolverTypeWrapper<OpenSuggestionModel>;
  SuggestionKind: SuggestionKind;
  Survey: ResolverTypeWrapper<SurveyModel>;
  SurveyAnswer: ResolverTypeWrapper<SurveyAnswer>;
  SurveyAnswerInput: SurveyAnswerInput;
  SurveyAudience: SurveyAudience;
  SurveyConnection: ResolverTypeWrapper<Omit<SurveyConnection, 'edges'> & { edges: Array<ResolversTypes['SurveyEdge']> }>;
  SurveyEdge: ResolverTypeWrapper<Omit<SurveyEdge, 'node'> & { node: ResolversTypes['Survey'] }>;
  SurveyInput: SurveyInput;
  SurveyPermissions: ResolverTypeWrapper<SurveyPermissionsModelModel>;
  SurveyQuestion: ResolverTypeWrapper<SurveyQuestionModel>;
  SurveyQuestionInput: SurveyQuestionInput;
  SurveyResponse: ResolverTypeWrapper<SurveyResponseModel>;
  SurveyResults: ResolverTypeWrapper<SurveyResultsModelModel>;
  SurveyResultsFilter: SurveyResultsFilter;
  SurveyResultsVisibility: SurveyResultsVisibility;
  SurveyStatus: SurveyStatus;
  TextRangeInput: TextRangeInput;
  Topic: ResolverTypeWrapper<TopicModel>;
  UpdateMeInput: UpdateMeInput;
  UpdatePaperInput: UpdatePaperInput;
  UpdateWorkingGroupInput: UpdateWorkingGroupInput;
  VersionComparison: ResolverTypeWrapper<Omit<VersionComparison, 'authors' | 'blocks' | 'from' | 'to'> & { authors: Array<ResolversTypes['AuthorChanges']>, blocks: Array<ResolversTypes['ComparisonBlock']>, from: ResolversTypes['PaperVersion'], to?: Maybe<ResolversTypes['PaperVersion']> }>;
  WorkingGroup: ResolverTypeWrapper<WorkingGroupModel>;
  WorkingGroupConnection: ResolverTypeWrapper<Omit<WorkingGroupConnection, 'edges'> & { edges: Array<ResolversTypes['WorkingGroupEdge']> }>;
  WorkingGroupEdge: ResolverTypeWrapper<Omit<WorkingGroupEdge, 'node'> & { node: ResolversTypes['WorkingGroup'] }>;
  WorkingGroupMembership: ResolverTypeWrapper<WorkingGroupMembershipModel>;
  WorkingGroupRole: WorkingGroupRole;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ActivityDetail: ActivityDetail;
  ActivityEvent: ActivityEventModelModel;
  ActivityEventConnection: Omit<ActivityEventConnection, 'edges'> & { edges: Array<ResolversParentTypes['ActivityEventEdge']> };
  ActivityEventEdge: Omit<ActivityEventEdge, 'node'> & { node: ResolversParentTypes['ActivityEvent'] };
  AddCollaboratorInput: AddCollaboratorInput;
  AddCommentInput: AddCommentInput;
  AddWorkingGroupMemberInput: AddWorkingGroupMemberInput;
  AuthorChanges: Omit<AuthorChanges, 'author'> & { author?: Maybe<ResolversParentTypes['Member']> };
  Boolean: Scalars['Boolean']['output'];
  ChangeCollaboratorRoleInput: ChangeCollaboratorRoleInput;
  ChangePaperStatusInput: ChangePaperStatusInput;
  ChangeWorkingGroupMemberRoleInput: ChangeWorkingGroupMemberRoleInput;
  Collaborator: CollaboratorModel;
  Comment: CommentModel;
  CommentAnchor: CommentAnchorModelModel;
  CommentAnchorInput: CommentAnchorInput;
  CommentThread: CommentThreadModelModel;
  CommentThreadConnection: Omit<CommentThreadConnection, 'edges'> & { edges: Array<ResolversParentTypes['CommentThreadEdge']> };
  CommentThreadEdge: Omit<CommentThreadEdge, 'node'> & { node: ResolversParentTypes['CommentThread'] };
  CommunityDifference: CommunityDifference;
  ComparisonBlock: Omit<ComparisonBlock, 'runs'> & { runs: Array<ResolversParentTypes['ComparisonRun']> };
  ComparisonRun: Omit<ComparisonRun, 'author'> & { author?: Maybe<ResolversParentTypes['Member']> };
  CreatePaperInput: CreatePaperInput;
  CreateVersionInput: CreateVersionInput;
  CreateWorkingGroupInput: CreateWorkingGroupInput;
  DateTime: Scalars['DateTime']['output'];
  DecideJoinRequestInput: DecideJoinRequestInput;
  DiplomacyTypeResults: DiplomacyTypeResultsModelModel;
  DistributionEntry: DistributionEntry;
  EditCommentInput: EditCommentInput;
  EndorsePaperInput: EndorsePaperInput;
  Endorsement: EndorsementModel;
  EndorsementConnection: Omit<EndorsementConnection, 'edges'> & { edges: Array<ResolversParentTypes['EndorsementEdge']> };
  EndorsementEdge: Omit<EndorsementEdge, 'node'> & { node: ResolversParentTypes['Endorsement'] };
  EvidenceCitation: EvidenceCitationModel;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  InboxState: InboxStateModel;
  Int: Scalars['Int']['output'];
  Invitation: InvitationModel;
  InviteCollaboratorInput: InviteCollaboratorInput;
  InviteGroupMemberInput: InviteGroupMemberInput;
  JoinRequest: JoinRequestModel;
  Member: MemberModel;
  MemberConnection: Omit<MemberConnection, 'edges'> & { edges: Array<ResolversParentTypes['MemberEdge']> };
  MemberEdge: Omit<MemberEdge, 'node'> & { node: ResolversParentTypes['Member'] };
  Mutation: Record<PropertyKey, never>;
  Notification: NotificationModel;
  NotificationConnection: Omit<NotificationConnection, 'edges'> & { edges: Array<ResolversParentTypes['NotificationEdge']> };
  NotificationEdge: Omit<NotificationEdge, 'node'> & { node: ResolversParentTypes['Notification'] };
  OutlineHeading: OutlineHeading;
  PageInfo: PageInfo;
  PaperContent: PaperContent;
  PaperExport: PaperExport;
  PaperFilter: PaperFilter;
  PaperPermissions: PaperPermissionsModelModel;
  PaperVersion: PaperVersionModel;
  PaperVersionConnection: Omit<PaperVersionConnection, 'edges'> & { edges: Array<ResolversParentTypes['PaperVersionEdge']> };
  PaperVersionEdge: Omit<PaperVersionEdge, 'node'> & { node: ResolversParentTypes['PaperVersion'] };
  PositionPaper: PositionPaperModel;
  PositionPaperConnection: Omit<PositionPaperConnection, 'edges'> & { edges: Array<ResolversParentTypes['PositionPaperEdge']> };
  PositionPaperEdge: Omit<PositionPaperEdge, 'node'> & { node: ResolversParentTypes['PositionPaper'] };
  Query: Record<PropertyKey, never>;
  QuestionResults: QuestionResultsModelModel;
  RemoveCollaboratorInput: RemoveCollaboratorInput;
  RemoveWorkingGroupMemberInput: RemoveWorkingGroupMemberInput;
  ReplyToCommentInput: ReplyToCommentInput;
  RequestEndorsementInput: RequestEndorsementInput;
  RequestToJoinGroupInput: RequestToJoinGroupInput;
  ResultCell: ResultCell;
  String: Scalars['String']['output'];
  Suggestion: OpenSuggestionModel;
  Survey: SurveyModel;
  SurveyAnswer: SurveyAnswer;
  SurveyAnswerInput: SurveyAnswerInput;
  SurveyConnection: Omit<SurveyConnection, 'edges'> & { edges: Array<ResolversParentTypes['SurveyEdge']> };
  SurveyEdge: Omit<SurveyEdge, 'node'> & { node: ResolversParentTypes['Survey'] };
  SurveyInput: SurveyInput;
  SurveyPermissions: SurveyPermissionsModelModel;
  SurveyQuestion: SurveyQuestionModel;
  SurveyQuestionInput: SurveyQuestionInput;
  SurveyResponse: SurveyResponseModel;
  SurveyResults: SurveyResultsModelModel;
  SurveyResultsFilter: SurveyResultsFilter;
  TextRangeInput: TextRangeInput;
  Topic: TopicModel;
  UpdateMeInput: UpdateMeInput;
  UpdatePaperInput: UpdatePaperInput;
  UpdateWorkingGroupInput: UpdateWorkingGroupInput;
  VersionComparison: Omit<VersionComparison, 'authors' | 'blocks' | 'from' | 'to'> & { authors: Array<ResolversParentTypes['AuthorChanges']>, blocks: Array<ResolversParentTypes['ComparisonBlock']>, from: ResolversParentTypes['PaperVersion'], to?: Maybe<ResolversParentTypes['PaperVersion']> };
  WorkingGroup: WorkingGroupModel;
  WorkingGroupConnection: Omit<WorkingGroupConnection, 'edges'> & { edges: Array<ResolversParentTypes['WorkingGroupEdge']> };
  WorkingGroupEdge: Omit<WorkingGroupEdge, 'node'> & { node: ResolversParentTypes['WorkingGroup'] };
  WorkingGroupMembership: WorkingGroupMembershipModel;
};

export type ActivityDetailResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ActivityDetail'] = ResolversParentTypes['ActivityDetail']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ActivityEventResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ActivityEvent'] = ResolversParentTypes['ActivityEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  details?: Resolver<Array<ResolversTypes['ActivityDetail']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ActivityKind'], ParentType, ContextType>;
};

export type ActivityEventConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ActivityEventConnection'] = ResolversParentTypes['ActivityEventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ActivityEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ActivityEventEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ActivityEventEdge'] = ResolversParentTypes['ActivityEventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ActivityEvent'], ParentType, ContextType>;
};

export type AuthorChangesResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['AuthorChanges'] = ResolversParentTypes['AuthorChanges']> = {
  author?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  wordsAdded?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  wordsRemoved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CollaboratorResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Collaborator'] = ResolversParentTypes['Collaborator']> = {
  addedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  addedBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  member?: Resolver<ResolversTypes['Member'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['PaperRole'], ParentType, ContextType>;
};

export type CommentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Comment'] = ResolversParentTypes['Comment']> = {
  author?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  edited?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mentions?: Resolver<Array<ResolversTypes['Member']>, ParentType, ContextType>;
  threadId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CommentAnchorResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CommentAnchor'] = ResolversParentTypes['CommentAnchor']> = {
  currentText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  end?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quote?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CommentThreadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CommentThread'] = ResolversParentTypes['CommentThread']> = {
  anchor?: Resolver<Maybe<ResolversTypes['CommentAnchor']>, ParentType, ContextType>;
  comments?: Resolver<Array<ResolversTypes['Comment']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paper?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType>;
  resolved?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  resolvedBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
};

export type CommentThreadConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CommentThreadConnection'] = ResolversParentTypes['CommentThreadConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CommentThreadEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CommentThreadEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CommentThreadEdge'] = ResolversParentTypes['CommentThreadEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['CommentThread'], ParentType, ContextType>;
};

export type CommunityDifferenceResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CommunityDifference'] = ResolversParentTypes['CommunityDifference']> = {
  confidence?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  difference?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  diplomacyMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  high?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  low?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  scienceMean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ComparisonBlockResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ComparisonBlock'] = ResolversParentTypes['ComparisonBlock']> = {
  level?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  runs?: Resolver<Array<ResolversTypes['ComparisonRun']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ComparisonRunResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ComparisonRun'] = ResolversParentTypes['ComparisonRun']> = {
  author?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  change?: Resolver<ResolversTypes['ComparisonChange'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DiplomacyTypeResultsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DiplomacyTypeResults'] = ResolversParentTypes['DiplomacyTypeResults']> = {
  byCommunity?: Resolver<Array<ResolversTypes['ResultCell']>, ParentType, ContextType>;
  difference?: Resolver<Maybe<ResolversTypes['CommunityDifference']>, ParentType, ContextType>;
  diplomacyType?: Resolver<ResolversTypes['DiplomacyType'], ParentType, ContextType>;
  overall?: Resolver<ResolversTypes['ResultCell'], ParentType, ContextType>;
  questions?: Resolver<Array<ResolversTypes['SurveyQuestion']>, ParentType, ContextType>;
};

export type DistributionEntryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DistributionEntry'] = ResolversParentTypes['DistributionEntry']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  meanRank?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EndorsementResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Endorsement'] = ResolversParentTypes['Endorsement']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  member?: Resolver<ResolversTypes['Member'], ParentType, ContextType>;
  organisation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paper?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType>;
  statement?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type EndorsementConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['EndorsementConnection'] = ResolversParentTypes['EndorsementConnection']> = {
  edges?: Resolver<Array<ResolversTypes['EndorsementEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type EndorsementEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['EndorsementEdge'] = ResolversParentTypes['EndorsementEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Endorsement'], ParentType, ContextType>;
};

export type EvidenceCitationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['EvidenceCitation'] = ResolversParentTypes['EvidenceCitation']> = {
  citedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  citedBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mode?: Resolver<ResolversTypes['CitationMode'], ParentType, ContextType>;
  question?: Resolver<ResolversTypes['SurveyQuestion'], ParentType, ContextType>;
  results?: Resolver<Maybe<ResolversTypes['QuestionResults']>, ParentType, ContextType>;
  survey?: Resolver<Maybe<ResolversTypes['Survey']>, ParentType, ContextType>;
};

export type InboxStateResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['InboxState'] = ResolversParentTypes['InboxState']> = {
  unreadCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InvitationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Invitation'] = ResolversParentTypes['Invitation']> = {
  acceptedBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  groupRole?: Resolver<Maybe<ResolversTypes['WorkingGroupRole']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invitedBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  invitee?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inviteeKind?: Resolver<ResolversTypes['InviteeKind'], ParentType, ContextType>;
  paperRole?: Resolver<Maybe<ResolversTypes['PaperRole']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InvitationStatus'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['InvitationTarget'], ParentType, ContextType>;
  targetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  targetName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JoinRequestResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['JoinRequest'] = ResolversParentTypes['JoinRequest']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  decidedBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  member?: Resolver<ResolversTypes['Member'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JoinRequestStatus'], ParentType, ContextType>;
  workingGroup?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType>;
};

export type MemberResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Member'] = ResolversParentTypes['Member']> = {
  affiliation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  community?: Resolver<Maybe<ResolversTypes['Community']>, ParentType, ContextType>;
  country?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expertise?: Resolver<Array<ResolversTypes['Topic']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  platformRole?: Resolver<ResolversTypes['PlatformRole'], ParentType, ContextType>;
  workingGroups?: Resolver<Array<ResolversTypes['WorkingGroupMembership']>, ParentType, ContextType>;
};

export type MemberConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MemberConnection'] = ResolversParentTypes['MemberConnection']> = {
  edges?: Resolver<Array<ResolversTypes['MemberEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type MemberEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MemberEdge'] = ResolversParentTypes['MemberEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Member'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  acceptInvitation?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationAcceptInvitationArgs, 'id'>>;
  addCollaborator?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationAddCollaboratorArgs, 'input'>>;
  addComment?: Resolver<ResolversTypes['CommentThread'], ParentType, ContextType, RequireFields<MutationAddCommentArgs, 'input'>>;
  addWorkingGroupMember?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType, RequireFields<MutationAddWorkingGroupMemberArgs, 'input'>>;
  archiveSurvey?: Resolver<ResolversTypes['Survey'], ParentType, ContextType, RequireFields<MutationArchiveSurveyArgs, 'id'>>;
  changeCollaboratorRole?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationChangeCollaboratorRoleArgs, 'input'>>;
  changePaperStatus?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationChangePaperStatusArgs, 'input'>>;
  changeWorkingGroupMemberRole?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType, RequireFields<MutationChangeWorkingGroupMemberRoleArgs, 'input'>>;
  citeSurveyResult?: Resolver<ResolversTypes['EvidenceCitation'], ParentType, ContextType, RequireFields<MutationCiteSurveyResultArgs, 'mode' | 'paperId' | 'questionId' | 'surveyId'>>;
  closeSurvey?: Resolver<ResolversTypes['Survey'], ParentType, ContextType, RequireFields<MutationCloseSurveyArgs, 'id'>>;
  createPaper?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationCreatePaperArgs, 'input'>>;
  createSurvey?: Resolver<ResolversTypes['Survey'], ParentType, ContextType, RequireFields<MutationCreateSurveyArgs, 'input'>>;
  createVersion?: Resolver<ResolversTypes['PaperVersion'], ParentType, ContextType, RequireFields<MutationCreateVersionArgs, 'input'>>;
  createWorkingGroup?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType, RequireFields<MutationCreateWorkingGroupArgs, 'input'>>;
  decideJoinRequest?: Resolver<ResolversTypes['JoinRequest'], ParentType, ContextType, RequireFields<MutationDecideJoinRequestArgs, 'input'>>;
  editComment?: Resolver<ResolversTypes['Comment'], ParentType, ContextType, RequireFields<MutationEditCommentArgs, 'input'>>;
  endorsePaper?: Resolver<ResolversTypes['Endorsement'], ParentType, ContextType, RequireFields<MutationEndorsePaperArgs, 'input'>>;
  exportPaper?: Resolver<ResolversTypes['PaperExport'], ParentType, ContextType, RequireFields<MutationExportPaperArgs, 'format' | 'includeComments' | 'paperId'>>;
  inviteCollaborator?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationInviteCollaboratorArgs, 'input'>>;
  inviteGroupMember?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationInviteGroupMemberArgs, 'input'>>;
  markAllNotificationsRead?: Resolver<ResolversTypes['InboxState'], ParentType, ContextType>;
  markNotificationsRead?: Resolver<ResolversTypes['InboxState'], ParentType, ContextType, RequireFields<MutationMarkNotificationsReadArgs, 'ids'>>;
  openSurvey?: Resolver<ResolversTypes['Survey'], ParentType, ContextType, RequireFields<MutationOpenSurveyArgs, 'id'>>;
  removeCollaborator?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationRemoveCollaboratorArgs, 'input'>>;
  removeEvidenceCitation?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemoveEvidenceCitationArgs, 'id'>>;
  removeWorkingGroupMember?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType, RequireFields<MutationRemoveWorkingGroupMemberArgs, 'input'>>;
  reopenCommentThread?: Resolver<ResolversTypes['CommentThread'], ParentType, ContextType, RequireFields<MutationReopenCommentThreadArgs, 'threadId'>>;
  replyToComment?: Resolver<ResolversTypes['CommentThread'], ParentType, ContextType, RequireFields<MutationReplyToCommentArgs, 'input'>>;
  requestEndorsement?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationRequestEndorsementArgs, 'input'>>;
  requestToJoinGroup?: Resolver<ResolversTypes['JoinRequest'], ParentType, ContextType, RequireFields<MutationRequestToJoinGroupArgs, 'input'>>;
  resolveCommentThread?: Resolver<ResolversTypes['CommentThread'], ParentType, ContextType, RequireFields<MutationResolveCommentThreadArgs, 'threadId'>>;
  respondToSurvey?: Resolver<ResolversTypes['SurveyResponse'], ParentType, ContextType, RequireFields<MutationRespondToSurveyArgs, 'answers' | 'surveyId'>>;
  restoreVersion?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationRestoreVersionArgs, 'versionId'>>;
  revokeInvitation?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationRevokeInvitationArgs, 'id'>>;
  updateMe?: Resolver<ResolversTypes['Member'], ParentType, ContextType, RequireFields<MutationUpdateMeArgs, 'input'>>;
  updatePaper?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationUpdatePaperArgs, 'input'>>;
  updateSurvey?: Resolver<ResolversTypes['Survey'], ParentType, ContextType, RequireFields<MutationUpdateSurveyArgs, 'expectedVersion' | 'id' | 'input'>>;
  updateWorkingGroup?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType, RequireFields<MutationUpdateWorkingGroupArgs, 'input'>>;
  withdrawEndorsement?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType, RequireFields<MutationWithdrawEndorsementArgs, 'paperId'>>;
  withdrawJoinRequest?: Resolver<ResolversTypes['JoinRequest'], ParentType, ContextType, RequireFields<MutationWithdrawJoinRequestArgs, 'id'>>;
};

export type NotificationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Notification'] = ResolversParentTypes['Notification']> = {
  actor?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  excerpt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fromStatus?: Resolver<Maybe<ResolversTypes['PaperStatus']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invitation?: Resolver<Maybe<ResolversTypes['Invitation']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['NotificationKind'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  paper?: Resolver<Maybe<ResolversTypes['PositionPaper']>, ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  readAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  threadId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  toStatus?: Resolver<Maybe<ResolversTypes['PaperStatus']>, ParentType, ContextType>;
};

export type NotificationConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['NotificationConnection'] = ResolversParentTypes['NotificationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NotificationEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type NotificationEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['NotificationEdge'] = ResolversParentTypes['NotificationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Notification'], ParentType, ContextType>;
};

export type OutlineHeadingResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['OutlineHeading'] = ResolversParentTypes['OutlineHeading']> = {
  level?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PaperContentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PaperContent'] = ResolversParentTypes['PaperContent']> = {
  lastEditedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  markdown?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outline?: Resolver<Array<ResolversTypes['OutlineHeading']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  wordCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PaperExportResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PaperExport'] = ResolversParentTypes['PaperExport']> = {
  bytes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  contentType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  filename?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PaperPermissionsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PaperPermissions'] = ResolversParentTypes['PaperPermissions']> = {
  changeStatus?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  comment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createVersion?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  editMetadata?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  editText?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  endorse?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  manageCollaborators?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  resolveComment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  restoreVersion?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  suggest?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PaperVersionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PaperVersion'] = ResolversParentTypes['PaperVersion']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  markdown?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paper?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PaperVersionConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PaperVersionConnection'] = ResolversParentTypes['PaperVersionConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PaperVersionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PaperVersionEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PaperVersionEdge'] = ResolversParentTypes['PaperVersionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['PaperVersion'], ParentType, ContextType>;
};

export type PositionPaperResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PositionPaper'] = ResolversParentTypes['PositionPaper']> = {
  activity?: Resolver<ResolversTypes['ActivityEventConnection'], ParentType, ContextType, Partial<PositionPaperActivityArgs>>;
  allowedStatusTransitions?: Resolver<Array<ResolversTypes['PaperStatus']>, ParentType, ContextType>;
  collaborators?: Resolver<Array<ResolversTypes['Collaborator']>, ParentType, ContextType>;
  commentThreads?: Resolver<ResolversTypes['CommentThreadConnection'], ParentType, ContextType, Partial<PositionPaperCommentThreadsArgs>>;
  content?: Resolver<ResolversTypes['PaperContent'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  diplomacyTypes?: Resolver<Array<ResolversTypes['DiplomacyType']>, ParentType, ContextType>;
  endorsementCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  endorsements?: Resolver<ResolversTypes['EndorsementConnection'], ParentType, ContextType, Partial<PositionPaperEndorsementsArgs>>;
  evidence?: Resolver<Array<ResolversTypes['EvidenceCitation']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  publishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaperStatus'], ParentType, ContextType>;
  suggestions?: Resolver<Array<ResolversTypes['Suggestion']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topics?: Resolver<Array<ResolversTypes['Topic']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  versions?: Resolver<ResolversTypes['PaperVersionConnection'], ParentType, ContextType, Partial<PositionPaperVersionsArgs>>;
  viewerCan?: Resolver<ResolversTypes['PaperPermissions'], ParentType, ContextType>;
  viewerEndorsement?: Resolver<Maybe<ResolversTypes['Endorsement']>, ParentType, ContextType>;
  viewerRole?: Resolver<Maybe<ResolversTypes['PaperRole']>, ParentType, ContextType>;
  workingGroup?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType>;
};

export type PositionPaperConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PositionPaperConnection'] = ResolversParentTypes['PositionPaperConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PositionPaperEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PositionPaperEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PositionPaperEdge'] = ResolversParentTypes['PositionPaperEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['PositionPaper'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  compareVersions?: Resolver<ResolversTypes['VersionComparison'], ParentType, ContextType, RequireFields<QueryCompareVersionsArgs, 'from' | 'paperId'>>;
  coordinators?: Resolver<Array<ResolversTypes['Member']>, ParentType, ContextType>;
  inbox?: Resolver<ResolversTypes['NotificationConnection'], ParentType, ContextType, RequireFields<QueryInboxArgs, 'unreadOnly'>>;
  inboxState?: Resolver<ResolversTypes['InboxState'], ParentType, ContextType>;
  joinRequests?: Resolver<Array<ResolversTypes['JoinRequest']>, ParentType, ContextType, RequireFields<QueryJoinRequestsArgs, 'status' | 'workingGroupId'>>;
  me?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  member?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType, RequireFields<QueryMemberArgs, 'id'>>;
  members?: Resolver<ResolversTypes['MemberConnection'], ParentType, ContextType, Partial<QueryMembersArgs>>;
  myInvitations?: Resolver<Array<ResolversTypes['Invitation']>, ParentType, ContextType>;
  myJoinRequests?: Resolver<Array<ResolversTypes['JoinRequest']>, ParentType, ContextType>;
  paper?: Resolver<Maybe<ResolversTypes['PositionPaper']>, ParentType, ContextType, RequireFields<QueryPaperArgs, 'id'>>;
  paperInvitations?: Resolver<Array<ResolversTypes['Invitation']>, ParentType, ContextType, RequireFields<QueryPaperInvitationsArgs, 'includeClosed' | 'paperId'>>;
  papers?: Resolver<ResolversTypes['PositionPaperConnection'], ParentType, ContextType, Partial<QueryPapersArgs>>;
  survey?: Resolver<ResolversTypes['Survey'], ParentType, ContextType, RequireFields<QuerySurveyArgs, 'id'>>;
  surveyResults?: Resolver<ResolversTypes['SurveyResults'], ParentType, ContextType, RequireFields<QuerySurveyResultsArgs, 'id'>>;
  surveys?: Resolver<ResolversTypes['SurveyConnection'], ParentType, ContextType, Partial<QuerySurveysArgs>>;
  topic?: Resolver<Maybe<ResolversTypes['Topic']>, ParentType, ContextType, RequireFields<QueryTopicArgs, 'id'>>;
  topics?: Resolver<Array<ResolversTypes['Topic']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['PaperVersion']>, ParentType, ContextType, RequireFields<QueryVersionArgs, 'id'>>;
  workingGroup?: Resolver<Maybe<ResolversTypes['WorkingGroup']>, ParentType, ContextType, RequireFields<QueryWorkingGroupArgs, 'id'>>;
  workingGroupActivity?: Resolver<ResolversTypes['ActivityEventConnection'], ParentType, ContextType, RequireFields<QueryWorkingGroupActivityArgs, 'workingGroupId'>>;
  workingGroupInvitations?: Resolver<Array<ResolversTypes['Invitation']>, ParentType, ContextType, RequireFields<QueryWorkingGroupInvitationsArgs, 'includeClosed' | 'workingGroupId'>>;
  workingGroups?: Resolver<ResolversTypes['WorkingGroupConnection'], ParentType, ContextType, Partial<QueryWorkingGroupsArgs>>;
};

export type QuestionResultsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['QuestionResults'] = ResolversParentTypes['QuestionResults']> = {
  byCommunity?: Resolver<Array<ResolversTypes['ResultCell']>, ParentType, ContextType>;
  difference?: Resolver<Maybe<ResolversTypes['CommunityDifference']>, ParentType, ContextType>;
  overall?: Resolver<ResolversTypes['ResultCell'], ParentType, ContextType>;
  question?: Resolver<ResolversTypes['SurveyQuestion'], ParentType, ContextType>;
};

export type ResultCellResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ResultCell'] = ResolversParentTypes['ResultCell']> = {
  distribution?: Resolver<Array<ResolversTypes['DistributionEntry']>, ParentType, ContextType>;
  group?: Resolver<ResolversTypes['ResultGroup'], ParentType, ContextType>;
  mean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  median?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  respondents?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SuggestionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Suggestion'] = ResolversParentTypes['Suggestion']> = {
  author?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  authorName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SuggestionKind'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SurveyResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Survey'] = ResolversParentTypes['Survey']> = {
  anonymous?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  audience?: Resolver<ResolversTypes['SurveyAudience'], ParentType, ContextType>;
  audienceCommunities?: Resolver<Array<ResolversTypes['Community']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  closesAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  introduction?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  myResponse?: Resolver<Maybe<ResolversTypes['SurveyResponse']>, ParentType, ContextType>;
  openedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  opensAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  permissions?: Resolver<ResolversTypes['SurveyPermissions'], ParentType, ContextType>;
  questions?: Resolver<Array<ResolversTypes['SurveyQuestion']>, ParentType, ContextType>;
  responseCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  resultsVisibility?: Resolver<ResolversTypes['SurveyResultsVisibility'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SurveyStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  workingGroup?: Resolver<Maybe<ResolversTypes['WorkingGroup']>, ParentType, ContextType>;
};

export type SurveyAnswerResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SurveyAnswer'] = ResolversParentTypes['SurveyAnswer']> = {
  choices?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  questionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type SurveyConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SurveyConnection'] = ResolversParentTypes['SurveyConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SurveyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SurveyEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SurveyEdge'] = ResolversParentTypes['SurveyEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Survey'], ParentType, ContextType>;
};

export type SurveyPermissionsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SurveyPermissions'] = ResolversParentTypes['SurveyPermissions']> = {
  archive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  close?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  edit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  respond?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  viewResults?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SurveyQuestionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SurveyQuestion'] = ResolversParentTypes['SurveyQuestion']> = {
  diplomacyTypes?: Resolver<Array<ResolversTypes['DiplomacyType']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['QuestionKind'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  prompt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  scale?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  topics?: Resolver<Array<ResolversTypes['Topic']>, ParentType, ContextType>;
};

export type SurveyResponseResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SurveyResponse'] = ResolversParentTypes['SurveyResponse']> = {
  answers?: Resolver<Array<ResolversTypes['SurveyAnswer']>, ParentType, ContextType>;
  community?: Resolver<Maybe<ResolversTypes['Community']>, ParentType, ContextType>;
  submittedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type SurveyResultsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SurveyResults'] = ResolversParentTypes['SurveyResults']> = {
  csv?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  diplomacyTypes?: Resolver<Array<ResolversTypes['DiplomacyTypeResults']>, ParentType, ContextType>;
  minimumCellSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  questions?: Resolver<Array<ResolversTypes['QuestionResults']>, ParentType, ContextType>;
  survey?: Resolver<ResolversTypes['Survey'], ParentType, ContextType>;
};

export type TopicResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Topic'] = ResolversParentTypes['Topic']> = {
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type VersionComparisonResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['VersionComparison'] = ResolversParentTypes['VersionComparison']> = {
  authors?: Resolver<Array<ResolversTypes['AuthorChanges']>, ParentType, ContextType>;
  blocks?: Resolver<Array<ResolversTypes['ComparisonBlock']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['PaperVersion'], ParentType, ContextType>;
  to?: Resolver<Maybe<ResolversTypes['PaperVersion']>, ParentType, ContextType>;
};

export type WorkingGroupResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['WorkingGroup'] = ResolversParentTypes['WorkingGroup']> = {
  conveners?: Resolver<Array<ResolversTypes['Member']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['Member']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  memberships?: Resolver<Array<ResolversTypes['WorkingGroupMembership']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  papers?: Resolver<ResolversTypes['PositionPaperConnection'], ParentType, ContextType, Partial<WorkingGroupPapersArgs>>;
  topics?: Resolver<Array<ResolversTypes['Topic']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  viewerCanAdminister?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  viewerCanCreatePaper?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  viewerRole?: Resolver<Maybe<ResolversTypes['WorkingGroupRole']>, ParentType, ContextType>;
};

export type WorkingGroupConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['WorkingGroupConnection'] = ResolversParentTypes['WorkingGroupConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WorkingGroupEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type WorkingGroupEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['WorkingGroupEdge'] = ResolversParentTypes['WorkingGroupEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType>;
};

export type WorkingGroupMembershipResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['WorkingGroupMembership'] = ResolversParentTypes['WorkingGroupMembership']> = {
  addedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  member?: Resolver<ResolversTypes['Member'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['WorkingGroupRole'], ParentType, ContextType>;
  workingGroup?: Resolver<ResolversTypes['WorkingGroup'], ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  ActivityDetail?: ActivityDetailResolvers<ContextType>;
  ActivityEvent?: ActivityEventResolvers<ContextType>;
  ActivityEventConnection?: ActivityEventConnectionResolvers<ContextType>;
  ActivityEventEdge?: ActivityEventEdgeResolvers<ContextType>;
  AuthorChanges?: AuthorChangesResolvers<ContextType>;
  Collaborator?: CollaboratorResolvers<ContextType>;
  Comment?: CommentResolvers<ContextType>;
  CommentAnchor?: CommentAnchorResolvers<ContextType>;
  CommentThread?: CommentThreadResolvers<ContextType>;
  CommentThreadConnection?: CommentThreadConnectionResolvers<ContextType>;
  CommentThreadEdge?: CommentThreadEdgeResolvers<ContextType>;
  CommunityDifference?: CommunityDifferenceResolvers<ContextType>;
  ComparisonBlock?: ComparisonBlockResolvers<ContextType>;
  ComparisonRun?: ComparisonRunResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DiplomacyTypeResults?: DiplomacyTypeResultsResolvers<ContextType>;
  DistributionEntry?: DistributionEntryResolvers<ContextType>;
  Endorsement?: EndorsementResolvers<ContextType>;
  EndorsementConnection?: EndorsementConnectionResolvers<ContextType>;
  EndorsementEdge?: EndorsementEdgeResolvers<ContextType>;
  EvidenceCitation?: EvidenceCitationResolvers<ContextType>;
  InboxState?: InboxStateResolvers<ContextType>;
  Invitation?: InvitationResolvers<ContextType>;
  JoinRequest?: JoinRequestResolvers<ContextType>;
  Member?: MemberResolvers<ContextType>;
  MemberConnection?: MemberConnectionResolvers<ContextType>;
  MemberEdge?: MemberEdgeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationEdge?: NotificationEdgeResolvers<ContextType>;
  OutlineHeading?: OutlineHeadingResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PaperContent?: PaperContentResolvers<ContextType>;
  PaperExport?: PaperExportResolvers<ContextType>;
  PaperPermissions?: PaperPermissionsResolvers<ContextType>;
  PaperVersion?: PaperVersionResolvers<ContextType>;
  PaperVersionConnection?: PaperVersionConnectionResolvers<ContextType>;
  PaperVersionEdge?: PaperVersionEdgeResolvers<ContextType>;
  PositionPaper?: PositionPaperResolvers<ContextType>;
  PositionPaperConnection?: PositionPaperConnectionResolvers<ContextType>;
  PositionPaperEdge?: PositionPaperEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  QuestionResults?: QuestionResultsResolvers<ContextType>;
  ResultCell?: ResultCellResolvers<ContextType>;
  Suggestion?: SuggestionResolvers<ContextType>;
  Survey?: SurveyResolvers<ContextType>;
  SurveyAnswer?: SurveyAnswerResolvers<ContextType>;
  SurveyConnection?: SurveyConnectionResolvers<ContextType>;
  SurveyEdge?: SurveyEdgeResolvers<ContextType>;
  SurveyPermissions?: SurveyPermissionsResolvers<ContextType>;
  SurveyQuestion?: SurveyQuestionResolvers<ContextType>;
  SurveyResponse?: SurveyResponseResolvers<ContextType>;
  SurveyResults?: SurveyResultsResolvers<ContextType>;
  Topic?: TopicResolvers<ContextType>;
  VersionComparison?: VersionComparisonResolvers<ContextType>;
  WorkingGroup?: WorkingGroupResolvers<ContextType>;
  WorkingGroupConnection?: WorkingGroupConnectionResolvers<ContextType>;
  WorkingGroupEdge?: WorkingGroupEdgeResolvers<ContextType>;
  WorkingGroupMembership?: WorkingGroupMembershipResolvers<ContextType>;
};

