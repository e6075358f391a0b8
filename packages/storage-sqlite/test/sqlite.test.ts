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
  expectCode,
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
} from "@accord/storage-sqlite";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";

let dir: string;
const opened: (SqliteStore | Database.Database)[] = [];
const open = (file: string, clock?: () => Date) => {
  const store = openSqliteStore(clock ? { file, clock } : { file });
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

  it("keeps an entry appended by a process that was killed right after", async () => {
    const file = join(dir, "accord.db");
    await open(file).close();
    const fixture = fileURLToPath(new URL("./fixtures/append-then-crash.ts", import.meta.url));
    const tsx = createRequire(import.meta.url).resolve("tsx");
    const { stdout, signal } = await new Promise<{ stdout: string; signal: string | null }>(
      (done, fail) => {
        execFile(
          process.execPath,
          ["--import", tsx, fixture, file, "p-1", "Written before the crash."],
          { timeout: 60_000 },
          (error, out, err) => {
            if (error && error.signal !== "SIGKILL") fail(new Error(`child failed: ${err}`));
            else done({ stdout: out, signal: error?.signal ?? null });
          },
        );
      },
    );
    expect(signal).toBe("SIGKILL");
    const id = stdout.trim();
    expect(id).not.toBe("");
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
      role: "EDITOR" as const,
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
