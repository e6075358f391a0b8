// Collaborators of a paper; a paper always keeps a LEAD.
import { conflict, notFound } from "@accord/domain";
import type { CollaboratorStore } from "../ports.ts";
import { clone, type MemoryState, pair, paperCollaborators } from "./state.ts";

export function collaboratorStore(state: MemoryState): CollaboratorStore {
  const { collaborators } = state;

  const leadCount = (paperId: string) =>
    paperCollaborators(state, paperId).filter((c) => c.role === "LEAD").length;

  return {
    async get(paperId, memberId) {
      return clone(collaborators.get(pair(paperId, memberId)) ?? null);
    },
    async listByPaper(paperId) {
      return paperCollaborators(state, paperId).map(clone);
    },
    async listByPapers(paperIds) {
      return paperIds.map((id) => paperCollaborators(state, id).map(clone));
    },
    async add(collaborator) {
      const key = pair(collaborator.paperId, collaborator.memberId);
      if (collaborators.has(key)) throw conflict("This member is already a collaborator.");
      collaborators.set(key, clone(collaborator));
    },
    async setRole(paperId, memberId, role) {
      const c = collaborators.get(pair(paperId, memberId));
      if (!c) throw notFound("collaborator", `${paperId}/${memberId}`);
      if (c.role === "LEAD" && role !== "LEAD" && leadCount(paperId) === 1) {
        throw conflict("A paper must keep at least one LEAD; make someone else LEAD first.");
      }
      c.role = role;
      return clone(c);
    },
    async remove(paperId, memberId) {
      const c = collaborators.get(pair(paperId, memberId));
      if (!c) throw notFound("collaborator", `${paperId}/${memberId}`);
      if (c.role === "LEAD" && leadCount(paperId) === 1) {
        throw conflict("A paper must keep at least one LEAD; make someone else LEAD first.");
      }
      collaborators.delete(pair(paperId, memberId));
    },
  };
}
