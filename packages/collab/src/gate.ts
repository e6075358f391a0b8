// The gate every live connection passes, whichever host runs it: token → identity → member
// (resolved exactly as GraphQL does: created on first use, platform role from the token) →
// paper → role → the domain's role table.
import { isDomainError } from "@accord/domain";
import { type Identity, memberOfIdentity } from "@accord/identity";
import { CloseCode, type CloseReason } from "@accord/protocol";
import type { Store } from "@accord/storage";
import { closeReasonFor } from "./close-codes.ts";
import { accessFor, type LiveConnection } from "./connection.ts";

/** Verifies a token; throws DomainError UNAUTHENTICATED when it is missing, bad or expired. */
export type Authenticate = (token: string) => Promise<Identity>;

/** With the invitation ports too, a first sign-in on the live channel accepts invitations. */
export type GateStore = Pick<Store, "members" | "papers" | "collaborators"> &
  Partial<Pick<Store, "invitations" | "workingGroups" | "activity">>;

export type GateResult =
  | { ok: true; connection: LiveConnection }
  | { ok: false; close: CloseReason };

/** Said of a missing paper and of one the caller may not see alike, as GraphQL's NOT_FOUND. */
const noSuchPaper: CloseReason = { code: CloseCode.notFound, reason: "no such paper" };

export async function admit(input: {
  store: GateStore;
  authenticate: Authenticate;
  paperId: string | null;
  token: string | null;
  now: number;
}): Promise<GateResult> {
  const { store, paperId, token } = input;
  if (!token) return refuse(CloseCode.unauthenticated, "missing token");
  let identity: Identity;
  try {
    identity = await input.authenticate(token);
  } catch (error) {
    if (isDomainError(error)) return { ok: false, close: closeReasonFor(error) };
    throw error;
  }
  if (identity.expiresAt !== null && identity.expiresAt <= input.now) {
    return refuse(CloseCode.unauthenticated, "token expired");
  }
  if (!paperId) return refuse(CloseCode.badRequest, "no paper named: use ?doc=<paperId>");
  const paper = await store.papers.get(paperId);
  if (!paper) return { ok: false, close: noSuchPaper };
  const member = await memberOfIdentity(store, identity, () => new Date(input.now));
  const collaborator = await store.collaborators.get(paperId, member.id);
  const role = collaborator?.role ?? null;
  const actor = { memberId: member.id, platformRole: member.platformRole };
  if (!accessFor(actor, role, paper.status)) return { ok: false, close: noSuchPaper };
  return {
    ok: true,
    connection: {
      paperId,
      memberId: member.id,
      platformRole: member.platformRole,
      role,
      paperStatus: paper.status,
      expiresAt: identity.expiresAt,
    },
  };
}

/**
 * The connection as storage says now (role and paper status read again). A host that admitted
 * a connection and then registered it reads again: a change that landed in between found no
 * registered connection to tell.
 */
export async function reread(
  store: Pick<Store, "papers" | "collaborators">,
  connection: LiveConnection,
): Promise<LiveConnection | null> {
  const [paper, collaborator] = await Promise.all([
    store.papers.get(connection.paperId),
    store.collaborators.get(connection.paperId, connection.memberId),
  ]);
  if (!paper) return null;
  return { ...connection, role: collaborator?.role ?? null, paperStatus: paper.status };
}

function refuse(code: number, reason: string): GateResult {
  return { ok: false, close: { code, reason } };
}
