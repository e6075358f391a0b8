import type { TopicStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { toTopic } from "./rows.ts";

export function topicStore(ctx: SqliteContext): TopicStore {
  const { all, run, write, byIds } = ctx;
  return {
    async upsertMany(topics) {
      await write(() => {
        for (const topic of topics) {
          run(
            `INSERT INTO topics (id, name, description) VALUES (?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description`,
            topic.id,
            topic.name,
            topic.description,
          );
        }
      });
    },
    async list() {
      return all("SELECT * FROM topics ORDER BY name, id").map(toTopic);
    },
    async getMany(ids) {
      return byIds("topics", ids, toTopic);
    },
  };
}
