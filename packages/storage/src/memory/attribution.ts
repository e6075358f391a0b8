// Each paper's attribution map: opaque bytes under a version, written read-modify-write.
import { conflict } from "@accord/domain";
import type { AttributionStore } from "../ports.ts";
import type { MemoryState } from "./state.ts";

export function attributionStore(state: MemoryState): AttributionStore {
  const { attribution } = state;
  return {
    async get(paperId) {
      const stored = attribution.get(paperId);
      return stored ? { data: stored.data.slice(), version: stored.version } : null;
    },
    async put(paperId, data, expectedVersion) {
      const version = attribution.get(paperId)?.version ?? 0;
      if (version !== expectedVersion) {
        throw conflict("The attribution of this paper changed meanwhile.", { paperId });
      }
      attribution.set(paperId, { data: data.slice(), version: version + 1 });
      return { version: version + 1 };
    },
  };
}
