// Rows and columns of the SQLite store: what each entity looks like in its table, both ways, and
// the small conversions every port uses.
import {
  type ActivityEvent,
  badInput,
  type Collaborator,
  type Comment,
  type Endorsement,
  type Member,
  type PaperRole,
  type PaperStatus,
  type PaperVersion,
  type PlatformRole,
  type PositionPaper,
  type Topic,
  type WorkingGroup,
  type WorkingGroupMembership,
} from "@accord/domain";
import type { ConnectionRecord, LogEntry } from "@accord/storage";

export type Row = Record<string, unknown>;
export type Param = string | number | bigint | Buffer | null;

export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

export function plusMs(iso: string, ms: number): string {
  const base = Date.parse(iso);
  if (Number.isNaN(base) || !Number.isFinite(ms) || ms < 0) {
    throw badInput("now", "Compaction needs a valid `now` and a non-negative `retainMs`.");
  }
  return new Date(base + ms).toISOString();
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays; this view copies nothing. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain Uint8Array of its own, as the in-memory store returns. */
export function asBytes(value: unknown): Uint8Array {
  return new Uint8Array(value as Buffer);
}

export const text = (value: unknown) => value as string;
export const textOrNull = (value: unknown) => (value === null ? null : (value as string));

export function memberColumns(m: Member): Param[] {
  return [
    m.displayName,
    m.affiliation,
    m.country,
    m.community,
    JSON.stringify(m.expertiseTopicIds),
    m.platformRole,
    searchText(m.displayName, m.affiliation ?? ""),
  ];
}

export function groupColumns(g: WorkingGroup): Param[] {
  return [g.name, g.description, JSON.stringify(g.topicIds), g.version, g.updatedAt];
}

// Order matches the column lists of papers.create and papers.update (id excluded).
export function paperColumns(p: PositionPaper): Param[] {
  return [
    p.workingGroupId,
    p.title,
    p.summary,
    JSON.stringify(p.topicIds),
    JSON.stringify(p.diplomacyTypes),
    p.status,
    p.publishedAt,
    searchText(p.title, p.summary),
    p.version,
    p.updatedAt,
    p.createdBy,
    p.createdAt,
  ];
}

export function commentColumns(c: Comment): Param[] {
  return [
    c.paperId,
    c.threadId,
    c.authorId,
    c.body,
    c.anchor ? JSON.stringify(c.anchor) : null,
    c.resolved ? 1 : 0,
    c.resolvedBy,
    c.resolvedAt,
    c.version,
    c.createdAt,
    c.updatedAt,
  ];
}

/** Lower-cased in JavaScript (SQLite's lower() folds ASCII only); NUL keeps fields apart. */
export function searchText(...fields: string[]): string {
  return fields.map((f) => f.toLowerCase()).join("\u0000");
}

export function toMember(row: Row): Member {
  return {
    id: text(row.id),
    subject: text(row.subject),
    displayName: text(row.display_name),
    affiliation: textOrNull(row.affiliation),
    country: textOrNull(row.country),
    community: textOrNull(row.community) as Member["community"],
    expertiseTopicIds: JSON.parse(text(row.expertise_topic_ids)) as string[],
    platformRole: text(row.platform_role) as Member["platformRole"],
    version: Number(row.version),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
  };
}

export function toTopic(row: Row): Topic {
  return { id: text(row.id), name: text(row.name), description: text(row.description) };
}

export function toGroup(row: Row): WorkingGroup {
  return {
    id: text(row.id),
    name: text(row.name),
    description: text(row.description),
    topicIds: JSON.parse(text(row.topic_ids)) as string[],
    createdBy: text(row.created_by),
    version: Number(row.version),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
  };
}

export function toMembership(row: Row): WorkingGroupMembership {
  return {
    workingGroupId: text(row.working_group_id),
    memberId: text(row.member_id),
    role: text(row.role) as WorkingGroupMembership["role"],
    addedAt: text(row.added_at),
  };
}

export function toPaper(row: Row): PositionPaper {
  return {
    id: text(row.id),
    workingGroupId: text(row.working_group_id),
    title: text(row.title),
    summary: text(row.summary),
    topicIds: JSON.parse(text(row.topic_ids)) as string[],
    diplomacyTypes: JSON.parse(text(row.diplomacy_types)) as PositionPaper["diplomacyTypes"],
    status: text(row.status) as PositionPaper["status"],
    createdBy: text(row.created_by),
    publishedAt: textOrNull(row.published_at),
    version: Number(row.version),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
  };
}

export function toCollaborator(row: Row): Collaborator {
  return {
    paperId: text(row.paper_id),
    memberId: text(row.member_id),
    role: text(row.role) as PaperRole,
    addedBy: text(row.added_by),
    addedAt: text(row.added_at),
  };
}

export function toComment(row: Row): Comment {
  return {
    id: text(row.id),
    paperId: text(row.paper_id),
    threadId: text(row.thread_id),
    authorId: text(row.author_id),
    body: text(row.body),
    anchor: row.anchor === null ? null : (JSON.parse(text(row.anchor)) as Comment["anchor"]),
    resolved: Number(row.resolved) === 1,
    resolvedBy: textOrNull(row.resolved_by),
    resolvedAt: textOrNull(row.resolved_at),
    version: Number(row.version),
    createdAt: text(row.created_at),
    updatedAt: text(row.updated_at),
  };
}

export function toVersion(row: Row): PaperVersion {
  return {
    id: text(row.id),
    paperId: text(row.paper_id),
    name: text(row.name),
    createdBy: text(row.created_by),
    createdAt: text(row.created_at),
    snapshot: asBytes(row.snapshot),
  };
}

export function toEndorsement(row: Row): Endorsement {
  return {
    paperId: text(row.paper_id),
    memberId: text(row.member_id),
    organisation: text(row.organisation),
    statement: textOrNull(row.statement),
    createdAt: text(row.created_at),
  };
}

export function toActivity(row: Row): ActivityEvent {
  return {
    id: text(row.id),
    paperId: text(row.paper_id),
    actorId: text(row.actor_id),
    kind: text(row.kind) as ActivityEvent["kind"],
    detail: JSON.parse(text(row.detail)) as ActivityEvent["detail"],
    at: text(row.at),
  };
}

export function toLogEntry(row: Row): LogEntry {
  return {
    id: String(row.id),
    update: asBytes(row.update_data),
    memberId: textOrNull(row.member_id),
    at: text(row.at),
  };
}

export function toConnection(row: Row): ConnectionRecord {
  return {
    connectionId: text(row.connection_id),
    paperId: text(row.paper_id),
    memberId: text(row.member_id),
    platformRole: text(row.platform_role) as PlatformRole,
    role: textOrNull(row.role) as PaperRole | null,
    paperStatus: text(row.paper_status) as PaperStatus,
    connectedAt: text(row.connected_at),
    expiresAt: text(row.expires_at),
  };
}
