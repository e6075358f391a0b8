import type { ActivityStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { toActivity } from "./rows.ts";

export function activityStore(ctx: SqliteContext): ActivityStore {
  const { write, insert, keysetPage } = ctx;
  return {
    async append(event) {
      await write(() =>
        insert(
          "INSERT INTO activity (id, paper_id, actor_id, kind, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
          [
            event.id,
            event.paperId,
            event.actorId,
            event.kind,
            JSON.stringify(event.detail),
            event.at,
          ],
          { taken: "An activity event with this id exists.", parent: ["paper", event.paperId] },
        ),
      );
    },
    async listByPaper(paperId, page) {
      return keysetPage(
        {
          select: "SELECT * FROM activity",
          where: ["paper_id = ?"],
          params: [paperId],
          keys: ["at", "id"],
        },
        "DESC",
        page,
        toActivity,
      );
    },
  };
}
