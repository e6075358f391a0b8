// Topics: one partition, replaced by the seed at start.
import type { Topic } from "@accord/domain";
import type { TopicStore } from "@accord/storage";
import { batchGet, batchWrite, type Db, lookup, queryPartition } from "./db.ts";
import { byKey, dataOf } from "./items.ts";
import * as keys from "./keys.ts";

export function topicStore(db: Db): TopicStore {
  return {
    async upsertMany(topics) {
      // A batch may not name one key twice: the last definition of a topic wins.
      const latest = new Map(topics.map((t) => [t.id, t]));
      await batchWrite(
        db,
        [...latest.values()].map((t) => ({ put: { ...keys.topic(t.id), data: t } })),
      );
    },
    async list() {
      const items = await queryPartition(db, keys.TOPICS_PK, "TOPIC#");
      return items
        .map((item) => item.data as Topic)
        .sort((a, b) => byKey(a.name, b.name) || byKey(a.id, b.id));
    },
    async getMany(ids) {
      const found = await batchGet(db, ids.map(keys.topic));
      return ids.map((id) => dataOf<Topic>(lookup(found, keys.topic(id))));
    },
  };
}
