// Members' inboxes. A notification is an item in its recipient's partition, with a copy under
// UNREAD# while unread (so the unread list is one query of unread items only), a pointer by id
// (marking read by id), and the inbox head holding the unread count and version; every change
// writes them together in one transaction, so the head is exact and a badge's poll is one
// GetItem.
import { conflict, type InboxState, type Notification } from "@accord/domain";
import type { NotificationStore } from "@accord/storage";
import {
  batchGet,
  type Db,
  getItem,
  lookup,
  queryPartition,
  type TransactItem,
  transact,
} from "./db.ts";
import { at, mapPage } from "./items.ts";
import * as keys from "./keys.ts";
import { keysetPage } from "./paging.ts";

/** Notifications marked read per transaction: 2 items each plus the head, under the 100 cap. */
const MARK_BATCH = 40;

/** Longest notification id looked up (ids are UUIDs; a partition key may hold 2,048 bytes). */
const MAX_ID_BYTES = 1024;

interface NoteKey {
  id: string;
  createdAt: string;
}

function headUpdate(db: Db, recipientId: string, unreadDelta: number): TransactItem {
  return {
    Update: {
      TableName: db.table,
      Key: keys.inboxHead(recipientId),
      UpdateExpression: "ADD unread :delta, version :one",
      ExpressionAttributeValues: { ":delta": unreadDelta, ":one": 1 },
    },
  };
}

/**
 * Mark `notes` read in transactions of MARK_BATCH. A note read meanwhile by another request
 * fails its condition and cancels its transaction: it is dropped and the rest tried again.
 */
async function markNotes(db: Db, recipientId: string, notes: NoteKey[], readAt: string) {
  const pk = keys.inboxPk(recipientId);
  for (let start = 0; start < notes.length; start += MARK_BATCH) {
    let batch = notes.slice(start, start + MARK_BATCH);
    while (batch.length > 0) {
      const items: TransactItem[] = batch.flatMap((note): TransactItem[] => [
        {
          Update: {
            TableName: db.table,
            Key: { pk, sk: keys.noteSk(keys.NOTE_PREFIX, note.createdAt, note.id) },
            UpdateExpression: "REMOVE unread SET #data.#readAt = :at",
            ConditionExpression: "attribute_exists(unread)",
            ExpressionAttributeNames: { "#data": "data", "#readAt": "readAt" },
            ExpressionAttributeValues: { ":at": readAt },
          },
        },
        {
          Delete: {
            TableName: db.table,
            Key: { pk, sk: keys.noteSk(keys.UNREAD_PREFIX, note.createdAt, note.id) },
          },
        },
      ]);
      items.push(headUpdate(db, recipientId, -batch.length));
      const cancelled: { readMeanwhile: Set<number> | null } = { readMeanwhile: null };
      await transact(db, items, (reasons) => {
        cancelled.readMeanwhile = new Set(
          batch.flatMap((_note, i) => (at(reasons, 2 * i) ? [i] : [])),
        );
        return conflict("A notification was read meanwhile.");
      }).catch((error: unknown) => {
        if (!cancelled.readMeanwhile) throw error;
      });
      const { readMeanwhile } = cancelled;
      if (!readMeanwhile) break;
      if (readMeanwhile.size === 0)
        throw conflict("Marking notifications read collided; try again.");
      batch = batch.filter((_note, i) => !readMeanwhile.has(i));
    }
  }
}

async function stateOf(db: Db, recipientId: string): Promise<InboxState> {
  const head = await getItem(db, keys.inboxHead(recipientId));
  return { unread: Number(head?.unread ?? 0), version: Number(head?.version ?? 0) };
}

export function notificationStore(db: Db): NotificationStore {
  return {
    async add(n) {
      const pk = keys.inboxPk(n.recipientId);
      const unread = n.readAt === null;
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.notificationPointer(n.id),
                recipientId: n.recipientId,
                createdAt: n.createdAt,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: {
                pk,
                sk: keys.noteSk(keys.NOTE_PREFIX, n.createdAt, n.id),
                data: n,
                ...(unread ? { unread: true } : {}),
              },
            },
          },
          ...(unread
            ? [
                {
                  Put: {
                    TableName: db.table,
                    Item: { pk, sk: keys.noteSk(keys.UNREAD_PREFIX, n.createdAt, n.id), data: n },
                  },
                },
              ]
            : []),
          headUpdate(db, n.recipientId, unread ? 1 : 0),
        ],
        (reasons) =>
          at(reasons, 0)
            ? conflict("A notification with this id exists.", { id: n.id })
            : undefined,
        // Notifications to one member may arrive together (a paper's status change, a mention
        // in a busy thread): they contend for the inbox head and take turns.
        { attempts: 12 },
      );
    },
    async listByRecipient(recipientId, filter, page) {
      const pk = keys.inboxPk(recipientId);
      const prefix = filter.unreadOnly ? keys.UNREAD_PREFIX : keys.NOTE_PREFIX;
      return mapPage<Notification>(
        await keysetPage(db, {
          input: {
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: { ":pk": pk, ":prefix": prefix },
            ScanIndexForward: false,
            ConsistentRead: true,
          },
          page,
          keyOf: (item) => {
            const n = item.data as Notification;
            return [n.createdAt, n.id];
          },
          startAfter: ([createdAt, id]) => ({ pk, sk: keys.noteSk(prefix, createdAt, id) }),
        }),
      );
    },
    async markRead(recipientId, ids, readAt) {
      // An id too long to be a key names no notification (and DynamoDB would refuse the key).
      const unique = [...new Set(ids)].filter((id) => Buffer.byteLength(id) <= MAX_ID_BYTES);
      const found = await batchGet(db, unique.map(keys.notificationPointer));
      const notes = unique.flatMap((id): NoteKey[] => {
        const pointer = lookup(found, keys.notificationPointer(id));
        return pointer?.recipientId === recipientId
          ? [{ id, createdAt: String(pointer.createdAt) }]
          : [];
      });
      // Only unread ones: a read one would cancel its batch for nothing.
      const unread = await batchGet(
        db,
        notes.map((n) => ({
          pk: keys.inboxPk(recipientId),
          sk: keys.noteSk(keys.UNREAD_PREFIX, n.createdAt, n.id),
        })),
      );
      await markNotes(
        db,
        recipientId,
        notes.filter((n) =>
          lookup(unread, {
            pk: keys.inboxPk(recipientId),
            sk: keys.noteSk(keys.UNREAD_PREFIX, n.createdAt, n.id),
          }),
        ),
        readAt,
      );
      return stateOf(db, recipientId);
    },
    async markAllRead(recipientId, readAt) {
      const unread = await queryPartition(db, keys.inboxPk(recipientId), keys.UNREAD_PREFIX);
      const notes = unread.map((item) => {
        const n = item.data as Notification;
        return { id: n.id, createdAt: n.createdAt };
      });
      await markNotes(db, recipientId, notes, readAt);
      return stateOf(db, recipientId);
    },
    state: (recipientId) => stateOf(db, recipientId),
  };
}
