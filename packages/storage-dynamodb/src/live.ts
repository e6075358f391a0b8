// Live connections (the fan-out reads them with one consistent query of the paper's
// partition) and the chunks of messages split to fit API Gateway's frame limit.
import { badInput, conflict, DomainError, isDomainError } from "@accord/domain";
import {
  type ChunkStore,
  type ConnectionRecord,
  type ConnectionStore,
  checkChunk,
} from "@accord/storage";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  batchWrite,
  type Db,
  getItem,
  type Item,
  isConditionalFailure,
  newToken,
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

/**
 * How many earlier rate windows an arrival clears. DynamoDB has no if-else in an update, so a
 * window's count lives in an attribute named after it (`rate<window>`), and each arrival removes
 * the attributes of the windows just before. A connection silent for more than this many windows
 * leaves the attribute of its last window behind: one stray number per such silence, gone with
 * the record, which lives at most its `expiresAt` (2 h): at most a few hundred small attributes,
 * far under the item size limit, and never read (only the current window's attribute is).
 */
const RATE_WINDOWS_CLEARED = 10;
const rateAttribute = (window: number) => `rate${window}`;

/** The fields `setRoleForMember` and `setStatusForPaper` change on both copies of a record. */
type SharedField = "role" | "paperStatus";

export function connectionStore(db: Db): ConnectionStore {
  /**
   * Set `field` on every connection of the paper that `matches` and differs, on the record by
   * id and on the paper's copy together. Returns the records that changed.
   */
  async function setOnPaper<F extends SharedField>(
    paperId: string,
    matches: (record: ConnectionRecord) => boolean,
    field: F,
    value: ConnectionRecord[F],
  ): Promise<ConnectionRecord[]> {
    const items = await queryPartition(db, keys.paperPk(paperId), "CONN#");
    const changed: ConnectionRecord[] = [];
    for (const item of items) {
      const current = item.data as ConnectionRecord;
      if (!matches(current) || current[field] === value) continue;
      const set = {
        UpdateExpression: "SET #data.#field = :value",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#data": "data", "#field": field },
        ExpressionAttributeValues: { ":value": value },
      };
      try {
        await transact(db, [
          { Update: { TableName: db.table, Key: keys.connection(current.connectionId), ...set } },
          {
            Update: {
              TableName: db.table,
              Key: keys.paperConnection(paperId, current.connectionId),
              ...set,
            },
          },
        ]);
        changed.push({ ...current, [field]: value });
      } catch (error) {
        // Gone meanwhile ($disconnect): nothing to change.
        if (!(isDomainError(error) && error.code === "CONFLICT")) throw error;
      }
    }
    return changed;
  }

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
    async arrive(connectionId, window) {
      // One UpdateItem on the record by id (the fan-out's copy never needs the count). An SDK
      // retry after a lost response may count a frame twice: a rare overcount, on the safe side.
      const names: Record<string, string> = { "#cur": rateAttribute(window) };
      for (let k = 1; k <= RATE_WINDOWS_CLEARED; k++) names[`#p${k}`] = rateAttribute(window - k);
      const earlier = Object.keys(names).filter((name) => name !== "#cur");
      try {
        const result = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.connection(connectionId),
            UpdateExpression: `SET #cur = if_not_exists(#cur, :zero) + :one REMOVE ${earlier.join(", ")}`,
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ":zero": 0, ":one": 1 },
            ReturnValues: "ALL_NEW",
          }),
        );
        const item = result.Attributes ?? {};
        return {
          connection: item.data as ConnectionRecord,
          framesInWindow: Number(item[rateAttribute(window)]),
        };
      } catch (error) {
        if (isConditionalFailure(error)) return null;
        throw error;
      }
    },
    async listByPaper(paperId, now) {
      const items = await queryPartition(db, keys.paperPk(paperId), "CONN#");
      // TTL deletion lags: an expired record may still be stored, so compare expiry here.
      return items
        .map((item) => item.data as ConnectionRecord)
        .filter((c) => c.expiresAt > now)
        .sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
    },
    async setRoleForMember(paperId, memberId, role) {
      return setOnPaper(paperId, (c) => c.memberId === memberId, "role", role);
    },
    async setStatusForPaper(paperId, status) {
      return setOnPaper(paperId, () => true, "paperStatus", status);
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
  };
}

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
