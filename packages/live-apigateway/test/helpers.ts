// Papers with collaborators for the notifier's tests, built from the storage contract's fixtures.
import type { Member, PaperRole, PaperStatus, PositionPaper } from "@accord/domain";
import type { Store } from "@accord/storage";
import { member, seedPaperWithCollaborators } from "@accord/storage/testing";

export async function ensureMember(
  store: Store,
  memberId: string,
  platformRole: Member["platformRole"] = "MEMBER",
) {
  if (!(await store.members.get(memberId))) {
    await store.members.create(member(memberId, { subject: `sub-${memberId}`, platformRole }));
  }
}

/** A paper whose LEAD leads it, with the other collaborators added (members created as needed). */
export function seedPaper(
  store: Store,
  input: { paperId: string; status?: PaperStatus; collaborators: Record<string, PaperRole> },
): Promise<PositionPaper> {
  return seedPaperWithCollaborators(store, input.paperId, input.collaborators, {
    status: input.status ?? "DRAFT",
    groupId: "wg-1",
    subjectOf: (id) => `sub-${id}`,
  });
}
