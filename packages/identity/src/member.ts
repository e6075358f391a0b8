// Who a verified identity is on the platform: the member found by the token's subject, created
// on first use, with the platform role the token carries. GraphQL and the live-editing gate
// resolve callers through this one function, so they never disagree.
import {
  isDomainError,
  type Member,
  newId,
  nowIso,
  type PlatformRole,
  TEXT_LIMITS,
} from "@accord/domain";
import type { MemberStore } from "@accord/storage";
import type { Identity } from "./identity.ts";
import { acceptInvitationsOf, type InvitationPorts } from "./invitations.ts";

/**
 * What resolving a member needs: the members port, and the ports invitations are accepted with
 * (without them, as for a bare members port, a first sign-in accepts nothing).
 */
export type IdentityStore = {
  members: Pick<MemberStore, "getBySubject" | "create" | "update" | "get">;
} & Partial<InvitationPorts>;

const invitationPorts = (store: IdentityStore): InvitationPorts | null =>
  store.invitations && store.collaborators && store.workingGroups && store.activity
    ? (store as InvitationPorts)
    : null;

/**
 * Find the member of an identity, or create it. The platform role follows the token (its
 * coordinators group), so a change of group takes effect at the next request. At the first
 * sign-in, open invitations naming the identity's username or verified email become roles
 * before this resolves, in whichever of two racing first requests it runs.
 */
export async function memberOfIdentity(
  store: IdentityStore,
  identity: Identity,
  clock: () => Date = () => new Date(),
): Promise<Member> {
  const { members } = store;
  const role: PlatformRole = identity.coordinator ? "COORDINATOR" : "MEMBER";
  let member = await members.getBySubject(identity.subject);
  if (!member) {
    const now = nowIso(clock);
    const candidate: Member = {
      id: newId(),
      subject: identity.subject,
      displayName: defaultDisplayName(identity),
      affiliation: null,
      country: null,
      community: null,
      expertiseTopicIds: [],
      platformRole: role,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await members.create(candidate);
      member = candidate;
    } catch (error) {
      // Two first requests of the same person raced; the other one created the member.
      if (!isDomainError(error) || error.code !== "CONFLICT") throw error;
      member = await members.getBySubject(identity.subject);
      if (!member) throw error;
    }
    const ports = invitationPorts(store);
    if (ports) await acceptInvitationsOf(ports, member, identity, nowIso(clock));
  }
  if (member.platformRole === role) return member;
  const updated: Member = {
    ...member,
    platformRole: role,
    version: member.version + 1,
    updatedAt: nowIso(clock),
  };
  try {
    await members.update(updated);
    return updated;
  } catch (error) {
    if (!isDomainError(error) || error.code !== "CONFLICT") throw error;
    // Someone else wrote the member meanwhile; the role still follows this token.
    const fresh = await members.get(member.id);
    return { ...(fresh ?? member), platformRole: role };
  }
}

export function defaultDisplayName(identity: Pick<Identity, "name" | "email">): string {
  const candidate = identity.name?.trim() || identity.email?.split("@")[0]?.trim() || "New member";
  const collapsed = candidate.replace(/\s+/g, " ");
  return [...collapsed].slice(0, TEXT_LIMITS.displayName.max).join("");
}
