// Builders for the entities the contract suite stores, and small assertion helpers.
import {
  type ActivityEvent,
  type Collaborator,
  type Comment,
  type Endorsement,
  type ErrorCode,
  isDomainError,
  type Member,
  type PaperRole,
  type PaperStatus,
  type PaperVersion,
  type PositionPaper,
  type WorkingGroup,
  type WorkingGroupMembership,
} from "@accord/domain";
import { expect } from "vitest";
import * as Y from "yjs";
import type { ConnectionRecord, DocumentState, Page, PageRequest, Store } from "../ports.ts";

/** Minute `n` after a fixed epoch, as the ISO string every port expects. */
export const at = (minute: number) =>
  new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();

/** Far enough ahead that no adapter's own TTL sweep (real clock) removes the record mid-test. */
export const FAR_FUTURE = "2999-01-01T00:00:00.000Z";

export function member(id: string, overrides: Partial<Member> = {}): Member {
  return {
    id,
    subject: `subject|${id}`,
    displayName: `Member ${id}`,
    affiliation: null,
    country: null,
    community: null,
    expertiseTopicIds: [],
    platformRole: "MEMBER",
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function group(id: string, overrides: Partial<WorkingGroup> = {}): WorkingGroup {
  return {
    id,
    name: `Working group ${id}`,
    description: "",
    topicIds: [],
    createdBy: "m-convener",
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function membership(
  workingGroupId: string,
  memberId: string,
  overrides: Partial<WorkingGroupMembership> = {},
): WorkingGroupMembership {
  return { workingGroupId, memberId, role: "MEMBER", addedAt: at(0), ...overrides };
}

export function paper(
  id: string,
  workingGroupId: string,
  overrides: Partial<PositionPaper> = {},
): PositionPaper {
  return {
    id,
    workingGroupId,
    title: `Position paper ${id}`,
    summary: "",
    topicIds: [],
    diplomacyTypes: [],
    status: "DRAFT",
    createdBy: "m-lead",
    publishedAt: null,
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function collaborator(
  paperId: string,
  memberId: string,
  role: PaperRole,
  overrides: Partial<Collaborator> = {},
): Collaborator {
  return { paperId, memberId, role, addedBy: "m-lead", addedAt: at(0), ...overrides };
}

export function comment(id: string, paperId: string, overrides: Partial<Comment> = {}): Comment {
  return {
    id,
    paperId,
    threadId: id,
    authorId: "m-lead",
    body: `Comment ${id}`,
    anchor: null,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function paperVersion(
  id: string,
  paperId: string,
  overrides: Partial<PaperVersion> = {},
): PaperVersion {
  return {
    id,
    paperId,
    name: `Version ${id}`,
    createdBy: "m-lead",
    createdAt: at(0),
    snapshot: Uint8Array.from([0, 0]),
    ...overrides,
  };
}

export function endorsement(
  paperId: string,
  memberId: string,
  overrides: Partial<Endorsement> = {},
): Endorsement {
  return {
    paperId,
    memberId,
    organisation: `Organisation of ${memberId}`,
    statement: null,
    createdAt: at(0),
    ...overrides,
  };
}

export function activityEvent(
  id: string,
  paperId: string,
  overrides: Partial<ActivityEvent> = {},
): ActivityEvent {
  return {
    id,
    paperId,
    actorId: "m-lead",
    kind: "METADATA_EDITED",
    detail: {},
    at: at(0),
    ...overrides,
  };
}

export function connection(
  connectionId: string,
  paperId: string,
  memberId: string,
  overrides: Partial<ConnectionRecord> = {},
): ConnectionRecord {
  return {
    connectionId,
    paperId,
    memberId,
    platformRole: "MEMBER",
    role: "EDITOR",
    paperStatus: "DRAFT",
    connectedAt: at(0),
    expiresAt: FAR_FUTURE,
    ...overrides,
  };
}

/** A working group and a paper in it, led by `leadId`: the parents most rows need. */
export async function seedPaper(
  store: Store,
  paperId: string,
  options: { groupId?: string; leadId?: string; paper?: Partial<PositionPaper> } = {},
): Promise<PositionPaper> {
  const groupId = options.groupId ?? `g-${paperId}`;
  const leadId = options.leadId ?? "m-lead";
  if (!(await store.workingGroups.get(groupId))) {
    await store.workingGroups.create(
      group(groupId),
      membership(groupId, leadId, { role: "CONVENER" }),
    );
  }
  const created = paper(paperId, groupId, { createdBy: leadId, ...options.paper });
  await store.papers.create(created, collaborator(paperId, leadId, "LEAD"));
  return created;
}

/**
 * A paper with its collaborators, for tests beyond the contract: the first LEAD of
 * `collaborators` leads it, the others are added with their roles, and every member (and
 * `extraMembers`) is created when missing, with `subjectOf(id)` as the token subject.
 */
export async function seedPaperWithCollaborators(
  store: Store,
  paperId: string,
  collaborators: Record<string, PaperRole>,
  options: {
    status?: PaperStatus;
    groupId?: string;
    extraMembers?: readonly string[];
    subjectOf?: (memberId: string) => string;
    platformRoles?: Record<string, Member["platformRole"]>;
  } = {},
): Promise<PositionPaper> {
  const subjectOf = options.subjectOf ?? ((id: string) => id);
  for (const id of [...Object.keys(collaborators), ...(options.extraMembers ?? [])]) {
    if (await store.members.get(id)) continue;
    const platformRole = options.platformRoles?.[id] ?? "MEMBER";
    await store.members.create(
      member(id, { subject: subjectOf(id), displayName: id, platformRole }),
    );
  }
  const lead = Object.entries(collaborators).find(([, role]) => role === "LEAD")?.[0];
  if (!lead) throw new Error("a paper needs a LEAD");
  const created = await seedPaper(store, paperId, {
    groupId: options.groupId ?? "wg",
    leadId: lead,
    paper: { status: options.status ?? "DRAFT", title: paperId },
  });
  for (const [memberId, role] of Object.entries(collaborators)) {
    if (memberId !== lead) await store.collaborators.add(collaborator(paperId, memberId, role));
  }
  return created;
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`);
    },
    (error: unknown) => error,
  );
}

export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await rejection(promise);
  if (!isDomainError(error)) {
    throw new Error(`expected a DomainError with code ${code}, got: ${String(error)}`, {
      cause: error,
    });
  }
  expect(error.code).toBe(code);
}

/** Run racing operations; returns the winners' values and checks every loser got `code`. */
export async function race<T>(
  operations: readonly Promise<T>[],
  code: ErrorCode = "CONFLICT",
): Promise<T[]> {
  const settled = await Promise.allSettled(operations);
  const winners: T[] = [];
  for (const outcome of settled) {
    if (outcome.status === "fulfilled") {
      winners.push(outcome.value);
    } else if (!isDomainError(outcome.reason) || outcome.reason.code !== code) {
      throw new Error(`a racing operation failed with something other than ${code}`, {
        cause: outcome.reason,
      });
    }
  }
  return winners;
}

export function expectBytes(actual: Uint8Array | null | undefined, expected: Uint8Array): void {
  expect(actual, "bytes").toBeInstanceOf(Uint8Array);
  const a = actual as Uint8Array;
  expect(a.byteLength).toBe(expected.byteLength);
  // Buffer.equals instead of a structural diff: documents run to megabytes.
  const same = Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength),
  );
  expect(same, "bytes differ").toBe(true);
}

/** Every page of a list, checking the page invariants on the way. */
export async function walk<T>(
  list: (page: PageRequest) => Promise<Page<T>>,
  first: number,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const page: Page<T> = await list({ first, after });
    expect(page.cursors).toHaveLength(page.items.length);
    all.push(...page.items);
    if (!page.hasNextPage) return all;
    expect(page.items, "a page before the last is full").toHaveLength(first);
    after = page.cursors.at(-1) ?? null;
  }
  throw new Error("pagination did not end");
}

/** A seeded generator (mulberry32), so generated content is the same on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function randomBytes(next: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
  return bytes;
}

export function randomText(next: () => number, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;\n0123456789éøß";
  const chars = new Array<string>(length);
  for (let i = 0; i < length; i++) chars[i] = alphabet[Math.floor(next() * alphabet.length)]!;
  return chars.join("");
}

/** A client's document whose every local change is captured as a Yjs update. */
export function editor() {
  const doc = new Y.Doc();
  const pending: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => pending.push(update));
  return {
    doc,
    text: doc.getText("body"),
    /** The updates made since the last call. */
    take: () => pending.splice(0),
  };
}

/** What a server does on load: snapshot, then every tail entry, into a fresh document. */
export function materialize(state: DocumentState): Y.Doc {
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  // Missing dependencies would leave structs pending: that is lost data, not a smaller document.
  expect(doc.store.pendingStructs, "updates waiting for missing ones").toBeNull();
  expect(doc.store.pendingDs, "deletions waiting for missing updates").toBeNull();
  return doc;
}

/** A compaction the way the collab core does it: load, merge through a Y.Doc, compact. */
export async function compactOnce(
  store: Store,
  paperId: string,
  options: { now: string; retainMs: number },
): Promise<{ snapshotVersion: number; merged: number }> {
  const state = await store.documents.load(paperId);
  const snapshot = Y.encodeStateAsUpdate(materialize(state));
  const result = await store.documents.compact(paperId, {
    expectedVersion: state.snapshotVersion,
    snapshot,
    mergedEntryIds: state.tail.map((e) => e.id),
    now: options.now,
    retainMs: options.retainMs,
  });
  return { ...result, merged: state.tail.length };
}
