// Each paper's attribution map, in the paper's partition:
//   ATTRIBUTION              the head: version, and the map inline or the token of its parts
//   ATTRIBUTION#<token>#<n>  parts of a map too large for one item
// A write is one TransactWriteItems (the parts under a new token, and the head conditional on
// the version read), so a reader following the head never finds half a map; the parts of the
// map it replaced are deleted afterwards. Maps stay small (README.md): parts are the exception.
import { conflict } from "@accord/domain";
import type { AttributionStore } from "@accord/storage";
import {
  batchGet,
  batchWrite,
  type Db,
  getItem,
  type Key,
  lookup,
  newToken,
  PART_BYTES,
  transact,
} from "./db.ts";
import { concat, split } from "./documents.ts";
import * as keys from "./keys.ts";

const HEAD_SK = "ATTRIBUTION";
/** TransactWriteItems takes 100 items and 4 MB. */
const MAX_PARTS = 11;

const headKey = (paperId: string): Key => ({ pk: keys.paperPk(paperId), sk: HEAD_SK });
const partKeys = (paperId: string, token: string, count: number): Key[] =>
  Array.from({ length: count }, (_, i) => ({
    pk: keys.paperPk(paperId),
    sk: `${HEAD_SK}#${token}#${keys.pad(i, 4)}`,
  }));

const changedMeanwhile = (paperId: string) =>
  conflict("The attribution of this paper changed meanwhile.", { paperId });

export function attributionStore(db: Db): AttributionStore {
  return {
    async get(paperId) {
      // A write between the head and its parts deletes the parts read: read the head again.
      for (let attempt = 0; attempt < 5; attempt++) {
        const head = await getItem(db, headKey(paperId));
        if (!head) return null;
        const version = Number(head.version);
        const count = Number(head.parts);
        if (count === 0) return { data: (head.blob as Uint8Array).slice(), version };
        const wanted = partKeys(paperId, String(head.token), count);
        const found = await batchGet(db, wanted);
        const parts = wanted.map((key) => lookup(found, key)?.blob as Uint8Array | undefined);
        if (parts.every((part) => part !== undefined)) {
          return { data: concat(parts as Uint8Array[]), version };
        }
      }
      throw changedMeanwhile(paperId);
    },

    async put(paperId, data, expectedVersion) {
      const previous = expectedVersion > 0 ? await getItem(db, headKey(paperId)) : undefined;
      const inline = data.length <= PART_BYTES;
      const parts = inline ? [] : split(data);
      if (parts.length > MAX_PARTS) {
        throw new Error(`The attribution map of paper ${paperId} is too large to store.`);
      }
      const token = newToken();
      const written = partKeys(paperId, token, parts.length);
      await transact(
        db,
        [
          ...written.map((key, i) => ({
            Put: { TableName: db.table, Item: { ...key, blob: parts[i]! } },
          })),
          {
            Put: {
              TableName: db.table,
              Item: {
                ...headKey(paperId),
                version: expectedVersion + 1,
                parts: parts.length,
                token,
                ...(inline ? { blob: data } : {}),
              },
              ...(expectedVersion === 0
                ? { ConditionExpression: "attribute_not_exists(pk)" }
                : {
                    ConditionExpression: "version = :expected",
                    ExpressionAttributeValues: { ":expected": expectedVersion },
                  }),
            },
          },
        ],
        () => changedMeanwhile(paperId),
      );
      const replaced = Number(previous?.parts ?? 0);
      if (previous && replaced > 0 && Number(previous.version) === expectedVersion) {
        await batchWrite(
          db,
          partKeys(paperId, String(previous.token), replaced).map((key) => ({ delete: key })),
        );
      }
      return { version: expectedVersion + 1 };
    },
  };
}
