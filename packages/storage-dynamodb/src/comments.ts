// Comments: the comment item answers `get`; a copy in the paper's partition answers the list.
import { type Comment, conflict } from "@accord/domain";
import type { CommentStore } from "@accord/storage";
import { type Db, getItem, queryPartition, transact } from "./db.ts";
import { byKey, dataOf, names, versionFailure } from "./items.ts";
import * as keys from "./keys.ts";

export function commentStore(db: Db): CommentStore {
  return {
    async get(id) {
      return dataOf<Comment>(await getItem(db, keys.comment(id)));
    },
    async create(comment) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.comment(comment.id), data: comment },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.paperComment(comment.paperId, comment.id), data: comment },
            },
          },
        ],
        () => conflict("A comment with this id exists.", { id: comment.id }),
      );
    },
    async update(comment) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.comment(comment.id), data: comment },
              ConditionExpression: "attribute_exists(pk) AND #data.#version = :previous",
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ":previous": comment.version - 1 },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.paperComment(comment.paperId, comment.id), data: comment },
            },
          },
        ],
        (reasons) => versionFailure(reasons[0]?.Item, "comment", comment.id),
      );
    },
    async listByPaper(paperId) {
      const items = await queryPartition(db, keys.paperPk(paperId), "COMMENT#");
      return items
        .map((item) => item.data as Comment)
        .sort((a, b) => byKey(a.createdAt, b.createdAt) || byKey(a.id, b.id));
    },
  };
}
