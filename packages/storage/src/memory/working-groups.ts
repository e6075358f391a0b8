// Working groups and their memberships.
import { badInput, conflict, notFound } from "@accord/domain";
import { paginate } from "../paging.ts";
import type { WorkingGroupStore } from "../ports.ts";
import { byKey, clone, conditional, type MemoryState, pair } from "./state.ts";

export function workingGroupStore(state: MemoryState): WorkingGroupStore {
  const { groups, memberships } = state;

  return {
    async get(id) {
      return clone(groups.get(id) ?? null);
    },
    async getMany(ids) {
      return ids.map((id) => clone(groups.get(id) ?? null));
    },
    async create(group, convener) {
      if (convener.workingGroupId !== group.id) {
        throw badInput("convener", "The first convener must belong to the new working group.");
      }
      if (groups.has(group.id)) throw conflict("A working group with this id exists.");
      groups.set(group.id, clone(group));
      memberships.set(pair(group.id, convener.memberId), clone(convener));
    },
    async update(group) {
      conditional(groups.get(group.id), group, "working group", group.id);
      groups.set(group.id, clone(group));
    },
    async list(page) {
      const sorted = [...groups.values()].sort(
        (a, b) => byKey(a.name, b.name) || byKey(a.id, b.id),
      );
      const result = paginate(sorted, (g) => [g.name, g.id], page);
      return { ...result, items: result.items.map(clone) };
    },
    async addMembership(membership) {
      const key = pair(membership.workingGroupId, membership.memberId);
      if (memberships.has(key)) throw conflict("This member is already in the working group.");
      memberships.set(key, clone(membership));
    },
    async setMembershipRole(groupId, memberId, role) {
      const m = memberships.get(pair(groupId, memberId));
      if (!m) throw notFound("working group membership", `${groupId}/${memberId}`);
      m.role = role;
    },
    async removeMembership(groupId, memberId) {
      if (!memberships.delete(pair(groupId, memberId))) {
        throw notFound("working group membership", `${groupId}/${memberId}`);
      }
    },
    async getMembership(groupId, memberId) {
      return clone(memberships.get(pair(groupId, memberId)) ?? null);
    },
    async listMemberships(groupId) {
      return [...memberships.values()]
        .filter((m) => m.workingGroupId === groupId)
        .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.memberId, b.memberId))
        .map(clone);
    },
    async listGroupsOfMember(memberId) {
      return [...memberships.values()]
        .filter((m) => m.memberId === memberId)
        .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.workingGroupId, b.workingGroupId))
        .map(clone);
    },
  };
}
