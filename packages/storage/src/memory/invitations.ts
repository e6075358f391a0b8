// Invitations to papers and working groups, and requests to join working groups.
import { conflict, isOpenInvitation } from "@accord/domain";
import type { InvitationStore, JoinRequestStore } from "../ports.ts";
import { byKey, clone, conditional, type MemoryState } from "./state.ts";

const oldestFirst = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  byKey(a.createdAt, b.createdAt) || byKey(a.id, b.id);

export function invitationStore(state: MemoryState): InvitationStore {
  const { invitations } = state;
  return {
    async get(id) {
      return clone(invitations.get(id) ?? null);
    },
    async create(invitation) {
      if (invitations.has(invitation.id)) throw conflict("An invitation with this id exists.");
      const open = [...invitations.values()].some(
        (i) =>
          i.target === invitation.target &&
          i.targetId === invitation.targetId &&
          i.inviteeKind === invitation.inviteeKind &&
          i.invitee === invitation.invitee &&
          isOpenInvitation(i, invitation.createdAt),
      );
      if (open) throw conflict("This person already has a pending invitation here.");
      invitations.set(invitation.id, clone(invitation));
    },
    async update(invitation) {
      const stored = invitations.get(invitation.id);
      conditional(stored, invitation, "invitation", invitation.id);
      invitations.set(
        invitation.id,
        clone({
          ...invitation,
          target: stored.target,
          targetId: stored.targetId,
          inviteeKind: stored.inviteeKind,
          invitee: stored.invitee,
          invitedBy: stored.invitedBy,
          createdAt: stored.createdAt,
        }),
      );
    },
    async listByTarget(target, targetId) {
      return [...invitations.values()]
        .filter((i) => i.target === target && i.targetId === targetId)
        .sort(oldestFirst)
        .map(clone);
    },
    async listByInvitee(kind, invitee) {
      return [...invitations.values()]
        .filter((i) => i.inviteeKind === kind && i.invitee === invitee)
        .sort(oldestFirst)
        .map(clone);
    },
  };
}

export function joinRequestStore(state: MemoryState): JoinRequestStore {
  const { joinRequests } = state;
  return {
    async get(id) {
      return clone(joinRequests.get(id) ?? null);
    },
    async create(request) {
      if (joinRequests.has(request.id)) throw conflict("A join request with this id exists.");
      const pending = [...joinRequests.values()].some(
        (r) =>
          r.workingGroupId === request.workingGroupId &&
          r.memberId === request.memberId &&
          r.status === "PENDING",
      );
      if (pending) throw conflict("You have already asked to join this working group.");
      joinRequests.set(request.id, clone(request));
    },
    async update(request) {
      const stored = joinRequests.get(request.id);
      conditional(stored, request, "join request", request.id);
      joinRequests.set(
        request.id,
        clone({
          ...request,
          workingGroupId: stored.workingGroupId,
          memberId: stored.memberId,
          message: stored.message,
          createdAt: stored.createdAt,
        }),
      );
    },
    async listByGroup(workingGroupId) {
      return [...joinRequests.values()]
        .filter((r) => r.workingGroupId === workingGroupId)
        .sort(oldestFirst)
        .map(clone);
    },
    async listByMember(memberId) {
      return [...joinRequests.values()]
        .filter((r) => r.memberId === memberId)
        .sort(oldestFirst)
        .map(clone);
    },
  };
}
