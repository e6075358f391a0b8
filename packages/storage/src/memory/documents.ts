// The document log of each paper: snapshot, tail, retired entries, running size.
import { conflict } from "@accord/domain";
import type { DocumentStore, LogEntry } from "../ports.ts";
import { clone, type DocumentRecord, type MemoryState, tooLarge } from "./state.ts";

export function documentStore(state: MemoryState): DocumentStore {
  const { documents } = state;

  const doc = (paperId: string): DocumentRecord => {
    let record = documents.get(paperId);
    if (!record) {
      record = { snapshot: null, snapshotVersion: 0, tail: [], retired: [], nextSeq: 1, bytes: 0 };
      documents.set(paperId, record);
    }
    return record;
  };

  return {
    async append(paperId, update, origin, options) {
      const stored = documents.get(paperId)?.bytes ?? 0;
      if (options?.maxBytes !== undefined && stored + update.length > options.maxBytes) {
        throw tooLarge(paperId, options.maxBytes);
      }
      const record = doc(paperId);
      record.bytes += update.length;
      const entry: LogEntry = {
        id: String(record.nextSeq++).padStart(12, "0"),
        update: update.slice(),
        memberId: origin.memberId,
        at: origin.at,
      };
      record.tail.push(entry);
      return clone(entry);
    },
    async load(paperId) {
      const record = documents.get(paperId);
      if (!record) return { snapshot: null, snapshotVersion: 0, tail: [] };
      return {
        snapshot: record.snapshot ? record.snapshot.slice() : null,
        snapshotVersion: record.snapshotVersion,
        tail: record.tail.map(clone),
      };
    },
    async compact(paperId, input) {
      const record = doc(paperId);
      if (record.snapshotVersion !== input.expectedVersion) {
        throw conflict("Another compaction of this document won.", { paperId });
      }
      const merged = new Set(input.mergedEntryIds);
      const expiresAt = new Date(Date.parse(input.now) + input.retainMs).toISOString();
      record.snapshot = input.snapshot.slice();
      record.snapshotVersion += 1;
      record.retired.push(
        ...record.tail.filter((e) => merged.has(e.id)).map((entry) => ({ entry, expiresAt })),
      );
      record.tail = record.tail.filter((e) => !merged.has(e.id));
      record.bytes = record.tail.reduce((n, e) => n + e.update.length, record.snapshot.length);
      return { snapshotVersion: record.snapshotVersion };
    },
    async tailLength(paperId) {
      return documents.get(paperId)?.tail.length ?? 0;
    },
    async size(paperId) {
      return documents.get(paperId)?.bytes ?? 0;
    },
    async purgeExpired(now) {
      let removed = 0;
      for (const record of documents.values()) {
        const before = record.retired.length;
        record.retired = record.retired.filter((r) => r.expiresAt > now);
        removed += before - record.retired.length;
      }
      return removed;
    },
  };
}
