// Named versions of papers.
import { conflict } from "@accord/domain";
import { paginate } from "../paging.ts";
import type { VersionStore } from "../ports.ts";
import { byKey, clone, type MemoryState } from "./state.ts";

export function versionStore(state: MemoryState): VersionStore {
  const { versions } = state;

  return {
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
  };
}
