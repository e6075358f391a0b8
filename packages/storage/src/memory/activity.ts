import { paginate } from "../paging.ts";
import type { ActivityStore } from "../ports.ts";
import { byKey, clone, type MemoryState } from "./state.ts";

export function activityStore(state: MemoryState): ActivityStore {
  const { activity, groupActivity } = state;

  return {
    async append(event) {
      activity.push(clone(event));
    },
    async listByPaper(paperId, page) {
      const sorted = activity
        .filter((e) => e.paperId === paperId)
        .sort((a, b) => byKey(b.at, a.at) || byKey(b.id, a.id));
      const result = paginate(sorted, (e) => [e.at, e.id], page, true);
      return { ...result, items: result.items.map(clone) };
    },
    async upsert(event) {
      const index = activity.findIndex((e) => e.id === event.id);
      if (index === -1) activity.push(clone(event));
      else
        activity[index] = clone({
          ...event,
          paperId: activity[index]!.paperId,
          at: activity[index]!.at,
        });
    },
    async appendForGroup(event) {
      groupActivity.push(clone(event));
    },
    async listByGroup(workingGroupId, page) {
      const sorted = groupActivity
        .filter((e) => e.workingGroupId === workingGroupId)
        .sort((a, b) => byKey(b.at, a.at) || byKey(b.id, a.id));
      const result = paginate(sorted, (e) => [e.at, e.id], page, true);
      return { ...result, items: result.items.map(clone) };
    },
  };
}
