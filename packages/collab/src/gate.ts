// The gate every live connection passes, whichever host runs it: token → member → role →
// decision from the domain's role table.
import {
  type Actor,
  canEditText,
  decidePaperAction,
  isDomainError,
  type PaperRole,
  type PaperStatus,
} from "@accord/domain";
import type { Store } from "@accord/storage";
import { CloseCode, type CloseReason } from "@accord/protocol";
import { closeReasonFor } from "./close-codes.ts";

export interface Authenticated {
  /** The identity token's subject; the member is found by it. */
  subject: string;
  /** When the token stops being valid, in epoch milliseconds (epoch seconds are accepted). */
  expiresAt: number | null;
}

/** Verifies a token; throws DomainError UNAUTHENTICATED when it is missing, bad or expired. */
export type Authenticate = (token: string) => Promise<Authenticated>;

export type GateStore = Pick<Store, "members" | "papers" | "collaborators">;

/** What a live connection may do on a paper. */
export type Access = "write" | "read";

export interface Grant {
  paperId: string;
  subject: string;
  /** Null when the subject has no member record yet (may still read published papers). */
  memberId: string | null;
  actor: Actor | null;
  role: PaperRole | null;
  status: PaperStatus;
  access: Access;
  /** Epoch milliseconds; null when the token does not expire. */
  expiresAt: number | null;
}

export type GateResult = { ok: true; grant: Grant } | { ok: false; close: CloseReason };

/** JWT `exp` is in seconds; anything this small cannot be a date in milliseconds. */
const SECONDS_CUTOFF = 100_000_000_000;

export function toEpochMs(expiresAt: number | null): number | null {
  if (expiresAt === null) return null;
  return expiresAt < SECONDS_CUTOFF ? expiresAt * 1000 : expiresAt;
}

/**
 * What the role table allows on a paper in a status: write, read only (COMMENTER, VIEWER,
 * non-collaborators on published papers, everyone on frozen papers) or nothing (null).
 */
export function accessFor(
  actor: Actor | null,
  role: PaperRole | null,
  status: PaperStatus,
): Access | null {
  const paper = { status };
  if (decidePaperAction(actor, role, paper, "read") !== "ALLOW") return null;
  return actor && canEditText(actor, role, paper) ? "write" : "read";
}

export async function admit(input: {
  store: GateStore;
  authenticate: Authenticate;
  paperId: string | null;
  token: string | null;
  now: number;
}): Promise<GateResult> {
  const { store, paperId, token } = input;
  if (!token) return refuse(CloseCode.unauthenticated, "missing token");
  let identity: Authenticated;
  try {
    identity = await input.authenticate(token);
  } catch (error) {
    if (isDomainError(error)) return { ok: false, close: closeReasonFor(error) };
    throw error;
  }
  const expiresAt = toEpochMs(identity.expiresAt);
  if (expiresAt !== null && expiresAt <= input.now) {
    return refuse(CloseCode.unauthenticated, "token expired");
  }
  if (!paperId) return refuse(CloseCode.badRequest, "no paper named: use ?doc=<paperId>");
  const paper = await store.papers.get(paperId);
  if (!paper) return refuse(CloseCode.notFound, "no such paper");
  const member = await store.members.getBySubject(identity.subject);
  const collaborator = member ? await store.collaborators.get(paperId, member.id) : null;
  const actor: Actor | null = member
    ? { memberId: member.id, platformRole: member.platformRole }
    : null;
  const role = collaborator?.role ?? null;
  const access = accessFor(actor, role, paper.status);
  if (!access) return refuse(CloseCode.forbidden, "not a collaborator of this paper");
  return {
    ok: true,
    grant: {
      paperId,
      subject: identity.subject,
      memberId: member?.id ?? null,
      actor,
      role,
      status: paper.status,
      access,
      expiresAt,
    },
  };
}

function refuse(code: number, reason: string): GateResult {
  return { ok: false, close: { code, reason } };
}
