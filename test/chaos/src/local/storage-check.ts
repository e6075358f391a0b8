// What the SQLite file holds while the server is down: `PRAGMA integrity_check`, then the
// paper's document loaded as the server loads it (snapshot + tail) and its paragraphs.
import { join } from "node:path";
import { documentFromState } from "@accord/collab";
import { openSqliteStore } from "@accord/storage-sqlite";
import Database from "better-sqlite3";
import { paragraphTexts } from "../measure.ts";

/** The standalone server's file name in its data directory (services/standalone SQLITE_FILE). */
export const SQLITE_FILE = "accord.sqlite";

export interface StoredPaper {
  /** "ok", or what SQLite found wrong. */
  integrity: string;
  paragraphs: Set<string>;
  /** The body, one paragraph text per line (to compare whole documents). */
  text: string;
  snapshotVersion: number;
  tailEntries: number;
}

export async function readStoredPaper(dataDir: string, paperId: string): Promise<StoredPaper> {
  const file = join(dataDir, SQLITE_FILE);
  // A raw connection first: the check must see the file as the crash left it (it replays the
  // WAL, as the next server start would).
  const raw = new Database(file);
  let integrity: string;
  try {
    const rows = raw.pragma("integrity_check") as { integrity_check: string }[];
    integrity = rows.map((row) => row.integrity_check).join("; ");
  } finally {
    raw.close();
  }
  const store = openSqliteStore({ file });
  try {
    const state = await store.documents.load(paperId);
    const { doc } = documentFromState(state);
    const texts = paragraphTexts(doc);
    doc.destroy();
    return {
      integrity,
      paragraphs: new Set(texts),
      text: texts.join("\n"),
      snapshotVersion: state.snapshotVersion,
      tailEntries: state.tail.length,
    };
  } finally {
    await store.close();
  }
}
