// Topics are data: the seed file lists them, and every server start upserts it.
import type { Topic } from "@accord/domain";
import type { Store } from "@accord/storage";
import seed from "../data/topics.json" with { type: "json" };

export const SEED_TOPICS: readonly Topic[] = seed;

export async function seedTopics(store: Store, topics: readonly Topic[] = SEED_TOPICS) {
  await store.topics.upsertMany(topics);
}
