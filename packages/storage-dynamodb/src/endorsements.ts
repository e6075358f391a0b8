// Endorsements: one item per endorser (uniqueness, get) and one ordered by time (pages).
import { conflict, type Endorsement, notFound } from "@accord/domain";
import type { EndorsementStore } from "@accord/storage";
import { countPartition, type Db, getItem, type Key, transact } from "./db.ts";
import { dataOf, mapPage } from "./items.ts";
import * as keys from "./keys.ts";
import { keysetPage } from "./paging.ts";

export function endorsementStore(db: Db): EndorsementStore {
  const ordered = (e: Endorsement): Key => ({
    pk: keys.paperPk(e.paperId),
    sk: keys.endorsementSk(e.createdAt, e.memberId),
  });
  return {
    async get(paperId, memberId) {
      return dataOf<Endorsement>(await getItem(db, keys.endorser(paperId, memberId)));
    },
    async create(endorsement) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.endorser(endorsement.paperId, endorsement.memberId),
                data: endorsement,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          { Put: { TableName: db.table, Item: { ...ordered(endorsement), data: endorsement } } },
        ],
        () => conflict("This member has already endorsed this paper."),
      );
    },
    async remove(paperId, memberId) {
      const current = dataOf<Endorsement>(await getItem(db, keys.endorser(paperId, memberId)));
      if (!current) throw notFound("endorsement", `${paperId}/${memberId}`);
      await transact(
        db,
        [
          {
            Delete: {
              TableName: db.table,
              Key: keys.endorser(paperId, memberId),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          { Delete: { TableName: db.table, Key: ordered(current) } },
        ],
        () => notFound("endorsement", `${paperId}/${memberId}`),
      );
    },
    async listByPaper(paperId, page) {
      const pk = keys.paperPk(paperId);
      return mapPage(
        await keysetPage(db, {
          input: {
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: { ":pk": pk, ":prefix": "ENDORSEMENT#" },
            ConsistentRead: true,
          },
          page,
          keyOf: (item) => {
            const e = item.data as Endorsement;
            return [e.createdAt, e.memberId];
          },
          startAfter: ([createdAt, memberId]) => ({
            pk,
            sk: keys.endorsementSk(createdAt, memberId),
          }),
        }),
      );
    },
    async count(paperId) {
      return countPartition(db, keys.paperPk(paperId), "ENDORSEMENT#");
    },
  };
}
