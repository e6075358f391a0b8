// Activity events, newest first in the paper's partition.
import type { ActivityEvent, GroupActivityEvent } from "@accord/domain";
import type { ActivityStore } from "@accord/storage";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./db.ts";
import { groupActivityItem } from "./invitations.ts";
import { mapPage } from "./items.ts";
import * as keys from "./keys.ts";
import { keysetPage } from "./paging.ts";

export function activityStore(db: Db): ActivityStore {
  const put = (event: ActivityEvent) =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          pk: keys.paperPk(event.paperId),
          sk: keys.activitySk(event.at, event.id),
          data: event,
        },
      }),
    );
  return {
    async append(event) {
      await put(event);
    },
    async listByPaper(paperId, page) {
      const pk = keys.paperPk(paperId);
      return mapPage(
        await keysetPage(db, {
          input: {
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: { ":pk": pk, ":prefix": "ACTIVITY#" },
            ScanIndexForward: false,
            ConsistentRead: true,
          },
          page,
          keyOf: (item) => {
            const e = item.data as ActivityEvent;
            return [e.at, e.id];
          },
          startAfter: ([time, id]) => ({ pk, sk: keys.activitySk(time, id) }),
        }),
      );
    },
    async upsert(event) {
      // The key holds `at` and the id, which a replaced event keeps: a Put replaces it.
      await put(event);
    },
    async appendForGroup(event) {
      await db.doc.send(new PutCommand({ TableName: db.table, Item: groupActivityItem(event) }));
    },
    async listByGroup(workingGroupId, page) {
      const pk = keys.group(workingGroupId).pk;
      return mapPage<GroupActivityEvent>(
        await keysetPage(db, {
          input: {
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: { ":pk": pk, ":prefix": "ACTIVITY#" },
            ScanIndexForward: false,
            ConsistentRead: true,
          },
          page,
          keyOf: (item) => {
            const e = item.data as GroupActivityEvent;
            return [e.at, e.id];
          },
          startAfter: ([time, id]) => ({ pk, sk: keys.activitySk(time, id) }),
        }),
      );
    },
  };
}
