// Named versions: whole-document snapshots, immutable once written. A version is its meta item
// in the paper's partition (inline snapshot when small) plus chunks right after it in sort
// order; a pointer item by id answers `get`. Large snapshots: chunks are written first with a
// TTL, then one transaction writes the meta and pointer and adopts the chunks (removes their
// TTL), so a reader never sees a version without all of its snapshot.
import { conflict, DomainError, type PaperVersion } from "@accord/domain";
import { checkFirst, encodeCursor, type Page, type VersionStore } from "@accord/storage";
import {
  batchWrite,
  type Db,
  getItem,
  type Item,
  newToken,
  PART_BYTES,
  queryPages,
  queryPartition,
  transact,
  ttlSeconds,
} from "./db.ts";
import { concat, split } from "./documents.ts";
import * as keys from "./keys.ts";
import { decodeKey } from "./paging.ts";

const PENDING_CHUNK_MS = 24 * 3_600_000;
/** One transaction: the meta, the pointer and up to 98 chunk adoptions. */
const MAX_CHUNKS = 98;

type VersionData = Omit<PaperVersion, "snapshot">;

/** Gathers versions from items in descending sort-key order (chunks come before their meta). */
class VersionReader {
  private chunks = new Map<string, Item[]>();

  /** The version an item completes, if it is a meta item. */
  accept(item: Item): PaperVersion | undefined {
    if (item.data === undefined) {
      const owner = String(item.versionSk);
      const list = this.chunks.get(owner) ?? [];
      list.push(item);
      this.chunks.set(owner, list);
      return undefined;
    }
    const data = item.data as VersionData;
    const count = Number(item.chunks);
    let snapshot: Uint8Array;
    if (count === 0) {
      snapshot = item.blob as Uint8Array;
    } else {
      const chunks = (this.chunks.get(String(item.sk)) ?? [])
        .filter((chunk) => chunk.token === item.token)
        .sort((a, b) => Number(a.index) - Number(b.index));
      if (chunks.length !== count) {
        throw new Error(`Version ${data.id} is missing chunks of its snapshot.`);
      }
      snapshot = concat(chunks.map((chunk) => chunk.blob as Uint8Array));
    }
    this.chunks.delete(String(item.sk));
    return { ...data, snapshot };
  }
}

// A port: the factory is only the closure of its methods over `db` (each is short).
export function versionStore(db: Db): VersionStore {
  return {
    async get(id) {
      const pointer = await getItem(db, keys.versionPointer(id));
      if (!pointer) return null;
      const sk = keys.versionSk(String(pointer.createdAt), id);
      const items = await queryPartition(db, keys.paperPk(String(pointer.paperId)), sk);
      const reader = new VersionReader();
      // Same prefix can also match versions whose id extends this one: keep ours only.
      const own = items.filter((item) => item.sk === sk || item.versionSk === sk).reverse();
      for (const item of own) {
        const version = reader.accept(item);
        if (version) return version;
      }
      return null;
    },

    // Longer than the others: a large snapshot is chunked first, adopted by one transaction and
    // cleaned up when that fails; the steps read best in that order.
    async create(version) {
      const { snapshot, ...data } = version;
      const pk = keys.paperPk(version.paperId);
      const sk = keys.versionSk(version.createdAt, version.id);
      const pointer = {
        Put: {
          TableName: db.table,
          Item: {
            ...keys.versionPointer(version.id),
            paperId: version.paperId,
            createdAt: version.createdAt,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      };
      const taken = () => conflict("A version with this id exists.", { id: version.id });
      if (snapshot.length <= PART_BYTES) {
        await transact(
          db,
          [
            pointer,
            {
              Put: {
                TableName: db.table,
                Item: { pk, sk, data, chunks: 0, blob: snapshot },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
          taken,
        );
        return;
      }
      const parts = split(snapshot);
      if (parts.length > MAX_CHUNKS) {
        throw new DomainError("PAYLOAD_TOO_LARGE", "The version is larger than it can be stored.");
      }
      const token = newToken();
      const chunkKeys = parts.map((_, index) => ({
        pk,
        sk: keys.versionChunkSk(version.createdAt, version.id, token, index),
      }));
      const pendingUntil = db.now() + PENDING_CHUNK_MS;
      await batchWrite(
        db,
        parts.map((blob, index) => ({
          put: {
            ...chunkKeys[index]!,
            versionSk: sk,
            token,
            index,
            blob,
            expiresAt: ttlSeconds(pendingUntil),
            expiresAtMs: pendingUntil,
          },
        })),
      );
      try {
        await transact(
          db,
          [
            pointer,
            {
              Put: {
                TableName: db.table,
                Item: { pk, sk, data, chunks: parts.length, token },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            ...chunkKeys.map((key) => ({
              Update: {
                TableName: db.table,
                Key: key,
                UpdateExpression: "REMOVE expiresAt, expiresAtMs",
                ConditionExpression: "attribute_exists(pk)",
              },
            })),
          ],
          taken,
        );
      } catch (error) {
        await batchWrite(
          db,
          chunkKeys.map((key) => ({ delete: key })),
        ).catch(() => undefined);
        throw error;
      }
    },

    async listByPaper(paperId, page): Promise<Page<PaperVersion>> {
      checkFirst(page.first);
      const pk = keys.paperPk(paperId);
      const start = page.after ? { pk, sk: keys.versionSk(...decodeKey(page.after)) } : undefined;
      const found: PaperVersion[] = [];
      const reader = new VersionReader();
      const pages = queryPages(db, {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": pk, ":prefix": "VERSION#" },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: page.first + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      outer: for await (const { items } of pages) {
        for (const item of items) {
          const version = reader.accept(item);
          if (!version) continue;
          found.push(version);
          if (found.length > page.first) break outer;
        }
      }
      const items = found.slice(0, page.first);
      return {
        items,
        cursors: items.map((v) => encodeCursor([v.createdAt, v.id])),
        hasNextPage: found.length > page.first,
      };
    },
  };
}
