// The SQLite adapter of every storage port: one file, WAL, migrations at open. better-sqlite3 is
// synchronous, so each port method runs to completion (inside one transaction when it reads or
// writes more than one statement) before any other starts in this process; other processes are
// kept out by SQLite's locks (immediate transactions, busy_timeout). Document-log appends are the
// exception: they are group-committed, by default in a worker thread with its own connection
// (document-log.ts), and the writes of the main connection take turns with those commits.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  type ActivityEvent,
  badInput,
  type Collaborator,
  type Comment,
  conflict,
  type Endorsement,
  type Member,
  notFound,
  type PaperRole,
  type PaperStatus,
  type PaperVersion,
  type PlatformRole,
  type PositionPaper,
  type Topic,
  type WorkingGroup,
  type WorkingGroupMembership,
} from "@accord/domain";
import {
  type ConnectionRecord,
  checkChunk,
  checkFirst,
  concatChunks,
  decodeCursor,
  encodeCursor,
  type LogEntry,
  type Page,
  type PageRequest,
  type Store,
} from "@accord/storage";
import Database from "better-sqlite3";
import {
  APPEND_SQL,
  APPEND_WORKER_SCRIPT,
  GroupCommit,
  type LogAppend,
  workerCommit,
} from "./document-log.ts";
import { migrate } from "./migrations.ts";

export interface SqliteStoreOptions {
  /** Path of the database file (its directory is created), or ":memory:" for a private one. */
  file: string;
  /** The clock of the TTL sweeps of connections and chunked messages (tests pin it). */
  clock?: () => Date;
  /** How long a write waits for another process's lock before failing; default 5 s. */
  busyTimeoutMs?: number;
  /**
   * Commit document-log appends in a worker thread with its own connection, so their fsync does
   * not block the event loop; default true. False commits them in this thread (for runtimes
   * without worker threads). A ":memory:" database always commits in this thread.
   */
  appendsInWorker?: boolean;
  /** The append worker's script; tests substitute one that crashes. Default: append-worker.mjs. */
  appendWorkerScript?: URL;
}

export interface SqliteStore extends Store {
  /** The absolute path of the file (or ":memory:"). */
  readonly file: string;
  /** The connection's durability settings and schema version, for start-up logs and tests. */
  settings(): SqliteSettings;
}

export interface SqliteSettings {
  journalMode: string;
  synchronous: "OFF" | "NORMAL" | "FULL" | "EXTRA";
  foreignKeys: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
  /** Whether document-log appends are committed by a worker thread (see the options). */
  appendsInWorker: boolean;
}

// Every store still open in this process, so a shutdown hook or a test teardown can close all.
const openStores = new Set<SqliteStore>();

/** Close every SQLite store this process opened and has not closed yet. */
export async function closeAllSqliteStores(): Promise<void> {
  await Promise.all([...openStores].map((store) => store.close()));
}

type Row = Record<string, unknown>;
type Param = string | number | bigint | Buffer | null;

const LAST_LEAD = "accord: last LEAD of the paper";

/**
 * Open (creating and migrating as needed) the store in `file`. Throws a plain Error naming the
 * file when it cannot be created, opened, or is not an Accord database.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const file = options.file === ":memory:" ? ":memory:" : resolve(options.file);
  const clock = options.clock ?? (() => new Date());
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const db = openDatabase(file, busyTimeoutMs);
  const appendsInWorker = file !== ":memory:" && options.appendsInWorker !== false;

  const statements = new Map<string, Database.Statement>();
  let closed = false;
  const sql = (text: string): Database.Statement => {
    if (closed) throw new Error(`The SQLite store ${file} is closed.`);
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const all = (text: string, ...params: Param[]) => sql(text).all(...params) as Row[];
  const one = (text: string, ...params: Param[]) => sql(text).get(...params) as Row | undefined;
  const run = (text: string, ...params: Param[]) => sql(text).run(...params);
  /** Take the write lock up front, so a read-then-write never meets SQLITE_BUSY midway. */
  const writeNow = <T>(fn: () => T): T => {
    if (closed) throw new Error(`The SQLite store ${file} is closed.`);
    return db.transaction(fn).immediate();
  };
  /**
   * Writes wait (without blocking the event loop) while this store's appends are being
   * committed, then run at once: the append worker and this connection never wait for each
   * other's lock. busy_timeout still covers other connections and processes.
   */
  const write = async <T>(fn: () => T): Promise<T> => {
    for (let committing = log.committing; committing; committing = log.committing) {
      await committing;
    }
    return writeNow(fn);
  };
  /** Reads of several statements: one consistent snapshot of the file. */
  const read = <T>(fn: () => T): T => {
    if (closed) throw new Error(`The SQLite store ${file} is closed.`);
    return db.transaction(fn).deferred();
  };

  // Insert, translating constraint failures into the domain's words.
  const insert = (
    text: string,
    params: Param[],
    explain: { taken: string; parent?: [what: string, id: string] },
  ) => {
    try {
      run(text, ...params);
    } catch (error) {
      const code = sqliteCode(error);
      if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") {
        throw conflict(explain.taken);
      }
      if (code === "SQLITE_CONSTRAINT_FOREIGNKEY" && explain.parent) {
        throw notFound(...explain.parent);
      }
      throw error;
    }
  };
  const orLastLead = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof Error && error.message.includes(LAST_LEAD)) {
        throw conflict("A paper must keep at least one LEAD; make someone else LEAD first.");
      }
      throw error;
    }
  };
  // `changed` is how many rows the conditional write touched; zero means stale or missing.
  const conditional = (changed: number, table: string, what: string, id: string) => {
    if (changed > 0) return;
    if (!one(`SELECT 1 FROM ${table} WHERE id = ?`, id)) throw notFound(what, id);
    throw conflict(`The ${what} was changed by someone else; reload it and try again.`, { id });
  };

  /**
   * One page of `from` (which holds the WHERE of the list), ordered by `keys` (two text columns)
   * in `direction`, resuming after the cursor.
   */
  const keysetPage = <T>(
    query: { select: string; where: string[]; params: Param[]; keys: [string, string] },
    direction: "ASC" | "DESC",
    page: PageRequest,
    map: (row: Row) => T,
  ): Page<T> => {
    checkFirst(page.first);
    const where = [...query.where];
    const params = [...query.params];
    const [k1, k2] = query.keys;
    if (page.after) {
      const [a1, a2] = decodeCursor(page.after, ["string", "string"]) as [string, string];
      where.push(`(${k1}, ${k2}) ${direction === "ASC" ? ">" : "<"} (?, ?)`);
      params.push(a1, a2);
    }
    const rows = all(
      `${query.select} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY ${k1} ${direction}, ${k2} ${direction} LIMIT ?`,
      ...params,
      page.first + 1,
    );
    const items = rows.slice(0, page.first);
    const unqualified = (key: string) => key.slice(key.indexOf(".") + 1);
    return {
      items: items.map(map),
      cursors: items.map((row) =>
        encodeCursor([String(row[unqualified(k1)]), String(row[unqualified(k2)])]),
      ),
      hasNextPage: rows.length > page.first,
    };
  };

  // Read rows by id in the order asked, with null where missing.
  const byIds = <T>(table: string, ids: readonly string[], map: (row: Row) => T) => {
    if (ids.length === 0) return [];
    const rows = all(
      `SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`,
      JSON.stringify([...new Set(ids)]),
    );
    const found = new Map(rows.map((row) => [row.id as string, row]));
    return ids.map((id) => {
      const row = found.get(id);
      return row ? map(row) : null;
    });
  };

  const now = () => clock().toISOString();

  const insertAppends = (appends: LogAppend[]): (number | null)[] =>
    writeNow(() =>
      appends.map((append) => {
        const { paperId, memberId, at, maxBytes } = append;
        if (!sql(APPEND_SQL.growDocument).get({ paperId, bytes: append.update.length, maxBytes })) {
          return null;
        }
        const update = asBuffer(append.update);
        const row = sql(APPEND_SQL.insertEntry).get({ paperId, update, memberId, at }) as Row;
        return Number(row.id);
      }),
    );
  const log = appendsInWorker
    ? (() => {
        const worker = workerCommit({
          file,
          busyTimeoutMs,
          script: options.appendWorkerScript ?? APPEND_WORKER_SCRIPT,
        });
        return new GroupCommit(worker.commit, { handOver: "soon", stop: worker.stop });
      })()
    : new GroupCommit(async (appends) => insertAppends(appends), { handOver: "turn" });
  let closing: Promise<void> | null = null;

  const store: SqliteStore = {
    file,

    settings() {
      if (closed) throw new Error(`The SQLite store ${file} is closed.`);
      const pragma = (name: string) => db.pragma(name, { simple: true });
      const levels = ["OFF", "NORMAL", "FULL", "EXTRA"] as const;
      return {
        journalMode: String(pragma("journal_mode")),
        synchronous: levels[Number(pragma("synchronous"))] ?? "OFF",
        foreignKeys: Number(pragma("foreign_keys")) === 1,
        busyTimeoutMs: Number(pragma("busy_timeout")),
        schemaVersion: Number(
          one("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")?.v,
        ),
        appendsInWorker,
      };
    },

    members: {
      async get(id) {
        const row = one("SELECT * FROM members WHERE id = ?", id);
        return row ? toMember(row) : null;
      },
      async getMany(ids) {
        return byIds("members", ids, toMember);
      },
      async getBySubject(subject) {
        const row = one("SELECT * FROM members WHERE subject = ?", subject);
        return row ? toMember(row) : null;
      },
      async create(member) {
        await write(() => {
          if (one("SELECT 1 FROM members WHERE id = ?", member.id)) {
            throw conflict("A member with this id exists.");
          }
          insert(
            `INSERT INTO members (id, subject, display_name, affiliation, country, community,
               expertise_topic_ids, platform_role, search_text, version, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              member.id,
              member.subject,
              ...memberColumns(member),
              member.version,
              member.createdAt,
              member.updatedAt,
            ],
            { taken: "A member with this subject exists." },
          );
        });
      },
      async update(member) {
        await write(() => {
          const { changes } = run(
            `UPDATE members SET display_name = ?, affiliation = ?, country = ?, community = ?,
               expertise_topic_ids = ?, platform_role = ?, search_text = ?, version = ?,
               created_at = ?, updated_at = ?
             WHERE id = ? AND version = ?`,
            ...memberColumns(member),
            member.version,
            member.createdAt,
            member.updatedAt,
            member.id,
            member.version - 1,
          );
          conditional(changes, "members", "member", member.id);
        });
      },
      async list(filter, page) {
        const where: string[] = [];
        const params: Param[] = [];
        if (filter.search) {
          where.push("instr(search_text, ?) > 0");
          params.push(filter.search.toLowerCase());
        }
        return keysetPage(
          { select: "SELECT * FROM members", where, params, keys: ["display_name", "id"] },
          "ASC",
          page,
          toMember,
        );
      },
    },

    topics: {
      async upsertMany(topics) {
        await write(() => {
          for (const topic of topics) {
            run(
              `INSERT INTO topics (id, name, description) VALUES (?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description`,
              topic.id,
              topic.name,
              topic.description,
            );
          }
        });
      },
      async list() {
        return all("SELECT * FROM topics ORDER BY name, id").map(toTopic);
      },
      async getMany(ids) {
        return byIds("topics", ids, toTopic);
      },
    },

    workingGroups: {
      async get(id) {
        const row = one("SELECT * FROM working_groups WHERE id = ?", id);
        return row ? toGroup(row) : null;
      },
      async getMany(ids) {
        return byIds("working_groups", ids, toGroup);
      },
      async create(group, convener) {
        if (convener.workingGroupId !== group.id) {
          throw badInput("convener", "The first convener must belong to the new working group.");
        }
        await write(() => {
          insert(
            `INSERT INTO working_groups (id, name, description, topic_ids, version, updated_at,
               created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            [group.id, ...groupColumns(group), group.createdBy, group.createdAt],
            { taken: "A working group with this id exists." },
          );
          insertMembership(convener);
        });
      },
      async update(group) {
        await write(() => {
          const { changes } = run(
            `UPDATE working_groups SET name = ?, description = ?, topic_ids = ?, version = ?,
               updated_at = ?, created_by = ?, created_at = ?
             WHERE id = ? AND version = ?`,
            ...groupColumns(group),
            group.createdBy,
            group.createdAt,
            group.id,
            group.version - 1,
          );
          conditional(changes, "working_groups", "working group", group.id);
        });
      },
      async list(page) {
        return keysetPage(
          { select: "SELECT * FROM working_groups", where: [], params: [], keys: ["name", "id"] },
          "ASC",
          page,
          toGroup,
        );
      },
      async addMembership(membership) {
        await write(() => insertMembership(membership));
      },
      async setMembershipRole(groupId, memberId, role) {
        const { changes } = await write(() =>
          run(
            "UPDATE working_group_memberships SET role = ? WHERE working_group_id = ? AND member_id = ?",
            role,
            groupId,
            memberId,
          ),
        );
        if (changes === 0) throw notFound("working group membership", `${groupId}/${memberId}`);
      },
      async removeMembership(groupId, memberId) {
        const { changes } = await write(() =>
          run(
            "DELETE FROM working_group_memberships WHERE working_group_id = ? AND member_id = ?",
            groupId,
            memberId,
          ),
        );
        if (changes === 0) throw notFound("working group membership", `${groupId}/${memberId}`);
      },
      async getMembership(groupId, memberId) {
        const row = one(
          "SELECT * FROM working_group_memberships WHERE working_group_id = ? AND member_id = ?",
          groupId,
          memberId,
        );
        return row ? toMembership(row) : null;
      },
      async listMemberships(groupId) {
        return all(
          `SELECT * FROM working_group_memberships WHERE working_group_id = ?
           ORDER BY added_at, member_id`,
          groupId,
        ).map(toMembership);
      },
      async listGroupsOfMember(memberId) {
        return all(
          `SELECT * FROM working_group_memberships WHERE member_id = ?
           ORDER BY added_at, working_group_id`,
          memberId,
        ).map(toMembership);
      },
    },

    papers: {
      async get(id) {
        const row = one("SELECT * FROM papers WHERE id = ?", id);
        return row ? toPaper(row) : null;
      },
      async getMany(ids) {
        return byIds("papers", ids, toPaper);
      },
      async create(paper, lead) {
        if (lead.role !== "LEAD") throw badInput("lead", "A paper starts with a LEAD.");
        if (lead.paperId !== paper.id) {
          throw badInput("lead", "The first LEAD must be a collaborator on the new paper.");
        }
        await write(() => {
          insert(
            `INSERT INTO papers (id, working_group_id, title, summary, topic_ids, diplomacy_types,
               status, published_at, search_text, version, updated_at, created_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [paper.id, ...paperColumns(paper)],
            {
              taken: "A paper with this id exists.",
              parent: ["working group", paper.workingGroupId],
            },
          );
          insertCollaborator(lead);
        });
      },
      async update(paper) {
        await write(() => {
          const { changes } = run(
            `UPDATE papers SET working_group_id = ?, title = ?, summary = ?, topic_ids = ?,
               diplomacy_types = ?, status = ?, published_at = ?, search_text = ?, version = ?,
               updated_at = ?, created_by = ?, created_at = ?
             WHERE id = ? AND version = ?`,
            ...paperColumns(paper),
            paper.id,
            paper.version - 1,
          );
          conditional(changes, "papers", "paper", paper.id);
        });
      },
      async list(filter, page) {
        const where: string[] = [];
        const params: Param[] = [];
        const isCollaborator =
          "EXISTS (SELECT 1 FROM collaborators c WHERE c.paper_id = p.id AND c.member_id = ?)";
        if (filter.workingGroupId) {
          where.push("p.working_group_id = ?");
          params.push(filter.workingGroupId);
        }
        if (filter.topicId) {
          where.push("EXISTS (SELECT 1 FROM json_each(p.topic_ids) WHERE value = ?)");
          params.push(filter.topicId);
        }
        if (filter.status) {
          where.push("p.status = ?");
          params.push(filter.status);
        }
        if (filter.diplomacyType) {
          where.push("EXISTS (SELECT 1 FROM json_each(p.diplomacy_types) WHERE value = ?)");
          params.push(filter.diplomacyType);
        }
        if (filter.collaboratorId) {
          where.push(isCollaborator);
          params.push(filter.collaboratorId);
        }
        if (filter.visibleTo) {
          where.push(`(p.status = 'PUBLISHED' OR ${isCollaborator})`);
          params.push(filter.visibleTo);
        }
        if (filter.search) {
          where.push("instr(p.search_text, ?) > 0");
          params.push(filter.search.toLowerCase());
        }
        return keysetPage(
          { select: "SELECT p.* FROM papers p", where, params, keys: ["p.created_at", "p.id"] },
          "DESC",
          page,
          toPaper,
        );
      },
    },

    collaborators: {
      async get(paperId, memberId) {
        const row = one(
          "SELECT * FROM collaborators WHERE paper_id = ? AND member_id = ?",
          paperId,
          memberId,
        );
        return row ? toCollaborator(row) : null;
      },
      async listByPaper(paperId) {
        return all(
          "SELECT * FROM collaborators WHERE paper_id = ? ORDER BY added_at, member_id",
          paperId,
        ).map(toCollaborator);
      },
      async listByPapers(paperIds) {
        if (paperIds.length === 0) return [];
        const rows = all(
          `SELECT * FROM collaborators WHERE paper_id IN (SELECT value FROM json_each(?))
           ORDER BY added_at, member_id`,
          JSON.stringify([...new Set(paperIds)]),
        );
        const byPaper = new Map<string, Collaborator[]>();
        for (const row of rows) {
          const c = toCollaborator(row);
          byPaper.set(c.paperId, [...(byPaper.get(c.paperId) ?? []), c]);
        }
        return paperIds.map((id) => byPaper.get(id)?.map((c) => ({ ...c })) ?? []);
      },
      async add(collaborator) {
        await write(() => insertCollaborator(collaborator));
      },
      async setRole(paperId, memberId, role) {
        return write(() =>
          orLastLead(() => {
            const row = one(
              "UPDATE collaborators SET role = ? WHERE paper_id = ? AND member_id = ? RETURNING *",
              role,
              paperId,
              memberId,
            );
            if (!row) throw notFound("collaborator", `${paperId}/${memberId}`);
            return toCollaborator(row);
          }),
        );
      },
      async remove(paperId, memberId) {
        await write(() =>
          orLastLead(() => {
            const { changes } = run(
              "DELETE FROM collaborators WHERE paper_id = ? AND member_id = ?",
              paperId,
              memberId,
            );
            if (changes === 0) throw notFound("collaborator", `${paperId}/${memberId}`);
          }),
        );
      },
    },

    comments: {
      async get(id) {
        const row = one("SELECT * FROM comments WHERE id = ?", id);
        return row ? toComment(row) : null;
      },
      async create(comment) {
        await write(() =>
          insert(
            `INSERT INTO comments (paper_id, thread_id, author_id, body, anchor, resolved,
               resolved_by, resolved_at, version, created_at, updated_at, id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [...commentColumns(comment), comment.id],
            { taken: "A comment with this id exists.", parent: ["paper", comment.paperId] },
          ),
        );
      },
      async update(comment) {
        await write(() => {
          const { changes } = run(
            `UPDATE comments SET paper_id = ?, thread_id = ?, author_id = ?, body = ?, anchor = ?,
               resolved = ?, resolved_by = ?, resolved_at = ?, version = ?, created_at = ?,
               updated_at = ?
             WHERE id = ? AND version = ?`,
            ...commentColumns(comment),
            comment.id,
            comment.version - 1,
          );
          conditional(changes, "comments", "comment", comment.id);
        });
      },
      async listByPaper(paperId) {
        return all(
          "SELECT * FROM comments WHERE paper_id = ? ORDER BY created_at, id",
          paperId,
        ).map(toComment);
      },
    },

    versions: {
      async get(id) {
        const row = one("SELECT * FROM paper_versions WHERE id = ?", id);
        return row ? toVersion(row) : null;
      },
      async create(version) {
        await write(() =>
          insert(
            `INSERT INTO paper_versions (id, paper_id, name, created_by, created_at, snapshot)
             VALUES (?, ?, ?, ?, ?, ?)`,
            [
              version.id,
              version.paperId,
              version.name,
              version.createdBy,
              version.createdAt,
              asBuffer(version.snapshot),
            ],
            { taken: "A version with this id exists.", parent: ["paper", version.paperId] },
          ),
        );
      },
      async listByPaper(paperId, page) {
        return keysetPage(
          {
            select: "SELECT * FROM paper_versions",
            where: ["paper_id = ?"],
            params: [paperId],
            keys: ["created_at", "id"],
          },
          "DESC",
          page,
          toVersion,
        );
      },
    },

    endorsements: {
      async get(paperId, memberId) {
        const row = one(
          "SELECT * FROM endorsements WHERE paper_id = ? AND member_id = ?",
          paperId,
          memberId,
        );
        return row ? toEndorsement(row) : null;
      },
      async create(endorsement) {
        await write(() =>
          insert(
            `INSERT INTO endorsements (paper_id, member_id, organisation, statement, created_at)
             VALUES (?, ?, ?, ?, ?)`,
            [
              endorsement.paperId,
              endorsement.memberId,
              endorsement.organisation,
              endorsement.statement,
              endorsement.createdAt,
            ],
            {
              taken: "This member has already endorsed this paper.",
              parent: ["paper", endorsement.paperId],
            },
          ),
        );
      },
      async remove(paperId, memberId) {
        const { changes } = await write(() =>
          run("DELETE FROM endorsements WHERE paper_id = ? AND member_id = ?", paperId, memberId),
        );
        if (changes === 0) throw notFound("endorsement", `${paperId}/${memberId}`);
      },
      async listByPaper(paperId, page) {
        return keysetPage(
          {
            select: "SELECT * FROM endorsements",
            where: ["paper_id = ?"],
            params: [paperId],
            keys: ["created_at", "member_id"],
          },
          "ASC",
          page,
          toEndorsement,
        );
      },
      async count(paperId) {
        const row = one("SELECT count(*) AS n FROM endorsements WHERE paper_id = ?", paperId);
        return Number(row?.n ?? 0);
      },
    },

    activity: {
      async append(event) {
        await write(() =>
          insert(
            "INSERT INTO activity (id, paper_id, actor_id, kind, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
            [
              event.id,
              event.paperId,
              event.actorId,
              event.kind,
              JSON.stringify(event.detail),
              event.at,
            ],
            { taken: "An activity event with this id exists.", parent: ["paper", event.paperId] },
          ),
        );
      },
      async listByPaper(paperId, page) {
        return keysetPage(
          {
            select: "SELECT * FROM activity",
            where: ["paper_id = ?"],
            params: [paperId],
            keys: ["at", "id"],
          },
          "DESC",
          page,
          toActivity,
        );
      },
    },

    documents: {
      append(paperId, update, origin, options) {
        if (closing) return Promise.reject(new Error(`The SQLite store ${file} is closed.`));
        const maxBytes = options?.maxBytes ?? null;
        // Group commit: appends made while a commit is in progress, or in the same turn of the
        // event loop, share the next transaction, so one fsync (synchronous = FULL) makes them
        // all durable; none resolves before its commit has returned.
        return log.append({
          paperId,
          update: update.slice(),
          memberId: origin.memberId,
          at: origin.at,
          maxBytes,
        });
      },
      async load(paperId) {
        return read(() => {
          const doc = one(
            "SELECT snapshot, snapshot_version FROM documents WHERE paper_id = ?",
            paperId,
          );
          const tail = all(
            `SELECT id, update_data, member_id, at FROM document_log
             WHERE paper_id = ? AND retired_until IS NULL ORDER BY id`,
            paperId,
          ).map(toLogEntry);
          return {
            snapshot: doc ? asBytes(doc.snapshot) : null,
            snapshotVersion: doc ? Number(doc.snapshot_version) : 0,
            tail,
          };
        });
      },
      async compact(paperId, input) {
        const expiresAt = plusMs(input.now, input.retainMs);
        // Ids this adapter made are decimal integers; anything else names no entry.
        const merged = input.mergedEntryIds
          .filter((id) => /^[1-9][0-9]{0,15}$/.test(id))
          .map(Number);
        return write(() => {
          const current = one("SELECT snapshot_version FROM documents WHERE paper_id = ?", paperId);
          const version = current ? Number(current.snapshot_version) : 0;
          if (version !== input.expectedVersion) {
            throw conflict("Another compaction of this document won.", { paperId });
          }
          run(
            `INSERT INTO documents (paper_id, snapshot, snapshot_version, compacted_at)
             VALUES (?, ?, ?, ?)
             ON CONFLICT (paper_id) DO UPDATE SET snapshot = excluded.snapshot,
               snapshot_version = excluded.snapshot_version, compacted_at = excluded.compacted_at`,
            paperId,
            asBuffer(input.snapshot),
            version + 1,
            input.now,
          );
          run(
            `UPDATE document_log SET retired_until = ?
             WHERE paper_id = ? AND retired_until IS NULL
               AND id IN (SELECT value FROM json_each(?))`,
            expiresAt,
            paperId,
            JSON.stringify(merged),
          );
          // Exact, not a delta: this transaction holds the write lock, so no append interleaves.
          run(
            `INSERT INTO document_sizes (paper_id, bytes)
             SELECT ?, ? + coalesce(sum(length(update_data)), 0) FROM document_log
             WHERE paper_id = ? AND retired_until IS NULL
             ON CONFLICT (paper_id) DO UPDATE SET bytes = excluded.bytes`,
            paperId,
            input.snapshot.length,
            paperId,
          );
          return { snapshotVersion: version + 1 };
        });
      },
      async tailLength(paperId) {
        const row = one(
          "SELECT count(*) AS n FROM document_log WHERE paper_id = ? AND retired_until IS NULL",
          paperId,
        );
        return Number(row?.n ?? 0);
      },
      async size(paperId) {
        const row = one("SELECT bytes FROM document_sizes WHERE paper_id = ?", paperId);
        return Number(row?.bytes ?? 0);
      },
      async purgeExpired(now) {
        // The old snapshot is replaced in the compaction's transaction: nothing else to purge.
        const { changes } = await write(() =>
          run(
            "DELETE FROM document_log WHERE retired_until IS NOT NULL AND retired_until <= ?",
            now,
          ),
        );
        return changes;
      },
    },

    connections: {
      async put(connection) {
        await write(() => {
          run("DELETE FROM connections WHERE expires_at <= ?", now());
          insert(
            `INSERT INTO connections (connection_id, paper_id, member_id, platform_role, role,
               paper_status, connected_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              connection.connectionId,
              connection.paperId,
              connection.memberId,
              connection.platformRole,
              connection.role,
              connection.paperStatus,
              connection.connectedAt,
              connection.expiresAt,
            ],
            { taken: "This connection id is already registered." },
          );
        });
      },
      async get(connectionId) {
        const row = one("SELECT * FROM connections WHERE connection_id = ?", connectionId);
        return row ? toConnection(row) : null;
      },
      async arrive(connectionId, window) {
        // One statement: SET reads the row as it was, so a new window restarts the count.
        const row = await write(() =>
          one(
            `UPDATE connections
             SET rate_count = CASE WHEN rate_window = ? THEN rate_count + 1 ELSE 1 END,
               rate_window = ?
             WHERE connection_id = ? RETURNING *`,
            window,
            window,
            connectionId,
          ),
        );
        return row
          ? { connection: toConnection(row), framesInWindow: Number(row.rate_count) }
          : null;
      },
      async listByPaper(paperId, at) {
        return all(
          `SELECT * FROM connections WHERE paper_id = ? AND expires_at > ?
           ORDER BY connection_id`,
          paperId,
          at,
        ).map(toConnection);
      },
      async setRoleForMember(paperId, memberId, role: PaperRole | null) {
        return write(() =>
          all(
            `UPDATE connections SET role = ?
             WHERE paper_id = ? AND member_id = ? AND role IS NOT ? RETURNING *`,
            role,
            paperId,
            memberId,
            role,
          ).map(toConnection),
        );
      },
      async setStatusForPaper(paperId, status) {
        return write(() =>
          all(
            `UPDATE connections SET paper_status = ?
             WHERE paper_id = ? AND paper_status <> ? RETURNING *`,
            status,
            paperId,
            status,
          ).map(toConnection),
        );
      },
      async remove(connectionId) {
        await write(() => run("DELETE FROM connections WHERE connection_id = ?", connectionId));
      },
    },

    chunks: {
      async put(chunk) {
        checkChunk(chunk);
        const key = [chunk.connectionId, chunk.messageId] as const;
        return write(() => {
          run("DELETE FROM chunk_messages WHERE expires_at <= ?", now());
          run(
            `INSERT INTO chunk_messages (connection_id, message_id, total, completed, expires_at)
             VALUES (?, ?, ?, 0, ?)
             ON CONFLICT (connection_id, message_id)
             DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)`,
            ...key,
            chunk.total,
            chunk.expiresAt,
          );
          const message = one(
            "SELECT total, completed FROM chunk_messages WHERE connection_id = ? AND message_id = ?",
            ...key,
          );
          if (Number(message?.total) !== chunk.total) {
            throw badInput("total", "Chunks of one message disagree on how many chunks it has.");
          }
          if (Number(message?.completed) === 1) return null;
          const stored = run(
            `INSERT INTO chunk_parts (connection_id, message_id, chunk_index, data)
             VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            ...key,
            chunk.index,
            asBuffer(chunk.data),
          );
          if (stored.changes === 0) return null; // a repeat
          // Counting distinct chunks instead of rereading them keeps a message O(its size).
          const counted = one(
            `UPDATE chunk_messages SET received = received + 1
             WHERE connection_id = ? AND message_id = ? RETURNING received`,
            ...key,
          );
          if (Number(counted?.received) < chunk.total) return null;
          const parts = all(
            `SELECT data FROM chunk_parts WHERE connection_id = ? AND message_id = ?
             ORDER BY chunk_index`,
            ...key,
          );
          // Keep the message row (completed) until it expires, so late duplicates stay ignored.
          run(
            "UPDATE chunk_messages SET completed = 1 WHERE connection_id = ? AND message_id = ?",
            ...key,
          );
          run("DELETE FROM chunk_parts WHERE connection_id = ? AND message_id = ?", ...key);
          return concatChunks(parts.map((part) => asBytes(part.data)));
        });
      },
    },

    close() {
      closing ??= (async () => {
        // Appends already made are committed (and their promises settled) before the worker
        // and the connection close; appends made from now on are refused.
        await log.drain();
        closed = true;
        openStores.delete(store);
        statements.clear();
        db.close();
      })();
      return closing;
    },
  };
  openStores.add(store);

  function insertMembership(membership: WorkingGroupMembership) {
    insert(
      `INSERT INTO working_group_memberships (working_group_id, member_id, role, added_at)
       VALUES (?, ?, ?, ?)`,
      [membership.workingGroupId, membership.memberId, membership.role, membership.addedAt],
      {
        taken: "This member is already in the working group.",
        parent: ["working group", membership.workingGroupId],
      },
    );
  }

  function insertCollaborator(collaborator: Collaborator) {
    insert(
      `INSERT INTO collaborators (paper_id, member_id, role, added_by, added_at)
       VALUES (?, ?, ?, ?, ?)`,
      [
        collaborator.paperId,
        collaborator.memberId,
        collaborator.role,
        collaborator.addedBy,
        collaborator.addedAt,
      ],
      { taken: "This member is already a collaborator.", parent: ["paper", collaborator.paperId] },
    );
  }

  return store;
}

function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  const problem = (error: unknown) =>
    new Error(
      `Cannot open the SQLite store at ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  if (file !== ":memory:") {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw problem(error);
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // The busy timeout first: switching to WAL needs a lock another process may hold.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (file !== ":memory:" && mode !== "wal") {
      throw new Error(`the file stays in journal mode "${String(mode)}" instead of WAL`);
    }
    // FULL: each commit is fsynced, so an appended update survives power loss before broadcast.
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw problem(error);
  }
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

function plusMs(iso: string, ms: number): string {
  const base = Date.parse(iso);
  if (Number.isNaN(base) || !Number.isFinite(ms) || ms < 0) {
    throw badInput("now", "Compaction needs a valid `now` and a non-negative `retainMs`.");
  }
  return new Date(base + ms).toISOString();
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays; this view copies nothing. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain Uint8Array of its own, as the in-memory store returns. */
function asBytes(value: unknown): Uint8Array {
  return new Uint8Array(value as Buffer);
}

const text = (value: unknown) => value as string;
const textOrNull = (value: unknown) => (value === null ? null : (value as string));

function memberColumns(m: Member): Param[] {
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

function groupColumns(g: WorkingGroup): Param[] {
  return [g.name, g.description, JSON.stringify(g.topicIds), g.version, g.updatedAt];
}

// Order matches the column lists of papers.create and papers.update (id excluded).
function paperColumns(p: PositionPaper): Param[] {
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

function commentColumns(c: Comment): Param[] {
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
function searchText(...fields: string[]): string {
  return fields.map((f) => f.toLowerCase()).join("\u0000");
}

function toMember(row: Row): Member {
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

function toTopic(row: Row): Topic {
  return { id: text(row.id), name: text(row.name), description: text(row.description) };
}

function toGroup(row: Row): WorkingGroup {
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

function toMembership(row: Row): WorkingGroupMembership {
  return {
    workingGroupId: text(row.working_group_id),
    memberId: text(row.member_id),
    role: text(row.role) as WorkingGroupMembership["role"],
    addedAt: text(row.added_at),
  };
}

function toPaper(row: Row): PositionPaper {
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

function toCollaborator(row: Row): Collaborator {
  return {
    paperId: text(row.paper_id),
    memberId: text(row.member_id),
    role: text(row.role) as PaperRole,
    addedBy: text(row.added_by),
    addedAt: text(row.added_at),
  };
}

function toComment(row: Row): Comment {
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

function toVersion(row: Row): PaperVersion {
  return {
    id: text(row.id),
    paperId: text(row.paper_id),
    name: text(row.name),
    createdBy: text(row.created_by),
    createdAt: text(row.created_at),
    snapshot: asBytes(row.snapshot),
  };
}

function toEndorsement(row: Row): Endorsement {
  return {
    paperId: text(row.paper_id),
    memberId: text(row.member_id),
    organisation: text(row.organisation),
    statement: textOrNull(row.statement),
    createdAt: text(row.created_at),
  };
}

function toActivity(row: Row): ActivityEvent {
  return {
    id: text(row.id),
    paperId: text(row.paper_id),
    actorId: text(row.actor_id),
    kind: text(row.kind) as ActivityEvent["kind"],
    detail: JSON.parse(text(row.detail)) as ActivityEvent["detail"],
    at: text(row.at),
  };
}

function toLogEntry(row: Row): LogEntry {
  return {
    id: String(row.id),
    update: asBytes(row.update_data),
    memberId: textOrNull(row.member_id),
    at: text(row.at),
  };
}

function toConnection(row: Row): ConnectionRecord {
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
