// The in-memory store against the storage contract. It lives in the process, so "reopening" it
// is handing back the same store after close (a no-op for memory).
import { createMemoryStore } from "@accord/storage";
import { describeStoreContract } from "@accord/storage/testing";

describeStoreContract("memory", async () => {
  const store = createMemoryStore();
  return { store, reopen: async () => store, cleanup: () => store.close() };
});
