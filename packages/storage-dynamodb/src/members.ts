// Members: the member item, a subject item for uniqueness, gsi1 ordering by name.
import { conflict, type Member } from "@accord/domain";
import type { MemberStore } from "@accord/storage";
import { batchGet, conditionalUpdate, type Db, getItem, lookup, transact } from "./db.ts";
import { at, check, dataOf, mapPage, names, setFields } from "./items.ts";
import * as keys from "./keys.ts";
import { keysetPage } from "./paging.ts";

function memberIndex(m: Member) {
  return {
    gsi1pk: keys.MEMBERS,
    gsi1sk: keys.byName(m.displayName, m.id),
    nameLower: m.displayName.toLowerCase(),
    affiliationLower: (m.affiliation ?? "").toLowerCase(),
  };
}

// A port: the factory is only the closure of its methods over `db` (each is short).
export function memberStore(db: Db): MemberStore {
  return {
    async get(id) {
      return dataOf<Member>(await getItem(db, keys.member(id)));
    },
    async getMany(ids) {
      const found = await batchGet(db, ids.map(keys.member));
      return ids.map((id) => dataOf<Member>(lookup(found, keys.member(id))));
    },
    async getBySubject(subjectId) {
      const pointer = await getItem(db, keys.subject(subjectId));
      if (!pointer) return null;
      return dataOf<Member>(await getItem(db, keys.member(String(pointer.memberId))));
    },
    async create(member) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.member(member.id), data: member, ...memberIndex(member) },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.subject(member.subject), memberId: member.id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
        (reasons) =>
          at(reasons, 0)
            ? conflict("A member with this id exists.", { id: member.id })
            : conflict("A member with this subject exists."),
      );
    },
    async update(member) {
      // The subject is the identity's key and never changes: every field but it is set.
      const update = setFields(member, ["subject"], memberIndex(member));
      const result = await conditionalUpdate(db, {
        Key: keys.member(member.id),
        UpdateExpression: update.expression,
        ConditionExpression: "attribute_exists(pk) AND #data.#version = :previous",
        ExpressionAttributeNames: { ...update.names, ...names },
        ExpressionAttributeValues: { ...update.values, ":previous": member.version - 1 },
      });
      check(result, "member", member.id);
    },
    async list(filter, page) {
      const needle = filter.search?.toLowerCase();
      return mapPage(
        await keysetPage(db, {
          input: {
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :collection",
            ExpressionAttributeValues: {
              ":collection": keys.MEMBERS,
              ...(needle ? { ":needle": needle } : {}),
            },
            ...(needle
              ? {
                  FilterExpression:
                    "contains(nameLower, :needle) OR contains(affiliationLower, :needle)",
                }
              : {}),
          },
          page,
          keyOf: (item) => {
            const m = item.data as Member;
            return [m.displayName, m.id];
          },
          startAfter: ([name, id]) => ({
            ...keys.member(id),
            gsi1pk: keys.MEMBERS,
            gsi1sk: keys.byName(name, id),
          }),
        }),
      );
    },
  };
}
