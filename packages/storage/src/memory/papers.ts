// Position papers, and the filters of their list.
import { badInput, conflict, type PositionPaper } from "@accord/domain";
import { paginate } from "../paging.ts";
import type { PaperFilter, PaperStore } from "../ports.ts";
import { byKey, clone, conditional, type MemoryState, pair } from "./state.ts";

export function paperStore(state: MemoryState): PaperStore {
  const { papers, collaborators } = state;

  const matchesPaper = (paper: PositionPaper, filter: PaperFilter) => {
    if (filter.workingGroupId && paper.workingGroupId !== filter.workingGroupId) return false;
    if (filter.topicId && !paper.topicIds.includes(filter.topicId)) return false;
    if (filter.status && paper.status !== filter.status) return false;
    if (filter.diplomacyType && !paper.diplomacyTypes.includes(filter.diplomacyType)) return false;
    if (filter.collaboratorId && !collaborators.has(pair(paper.id, filter.collaboratorId)))
      return false;
    if (
      filter.visibleTo &&
      paper.status !== "PUBLISHED" &&
      !collaborators.has(pair(paper.id, filter.visibleTo))
    ) {
      return false;
    }
    if (filter.search) {
      const needle = filter.search.toLowerCase();
      if (
        !paper.title.toLowerCase().includes(needle) &&
        !paper.summary.toLowerCase().includes(needle)
      ) {
        return false;
      }
    }
    return true;
  };

  return {
    async get(id) {
      return clone(papers.get(id) ?? null);
    },
    async getMany(ids) {
      return ids.map((id) => clone(papers.get(id) ?? null));
    },
    async create(paper, lead) {
      if (lead.role !== "LEAD") throw badInput("lead", "A paper starts with a LEAD.");
      if (lead.paperId !== paper.id) {
        throw badInput("lead", "The first LEAD must be a collaborator on the new paper.");
      }
      if (papers.has(paper.id)) throw conflict("A paper with this id exists.");
      papers.set(paper.id, clone(paper));
      collaborators.set(pair(paper.id, lead.memberId), clone(lead));
    },
    async update(paper) {
      conditional(papers.get(paper.id), paper, "paper", paper.id);
      papers.set(paper.id, clone(paper));
    },
    async list(filter, page) {
      const sorted = [...papers.values()]
        .filter((p) => matchesPaper(p, filter))
        .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id));
      const result = paginate(sorted, (p) => [p.createdAt, p.id], page, true);
      return { ...result, items: result.items.map(clone) };
    },
  };
}
