// Live connections: the record by id (a frame's one request, $disconnect) and a copy in the
// paper's partition, which the fan-out reads with one consistent query.
import { conflict, isDomainError } from "@accord/domain";
import type { ConnectionRecord, ConnectionStore } from "@accord/storage";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  batchWrite,
  type Db,
  getItem,
  isConditionalFailure,
  queryPartition,
  transact,
  ttlSeconds,
} from "./db.ts";
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

// A port: the factory is only the closure of its methods over `db` (each is short).
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
