// Working groups and memberships (with a member-side copy of each membership).
import {
  badInput,
  conflict,
  notFound,
  type WorkingGroup,
  type WorkingGroupMembership,
} from "@accord/domain";
import type { WorkingGroupStore } from "@accord/storage";
import {
  batchGet,
  conditionalUpdate,
  type Db,
  getItem,
  lookup,
  queryPartition,
  transact,
} from "./db.ts";
import { at, byKey, check, dataOf, mapPage, names } from "./items.ts";
import * as keys from "./keys.ts";
import { keysetPage } from "./paging.ts";

const groupIndex = (g: WorkingGroup) => ({
  gsi1pk: keys.GROUPS,
  gsi1sk: keys.byName(g.name, g.id),
});

function membershipPuts(db: Db, m: WorkingGroupMembership, unique: boolean) {
  return [
    {
      Put: {
        TableName: db.table,
        Item: { ...keys.membership(m.workingGroupId, m.memberId), data: m },
        ...(unique ? { ConditionExpression: "attribute_not_exists(pk)" } : {}),
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: { ...keys.memberGroup(m.memberId, m.workingGroupId), data: m },
      },
    },
  ];
}

// A port: the factory is only the closure of its methods over `db` (each is short).
export function workingGroupStore(db: Db): WorkingGroupStore {
  return {
    async get(id) {
      return dataOf<WorkingGroup>(await getItem(db, keys.group(id)));
    },
    async getMany(ids) {
      const found = await batchGet(db, ids.map(keys.group));
      return ids.map((id) => dataOf<WorkingGroup>(lookup(found, keys.group(id))));
    },
    async create(group, convener) {
      if (convener.workingGroupId !== group.id) {
        throw badInput("convener", "The first convener must belong to the new working group.");
      }
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.group(group.id), data: group, ...groupIndex(group) },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...membershipPuts(db, convener, false),
        ],
        () => conflict("A working group with this id exists.", { id: group.id }),
      );
    },
    async update(group) {
      const result = await conditionalUpdate(db, {
        Key: keys.group(group.id),
        UpdateExpression: "SET #data = :group, gsi1sk = :gsi1sk",
        ConditionExpression: "attribute_exists(pk) AND #data.#version = :previous",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ":group": group,
          ":gsi1sk": groupIndex(group).gsi1sk,
          ":previous": group.version - 1,
        },
      });
      check(result, "working group", group.id);
    },
    async list(page) {
      return mapPage(
        await keysetPage(db, {
          input: {
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :collection",
            ExpressionAttributeValues: { ":collection": keys.GROUPS },
          },
          page,
          keyOf: (item) => {
            const g = item.data as WorkingGroup;
            return [g.name, g.id];
          },
          startAfter: ([name, id]) => ({
            ...keys.group(id),
            gsi1pk: keys.GROUPS,
            gsi1sk: keys.byName(name, id),
          }),
        }),
      );
    },
    async addMembership(membership) {
      await transact(
        db,
        [
          ...membershipPuts(db, membership, true),
          {
            ConditionCheck: {
              TableName: db.table,
              Key: keys.group(membership.workingGroupId),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
        ],
        (reasons) =>
          at(reasons, 0)
            ? conflict("This member is already in the working group.")
            : notFound("working group", membership.workingGroupId),
      );
    },
    async setMembershipRole(groupId, memberId, role) {
      const set = {
        UpdateExpression: "SET #data.#role = :role",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#data": "data", "#role": "role" },
        ExpressionAttributeValues: { ":role": role },
      };
      await transact(
        db,
        [
          { Update: { TableName: db.table, Key: keys.membership(groupId, memberId), ...set } },
          { Update: { TableName: db.table, Key: keys.memberGroup(memberId, groupId), ...set } },
        ],
        () => notFound("working group membership", `${groupId}/${memberId}`),
      );
    },
    async removeMembership(groupId, memberId) {
      await transact(
        db,
        [
          {
            Delete: {
              TableName: db.table,
              Key: keys.membership(groupId, memberId),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          { Delete: { TableName: db.table, Key: keys.memberGroup(memberId, groupId) } },
        ],
        () => notFound("working group membership", `${groupId}/${memberId}`),
      );
    },
    async getMembership(groupId, memberId) {
      return dataOf<WorkingGroupMembership>(await getItem(db, keys.membership(groupId, memberId)));
    },
    async listMemberships(groupId) {
      const items = await queryPartition(db, keys.group(groupId).pk, "MEMBER#");
      return items
        .map((item) => item.data as WorkingGroupMembership)
        .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.memberId, b.memberId));
    },
    async listGroupsOfMember(memberId) {
      const items = await queryPartition(db, keys.member(memberId).pk, "GROUP#");
      return items
        .map((item) => item.data as WorkingGroupMembership)
        .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.workingGroupId, b.workingGroupId));
    },
  };
}
