// Comments on papers.
import { conflict } from "@accord/domain";
import type { CommentStore } from "../ports.ts";
import { byKey, clone, conditional, type MemoryState } from "./state.ts";

export function commentStore(state: MemoryState): CommentStore {
  const { comments } = state;

  return {
    async get(id) {
      return clone(comments.get(id) ?? null);
    },
    async create(comment) {
      if (comments.has(comment.id)) throw conflict("A comment with this id exists.");
      comments.set(comment.id, clone(comment));
    },
    async update(comment) {
      conditional(comments.get(comment.id), comment, "comment", comment.id);
      comments.set(comment.id, clone(comment));
    },
    async listByPaper(paperId) {
      return [...comments.values()]
        .filter((c) => c.paperId === paperId)
        .sort((a, b) => byKey(a.createdAt, b.createdAt) || byKey(a.id, b.id))
        .map(clone);
    },
  };
}
