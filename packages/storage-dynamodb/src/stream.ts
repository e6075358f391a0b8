// What a reader of the table's stream (KEYS_ONLY) needs to recognise: the keys of log appends.
import * as keys from "./keys.ts";

const PAPER_PREFIX = keys.paperPk("");

/**
 * The paper id when `key` is the key of a log entry, or of the first part of a multi-part one
 * (so an append of any size is seen once), else null: snapshots, the document head, retired
 * copies, connections and everything else.
 */
export function isLogEntryKey(key: { pk: string; sk: string }): string | null {
  if (!key.pk.startsWith(PAPER_PREFIX) || !key.sk.startsWith(keys.LOG_PREFIX)) return null;
  const entryId = key.sk.slice(keys.LOG_PREFIX.length);
  // Later parts are `<entryId>#<part>`, which no entry id matches.
  if (keys.entryParts(entryId) === undefined) return null;
  const paperId = key.pk.slice(PAPER_PREFIX.length);
  return paperId === "" ? null : paperId;
}
