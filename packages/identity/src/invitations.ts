// Invitations meet their invitee: at a member's first sign-in, every open invitation naming the
// identity's username or verified email becomes a paper or group role. Safe to run twice at
// once (two first requests of one person): the role is granted once and only the request that
// closes the invitation records it in the activity feed.
import {
  closeInvitation,
  type Invitation,
  type InviteeKind,
  invitationNotPending,
  invitationStatus,
  isDomainError,
  isOpenInvitation,
  type Member,
  newId,
  type PaperRole,
  type WorkingGroupRole,
} from "@accord/domain";
import type { Store } from "@accord/storage";
import type { Identity } from "./identity.ts";

export type InvitationPorts = Pick<
  Store,
  "invitations" | "collaborators" | "workingGroups" | "activity"
>;

/** The invitees this identity proves to be: its username, and its email once verified. */
export function inviteesOf(identity: Identity): { kind: InviteeKind; invitee: string }[] {
  const invitees: { kind: InviteeKind; invitee: string }[] = [];
  if (identity.username) invitees.push({ kind: "USERNAME", invitee: identity.username });
  if (identity.email && identity.emailVerified) {
    invitees.push({ kind: "EMAIL", invitee: identity.email.trim().toLowerCase() });
  }
  return invitees;
}

/** Does this invitation name this identity? */
export function invitationNames(invitation: Invitation, identity: Identity): boolean {
  return inviteesOf(identity).some(
    (i) => i.kind === invitation.inviteeKind && i.invitee === invitation.invitee,
  );
}

/** The open invitations naming this identity, oldest first. */
export async function openInvitationsOf(
  ports: Pick<Store, "invitations">,
  identity: Identity,
  now: string,
): Promise<Invitation[]> {
  const lists = await Promise.all(
    inviteesOf(identity).map((i) => ports.invitations.listByInvitee(i.kind, i.invitee)),
  );
  return lists.flat().filter((invitation) => isOpenInvitation(invitation, now));
}

/** Accept every open invitation naming this identity; returns those this call accepted. */
export async function acceptInvitationsOf(
  ports: InvitationPorts,
  member: Member,
  identity: Identity,
  now: string,
): Promise<Invitation[]> {
  const accepted: Invitation[] = [];
  for (const invitation of await openInvitationsOf(ports, identity, now)) {
    const result = await acceptInvitation(ports, invitation, member.id, now);
    if (result) accepted.push(result);
  }
  return accepted;
}

const isCode = (error: unknown, code: string) => isDomainError(error) && error.code === code;

/**
 * Grant the invitation's role to `memberId`, then close the invitation as ACCEPTED. The grant
 * comes first so that a crash in between leaves a granted role with a pending invitation (which
 * anyone can revoke), never an accepted invitation without its role. A role the member already
 * has is kept as it is. Returns the accepted invitation, or null when another call closed it
 * first (the role this call granted is taken back if the invitation was revoked meanwhile).
 * CONFLICT when the invitation is no longer pending (accepted, revoked or expired).
 */
export async function acceptInvitation(
  ports: InvitationPorts,
  invitation: Invitation,
  memberId: string,
  now: string,
): Promise<Invitation | null> {
  const status = invitationStatus(invitation, now);
  if (status !== "PENDING") throw invitationNotPending(status);
  const granted = await grant(ports, invitation, memberId, now);
  const accepted = closeInvitation(invitation, "ACCEPTED", now, memberId);
  try {
    await ports.invitations.update(accepted);
  } catch (error) {
    if (!isCode(error, "CONFLICT")) throw error;
    const fresh = await ports.invitations.get(invitation.id);
    if (granted && fresh?.status === "REVOKED") await revokeGrant(ports, invitation, memberId);
    return null;
  }
  const detail = { invitationId: invitation.id, role: invitation.role, memberId };
  if (invitation.target === "PAPER") {
    await ports.activity.append({
      id: newId(),
      paperId: invitation.targetId,
      actorId: memberId,
      kind: "INVITATION_ACCEPTED",
      detail,
      at: now,
    });
  } else {
    await ports.activity.appendForGroup({
      id: newId(),
      workingGroupId: invitation.targetId,
      actorId: memberId,
      kind: "INVITATION_ACCEPTED",
      detail,
      at: now,
    });
  }
  return accepted;
}

/** True when this call added the role; false when the member already had one. */
async function grant(
  ports: InvitationPorts,
  invitation: Invitation,
  memberId: string,
  now: string,
): Promise<boolean> {
  try {
    if (invitation.target === "PAPER") {
      await ports.collaborators.add({
        paperId: invitation.targetId,
        memberId,
        role: invitation.role as PaperRole,
        addedBy: invitation.invitedBy,
        addedAt: now,
      });
    } else {
      await ports.workingGroups.addMembership({
        workingGroupId: invitation.targetId,
        memberId,
        role: invitation.role as WorkingGroupRole,
        addedAt: now,
      });
    }
    return true;
  } catch (error) {
    if (isCode(error, "CONFLICT")) return false;
    throw error;
  }
}

async function revokeGrant(ports: InvitationPorts, invitation: Invitation, memberId: string) {
  try {
    if (invitation.target === "PAPER") {
      await ports.collaborators.remove(invitation.targetId, memberId);
    } else {
      await ports.workingGroups.removeMembership(invitation.targetId, memberId);
    }
  } catch (error) {
    // Already gone, or the last LEAD / convener: then the role stays, as an explicit grant would.
    if (!isCode(error, "NOT_FOUND") && !isCode(error, "CONFLICT")) throw error;
  }
}
