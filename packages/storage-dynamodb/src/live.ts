// Live connections (the fan-out reads them with one consistent query of the paper's
// partition) and the chunks of messages split to fit API Gateway's frame limit.
import { badInput, conflict, DomainError, isDomainError, type PaperRole } from "@accord/domain";
import type { ChunkStore, ConnectionRecord, ConnectionStore } from "@accord/storage";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  batchWrite,
  conditionalUpdate,
  type Db,
  getItem,
  type Item,
  isConditionalFailure,
  PART_BYTES,
  queryAll,
  queryPartition,
  transact,
  ttlSeconds,
} from "./db.ts";
import { concat } from "./documents.ts";
import * as keys from "./keys.ts";

const expiry = (iso: string) => {
  const ms = Date.parse(iso);
  return { expiresAt: ttlSeconds(ms), expiresAtMs: ms };
};

export function connectionStore(db: Db): ConnectionStore {
  return {
    async put(connection) {
      // The record by id (for $disconnect and the gate) and a copy in the paper's partition
      // (for the fan-out), written together.
      const ttl = expiry(connection.expiresAt);
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.connection(connection.connectionId), data: connection, ...ttl },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.paperConnection(connection.paperId, connection.connectionId),
                data: connection,
                ...ttl,
              },
            },
          },
        ],
        () => conflict("This connection id is already registered."),
      );
    },
    async get(connectionId) {
      const item = await getItem(db, keys.connection(connectionId));
      return item ? (item.data as ConnectionRecord) : null;
    },
    async listByPaper(paperId, now) {
      const items = await queryPartition(db, keys.paperPk(paperId), "CONN#");
      // TTL deletion lags: an expired record may still be stored, so compare expiry here.
      return items
        .map((item) => item.data as ConnectionRecord)
        .filter((c) => c.expiresAt > now)
        .sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
    },
    async setRoleForMember(paperId, memberId, role: PaperRole) {
      const items = await queryAll(db, {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        FilterExpression: "#data.#memberId = :memberId",
        ExpressionAttributeNames: { "#data": "data", "#memberId": "memberId" },
        ExpressionAttributeValues: {
          ":pk": keys.paperPk(paperId),
          ":prefix": "CONN#",
          ":memberId": memberId,
        },
        ConsistentRead: true,
      });
      const changed: ConnectionRecord[] = [];
      for (const item of items) {
        const current = item.data as ConnectionRecord;
        if (current.role === role) continue;
        const set = {
          UpdateExpression: "SET #data.#role = :role",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#data": "data", "#role": "role" },
          ExpressionAttributeValues: { ":role": role },
        };
        try {
          await transact(db, [
            {
              Update: { TableName: db.table, Key: keys.connection(current.connectionId), ...set },
            },
            {
              Update: {
                TableName: db.table,
                Key: keys.paperConnection(paperId, current.connectionId),
                ...set,
              },
            },
          ]);
          changed.push({ ...current, role });
        } catch (error) {
          // Gone meanwhile ($disconnect): nothing to change.
          if (!(isDomainError(error) && error.code === "CONFLICT")) throw error;
        }
      }
      return changed;
    },
    async remove(connectionId) {
      const item = await getItem(db, keys.connection(connectionId));
      if (!item) return;
      const record = item.data as ConnectionRecord;
      await batchWrite(db, [
        { delete: keys.connection(connectionId) },
        { delete: keys.paperConnection(record.paperId, connectionId) },
      ]);
    },
    async touch(connectionId, now, intervalMs) {
      // Only the record by id: the fan-out's copy never needs the bucket.
      const key = keys.connection(connectionId);
      const names = { "#data": "data", "#bucket": "bucketFullAt" };
      // A full (or unused) bucket starts again from now. DynamoDB has no max(): this write is
      // conditional, and only fails when the bucket is not full or the connection is gone.
      const restart = await conditionalUpdate(db, {
        Key: key,
        UpdateExpression: "SET #data.#bucket = :next",
        ConditionExpression:
          "attribute_exists(pk) AND (attribute_not_exists(#data.#bucket) OR #data.#bucket <= :now)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ":next": now + intervalMs, ":now": now },
      });
      if (restart.ok) return now + intervalMs;
      if (!restart.old) return null;
      // Not full: it only grows from here, and additions to it never conflict.
      try {
        const result = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key,
            UpdateExpression: "SET #data.#bucket = #data.#bucket + :interval",
            ConditionExpression: "attribute_exists(#data.#bucket)",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ":interval": intervalMs },
            ReturnValues: "UPDATED_NEW",
          }),
        );
        return Number((result.Attributes?.data as ConnectionRecord | undefined)?.bucketFullAt);
      } catch (error) {
        if (isConditionalFailure(error)) return null;
        throw error;
      }
    },
  };
}

export function chunkStore(db: Db): ChunkStore {
  return {
    async put(chunk) {
      const { connectionId, messageId, index, total } = chunk;
      if (!Number.isInteger(total) || total < 1) {
        throw badInput("total", "A message has at least one chunk.");
      }
      if (!Number.isInteger(index) || index < 0 || index >= total) {
        throw badInput("index", "A chunk index is between 0 and the chunk count.");
      }
      if (chunk.data.length > PART_BYTES) {
        throw new DomainError("PAYLOAD_TOO_LARGE", "A chunk is larger than one item can hold.");
      }
      const head = keys.messageHead(connectionId, messageId);
      const ttl = expiry(chunk.expiresAt);
      // Refusals are sorted out after reading the head (rare: a repeat after completion, a
      // wrong total, or an expired message that TTL has not removed yet).
      const refused = conflict("The message refused this chunk.");
      for (let attempt = 0; ; attempt++) {
        try {
          // The head fixes the chunk count and says whether the message completed; the chunk
          // is stored only if it agrees with the head.
          await transact(
            db,
            [
              {
                Update: {
                  TableName: db.table,
                  Key: head,
                  UpdateExpression:
                    "SET #total = :total, expiresAt = :expiresAt, expiresAtMs = :expiresAtMs",
                  ConditionExpression:
                    "attribute_not_exists(pk) OR (#total = :total AND attribute_not_exists(done))",
                  ExpressionAttributeNames: { "#total": "total" },
                  ExpressionAttributeValues: {
                    ":total": total,
                    ":expiresAt": ttl.expiresAt,
                    ":expiresAtMs": ttl.expiresAtMs,
                  },
                },
              },
              {
                Put: {
                  TableName: db.table,
                  Item: {
                    ...keys.messagePart(connectionId, messageId, index),
                    index,
                    data: chunk.data,
                    ...ttl,
                  },
                },
              },
            ],
            () => refused,
          );
          break;
        } catch (error) {
          if (error !== refused || attempt >= 2) throw error;
          const stored = await getItem(db, head);
          if (!stored) continue;
          if (Number(stored.expiresAtMs) <= db.now()) {
            await forget(db, connectionId, messageId);
            continue;
          }
          if (Number(stored.total) !== total) {
            throw badInput("total", "Every chunk of a message gives the same total.");
          }
          return null;
        }
      }

      // Whoever stores the last missing chunk sees every chunk here (the query is strongly
      // consistent and runs after its own write); the conditional `done` makes one of
      // possibly several such callers the one that returns the message.
      const items = await queryAll(db, {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": head.pk },
        ConsistentRead: true,
      });
      const parts = new Map<number, Uint8Array>();
      for (const item of items) {
        if (item.sk === "HEAD") continue;
        parts.set(Number(item.index), item.data as Uint8Array);
      }
      if (parts.size < total) return null;
      const claim = await conditionalUpdate(db, {
        Key: head,
        UpdateExpression: "SET done = :done",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(done)",
        ExpressionAttributeValues: { ":done": true },
      });
      if (!claim.ok) return null;
      return concat([...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, data]) => data));
    },
  };
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
