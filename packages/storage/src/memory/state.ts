// The state of the in-memory store, shared by its ports, and the helpers they share.
import {
  type ActivityEvent,
  type Collaborator,
  type Comment,
  conflict,
  DomainError,
  type Endorsement,
  type EvidenceCitation,
  type GroupActivityEvent,
  type InboxState,
  type Invitation,
  type JoinRequest,
  type Member,
  type Notification,
  notFound,
  type PaperVersion,
  type PositionPaper,
  type Survey,
  type SurveyResponse,
  type Topic,
  type WorkingGroup,
  type WorkingGroupMembership,
} from "@accord/domain";
import type { ConnectionRecord, LogEntry } from "../ports.ts";

export interface DocumentRecord {
  snapshot: Uint8Array | null;
  snapshotVersion: number;
  tail: LogEntry[];
  retired: { entry: LogEntry; expiresAt: string }[];
  nextSeq: number;
  /** Snapshot bytes plus the bytes of every tail entry. */
  bytes: number;
}

export interface ChunkedMessage {
  parts: Map<number, Uint8Array>;
  total: number;
  done: boolean;
}

/** Everything the store holds; rows keyed by id, or by `pair(...)` of their two ids. */
export interface MemoryState {
  members: Map<string, Member>;
  /** Identity-token subject → member id. */
  subjects: Map<string, string>;
  topics: Map<string, Topic>;
  groups: Map<string, WorkingGroup>;
  memberships: Map<string, WorkingGroupMembership>;
  papers: Map<string, PositionPaper>;
  collaborators: Map<string, Collaborator>;
  comments: Map<string, Comment>;
  versions: Map<string, PaperVersion>;
  endorsements: Map<string, Endorsement>;
  activity: ActivityEvent[];
  groupActivity: GroupActivityEvent[];
  invitations: Map<string, Invitation>;
  joinRequests: Map<string, JoinRequest>;
  surveys: Map<string, Survey>;
  /** Keyed by `pair(surveyId, respondentKey)`. */
  surveyResponses: Map<string, SurveyResponse>;
  citations: Map<string, EvidenceCitation>;
  notifications: Map<string, Notification>;
  /** Keyed by recipient id. */
  inboxes: Map<string, InboxState>;
  documents: Map<string, DocumentRecord>;
  attribution: Map<string, { data: Uint8Array; version: number }>;
  connections: Map<string, ConnectionRecord>;
  /** The rate window each connection last counted in, and its count there. */
  rates: Map<string, { window: number; count: number }>;
  chunks: Map<string, ChunkedMessage>;
}

export function emptyState(): MemoryState {
  return {
    members: new Map(),
    subjects: new Map(),
    topics: new Map(),
    groups: new Map(),
    memberships: new Map(),
    papers: new Map(),
    collaborators: new Map(),
    comments: new Map(),
    versions: new Map(),
    endorsements: new Map(),
    activity: [],
    groupActivity: [],
    invitations: new Map(),
    joinRequests: new Map(),
    surveys: new Map(),
    surveyResponses: new Map(),
    citations: new Map(),
    notifications: new Map(),
    inboxes: new Map(),
    documents: new Map(),
    attribution: new Map(),
    connections: new Map(),
    rates: new Map(),
    chunks: new Map(),
  };
}

/** Callers never share objects with the store: everything goes in and out as a copy. */
export const clone = <T>(value: T): T => structuredClone(value);

export const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The key of a row identified by two ids. */
export const pair = (a: string, b: string) => `${a}\u0000${b}`;

export const tooLarge = (paperId: string, maxBytes: number) =>
  new DomainError("PAYLOAD_TOO_LARGE", `The document would grow past ${maxBytes} bytes.`, {
    paperId,
    maxBytes,
  });

/** The optimistic-concurrency check of every `update(x)`: stored version is x.version - 1. */
export function conditional<T extends { version: number }>(
  stored: T | undefined,
  next: T,
  what: string,
  id: string,
): asserts stored is T {
  if (!stored) throw notFound(what, id);
  if (stored.version !== next.version - 1) {
    throw conflict(`The ${what} was changed by someone else; reload it and try again.`, { id });
  }
}

/** A paper's collaborators in list order (addedAt, then memberId). */
export function paperCollaborators(state: MemoryState, paperId: string): Collaborator[] {
  return [...state.collaborators.values()]
    .filter((c) => c.paperId === paperId)
    .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.memberId, b.memberId));
}
