// What every port of the SQLite store shares: the connection, its statement cache, the ways to
// read and write (transactions that take turns with the append commits), and the translation of
// constraint failures into the domain's words.
import { conflict, notFound } from "@accord/domain";
import {
  checkFirst,
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from "@accord/storage";
import type Database from "better-sqlite3";
import type { GroupCommit } from "../document-log.ts";
import { type Param, type Row, sqliteCode } from "./rows.ts";

/** The message of the trigger that refuses to lose a paper's last LEAD (migration 1). */
export const LAST_LEAD = "accord: last LEAD of the paper";

export type SqliteContext = ReturnType<typeof createContext>;

/**
 * The shared helpers over `db`. `log` is set once by the store right after: the group commit of
 * document-log appends, whose commits the writes of this connection wait for.
 */
// One closure on purpose: its helpers call each other and share the statement cache; each is
// short and documented where it is defined.
export function createContext(db: Database.Database, file: string, clock: () => Date) {
  let log: GroupCommit | null = null;
  let closing: Promise<void> | null = null;
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
    for (let committing = log?.committing; committing; committing = log?.committing) {
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

  return {
    db,
    file,
    statements,
    sql,
    all,
    one,
    run,
    writeNow,
    write,
    read,
    insert,
    orLastLead,
    conditional,
    keysetPage,
    byIds,
    now,
    /** The group commit of appends (set once by the store). */
    get log(): GroupCommit {
      if (!log) throw new Error(`The SQLite store ${file} has no append log yet.`);
      return log;
    },
    setLog(next: GroupCommit) {
      log = next;
    },
    /** Set once `close` has begun: appends made from then on are refused. */
    get closing() {
      return closing;
    },
    setClosing(next: Promise<void>) {
      closing = next;
    },
    markClosed() {
      closed = true;
      statements.clear();
    },
  };
}
