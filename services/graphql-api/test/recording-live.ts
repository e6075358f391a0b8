// A LiveNotifier that does what the live-editing host does with a server update (store it in
// the paper's log) and records every call, so tests can see what GraphQL told live editing.
import type { LiveNotifier } from "@accord/collab";
import type { PaperRole, PaperStatus } from "@accord/domain";
import type { Store } from "@accord/storage";

export type LiveCall =
  | { kind: "applyServerUpdate"; paperId: string; memberId: string | null; bytes: number }
  | { kind: "collaboratorChanged"; paperId: string; memberId: string; role: PaperRole | null }
  | { kind: "paperStatusChanged"; paperId: string; status: PaperStatus };

export function recordingLive(store: Store): LiveNotifier & { calls: LiveCall[] } {
  const calls: LiveCall[] = [];
  return {
    calls,
    async applyServerUpdate(paperId, update, memberId) {
      await store.documents.append(paperId, update, { memberId, at: new Date().toISOString() });
      calls.push({ kind: "applyServerUpdate", paperId, memberId, bytes: update.length });
    },
    async collaboratorChanged(paperId, memberId, role) {
      calls.push({ kind: "collaboratorChanged", paperId, memberId, role });
    },
    async paperStatusChanged(paperId, status) {
      calls.push({ kind: "paperStatusChanged", paperId, status });
    },
  };
}
