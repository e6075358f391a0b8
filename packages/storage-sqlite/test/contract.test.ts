// The SQLite store against the storage contract, on a fresh file in a temp dir for every test;
// `reopen` closes nothing itself and opens the same file again, as a restart would. It runs
// once per commit path of the document log: written on a second connection with the fsync in
// libuv's thread pool (the default), by the worker thread, and in the main thread.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract } from "@accord/storage/testing";
import { type AppendCommit, openSqliteStore } from "@accord/storage-sqlite";

const NAMES: Record<AppendCommit, string> = {
  "async-fsync": "sqlite",
  worker: "sqlite, appends in the worker",
  "in-thread": "sqlite, appends in-thread",
};
for (const appendCommit of ["async-fsync", "worker", "in-thread"] as const) {
  describeStoreContract(NAMES[appendCommit], async () => {
    const dir = await mkdtemp(join(tmpdir(), "accord-sqlite-"));
    const file = join(dir, "accord.db");
    const opened = [openSqliteStore({ file, appendCommit })];
    return {
      store: opened[0]!,
      reopen: async () => {
        const again = openSqliteStore({ file, appendCommit });
        opened.push(again);
        return again;
      },
      cleanup: async () => {
        for (const store of opened) await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
}
