// The chunks of messages split to fit API Gateway's frame limit, kept until whole.
import { badInput, DomainError } from "@accord/domain";
import { type ChunkStore, checkChunk } from "@accord/storage";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  batchWrite,
  type Db,
  type Item,
  isConditionalFailure,
  newToken,
  PART_BYTES,
  queryAll,
  queryPartition,
  ttlSeconds,
} from "./db.ts";
import { concat } from "./documents.ts";
import * as keys from "./keys.ts";

const expiry = (iso: string) => {
  const ms = Date.parse(iso);
  return { expiresAt: ttlSeconds(ms), expiresAtMs: ms };
};

/**
 * Chunks. Each chunk is two writes: its part item, then one UpdateItem on the message's head that
 * adds its index to the set `got` (refused for a repeat, a message already done or another
 * total). The update whose set reaches the total is the only one that reads the parts, once; no
 * other update can reach it, so the message completes exactly once. So a message of N chunks is
 * 2N writes and one query, however the chunks race.
 */
export function chunkStore(db: Db): ChunkStore {
  return {
    async put(chunk) {
      checkChunk(chunk);
      if (chunk.data.length > PART_BYTES) {
        throw new DomainError("PAYLOAD_TOO_LARGE", "A chunk is larger than one item can hold.");
      }
      for (let attempt = 0; ; attempt++) {
        const counted = await countChunk(db, chunk);
        if (counted === "expired" && attempt < 2) {
          await forget(db, chunk.connectionId, chunk.messageId);
          continue;
        }
        if (counted === "expired" || counted === "refused") return null;
        if (counted < chunk.total) return null;
        return readMessage(db, chunk.connectionId, chunk.messageId, chunk.total);
      }
    },
  };
}

type Chunk = Parameters<ChunkStore["put"]>[0];

/**
 * Store the part, then count it on the head. Returns how many distinct chunks the message has
 * now, "refused" for a repeat or a chunk of a message that completed, or "expired" when the head
 * belongs to a message whose time is up but which TTL has not removed yet.
 */
async function countChunk(db: Db, chunk: Chunk): Promise<number | "refused" | "expired"> {
  const { connectionId, messageId, index, total } = chunk;
  const ttl = expiry(chunk.expiresAt);
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.messagePart(connectionId, messageId, total, index),
        data: chunk.data,
        ...ttl,
      },
    }),
  );
  // The write's own id, kept on the head until the next chunk counts: when the SDK retries after
  // a lost response, the retry meets its own applied write (a repeat by the set) and must still
  // be told the count, or a completed message would be dropped.
  const writeId = newToken();
  try {
    const result = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.messageHead(connectionId, messageId),
        UpdateExpression:
          "ADD got :index SET #total = :total, expiresAt = :expiresAt, " +
          "expiresAtMs = :expiresAtMs, writeId = :writeId",
        // `done` is what heads of the earlier scheme carried; a full `got` refuses on its own.
        ConditionExpression:
          "(attribute_not_exists(#total) OR #total = :total) AND attribute_not_exists(done) " +
          "AND NOT contains(got, :one)",
        ExpressionAttributeNames: { "#total": "total" },
        ExpressionAttributeValues: {
          ":index": new Set([index]),
          ":one": index,
          ":total": total,
          ":expiresAt": ttl.expiresAt,
          ":expiresAtMs": ttl.expiresAtMs,
          ":writeId": writeId,
        },
        ReturnValues: "ALL_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return (result.Attributes?.got as Set<number> | undefined)?.size ?? 0;
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
    // The refusal carries the head as it was: no read to tell why.
    const old = error.Item;
    // Our own earlier attempt applied; no chunk counted after it, or the id would differ.
    if (old?.writeId?.S === writeId) return old.got?.NS?.length ?? 0;
    if (old && Number(old.expiresAtMs?.N) <= db.now()) return "expired";
    if (old && Number(old.total?.N) !== total) {
      throw badInput("total", "Every chunk of a message gives the same total.");
    }
    return "refused";
  }
}

/** The whole message, read once by the chunk that completed it. */
async function readMessage(db: Db, connectionId: string, messageId: string, total: number) {
  const items = await queryPartition(
    db,
    keys.messagePk(connectionId, messageId),
    keys.messagePartPrefix(total),
  );
  return concat(items.map((item) => item.data as Uint8Array));
}

/** Drop an expired message (head and chunks) whose TTL deletion has not happened yet. */
async function forget(db: Db, connectionId: string, messageId: string) {
  const pk = keys.messagePk(connectionId, messageId);
  const items: Item[] = await queryAll(db, {
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk },
    ConsistentRead: true,
  });
  await batchWrite(
    db,
    items.map((item) => ({ delete: { pk, sk: String(item.sk) } })),
  );
}
