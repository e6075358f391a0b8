import type { TopicStore } from "../ports.ts";
import { byKey, clone, type MemoryState } from "./state.ts";

export function topicStore(state: MemoryState): TopicStore {
  const { topics } = state;

  return {
    async upsertMany(list) {
      for (const t of list) topics.set(t.id, clone(t));
    },
    async list() {
      return [...topics.values()]
        .sort((a, b) => byKey(a.name, b.name) || byKey(a.id, b.id))
        .map(clone);
    },
    async getMany(ids) {
      return ids.map((id) => clone(topics.get(id) ?? null));
    },
  };
}
