// The SQLite store against the storage contract, on a fresh file in a temp dir for every test;
// `reopen` closes nothing itself and opens the same file again, as a restart would. It runs
// twice: appends committed by the worker thread (the default) and in the main thread.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract } from "@accord/storage/testing";
import { openSqliteStore } from "@accord/storage-sqlite";

for (const appendsInWorker of [true, false]) {
  describeStoreContract(appendsInWorker ? "sqlite" : "sqlite, appends in-thread", async () => {
    const dir = await mkdtemp(join(tmpdir(), "accord-sqlite-"));
    const file = join(dir, "accord.db");
    const opened = [openSqliteStore({ file, appendsInWorker })];
    return {
      store: opened[0]!,
      reopen: async () => {
        const again = openSqliteStore({ file, appendsInWorker });
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
