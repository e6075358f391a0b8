// Each paper's attribution map: one row of opaque bytes under a version (migration 7).
import { conflict } from "@accord/domain";
import type { AttributionStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { asBuffer, asBytes } from "./rows.ts";

export function attributionStore(ctx: SqliteContext): AttributionStore {
  const { one, run, write } = ctx;
  return {
    async get(paperId) {
      const row = one("SELECT data, version FROM attribution WHERE paper_id = ?", paperId);
      return row ? { data: asBytes(row.data), version: Number(row.version) } : null;
    },
    async put(paperId, data, expectedVersion) {
      return write(() => {
        const row = one("SELECT version FROM attribution WHERE paper_id = ?", paperId);
        if (Number(row?.version ?? 0) !== expectedVersion) {
          throw conflict("The attribution of this paper changed meanwhile.", { paperId });
        }
        run(
          `INSERT INTO attribution (paper_id, data, version) VALUES (?, ?, ?)
           ON CONFLICT (paper_id) DO UPDATE SET data = excluded.data, version = excluded.version`,
          paperId,
          asBuffer(data),
          expectedVersion + 1,
        );
        return { version: expectedVersion + 1 };
      });
    },
  };
}
