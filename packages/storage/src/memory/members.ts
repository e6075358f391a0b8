// Members and their identity-token subjects.
import { conflict } from "@accord/domain";
import { paginate } from "../paging.ts";
import type { MemberStore } from "../ports.ts";
import { byKey, clone, conditional, type MemoryState } from "./state.ts";

export function memberStore(state: MemoryState): MemberStore {
  const { members, subjects } = state;

  return {
    async get(id) {
      const m = members.get(id);
      return m ? clone(m) : null;
    },
    async getMany(ids) {
      return ids.map((id) => clone(members.get(id) ?? null));
    },
    async getBySubject(subject) {
      const id = subjects.get(subject);
      return id ? clone(members.get(id) ?? null) : null;
    },
    async create(member) {
      if (members.has(member.id)) throw conflict("A member with this id exists.");
      if (subjects.has(member.subject)) throw conflict("A member with this subject exists.");
      members.set(member.id, clone(member));
      subjects.set(member.subject, member.id);
    },
    async update(member) {
      const stored = members.get(member.id);
      conditional(stored, member, "member", member.id);
      members.set(member.id, clone({ ...member, subject: stored.subject }));
    },
    async list(filter, page) {
      const needle = filter.search?.toLowerCase();
      const sorted = [...members.values()]
        .filter(
          (m) =>
            !needle ||
            m.displayName.toLowerCase().includes(needle) ||
            (m.affiliation ?? "").toLowerCase().includes(needle),
        )
        .sort((a, b) => byKey(a.displayName, b.displayName) || byKey(a.id, b.id));
      const result = paginate(sorted, (m) => [m.displayName, m.id], page);
      return { ...result, items: result.items.map(clone) };
    },
  };
}
