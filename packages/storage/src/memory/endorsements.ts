// Endorsements of papers.
import { conflict, notFound } from "@accord/domain";
import { paginate } from "../paging.ts";
import type { EndorsementStore } from "../ports.ts";
import { byKey, clone, type MemoryState, pair } from "./state.ts";

export function endorsementStore(state: MemoryState): EndorsementStore {
  const { endorsements } = state;

  return {
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
  };
}
