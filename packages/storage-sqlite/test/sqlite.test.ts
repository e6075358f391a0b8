// What only the SQLite store has: the file, its settings, migrations, sharing it between
// connections and processes, its TTL sweeps, and its errors.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDomainError } from "@accord/domain";
import {
  collaborator,
  comment,
  compactOnce,
  expectCode,
  FAR_FUTURE,
  group,
  materialize,
  member,
  membership,
  paper,
  rejection,
} from "@accord/storage/testing";
import {
  closeAllSqliteStores,
  MIGRATIONS,
  migrate,
  openSqliteStore,
  type SqliteStore,
  type SqliteStoreOptions,
} from "@accord/storage-sqlite";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";

let dir: string;
const opened: (SqliteStore | Database.Database)[] = [];
const open = (file: string, clock?: () => Date) => openWith(clock ? { file, clock } : { file });
const openWith = (options: SqliteStoreOptions) => {
  const store = openSqliteStore(options);
  opened.push(store);
  return store;
};
const raw = (file: string) => {
  const db = new Database(file);
  opened.push(db);
  return db;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "accord-sqlite-"));
});
afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close();
  await rm(dir, { recursive: true, force: true });
});

async function plainError(run: () => unknown): Promise<Error> {
  const error = await rejection(Promise.resolve().then(run));
  expect(error).toBeInstanceOf(Error);
  expect(isDomainError(error), "a DomainError would reach clients as a user error").toBe(false);
  return error as Error;
}

describe("opening a SQLite store", () => {
  it("creates the directory and the file, in WAL mode with FULL sync and foreign keys", async () => {
    const file = join(dir, "nested", "data", "accord.db");
    const store = open(file);
    expect(existsSync(file)).toBe(true);
    expect(store.file).toBe(file);
    expect(store.settings()).toEqual({
      journalMode: "wal",
      synchronous: "FULL",
      foreignKeys: true,
      busyTimeoutMs: 5_000,
      schemaVersion: MIGRATIONS.length,
      appendsInWorker: false,
      appendCommit: "async-fsync",
    });
    // journal_mode = WAL is a property of the file: any other connection sees it too.
    expect(raw(file).pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("applies migrations once; reopening the file applies nothing", async () => {
    const file = join(dir, "accord.db");
    await open(file).close();
    const before = raw(file).prepare("SELECT * FROM schema_migrations ORDER BY version").all();
    expect(before.map((row) => (row as { version: number }).version)).toEqual(
      MIGRATIONS.map((m) => m.version),
    );
    const again = open(file);
    await again.members.create(member("m-1"));
    await again.close();
    const db = raw(file);
    expect(db.prepare("SELECT * FROM schema_migrations ORDER BY version").all()).toEqual(before);
    expect(migrate(db)).toEqual([]);
    expect(open(file).settings().schemaVersion).toBe(MIGRATIONS.length);
  });

  it("runs each migration in its own transaction: a failing one leaves no trace", async () => {
    const file = join(dir, "accord.db");
    await open(file).close();
    const db = raw(file);
    const broken = {
      version: MIGRATIONS.length + 1,
      name: "broken on purpose",
      sql: "CREATE TABLE half_done (a TEXT); SELECT no_such_function();",
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_function/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all();
    expect(tables).toEqual([]);
    const newest = db.prepare("SELECT max(version) AS v FROM schema_migrations").get();
    expect(newest).toEqual({ v: MIGRATIONS.length });
    expect(() => migrate(db, [{ ...broken, version: 7 }])).toThrow(/numbered 7; expected 1/);
  });

  it("carries connections, document sizes and chunk counts of a version 2 file forward", async () => {
    const file = join(dir, "accord.db");
    const db = raw(file);
    migrate(db, MIGRATIONS.slice(0, 2));
    const insertRow = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
    insertRow(
      `INSERT INTO members (id, subject, display_name, expertise_topic_ids, platform_role,
         search_text, version, created_at, updated_at) VALUES (?, ?, ?, '[]', ?, '', 1, ?, ?)`,
      "m-1",
      "s-1",
      "Ada",
      "COORDINATOR",
      "2024-01-01T00:00:00.000Z",
      "2024-01-01T00:00:00.000Z",
    );
    insertRow(
      `INSERT INTO connections (connection_id, paper_id, member_id, role, connected_at,
         expires_at, bucket_full_at) VALUES ('c-1', 'p-none', 'm-1', 'EDITOR', ?, ?, 12.5)`,
      "2024-01-01T00:00:00.000Z",
      FAR_FUTURE,
    );
    insertRow(
      `INSERT INTO documents (paper_id, snapshot, snapshot_version, compacted_at)
       VALUES ('p-1', ?, 1, '2024-01-01T00:00:00.000Z')`,
      Buffer.alloc(1_000),
    );
    const log = `INSERT INTO document_log (paper_id, update_data, at, retired_until)
      VALUES (?, ?, '2024-01-01T00:00:00.000Z', ?)`;
    insertRow(log, "p-1", Buffer.alloc(30), null);
    insertRow(log, "p-1", Buffer.alloc(70), null);
    insertRow(log, "p-1", Buffer.alloc(500), FAR_FUTURE); // retired: not in the document
    insertRow(log, "p-2", Buffer.alloc(5), null);
    insertRow(
      `INSERT INTO chunk_messages (connection_id, message_id, total, completed, expires_at)
       VALUES ('c-1', 'msg-1', 3, 0, ?)`,
      FAR_FUTURE,
    );
    insertRow(
      `INSERT INTO chunk_parts (connection_id, message_id, chunk_index, data)
       VALUES ('c-1', 'msg-1', 0, x'01'), ('c-1', 'msg-1', 2, x'03')`,
    );
    db.close();

    const store = open(file);
    expect(await store.connections.get("c-1")).toEqual({
      connectionId: "c-1",
      paperId: "p-none",
      memberId: "m-1",
      platformRole: "COORDINATOR",
      role: "EDITOR",
      paperStatus: "DRAFT",
      connectedAt: "2024-01-01T00:00:00.000Z",
      expiresAt: FAR_FUTURE,
    });
    expect((await store.connections.arrive("c-1", 1))?.framesInWindow).toBe(1);
    expect(await store.documents.size("p-1")).toBe(1_100);
    expect(await store.documents.size("p-2")).toBe(5);
    expect(
      await store.chunks.put({
        connectionId: "c-1",
        messageId: "msg-1",
        index: 1,
        total: 3,
        data: Uint8Array.of(2),
        expiresAt: FAR_FUTURE,
      }),
    ).toEqual(Uint8Array.of(1, 2, 3));
  });

  it("refuses a file written by a newer schema, naming the file", async () => {
    const file = join(dir, "accord.db");
    await open(file).close();
    raw(file)
      .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
      .run(99, "from the future", new Date().toISOString());
    const error = await plainError(() => open(file));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/schema version 99/);
  });

  it("names the path when its directory cannot be made", async () => {
    const blocker = join(dir, "a-file");
    await writeFile(blocker, "not a directory");
    const file = join(blocker, "data", "accord.db");
    const error = await plainError(() => open(file));
    expect(error.message).toContain(file);
  });

  it("names the path when the file is not a database", async () => {
    const file = join(dir, "corrupt.db");
    await writeFile(file, Buffer.alloc(8192, "this is not an SQLite file "));
    const error = await plainError(() => open(file));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not a database/);
  });

  it("runs in memory when asked to", async () => {
    const store = open(":memory:");
    await store.members.create(member("m-1"));
    expect((await store.members.get("m-1"))?.id).toBe("m-1");
    expect(store.settings().foreignKeys).toBe(true);
    // A worker's connection would open a database of its own, not this one.
    expect(store.settings().appendsInWorker).toBe(false);
    const entry = await store.documents.append("p-1", Uint8Array.from([0, 0]), {
      memberId: null,
      at: new Date().toISOString(),
    });
    expect((await store.documents.load("p-1")).tail.map((e) => e.id)).toEqual([entry.id]);
  });
});

describe("sharing the file", () => {
  const update = (text: string) => {
    const doc = new Y.Doc();
    doc.getText("body").insert(0, text);
    return Y.encodeStateAsUpdate(doc);
  };

  it("shows committed log entries to a second connection at once", async () => {
    const file = join(dir, "accord.db");
    const first = open(file);
    const second = open(file);
    const entry = await first.documents.append("p-1", update("from the first"), {
      memberId: "m-1",
      at: new Date().toISOString(),
    });
    expect((await second.documents.load("p-1")).tail.map((e) => e.id)).toEqual([entry.id]);
    const count = raw(file).prepare("SELECT count(*) AS n FROM document_log").get();
    expect(count).toEqual({ n: 1 });
    await second.documents.append("p-1", update("from the second"), {
      memberId: "m-2",
      at: new Date().toISOString(),
    });
    expect(await first.documents.tailLength("p-1")).toBe(2);
  });

  it("commits concurrent appends together, each with its own id", async () => {
    const file = join(dir, "accord.db");
    const writer = open(file);
    const texts = Array.from({ length: 50 }, (_, i) => `edit ${i}`);
    const entries = await Promise.all(
      texts.map((text, i) =>
        writer.documents.append(i % 2 ? "p-odd" : "p-even", update(text), {
          memberId: `m-${i}`,
          at: new Date().toISOString(),
        }),
      ),
    );
    expect(new Set(entries.map((e) => e.id)).size).toBe(texts.length);
    const reader = open(file);
    const even = await reader.documents.load("p-even");
    const odd = await reader.documents.load("p-odd");
    expect(even.tail.map((e) => e.id).sort()).toEqual(
      entries
        .filter((_, i) => i % 2 === 0)
        .map((e) => e.id)
        .sort(),
    );
    expect(odd.tail).toHaveLength(texts.length / 2);
    expect(odd.tail.map((e) => e.memberId)).toContain("m-49");
  });

  it("flushes appends still waiting for their commit when closing", async () => {
    const file = join(dir, "accord.db");
    const writer = open(file);
    const pending = writer.documents.append("p-1", update("last words"), {
      memberId: null,
      at: new Date().toISOString(),
    });
    await writer.close();
    const entry = await pending;
    await expect(
      writer.documents.append("p-1", update("too late"), { memberId: null, at: entry.at }),
    ).rejects.toThrow(/closed/);
    expect((await open(file).documents.load("p-1")).tail.map((e) => e.id)).toEqual([entry.id]);
  });

  it.each([
    "worker",
    "in-thread",
    "async-fsync",
  ])("keeps an entry appended (%s) by a process that was killed right after", async (mode) => {
    const file = join(dir, "accord.db");
    await open(file).close();
    const fixture = fileURLToPath(new URL("./fixtures/append-then-crash.ts", import.meta.url));
    const tsx = createRequire(import.meta.url).resolve("tsx");
    const { stdout, signal } = await new Promise<{ stdout: string; signal: string | null }>(
      (done, fail) => {
        execFile(
          process.execPath,
          ["--import", tsx, fixture, file, "p-1", "Written before the crash.", mode],
          { timeout: 60_000 },
          (error, out, err) => {
            if (error && error.signal !== "SIGKILL") fail(new Error(`child failed: ${err}`));
            else done({ stdout: out, signal: error?.signal ?? null });
          },
        );
      },
    );
    expect(signal).toBe("SIGKILL");
    const [id = "", committedBy] = stdout.trim().split(" ");
    expect(id).not.toBe("");
    expect(committedBy).toBe(mode);
    const state = await open(file).documents.load("p-1");
    expect(state.tail.map((e) => ({ id: e.id, memberId: e.memberId }))).toEqual([
      { id, memberId: "m-child" },
    ]);
    expect(materialize(state).getText("body").toString()).toBe("Written before the crash.");
  });

  it("keeps conditional writes conditional across connections", async () => {
    const file = join(dir, "accord.db");
    const first = open(file);
    const second = open(file);
    const v1 = member("m-1");
    await first.members.create(v1);
    await second.members.update({ ...v1, displayName: "Second", version: 2 });
    await expectCode(first.members.update({ ...v1, displayName: "First", version: 2 }), "CONFLICT");

    await first.documents.append("p-1", update("text"), { memberId: null, at: v1.createdAt });
    const seenByFirst = await first.documents.load("p-1");
    const seenBySecond = await second.documents.load("p-1");
    const compact = (store: SqliteStore, seen: typeof seenByFirst) =>
      store.documents.compact("p-1", {
        expectedVersion: seen.snapshotVersion,
        snapshot: Y.encodeStateAsUpdate(materialize(seen)),
        mergedEntryIds: seen.tail.map((e) => e.id),
        now: new Date().toISOString(),
        retainMs: 60_000,
      });
    await compact(second, seenBySecond);
    await expectCode(compact(first, seenByFirst), "CONFLICT");
  });

  it("keeps the last LEAD even against SQL written by hand", async () => {
    const file = join(dir, "accord.db");
    const store = open(file);
    await store.workingGroups.create(group("g-1"), membership("g-1", "m-1"));
    await store.papers.create(paper("p-1", "g-1"), collaborator("p-1", "m-1", "LEAD"));
    const db = raw(file);
    expect(() => db.prepare("DELETE FROM collaborators WHERE paper_id = 'p-1'").run()).toThrow(
      /last LEAD/,
    );
    expect(() => db.prepare("UPDATE collaborators SET role = 'VIEWER'").run()).toThrow(/last LEAD/);
    expect((await store.collaborators.get("p-1", "m-1"))?.role).toBe("LEAD");
  });

  it("refuses rows whose paper or working group does not exist with NOT_FOUND", async () => {
    const store = open(join(dir, "accord.db"));
    await expectCode(
      store.papers.create(paper("p-1", "g-none"), collaborator("p-1", "m-1", "LEAD")),
      "NOT_FOUND",
    );
    await expectCode(store.collaborators.add(collaborator("p-none", "m-1", "EDITOR")), "NOT_FOUND");
    await expectCode(store.workingGroups.addMembership(membership("g-none", "m-1")), "NOT_FOUND");
  });

  it("fails a write with a plain error while another connection holds the lock", async () => {
    const file = join(dir, "accord.db");
    const store = openSqliteStore({ file, busyTimeoutMs: 20 });
    opened.push(store);
    const db = raw(file);
    db.exec("BEGIN IMMEDIATE");
    const error = await plainError(() => store.members.create(member("m-1")));
    expect(error.message).toMatch(/locked|busy/i);
    db.exec("COMMIT");
    await store.members.create(member("m-1"));
    expect((await store.members.get("m-1"))?.id).toBe("m-1");
  });
});

describe("committing appends in a worker thread", () => {
  /** A typist per paper: each keystroke is one small Yjs update, as live editing appends them. */
  const typists = (papers: number) =>
    Array.from({ length: papers }, (_, p) => {
      const doc = new Y.Doc();
      const text = doc.getText("body");
      return {
        paperId: `p-${p}`,
        typed: "",
        keystroke() {
          const char = String.fromCharCode(97 + ((this.typed.length + p) % 26));
          this.typed += char;
          let update: Uint8Array | undefined;
          doc.once("update", (u: Uint8Array) => {
            update = u;
          });
          text.insert(text.length, char);
          return update!;
        },
      };
    });
  const origin = { memberId: "m-typist", at: "2031-05-01T09:00:00.000Z" };

  it.each([
    "worker",
    "async-fsync",
  ] as const)("takes turns with the main connection's writes (%s): no SQLITE_BUSY even without a busy timeout", async (appendCommit) => {
    const file = join(dir, "accord.db");
    // No busy timeout at all: any moment the append connection and the main connection wanted
    // the write lock together would fail with SQLITE_BUSY instead of waiting.
    const store = openWith({ file, busyTimeoutMs: 0, appendCommit });
    expect(store.settings().appendCommit).toBe(appendCommit);
    await store.workingGroups.create(group("g-1"), membership("g-1", "m-1"));
    const papers = typists(20);
    for (const { paperId } of papers) {
      await store.papers.create(paper(paperId, "g-1"), collaborator(paperId, "m-1", "LEAD"));
    }

    const appends: Promise<void>[] = [];
    const others: Promise<unknown>[] = [];
    let compactions: Promise<unknown> = Promise.resolve();
    let unseen = 0;
    for (let wave = 0; wave < 30; wave++) {
      for (const typist of papers) {
        const { paperId } = typist;
        appends.push(
          store.documents.append(paperId, typist.keystroke(), origin).then(async (entry) => {
            // Resolved means committed: the main connection reads it at once.
            const { tail } = await store.documents.load(paperId);
            if (!tail.some((e) => e.id === entry.id)) unseen++;
          }),
        );
      }
      const paperId = `p-${wave % papers.length}`;
      others.push(
        store.members.create(member(`m-w${wave}`)),
        store.comments.create(comment(`c-${wave}`, paperId)),
        store.connections.put({
          connectionId: `conn-${wave}`,
          paperId,
          memberId: "m-1",
          platformRole: "MEMBER",
          role: "LEAD",
          paperStatus: "DRAFT",
          connectedAt: origin.at,
          expiresAt: FAR_FUTURE,
        }),
        store.chunks.put({
          connectionId: `conn-${wave}`,
          messageId: "msg",
          index: 0,
          total: 2,
          data: Uint8Array.from([wave]),
          expiresAt: FAR_FUTURE,
        }),
      );
      // Compactions of the main connection while appends to the same papers are in flight (one
      // after the other, as the collab core runs them: two at once would rightly conflict).
      if (wave % 5 === 4) {
        compactions = compactions.then(() =>
          compactOnce(store, `p-${wave % 3}`, { now: origin.at, retainMs: 60_000 }),
        );
        others.push(compactions);
      }
      // Let the worker's commits and these writes overlap.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const settled = await Promise.allSettled([...appends, ...others]);
    const failures = settled.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
    expect(failures).toEqual([]);
    expect(unseen).toBe(0);

    // Nothing typed is missing, compacted or not, from this connection or a fresh one.
    const reader = open(file);
    for (const typist of papers) {
      const state = await reader.documents.load(typist.paperId);
      expect(materialize(state).getText("body").toString()).toBe(typist.typed);
    }
    expect((await reader.members.list({}, { first: 100 })).items).toHaveLength(30);
    const ids = raw(file).prepare("SELECT count(DISTINCT id) AS n FROM document_log").get();
    expect(ids).toEqual({ n: 30 * papers.length });
  });

  it("shares the file with another store's worker and main connection, within the busy timeout", async () => {
    // Two stores on one file, as two server processes would be: their connections are kept apart
    // only by SQLite's locks, so a commit waits (busy_timeout) for the other side's.
    const file = join(dir, "accord.db");
    const stores = [openWith({ file, appendCommit: "worker" }), openWith({ file })];
    const papers = typists(8);
    const work: Promise<unknown>[] = [];
    for (let wave = 0; wave < 20; wave++) {
      papers.forEach((typist, p) => {
        const store = stores[p % 2]!;
        work.push(store.documents.append(typist.paperId, typist.keystroke(), origin));
      });
      work.push(stores[wave % 2]!.members.create(member(`m-${wave}`)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const settled = await Promise.allSettled(work);
    expect(settled.filter((s) => s.status === "rejected").map((s) => String(s.reason))).toEqual([]);
    for (const typist of papers) {
      const state = await stores[0]!.documents.load(typist.paperId);
      expect(materialize(state).getText("body").toString()).toBe(typist.typed);
    }
  });

  it("fails the appends of a crashed worker, never resolves them, and starts a new one", async () => {
    const file = join(dir, "accord.db");
    const store = openWith({
      file,
      appendCommit: "worker",
      appendWorkerScript: new URL("./fixtures/crashing-append-worker.mjs", import.meta.url),
    });
    const [typist] = typists(1);
    // First batch: committed.
    const first = await store.documents.append("p-0", typist!.keystroke(), origin);
    // Second batch: the worker dies on receiving it.
    const lost = await Promise.allSettled(
      [1, 2, 3].map(() => store.documents.append("p-0", Uint8Array.from([0, 0]), origin)),
    );
    for (const outcome of lost) {
      expect(outcome.status).toBe("rejected");
      const reason = (outcome as PromiseRejectedResult).reason as Error;
      expect(reason.message).toMatch(/append worker .* stopped .*crashed on purpose/);
      expect(reason.message).toContain(file);
    }
    expect((await store.documents.load("p-0")).tail.map((e) => e.id)).toEqual([first.id]);
    // The next append gets a fresh worker.
    const after = await store.documents.append("p-0", typist!.keystroke(), origin);
    const { tail } = await store.documents.load("p-0");
    expect(tail.map((e) => e.id).sort()).toEqual([first.id, after.id].sort());
    expect(
      materialize({ ...(await store.documents.load("p-0")) })
        .getText("body")
        .toString(),
    ).toBe(typist!.typed);
  });

  it("fails appends when the worker cannot start, with the reason", async () => {
    const file = join(dir, "accord.db");
    const store = openWith({
      file,
      appendCommit: "worker",
      appendWorkerScript: new URL("./no-such-worker.mjs", import.meta.url),
    });
    const error = await rejection(store.documents.append("p-0", Uint8Array.from([0, 0]), origin));
    expect(String(error)).toMatch(/append worker .* stopped .*no-such-worker/);
    expect(await store.documents.tailLength("p-0")).toBe(0);
  });

  it("commits every pending append when closing, then closes both connections", async () => {
    const file = join(dir, "accord.db");
    const store = openWith({ file });
    const papers = typists(10);
    const pending = papers.flatMap((typist) =>
      Array.from({ length: 20 }, () =>
        store.documents.append(typist.paperId, typist.keystroke(), origin),
      ),
    );
    await store.close();
    const entries = await Promise.all(pending);
    expect(new Set(entries.map((e) => e.id)).size).toBe(200);
    await expect(store.documents.append("p-0", Uint8Array.from([0, 0]), origin)).rejects.toThrow(
      /closed/,
    );
    // The last connection to a WAL file to close checkpoints it and removes the -wal file: the
    // worker's connection is gone too.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reader = open(file);
    for (const typist of papers) {
      const state = await reader.documents.load(typist.paperId);
      expect(materialize(state).getText("body").toString()).toBe(typist.typed);
    }
  });

  it("commits in this thread when asked to, with the same grouping", async () => {
    const file = join(dir, "accord.db");
    const store = openWith({ file, appendsInWorker: false });
    expect(store.settings().appendsInWorker).toBe(false);
    const papers = typists(5);
    const entries = await Promise.all(
      papers.flatMap((typist) =>
        Array.from({ length: 10 }, () =>
          store.documents.append(typist.paperId, typist.keystroke(), origin),
        ),
      ),
    );
    expect(new Set(entries.map((e) => e.id)).size).toBe(50);
    for (const typist of papers) {
      const state = await store.documents.load(typist.paperId);
      expect(materialize(state).getText("body").toString()).toBe(typist.typed);
    }
  });
});

describe("TTL sweeps on the store's clock", () => {
  const t0 = Date.parse("2031-05-01T09:00:00.000Z");

  it("drops an expired incomplete message, so a late chunk starts afresh", async () => {
    let now = t0;
    const store = open(join(dir, "accord.db"), () => new Date(now));
    const chunk = (index: number, messageId = "msg-1") => ({
      connectionId: "c-1",
      messageId,
      index,
      total: 2,
      data: Uint8Array.from([index]),
      // As the framing layer does: a chunk keeps its message for a while after it arrives.
      expiresAt: new Date(now + 60_000).toISOString(),
    });
    expect(await store.chunks.put(chunk(0))).toBeNull();
    expect(await store.chunks.put(chunk(0, "msg-2"))).toBeNull();
    expect(await store.chunks.put(chunk(1, "msg-2"))).toEqual(Uint8Array.from([0, 1]));
    now = t0 + 60_000;
    // Without the sweep this chunk would complete msg-1, and msg-2 would stay completed.
    expect(await store.chunks.put(chunk(1))).toBeNull();
    expect(await store.chunks.put(chunk(0, "msg-2"))).toBeNull();
    expect(await store.chunks.put(chunk(0))).toEqual(Uint8Array.from([0, 1]));
  });

  it("removes expired connection records once the clock passes them", async () => {
    let now = t0;
    const store = open(join(dir, "accord.db"), () => new Date(now));
    const record = (connectionId: string, expiresAt: number) => ({
      connectionId,
      paperId: "p-1",
      memberId: "m-1",
      platformRole: "MEMBER" as const,
      role: "EDITOR" as const,
      paperStatus: "DRAFT" as const,
      connectedAt: new Date(t0).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    });
    await store.connections.put(record("c-1", t0 + 60_000));
    await store.connections.put(record("c-2", t0 + 120_000));
    now = t0 + 60_000;
    // Expired for readers that pass a time, still stored until the next sweep.
    expect((await store.connections.get("c-1"))?.connectionId).toBe("c-1");
    const listed = await store.connections.listByPaper("p-1", new Date(now).toISOString());
    expect(listed.map((c) => c.connectionId)).toEqual(["c-2"]);
    await store.connections.put(record("c-3", t0 + 180_000));
    expect(await store.connections.get("c-1")).toBeNull();
    expect((await store.connections.get("c-2"))?.connectionId).toBe("c-2");
  });
});

describe("closing", () => {
  it("is idempotent, and later calls fail with a plain error naming the file", async () => {
    const file = join(dir, "accord.db");
    const store = open(file);
    await store.close();
    await store.close();
    const error = await plainError(() => store.members.get("m-1"));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/closed/);
  });

  it("closes every open store at once", async () => {
    const first = open(join(dir, "one.db"));
    const second = open(join(dir, "two.db"));
    await closeAllSqliteStores();
    await plainError(() => first.topics.list());
    await plainError(() => second.topics.list());
    await first.close();
  });
});
