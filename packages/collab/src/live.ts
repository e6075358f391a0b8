// The seam between the GraphQL API and live editing. GraphQL mutations that affect open
// documents (role changes, status changes, version restores) go through a LiveNotifier; the
// local server implements it over its open documents, the serverless host over API Gateway.
import type { PaperRole, PaperStatus } from "@accord/domain";

export interface LiveNotifier {
  /**
   * Apply an update made by the server (e.g. restoring a version): durable in the document log
   * first, then delivered to every open connection of the paper.
   */
  applyServerUpdate(paperId: string, update: Uint8Array, memberId: string | null): Promise<void>;
  /** A collaborator's role changed (role) or they were removed (null): downgrade or close. */
  collaboratorChanged(paperId: string, memberId: string, role: PaperRole | null): Promise<void>;
  /** The paper's status changed; published/archived papers become read-only for everyone. */
  paperStatusChanged(paperId: string, status: PaperStatus): Promise<void>;
}

/** What GraphQL reads of a paper's live content. */
export interface PaperContent {
  text: string;
  markdown: string;
  outline: { level: number; text: string }[];
  wordCount: number;
  /** When the last accepted edit was stored; null when nobody has edited the paper. */
  lastEditedAt: string | null;
}
