// Collaborators: an item per member in the paper's partition, a member-side copy, and the
// paper's LEAD count.
import { type Collaborator, conflict, notFound } from "@accord/domain";
import type { CollaboratorStore } from "@accord/storage";
import { type Db, getItem, queryPartition, transact } from "./db.ts";
import { at, byKey, dataOf } from "./items.ts";
import * as keys from "./keys.ts";

/** The collaborator item and its member-side copy, written by `add` and by `papers.create`. */
export function collaboratorPuts(db: Db, c: Collaborator) {
  return [
    {
      Put: {
        TableName: db.table,
        Item: { ...keys.collaborator(c.paperId, c.memberId), data: c },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    { Put: { TableName: db.table, Item: { ...keys.memberPaper(c.memberId, c.paperId), data: c } } },
  ];
}

const lastLead = () =>
  conflict("A paper must keep at least one LEAD; make someone else LEAD first.");

// A port: the factory is only the closure of its methods over `db` (each is short).
export function collaboratorStore(db: Db): CollaboratorStore {
  const listByPaper = async (paperId: string) => {
    const items = await queryPartition(db, keys.paperPk(paperId), "COLLAB#");
    return items
      .map((item) => item.data as Collaborator)
      .sort((a, b) => byKey(a.addedAt, b.addedAt) || byKey(a.memberId, b.memberId));
  };
  return {
    async get(paperId, memberId) {
      return dataOf<Collaborator>(await getItem(db, keys.collaborator(paperId, memberId)));
    },
    listByPaper,
    async listByPapers(paperIds) {
      const unique = [...new Set(paperIds)];
      const lists = new Map(
        await Promise.all(unique.map(async (id) => [id, await listByPaper(id)] as const)),
      );
      return paperIds.map((id) => structuredClone(lists.get(id) ?? []));
    },
    async add(c) {
      await transact(
        db,
        [
          ...collaboratorPuts(db, c),
          {
            Update: {
              TableName: db.table,
              Key: keys.paper(c.paperId),
              UpdateExpression: "ADD collaboratorIds :member, leadCount :lead",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: {
                ":member": new Set([c.memberId]),
                ":lead": c.role === "LEAD" ? 1 : 0,
              },
            },
          },
        ],
        (reasons) =>
          at(reasons, 0)
            ? conflict("This member is already a collaborator.")
            : notFound("paper", c.paperId),
      );
    },
    async setRole(paperId, memberId, role) {
      const current = dataOf<Collaborator>(await getItem(db, keys.collaborator(paperId, memberId)));
      if (!current) throw notFound("collaborator", `${paperId}/${memberId}`);
      if (current.role === role) return current;
      const next: Collaborator = { ...current, role };
      const leads = (role === "LEAD" ? 1 : 0) - (current.role === "LEAD" ? 1 : 0);
      // The paper item counts its LEADs; demoting one is conditional on another remaining,
      // so two LEADs demoting each other at once cannot both succeed.
      await transact(
        db,
        [
          {
            Update: {
              TableName: db.table,
              Key: keys.collaborator(paperId, memberId),
              UpdateExpression: "SET #data.#role = :role",
              ConditionExpression: "#data.#role = :current",
              ExpressionAttributeNames: { "#data": "data", "#role": "role" },
              ExpressionAttributeValues: { ":role": role, ":current": current.role },
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.memberPaper(memberId, paperId), data: next },
            },
          },
          ...(leads === 0
            ? []
            : [
                {
                  Update: {
                    TableName: db.table,
                    Key: keys.paper(paperId),
                    UpdateExpression: "ADD leadCount :delta",
                    ConditionExpression: leads < 0 ? "leadCount > :one" : "attribute_exists(pk)",
                    ExpressionAttributeValues: {
                      ":delta": leads,
                      ...(leads < 0 ? { ":one": 1 } : {}),
                    },
                  },
                },
              ]),
        ],
        (reasons) =>
          at(reasons, 0)
            ? conflict("The collaborator changed meanwhile; reload and try again.")
            : lastLead(),
      );
      return next;
    },
    async remove(paperId, memberId) {
      const current = dataOf<Collaborator>(await getItem(db, keys.collaborator(paperId, memberId)));
      if (!current) throw notFound("collaborator", `${paperId}/${memberId}`);
      const wasLead = current.role === "LEAD";
      await transact(
        db,
        [
          {
            Delete: {
              TableName: db.table,
              Key: keys.collaborator(paperId, memberId),
              ConditionExpression: "#data.#role = :current",
              ExpressionAttributeNames: { "#data": "data", "#role": "role" },
              ExpressionAttributeValues: { ":current": current.role },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
          { Delete: { TableName: db.table, Key: keys.memberPaper(memberId, paperId) } },
          {
            Update: {
              TableName: db.table,
              Key: keys.paper(paperId),
              UpdateExpression: wasLead
                ? "DELETE collaboratorIds :member ADD leadCount :minusOne"
                : "DELETE collaboratorIds :member",
              ConditionExpression: wasLead ? "leadCount > :one" : "attribute_exists(pk)",
              ExpressionAttributeValues: {
                ":member": new Set([memberId]),
                ...(wasLead ? { ":minusOne": -1, ":one": 1 } : {}),
              },
            },
          },
        ],
        (reasons) =>
          at(reasons, 0)
            ? reasons[0]?.Item
              ? conflict("The collaborator changed meanwhile; reload and try again.")
              : notFound("collaborator", `${paperId}/${memberId}`)
            : wasLead
              ? lastLead()
              : notFound("paper", paperId),
      );
    },
  };
}
