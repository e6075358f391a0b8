// Papers with collaborators for the notifier's tests, built from the storage contract's fixtures.
import type { Member, PaperRole, PaperStatus, PositionPaper } from "@accord/domain";
import type { Store } from "@accord/storage";
import { collaborator, member, seedPaper as seedBarePaper } from "@accord/storage/testing";

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
export async function seedPaper(
  store: Store,
  input: { paperId: string; status?: PaperStatus; collaborators: Record<string, PaperRole> },
): Promise<PositionPaper> {
  const entries = Object.entries(input.collaborators);
  for (const [memberId] of entries) await ensureMember(store, memberId);
  const lead = entries.find(([, role]) => role === "LEAD")?.[0];
  if (!lead) throw new Error("a paper needs a LEAD");
  const paper = await seedBarePaper(store, input.paperId, {
    groupId: "wg-1",
    leadId: lead,
    paper: { status: input.status ?? "DRAFT" },
  });
  for (const [memberId, role] of entries) {
    if (memberId !== lead)
      await store.collaborators.add(collaborator(input.paperId, memberId, role));
  }
  return paper;
}
