// The storage ports of Accord. Every adapter (in-memory, SQLite, DynamoDB) implements all of
// them and passes the contract suite in ./testing. Failures are DomainErrors: NOT_FOUND for a
// missing row where the caller named it, CONFLICT for a broken invariant or a lost race,
// BAD_USER_INPUT for an invalid page request or cursor.
//
// Conventions every adapter follows:
// - Ids are opaque strings chosen by the caller (except log entry ids, chosen by the adapter).
// - Timestamps are `Date.prototype.toISOString()` strings (UTC, millisecond precision, `Z`), so
//   ordering and expiry compare them as plain strings.
// - Sort orders on strings are binary, not locale collations (UTF-16 code-unit order and UTF-8
//   byte order agree except between U+E000..U+FFFF and code points above U+FFFF).
// - Adapters may refuse with NOT_FOUND a row whose parent paper or working group does not exist
//   (SQLite enforces foreign keys); callers create the parent first.
//
// Time to live (TTL). Records with an expiry (`expiresAt`, or the retention of retired log
// entries) are *expired* once `expiresAt <= now`, i.e. they are live while `now < expiresAt`.
// - Reads that take a `now` (ConnectionStore.listByPaper) never return expired records.
// - Physical removal happens at some time at or after expiry, by the adapter's own sweep
//   (DynamoDB TTL, which may lag by days; the SQLite adapter's clock) or by an explicit
//   `DocumentStore.purgeExpired(now)`. Until then, reads without a `now` (ConnectionStore.get)
//   may still return an expired record: callers compare `expiresAt` themselves.
// - No sweep removes a record before it expires (explicit removals are another matter).
import type {
  ActivityEvent,
  Collaborator,
  Comment,
  DiplomacyType,
  Endorsement,
  EvidenceCitation,
  GroupActivityEvent,
  InboxState,
  Invitation,
  InvitationTarget,
  InviteeKind,
  JoinRequest,
  Member,
  Notification,
  PaperRole,
  PaperStatus,
  PaperVersion,
  PlatformRole,
  PositionPaper,
  Survey,
  SurveyResponse,
  Topic,
  WorkingGroup,
  WorkingGroupMembership,
  WorkingGroupRole,
} from "@accord/domain";

/**
 * Forward keyset pagination. `after` is an opaque cursor that the same adapter produced for the
 * same list; it names a position in the order, not a row, so it stays valid after inserts and
 * deletes (the next page starts after that position). A malformed cursor is BAD_USER_INPUT.
 */
export interface PageRequest {
  /** A non-negative integer; BAD_USER_INPUT otherwise. */
  first: number;
  after?: string | null | undefined;
}

/** `items` holds min(first, items left after `after`); `hasNextPage` is exact. */
export interface Page<T> {
  items: T[];
  /** Cursor of each item, same order as `items`. */
  cursors: string[];
  hasNextPage: boolean;
}

export interface MemberStore {
  get(id: string): Promise<Member | null>;
  /**
   * Batch read for DataLoader; result order follows `ids`, null where missing. Every getMany
   * accepts repeated ids and an empty list.
   */
  getMany(ids: readonly string[]): Promise<(Member | null)[]>;
  getBySubject(subject: string): Promise<Member | null>;
  /** CONFLICT when the id or the subject is taken. */
  create(member: Member): Promise<void>;
  /**
   * Write `member` if the stored version is `member.version - 1`; CONFLICT otherwise, NOT_FOUND
   * when there is no such member. The subject never changes: the stored one is kept.
   */
  update(member: Member): Promise<void>;
  /** Ordered by display name, then id. `search` matches display name or affiliation, any case. */
  list(filter: { search?: string | undefined }, page: PageRequest): Promise<Page<Member>>;
}

export interface TopicStore {
  /** Insert or replace (seed data is loaded at start). */
  upsertMany(topics: readonly Topic[]): Promise<void>;
  /** Ordered by name, then id. */
  list(): Promise<Topic[]>;
  getMany(ids: readonly string[]): Promise<(Topic | null)[]>;
}

export interface WorkingGroupStore {
  get(id: string): Promise<WorkingGroup | null>;
  getMany(ids: readonly string[]): Promise<(WorkingGroup | null)[]>;
  /**
   * Creates the group and its first convener atomically. CONFLICT when the id is taken;
   * BAD_USER_INPUT when `convener` is a membership of another group.
   */
  create(group: WorkingGroup, convener: WorkingGroupMembership): Promise<void>;
  /** Conditional on `group.version - 1`; CONFLICT otherwise, NOT_FOUND when there is none. */
  update(group: WorkingGroup): Promise<void>;
  /** Ordered by name, then id. */
  list(page: PageRequest): Promise<Page<WorkingGroup>>;
  /** CONFLICT when the member is already in the group (a member is in a group once). */
  addMembership(membership: WorkingGroupMembership): Promise<void>;
  /** Changes the role of an existing membership; NOT_FOUND when there is none. */
  setMembershipRole(groupId: string, memberId: string, role: WorkingGroupRole): Promise<void>;
  /** NOT_FOUND when there is none. */
  removeMembership(groupId: string, memberId: string): Promise<void>;
  getMembership(groupId: string, memberId: string): Promise<WorkingGroupMembership | null>;
  /** Ordered by addedAt, then memberId. */
  listMemberships(groupId: string): Promise<WorkingGroupMembership[]>;
  /** Ordered by addedAt, then workingGroupId. */
  listGroupsOfMember(memberId: string): Promise<WorkingGroupMembership[]>;
}

export interface PaperFilter {
  workingGroupId?: string | undefined;
  topicId?: string | undefined;
  status?: PaperStatus | undefined;
  diplomacyType?: DiplomacyType | undefined;
  /** Only papers on which this member is a collaborator. */
  collaboratorId?: string | undefined;
  /** Case-insensitive substring of title or summary. */
  search?: string | undefined;
  /**
   * Visibility: only papers that are PUBLISHED or on which this member collaborates.
   * Unset means no visibility restriction (coordinators, internal use).
   */
  visibleTo?: string | undefined;
}

export interface PaperStore {
  get(id: string): Promise<PositionPaper | null>;
  getMany(ids: readonly string[]): Promise<(PositionPaper | null)[]>;
  /**
   * Creates the paper with its first LEAD atomically. CONFLICT when the id is taken (and then
   * `lead` is not added); BAD_USER_INPUT when `lead.role` is not LEAD or `lead.paperId` is not
   * `paper.id`.
   */
  create(paper: PositionPaper, lead: Collaborator): Promise<void>;
  /**
   * Conditional on `paper.version - 1` (and so on the status the caller read); CONFLICT otherwise,
   * NOT_FOUND when there is none.
   */
  update(paper: PositionPaper): Promise<void>;
  /** Newest first (createdAt desc, then id desc). Filters combine with AND; "" means unset. */
  list(filter: PaperFilter, page: PageRequest): Promise<Page<PositionPaper>>;
}

export interface CollaboratorStore {
  get(paperId: string, memberId: string): Promise<Collaborator | null>;
  /** Ordered by addedAt, then memberId. */
  listByPaper(paperId: string): Promise<Collaborator[]>;
  /** Batch read for DataLoader; result order follows `paperIds` ([] for an unknown paper). */
  listByPapers(paperIds: readonly string[]): Promise<Collaborator[][]>;
  /** CONFLICT when already a collaborator. */
  add(collaborator: Collaborator): Promise<void>;
  /**
   * Change a role. CONFLICT when this would leave the paper without a LEAD; NOT_FOUND when the
   * member is not a collaborator.
   */
  setRole(paperId: string, memberId: string, role: PaperRole): Promise<Collaborator>;
  /** CONFLICT when this would remove the last LEAD; NOT_FOUND when not a collaborator. */
  remove(paperId: string, memberId: string): Promise<void>;
}

export interface CommentStore {
  get(id: string): Promise<Comment | null>;
  /** CONFLICT when the id is taken. */
  create(comment: Comment): Promise<void>;
  /** Conditional on `comment.version - 1`; CONFLICT otherwise, NOT_FOUND when there is none. */
  update(comment: Comment): Promise<void>;
  /** Every comment of a paper, oldest first (createdAt, then id). */
  listByPaper(paperId: string): Promise<Comment[]>;
}

export interface VersionStore {
  get(id: string): Promise<PaperVersion | null>;
  /** CONFLICT when the id is taken. */
  create(version: PaperVersion): Promise<void>;
  /** Newest first (createdAt desc, then id desc); `snapshot` is included. */
  listByPaper(paperId: string, page: PageRequest): Promise<Page<PaperVersion>>;
}

export interface EndorsementStore {
  get(paperId: string, memberId: string): Promise<Endorsement | null>;
  /** CONFLICT when this member already endorsed this paper. */
  create(endorsement: Endorsement): Promise<void>;
  /** NOT_FOUND when there is none. */
  remove(paperId: string, memberId: string): Promise<void>;
  /** Oldest first (createdAt, then memberId). */
  listByPaper(paperId: string, page: PageRequest): Promise<Page<Endorsement>>;
  count(paperId: string): Promise<number>;
}

export interface ActivityStore {
  /** `event.id` is new (caller generated); it is not checked. */
  append(event: ActivityEvent): Promise<void>;
  /** Newest first (at desc, then id desc). */
  listByPaper(paperId: string, page: PageRequest): Promise<Page<ActivityEvent>>;
  /**
   * Insert `event`, or replace the stored event with its id (an event that grows after it is
   * first written, such as an editing session). Paper, id and `at` of a replaced event must be
   * the stored ones; the actor, kind and detail are replaced.
   */
  upsert(event: ActivityEvent): Promise<void>;
  /** A working group's own feed; `event.id` is new and not checked. */
  appendForGroup(event: GroupActivityEvent): Promise<void>;
  /** Newest first (at desc, then id desc). */
  listByGroup(workingGroupId: string, page: PageRequest): Promise<Page<GroupActivityEvent>>;
}

/**
 * Invitations to a paper or a working group. At most one invitation per target and invitee is
 * open at a time: open means stored PENDING with `now < expiresAt`.
 */
export interface InvitationStore {
  get(id: string): Promise<Invitation | null>;
  /**
   * CONFLICT when the id is taken, or when an invitation to the same target for the same invitee
   * is still open at `invitation.createdAt` (an expired one does not block a new one).
   */
  create(invitation: Invitation): Promise<void>;
  /**
   * Write `invitation` (its status, acceptedBy, closedAt, expiresAt) if the stored version is
   * `invitation.version - 1`; CONFLICT otherwise, NOT_FOUND when there is none. Target, invitee,
   * inviter and createdAt never change: the stored ones are kept.
   */
  update(invitation: Invitation): Promise<void>;
  /** Every invitation to one paper or group, oldest first (createdAt, then id). */
  listByTarget(target: InvitationTarget, targetId: string): Promise<Invitation[]>;
  /** Every invitation naming this (normalised) invitee, oldest first (createdAt, then id). */
  listByInvitee(kind: InviteeKind, invitee: string): Promise<Invitation[]>;
}

/** Requests to join a working group. A member has at most one PENDING request per group. */
export interface JoinRequestStore {
  get(id: string): Promise<JoinRequest | null>;
  /** CONFLICT when the id is taken or this member already has a PENDING request to the group. */
  create(request: JoinRequest): Promise<void>;
  /**
   * Write `request` (status, decidedBy, decidedAt) if the stored version is `request.version - 1`;
   * CONFLICT otherwise, NOT_FOUND when there is none. Group, member and message never change.
   */
  update(request: JoinRequest): Promise<void>;
  /** Every request to a group, oldest first (createdAt, then id). */
  listByGroup(workingGroupId: string): Promise<JoinRequest[]>;
  /** Every request of a member, oldest first (createdAt, then id). */
  listByMember(memberId: string): Promise<JoinRequest[]>;
}

/** Perception surveys. A platform has few (tens to hundreds), so they are listed whole. */
export interface SurveyStore {
  get(id: string): Promise<Survey | null>;
  getMany(ids: readonly string[]): Promise<(Survey | null)[]>;
  /** CONFLICT when the id is taken. */
  create(survey: Survey): Promise<void>;
  /**
   * Conditional on `survey.version - 1`; CONFLICT otherwise, NOT_FOUND when there is none.
   * Owner (workingGroupId), createdBy, createdAt and pseudonymKey never change: the stored
   * ones are kept.
   */
  update(survey: Survey): Promise<void>;
  /** Every survey, newest first (createdAt desc, then id desc). */
  list(): Promise<Survey[]>;
}

/**
 * Responses to surveys: one per survey and respondent key (a member id, or the member's
 * per-survey pseudonym in an anonymous survey).
 */
export interface SurveyResponseStore {
  get(surveyId: string, respondentKey: string): Promise<SurveyResponse | null>;
  /**
   * `response.version` 1 creates it (CONFLICT when this respondent already has one); a later
   * version replaces it if the stored version is `response.version - 1` (CONFLICT otherwise,
   * NOT_FOUND when there is none). surveyId, respondentKey, memberId and createdAt are kept.
   */
  put(response: SurveyResponse): Promise<void>;
  /** Every response of a survey (for results), ordered by respondent key. */
  listBySurvey(surveyId: string): Promise<SurveyResponse[]>;
  count(surveyId: string): Promise<number>;
}

/** Survey results cited in papers as evidence. */
export interface EvidenceCitationStore {
  get(id: string): Promise<EvidenceCitation | null>;
  /** CONFLICT when the id is taken. */
  create(citation: EvidenceCitation): Promise<void>;
  /** NOT_FOUND when there is none. */
  remove(id: string): Promise<void>;
  /** A paper's citations, oldest first (citedAt, then id). */
  listByPaper(paperId: string): Promise<EvidenceCitation[]>;
}

/**
 * Members' inboxes. With each write the adapter keeps, atomically, the recipient's inbox state:
 * the unread count, and a version that grows with every change (a notification added, one marked
 * read) and only then. Reading the state is one cheap request, whatever the inbox holds.
 */
export interface NotificationStore {
  /**
   * Add a notification to its recipient's inbox, unread when `readAt` is null. CONFLICT when the
   * id is taken (nothing changes then).
   */
  add(notification: Notification): Promise<void>;
  /**
   * A member's notifications, newest first (createdAt desc, then id desc); with `unreadOnly`,
   * only those not yet read.
   */
  listByRecipient(
    recipientId: string,
    filter: { unreadOnly?: boolean | undefined },
    page: PageRequest,
  ): Promise<Page<Notification>>;
  /**
   * Mark read, at `at`, those of `ids` that are in this member's inbox and unread; ids that are
   * unknown, read already or someone else's are ignored. Returns the state afterwards.
   */
  markRead(recipientId: string, ids: readonly string[], at: string): Promise<InboxState>;
  /** Mark every unread notification of the member read, at `at`; the state afterwards. */
  markAllRead(recipientId: string, at: string): Promise<InboxState>;
  /** `{ unread: 0, version: 0 }` for a member who never had a notification. */
  state(recipientId: string): Promise<InboxState>;
}

/** One accepted Yjs update in a paper's append-only log. */
export interface LogEntry {
  /** Adapter-assigned, unique within the paper. Order carries no meaning for Yjs. */
  id: string;
  update: Uint8Array;
  /** Who made the edit (null for server-made edits such as a version restore). */
  memberId: string | null;
  at: string;
}

export interface DocumentState {
  /** The compacted snapshot (a Yjs update), or null before the first compaction. */
  snapshot: Uint8Array | null;
  /** Version of the snapshot; 0 when there is none. Compaction is conditional on it. */
  snapshotVersion: number;
  /** Log entries not yet merged into the snapshot. */
  tail: LogEntry[];
}

export interface DocumentStore {
  /**
   * Durable before it resolves (survives a crash or a reopen). Returns the stored entry.
   *
   * The adapter keeps a running byte count of the paper's document (snapshot bytes + the bytes
   * of every tail entry), updated atomically with the append and by `compact`; no append reads
   * the document. With `maxBytes`, the append is refused (PAYLOAD_TOO_LARGE, nothing stored)
   * when the running count plus `update.length` would exceed it.
   */
  append(
    paperId: string,
    update: Uint8Array,
    origin: { memberId: string | null; at: string },
    options?: { maxBytes?: number | undefined },
  ): Promise<LogEntry>;
  /**
   * Snapshot and tail as of one moment (never a snapshot from before a compaction with a tail
   * from after it). An unknown paper has `{ snapshot: null, snapshotVersion: 0, tail: [] }`.
   * The tail's order is unspecified.
   */
  load(paperId: string): Promise<DocumentState>;
  /**
   * Replace the snapshot with `snapshot` (which must contain the old snapshot and every entry in
   * `mergedEntryIds`) if the stored snapshot version is still `expectedVersion`, then retire those
   * entries: they leave the tail at once and expire at `now + retainMs` (see TTL above).
   * CONFLICT when another compaction won. Entries appended meanwhile stay in the tail; ids not in
   * the tail are ignored. The new snapshot version is greater than `expectedVersion`; the first
   * compaction of a paper expects 0. The running byte count becomes the new snapshot's bytes plus
   * the bytes of the entries left in the tail.
   */
  compact(
    paperId: string,
    input: {
      expectedVersion: number;
      snapshot: Uint8Array;
      mergedEntryIds: readonly string[];
      now: string;
      retainMs: number;
    },
  ): Promise<{ snapshotVersion: number }>;
  /** Number of tail entries (cheap; used to decide when to compact). */
  tailLength(paperId: string): Promise<number>;
  /** The running byte count `append` checks (0 for an unknown paper); cheap, never a load. */
  size(paperId: string): Promise<number>;
  /**
   * Remove retired entries and old snapshot data expired by `now` (expiry <= now), for every
   * paper. Returns how many retired log entries it removed (snapshot parts are not counted).
   */
  purgeExpired(now: string): Promise<number>;
}

/** A paper's attribution map as stored: bytes the live-editing engine encodes, and a version. */
export interface StoredAttribution {
  data: Uint8Array;
  /** 1 for the first write, then one more for each. */
  version: number;
}

/**
 * Who wrote and who deleted what in each paper, as compaction folds log entries (and their
 * memberId) into the snapshot. Opaque bytes of any size; written read-modify-write.
 */
export interface AttributionStore {
  /** Null before the first write. */
  get(paperId: string): Promise<StoredAttribution | null>;
  /**
   * Write `data` if the stored version is still `expectedVersion` (0: nothing stored yet);
   * CONFLICT otherwise. Returns the new version (`expectedVersion + 1`).
   */
  put(paperId: string, data: Uint8Array, expectedVersion: number): Promise<{ version: number }>;
}

/** A live websocket connection (serverless host: API Gateway connection ids). */
export interface ConnectionRecord {
  connectionId: string;
  paperId: string;
  memberId: string;
  /** The platform role of the member when admitted (coordinators read any paper). */
  platformRole: PlatformRole;
  /**
   * Role on the paper; null for a reader who is not a collaborator (a published paper, a
   * coordinator), so that a later status change can tell them apart from a VIEWER.
   */
  role: PaperRole | null;
  /** The paper's status as last told (admission, then `setStatusForPaper`). */
  paperStatus: PaperStatus;
  connectedAt: string;
  /** When the record may be dropped even without $disconnect (TTL; live while now < expiresAt). */
  expiresAt: string;
}

/** What `arrive` answers: the record, and how many frames its window has counted so far. */
export interface Arrival {
  connection: ConnectionRecord;
  /** Frames counted in `window`, this one included (1 for the first). */
  framesInWindow: number;
}

export interface ConnectionStore {
  /** CONFLICT when the connection id is already registered. */
  put(connection: ConnectionRecord): Promise<void>;
  /** May return an expired record until it is physically removed (see TTL above). */
  get(connectionId: string): Promise<ConnectionRecord | null>;
  /**
   * Count one incoming frame in rate window `window` (an integer the caller derives from the
   * frame's arrival time) and return the record with the count, in ONE request: this is the only
   * storage call a live message makes on its connection. Counts of earlier windows are
   * forgotten. Null when the connection is not registered. Atomic however many run at once.
   */
  arrive(connectionId: string, window: number): Promise<Arrival | null>;
  /** Strongly consistent; excludes expired records (expiresAt <= now). Order unspecified. */
  listByPaper(paperId: string, now: string): Promise<ConnectionRecord[]>;
  /**
   * Set the role of every connection of this member on this paper; returns those whose role
   * changed, with the new role.
   */
  setRoleForMember(
    paperId: string,
    memberId: string,
    role: PaperRole | null,
  ): Promise<ConnectionRecord[]>;
  /** Set `paperStatus` on every connection of the paper; returns those that changed. */
  setStatusForPaper(paperId: string, status: PaperStatus): Promise<ConnectionRecord[]>;
  /** Idempotent. */
  remove(connectionId: string): Promise<void>;
}

/** Parts of a message that arrived split into chunks, kept until the message is whole. */
export interface ChunkStore {
  /**
   * Store one chunk of message `messageId` of a connection. When this chunk completes the
   * message, returns the whole message (chunks concatenated in index order), exactly once across
   * concurrent callers; otherwise null. A repeated chunk is harmless; chunks of a message that
   * already completed return null. BAD_USER_INPUT unless 0 <= index < total and every chunk of the
   * message gives the same total. A message's parts, and the record that it completed, may be
   * dropped once their `expiresAt` has passed; a chunk arriving after that may start afresh.
   *
   * Cost is O(message) over the whole message: a chunk's write does not read the other parts;
   * only the write that completes the message reads them (once).
   */
  put(chunk: {
    connectionId: string;
    messageId: string;
    index: number;
    total: number;
    data: Uint8Array;
    expiresAt: string;
  }): Promise<Uint8Array | null>;
}

/** Everything Accord stores, behind one object. */
export interface Store {
  members: MemberStore;
  topics: TopicStore;
  workingGroups: WorkingGroupStore;
  papers: PaperStore;
  collaborators: CollaboratorStore;
  comments: CommentStore;
  versions: VersionStore;
  endorsements: EndorsementStore;
  activity: ActivityStore;
  invitations: InvitationStore;
  joinRequests: JoinRequestStore;
  surveys: SurveyStore;
  surveyResponses: SurveyResponseStore;
  citations: EvidenceCitationStore;
  notifications: NotificationStore;
  documents: DocumentStore;
  attribution: AttributionStore;
  connections: ConnectionStore;
  chunks: ChunkStore;
  /** Release resources (close files, clients). Idempotent. */
  close(): Promise<void>;
}
