// The in-memory reference implementation of every port: the contract suite's first adapter,
// and the store for tests that do not care about durability.
import {
  type ActivityEvent,
  badInput,
  type Collaborator,
  type Comment,
  conflict,
  DomainError,
  type Endorsement,
  type Member,
  notFound,
  type PaperRole,
  type PaperVersion,
  type PositionPaper,
  type Topic,
  type WorkingGroup,
  type WorkingGroupMembership,
} from "@accord/domain";
import { checkChunk, concatChunks } from "./chunks.ts";
import { paginate } from "./paging.ts";
import type { ConnectionRecord, LogEntry, PaperFilter, Store } from "./ports.ts";

const clone = <T>(value: T): T => structuredClone(value);
const tooLarge = (paperId: string, maxBytes: number) =>
  new DomainError("PAYLOAD_TOO_LARGE", `The document would grow past ${maxBytes} bytes.`, {
    paperId,
    maxBytes,
  });
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface DocumentRecord {
  snapshot: Uint8Array | null;
  snapshotVersion: number;
  tail: LogEntry[];
  retired: { entry: LogEntry; expiresAt: string }[];
  nextSeq: number;
  /** Snapshot bytes plus the bytes of every tail entry. */
  bytes: number;
}

export function createMemoryStore(): Store {
  const members = new Map<string, Member>();
  const subjects = new Map<string, string>();
  const topics = new Map<string, Topic>();
  const groups = new Map<string, WorkingGroup>();
  const memberships = new Map<string, WorkingGroupMembership>();
  const papers = new Map<string, PositionPaper>();
  const collaborators = new Map<string, Collaborator>();
  const comments = new Map<string, Comment>();
  const versions = new Map<string, PaperVersion>();
  const endorsements = new Map<string, Endorsement>();
  const activity: ActivityEvent[] = [];
  const documents = new Map<string, DocumentRecord>();
  const connections = new Map<string, ConnectionRecord>();
  /** The rate window each connection last counted in, and its count there. */
  const rates = new Map<string, { window: number; count: number }>();
  const chunks = new Map<
    string,
    { parts: Map<number, Uint8Array>; total: number; done: boolean }
  >();

  const pair = (a: string, b: string) => `${a}\u0000${b}`;
  const conditional = <T extends { version: number }>(
    stored: T | undefined,
    next: T,
    what: string,
    id: string,
  ) => {
    if (!stored) throw notFound(what, id);
    if (stored.version !== next.version - 1) {
      throw conflict(`The ${what} was changed by someone else; reload it and try again.`, { id });
    }
  };
  const paperCollaborators = (paperId: string) =>
    [...collaborators.values()]
      .filter((c) => c.paperId === paperId)
      .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.memberId, b.memberId));
  const doc = (paperId: string): DocumentRecord => {
    let record = documents.get(paperId);
    if (!record) {
      record = {
        snapshot: null,
        snapshotVersion: 0,
        tail: [],
        retired: [],
        nextSeq: 1,
        bytes: 0,
      };
      documents.set(paperId, record);
    }
    return record;
  };

  const matchesPaper = (paper: PositionPaper, filter: PaperFilter) => {
    if (filter.workingGroupId && paper.workingGroupId !== filter.workingGroupId) return false;
    if (filter.topicId && !paper.topicIds.includes(filter.topicId)) return false;
    if (filter.status && paper.status !== filter.status) return false;
    if (filter.diplomacyType && !paper.diplomacyTypes.includes(filter.diplomacyType)) return false;
    if (filter.collaboratorId && !collaborators.has(pair(paper.id, filter.collaboratorId)))
      return false;
    if (
      filter.visibleTo &&
      paper.status !== "PUBLISHED" &&
      !collaborators.has(pair(paper.id, filter.visibleTo))
    ) {
      return false;
    }
    if (filter.search) {
      const needle = filter.search.toLowerCase();
      if (
        !paper.title.toLowerCase().includes(needle) &&
        !paper.summary.toLowerCase().includes(needle)
      ) {
        return false;
      }
    }
    return true;
  };

  return {
    members: {
      async get(id) {
        const m = members.get(id);
        return m ? clone(m) : null;
      },
      async getMany(ids) {
        return ids.map((id) => clone(members.get(id) ?? null));
      },
      async getBySubject(subject) {
        const id = subjects.get(subject);
        return id ? clone(members.get(id) ?? null) : null;
      },
      async create(member) {
        if (members.has(member.id)) throw conflict("A member with this id exists.");
        if (subjects.has(member.subject)) throw conflict("A member with this subject exists.");
        members.set(member.id, clone(member));
        subjects.set(member.subject, member.id);
      },
      async update(member) {
        const stored = members.get(member.id);
        conditional(stored, member, "member", member.id);
        members.set(member.id, clone({ ...member, subject: stored!.subject }));
      },
      async list(filter, page) {
        const needle = filter.search?.toLowerCase();
        const sorted = [...members.values()]
          .filter(
            (m) =>
              !needle ||
              m.displayName.toLowerCase().includes(needle) ||
              (m.affiliation ?? "").toLowerCase().includes(needle),
          )
          .sort((a, b) => byKey(a.displayName, b.displayName) || byKey(a.id, b.id));
        const result = paginate(sorted, (m) => [m.displayName, m.id], page);
        return { ...result, items: result.items.map(clone) };
      },
    },

    topics: {
      async upsertMany(list) {
        for (const t of list) topics.set(t.id, clone(t));
      },
      async list() {
        return [...topics.values()]
          .sort((a, b) => byKey(a.name, b.name) || byKey(a.id, b.id))
          .map(clone);
      },
      async getMany(ids) {
        return ids.map((id) => clone(topics.get(id) ?? null));
      },
    },

    workingGroups: {
      async get(id) {
        return clone(groups.get(id) ?? null);
      },
      async getMany(ids) {
        return ids.map((id) => clone(groups.get(id) ?? null));
      },
      async create(group, convener) {
        if (convener.workingGroupId !== group.id) {
          throw badInput("convener", "The first convener must belong to the new working group.");
        }
        if (groups.has(group.id)) throw conflict("A working group with this id exists.");
        groups.set(group.id, clone(group));
        memberships.set(pair(group.id, convener.memberId), clone(convener));
      },
      async update(group) {
        conditional(groups.get(group.id), group, "working group", group.id);
        groups.set(group.id, clone(group));
      },
      async list(page) {
        const sorted = [...groups.values()].sort(
          (a, b) => byKey(a.name, b.name) || byKey(a.id, b.id),
        );
        const result = paginate(sorted, (g) => [g.name, g.id], page);
        return { ...result, items: result.items.map(clone) };
      },
      async addMembership(membership) {
        const key = pair(membership.workingGroupId, membership.memberId);
        if (memberships.has(key)) throw conflict("This member is already in the working group.");
        memberships.set(key, clone(membership));
      },
      async setMembershipRole(groupId, memberId, role) {
        const m = memberships.get(pair(groupId, memberId));
        if (!m) throw notFound("working group membership", `${groupId}/${memberId}`);
        m.role = role;
      },
      async removeMembership(groupId, memberId) {
        if (!memberships.delete(pair(groupId, memberId))) {
          throw notFound("working group membership", `${groupId}/${memberId}`);
        }
      },
      async getMembership(groupId, memberId) {
        return clone(memberships.get(pair(groupId, memberId)) ?? null);
      },
      async listMemberships(groupId) {
        return [...memberships.values()]
          .filter((m) => m.workingGroupId === groupId)
          .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.memberId, b.memberId))
          .map(clone);
      },
      async listGroupsOfMember(memberId) {
        return [...memberships.values()]
          .filter((m) => m.memberId === memberId)
          .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.workingGroupId, b.workingGroupId))
          .map(clone);
      },
    },

    papers: {
      async get(id) {
        return clone(papers.get(id) ?? null);
      },
      async getMany(ids) {
        return ids.map((id) => clone(papers.get(id) ?? null));
      },
      async create(paper, lead) {
        if (lead.role !== "LEAD") throw badInput("lead", "A paper starts with a LEAD.");
        if (lead.paperId !== paper.id) {
          throw badInput("lead", "The first LEAD must be a collaborator on the new paper.");
        }
        if (papers.has(paper.id)) throw conflict("A paper with this id exists.");
        papers.set(paper.id, clone(paper));
        collaborators.set(pair(paper.id, lead.memberId), clone(lead));
      },
      async update(paper) {
        conditional(papers.get(paper.id), paper, "paper", paper.id);
        papers.set(paper.id, clone(paper));
      },
      async list(filter, page) {
        const sorted = [...papers.values()]
          .filter((p) => matchesPaper(p, filter))
          .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id));
        const result = paginate(sorted, (p) => [p.createdAt, p.id], page, true);
        return { ...result, items: result.items.map(clone) };
      },
    },

    collaborators: {
      async get(paperId, memberId) {
        return clone(collaborators.get(pair(paperId, memberId)) ?? null);
      },
      async listByPaper(paperId) {
        return paperCollaborators(paperId).map(clone);
      },
      async listByPapers(paperIds) {
        return paperIds.map((id) => paperCollaborators(id).map(clone));
      },
      async add(collaborator) {
        const key = pair(collaborator.paperId, collaborator.memberId);
        if (collaborators.has(key)) throw conflict("This member is already a collaborator.");
        collaborators.set(key, clone(collaborator));
      },
      async setRole(paperId, memberId, role) {
        const c = collaborators.get(pair(paperId, memberId));
        if (!c) throw notFound("collaborator", `${paperId}/${memberId}`);
        if (c.role === "LEAD" && role !== "LEAD" && leadCount(paperId) === 1) {
          throw conflict("A paper must keep at least one LEAD; make someone else LEAD first.");
        }
        c.role = role;
        return clone(c);
      },
      async remove(paperId, memberId) {
        const c = collaborators.get(pair(paperId, memberId));
        if (!c) throw notFound("collaborator", `${paperId}/${memberId}`);
        if (c.role === "LEAD" && leadCount(paperId) === 1) {
          throw conflict("A paper must keep at least one LEAD; make someone else LEAD first.");
        }
        collaborators.delete(pair(paperId, memberId));
      },
    },

    comments: {
      async get(id) {
        return clone(comments.get(id) ?? null);
      },
      async create(comment) {
        if (comments.has(comment.id)) throw conflict("A comment with this id exists.");
        comments.set(comment.id, clone(comment));
      },
      async update(comment) {
        conditional(comments.get(comment.id), comment, "comment", comment.id);
        comments.set(comment.id, clone(comment));
      },
      async listByPaper(paperId) {
        return [...comments.values()]
          .filter((c) => c.paperId === paperId)
          .sort((a, b) => byKey(a.createdAt, b.createdAt) || byKey(a.id, b.id))
          .map(clone);
      },
    },

    versions: {
      async get(id) {
        return clone(versions.get(id) ?? null);
      },
      async create(version) {
        if (versions.has(version.id)) throw conflict("A version with this id exists.");
        versions.set(version.id, clone(version));
      },
      async listByPaper(paperId, page) {
        const sorted = [...versions.values()]
          .filter((v) => v.paperId === paperId)
          .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id));
        const result = paginate(sorted, (v) => [v.createdAt, v.id], page, true);
        return { ...result, items: result.items.map(clone) };
      },
    },

    endorsements: {
      async get(paperId, memberId) {
        return clone(endorsements.get(pair(paperId, memberId)) ?? null);
      },
      async create(endorsement) {
        const key = pair(endorsement.paperId, endorsement.memberId);
        if (endorsements.has(key)) throw conflict("This member has already endorsed this paper.");
        endorsements.set(key, clone(endorsement));
      },
      async remove(paperId, memberId) {
        if (!endorsements.delete(pair(paperId, memberId))) {
          throw notFound("endorsement", `${paperId}/${memberId}`);
        }
      },
      async listByPaper(paperId, page) {
        const sorted = [...endorsements.values()]
          .filter((e) => e.paperId === paperId)
          .sort((a, b) => byKey(a.createdAt, b.createdAt) || byKey(a.memberId, b.memberId));
        const result = paginate(sorted, (e) => [e.createdAt, e.memberId], page);
        return { ...result, items: result.items.map(clone) };
      },
      async count(paperId) {
        return [...endorsements.values()].filter((e) => e.paperId === paperId).length;
      },
    },

    activity: {
      async append(event) {
        activity.push(clone(event));
      },
      async listByPaper(paperId, page) {
        const sorted = activity
          .filter((e) => e.paperId === paperId)
          .sort((a, b) => byKey(b.at, a.at) || byKey(b.id, a.id));
        const result = paginate(sorted, (e) => [e.at, e.id], page, true);
        return { ...result, items: result.items.map(clone) };
      },
    },

    documents: {
      async append(paperId, update, origin, options) {
        const stored = documents.get(paperId)?.bytes ?? 0;
        if (options?.maxBytes !== undefined && stored + update.length > options.maxBytes) {
          throw tooLarge(paperId, options.maxBytes);
        }
        const record = doc(paperId);
        record.bytes += update.length;
        const entry: LogEntry = {
          id: String(record.nextSeq++).padStart(12, "0"),
          update: update.slice(),
          memberId: origin.memberId,
          at: origin.at,
        };
        record.tail.push(entry);
        return clone(entry);
      },
      async load(paperId) {
        const record = documents.get(paperId);
        if (!record) return { snapshot: null, snapshotVersion: 0, tail: [] };
        return {
          snapshot: record.snapshot ? record.snapshot.slice() : null,
          snapshotVersion: record.snapshotVersion,
          tail: record.tail.map(clone),
        };
      },
      async compact(paperId, input) {
        const record = doc(paperId);
        if (record.snapshotVersion !== input.expectedVersion) {
          throw conflict("Another compaction of this document won.", { paperId });
        }
        const merged = new Set(input.mergedEntryIds);
        const expiresAt = new Date(Date.parse(input.now) + input.retainMs).toISOString();
        record.snapshot = input.snapshot.slice();
        record.snapshotVersion += 1;
        record.retired.push(
          ...record.tail.filter((e) => merged.has(e.id)).map((entry) => ({ entry, expiresAt })),
        );
        record.tail = record.tail.filter((e) => !merged.has(e.id));
        record.bytes = record.tail.reduce((n, e) => n + e.update.length, record.snapshot.length);
        return { snapshotVersion: record.snapshotVersion };
      },
      async tailLength(paperId) {
        return documents.get(paperId)?.tail.length ?? 0;
      },
      async size(paperId) {
        return documents.get(paperId)?.bytes ?? 0;
      },
      async purgeExpired(now) {
        let removed = 0;
        for (const record of documents.values()) {
          const before = record.retired.length;
          record.retired = record.retired.filter((r) => r.expiresAt > now);
          removed += before - record.retired.length;
        }
        return removed;
      },
    },

    connections: {
      async put(connection) {
        if (connections.has(connection.connectionId)) {
          throw conflict("This connection id is already registered.");
        }
        connections.set(connection.connectionId, clone(connection));
      },
      async get(connectionId) {
        return clone(connections.get(connectionId) ?? null);
      },
      async listByPaper(paperId, now) {
        return [...connections.values()]
          .filter((c) => c.paperId === paperId && c.expiresAt > now)
          .sort((a, b) => byKey(a.connectionId, b.connectionId))
          .map(clone);
      },
      async arrive(connectionId, window) {
        const record = connections.get(connectionId);
        if (!record) return null;
        const rate = rates.get(connectionId);
        const framesInWindow = rate?.window === window ? rate.count + 1 : 1;
        rates.set(connectionId, { window, count: framesInWindow });
        return { connection: clone(record), framesInWindow };
      },
      async setRoleForMember(paperId, memberId, role: PaperRole | null) {
        return changeConnections(
          (c) => c.paperId === paperId && c.memberId === memberId && c.role !== role,
          (c) => {
            c.role = role;
          },
        );
      },
      async setStatusForPaper(paperId, status) {
        return changeConnections(
          (c) => c.paperId === paperId && c.paperStatus !== status,
          (c) => {
            c.paperStatus = status;
          },
        );
      },
      async remove(connectionId) {
        connections.delete(connectionId);
        rates.delete(connectionId);
      },
    },

    chunks: {
      // Memory never expires messages: it lives no longer than the process that would wait.
      async put(chunk) {
        checkChunk(chunk);
        const key = pair(chunk.connectionId, chunk.messageId);
        let message = chunks.get(key);
        if (!message) {
          message = { parts: new Map(), total: chunk.total, done: false };
          chunks.set(key, message);
        }
        if (message.total !== chunk.total) {
          throw badInput("total", "Chunks of one message disagree on how many chunks it has.");
        }
        if (message.done) return null;
        message.parts.set(chunk.index, chunk.data.slice());
        if (message.parts.size < message.total) return null;
        message.done = true;
        const ordered = [...message.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
        message.parts.clear();
        return concatChunks(ordered);
      },
    },

    async close() {},
  };

  function changeConnections(
    matches: (c: ConnectionRecord) => boolean,
    change: (c: ConnectionRecord) => void,
  ): ConnectionRecord[] {
    const changed: ConnectionRecord[] = [];
    for (const c of connections.values()) {
      if (!matches(c)) continue;
      change(c);
      changed.push(clone(c));
    }
    return changed;
  }

  function leadCount(paperId: string) {
    return paperCollaborators(paperId).filter((c) => c.role === "LEAD").length;
  }
}
