import type { ActivityEvent, GroupActivityEvent } from "@accord/domain";
import type { ActivityStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { type Param, toActivity } from "./rows.ts";

/** An event's row values, and what a failed insert means. */
function activityRow(event: ActivityEvent): [Param[], { taken: string; parent: [string, string] }] {
  return [
    [event.id, event.paperId, event.actorId, event.kind, JSON.stringify(event.detail), event.at],
    { taken: "An activity event with this id exists.", parent: ["paper", event.paperId] },
  ];
}

export function activityStore(ctx: SqliteContext): ActivityStore {
  const { write, insert, keysetPage } = ctx;
  return {
    async append(event) {
      await write(() =>
        insert(
          "INSERT INTO activity (id, paper_id, actor_id, kind, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
          ...activityRow(event),
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
    async upsert(event) {
      await write(() =>
        insert(
          `INSERT INTO activity (id, paper_id, actor_id, kind, detail, at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET actor_id = excluded.actor_id, kind = excluded.kind,
             detail = excluded.detail`,
          ...activityRow(event),
        ),
      );
    },
    async appendForGroup(event) {
      await write(() =>
        insert(
          "INSERT INTO group_activity (id, working_group_id, at, data) VALUES (?, ?, ?, ?)",
          [event.id, event.workingGroupId, event.at, JSON.stringify(event)],
          {
            taken: "An activity event with this id exists.",
            parent: ["working group", event.workingGroupId],
          },
        ),
      );
    },
    async listByGroup(workingGroupId, page) {
      return keysetPage(
        {
          select: "SELECT * FROM group_activity",
          where: ["working_group_id = ?"],
          params: [workingGroupId],
          keys: ["at", "id"],
        },
        "DESC",
        page,
        (row) => JSON.parse(row.data as string) as GroupActivityEvent,
      );
    },
  };
}
