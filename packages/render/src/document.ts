// What an export holds besides the body (title, details under it, summary, notes), and the
// checkpoint every writer calls between blocks so a caller can bound how long a render runs.
import type { PaperNote } from "./notes.ts";
import type { PaperTree } from "./tree.ts";

export interface ExportDocument {
  title: string;
  /** Short lines under the title: working group, status, authors, date. */
  details: string[];
  summary: string | null;
  tree: PaperTree;
  /** Comment threads as numbered notes; none when the export leaves comments out. */
  notes: PaperNote[];
}

/** Called between blocks; throws to stop a render (e.g. past its deadline). */
export type Checkpoint = () => void;
