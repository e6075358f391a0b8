// Members, topics, working groups, papers, collaborators, comments, endorsements and activity:
// each entity lives in its item's `data` map; keys, index keys and search helpers sit beside it.
import {
  type ActivityEvent,
  badInput,
  type Collaborator,
  type Comment,
  conflict,
  type Endorsement,
  type Member,
  notFound,
  type PositionPaper,
  type Topic,
  type WorkingGroup,
  type WorkingGroupMembership,
} from "@accord/domain";
import type {
  ActivityStore,
  CollaboratorStore,
  CommentStore,
  EndorsementStore,
  MemberStore,
  PaperFilter,
  PaperStore,
  TopicStore,
  WorkingGroupStore,
} from "@accord/storage";
import { paginate } from "@accord/storage";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  batchGet,
  batchWrite,
  type CancellationReason,
  type Conditional,
  conditionalUpdate,
  countPartition,
  type Db,
  getItem,
  type Item,
  type Key,
  lookup,
  queryPartition,
  type RawItem,
  transact,
} from "./db.ts";
import * as keys from "./keys.ts";
import { keysetPage } from "./paging.ts";

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Entities are stored whole under `data`; the adapter wrote it, so the cast is sound. */
const dataOf = <T>(item: Item | undefined): T | null => (item ? (item.data as T) : null);
const names = { "#data": "data", "#version": "version" };

/** After a failed version check: was the row missing (NOT_FOUND) or newer (CONFLICT)? */
function versionFailure(old: RawItem | undefined, what: string, id: string) {
  if (!old) return notFound(what, id);
  return conflict(`The ${what} was changed by someone else; reload it and try again.`, { id });
}

function check(result: Conditional, what: string, id: string) {
  if (!result.ok) throw versionFailure(result.old, what, id);
}

/** SET every field of `entity` under data, except `skip`, plus extra top-level attributes. */
function setFields(
  entity: object,
  skip: readonly string[],
  extra: Record<string, unknown>,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const attributeNames: Record<string, string> = { "#data": "data" };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  let i = 0;
  for (const [field, value] of Object.entries(entity)) {
    if (skip.includes(field) || value === undefined) continue;
    attributeNames[`#f${i}`] = field;
    values[`:f${i}`] = value;
    sets.push(`#data.#f${i} = :f${i}`);
    i++;
  }
  for (const [attribute, value] of Object.entries(extra)) {
    attributeNames[`#x${i}`] = attribute;
    values[`:x${i}`] = value;
    sets.push(`#x${i} = :x${i}`);
    i++;
  }
  return { expression: `SET ${sets.join(", ")}`, names: attributeNames, values };
}

const at = (reasons: CancellationReason[], index: number) =>
  reasons[index]?.Code === "ConditionalCheckFailed";

// ---------------------------------------------------------------------------------------------
// Members

function memberIndex(m: Member) {
  return {
    gsi1pk: keys.MEMBERS,
    gsi1sk: keys.byName(m.displayName, m.id),
    nameLower: m.displayName.toLowerCase(),
    affiliationLower: (m.affiliation ?? "").toLowerCase(),
  };
}

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

function mapPage<T>(page: { items: Item[]; cursors: string[]; hasNextPage: boolean }) {
  return { ...page, items: page.items.map((item) => item.data as T) };
}

// ---------------------------------------------------------------------------------------------
// Topics

export function topicStore(db: Db): TopicStore {
  return {
    async upsertMany(topics) {
      // A batch may not name one key twice: the last definition of a topic wins.
      const latest = new Map(topics.map((t) => [t.id, t]));
      await batchWrite(
        db,
        [...latest.values()].map((t) => ({ put: { ...keys.topic(t.id), data: t } })),
      );
    },
    async list() {
      const items = await queryPartition(db, keys.TOPICS_PK, "TOPIC#");
      return items
        .map((item) => item.data as Topic)
        .sort((a, b) => byKey(a.name, b.name) || byKey(a.id, b.id));
    },
    async getMany(ids) {
      const found = await batchGet(db, ids.map(keys.topic));
      return ids.map((id) => dataOf<Topic>(lookup(found, keys.topic(id))));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Working groups

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

// ---------------------------------------------------------------------------------------------
// Papers and collaborators

function paperIndex(p: PositionPaper) {
  return {
    gsi1pk: keys.PAPERS,
    gsi1sk: keys.byTime(p.createdAt, p.id),
    gsi2pk: keys.groupPapers(p.workingGroupId),
    gsi2sk: keys.byTime(p.createdAt, p.id),
    titleLower: p.title.toLowerCase(),
    summaryLower: p.summary.toLowerCase(),
  };
}

/** "" means unset, as in the port. */
const given = <T extends string>(value: T | undefined): T | undefined =>
  value ? value : undefined;

/** The paper-list filters other than the one the query's key already applies. */
function paperFilterExpression(filter: PaperFilter) {
  const parts: string[] = [];
  const attributeNames: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const data = () => {
    attributeNames["#data"] = "data";
  };
  const status = given(filter.status);
  if (status) {
    data();
    attributeNames["#status"] = "status";
    values[":status"] = status;
    parts.push("#data.#status = :status");
  }
  const topicId = given(filter.topicId);
  if (topicId) {
    data();
    attributeNames["#topicIds"] = "topicIds";
    values[":topicId"] = topicId;
    parts.push("contains(#data.#topicIds, :topicId)");
  }
  const diplomacyType = given(filter.diplomacyType);
  if (diplomacyType) {
    data();
    attributeNames["#diplomacyTypes"] = "diplomacyTypes";
    values[":diplomacyType"] = diplomacyType;
    parts.push("contains(#data.#diplomacyTypes, :diplomacyType)");
  }
  const search = given(filter.search);
  if (search) {
    values[":search"] = search.toLowerCase();
    parts.push("(contains(titleLower, :search) OR contains(summaryLower, :search))");
  }
  const visibleTo = given(filter.visibleTo);
  if (visibleTo) {
    data();
    attributeNames["#status"] = "status";
    values[":published"] = "PUBLISHED";
    values[":visibleTo"] = visibleTo;
    parts.push("(#data.#status = :published OR contains(collaboratorIds, :visibleTo))");
  }
  return { expression: parts.join(" AND "), names: attributeNames, values };
}

/** The same filters in code, for the member-side path of `collaboratorId`. */
function paperMatches(item: Item, filter: PaperFilter): boolean {
  const p = item.data as PositionPaper;
  const collaborators = (item.collaboratorIds as Set<string> | undefined) ?? new Set<string>();
  const groupId = given(filter.workingGroupId);
  if (groupId && p.workingGroupId !== groupId) return false;
  const topicId = given(filter.topicId);
  if (topicId && !p.topicIds.includes(topicId)) return false;
  const status = given(filter.status);
  if (status && p.status !== status) return false;
  const diplomacyType = given(filter.diplomacyType);
  if (diplomacyType && !p.diplomacyTypes.includes(diplomacyType)) return false;
  const collaboratorId = given(filter.collaboratorId);
  if (collaboratorId && !collaborators.has(collaboratorId)) return false;
  const visibleTo = given(filter.visibleTo);
  if (visibleTo && p.status !== "PUBLISHED" && !collaborators.has(visibleTo)) return false;
  const search = given(filter.search);
  if (search) {
    const needle = search.toLowerCase();
    if (!p.title.toLowerCase().includes(needle) && !p.summary.toLowerCase().includes(needle)) {
      return false;
    }
  }
  return true;
}

export function paperStore(db: Db): PaperStore {
  const paperKeyOf = (item: Item): [string, string] => {
    const p = item.data as PositionPaper;
    return [p.createdAt, p.id];
  };
  return {
    async get(id) {
      return dataOf<PositionPaper>(await getItem(db, keys.paper(id)));
    },
    async getMany(ids) {
      const found = await batchGet(db, ids.map(keys.paper));
      return ids.map((id) => dataOf<PositionPaper>(lookup(found, keys.paper(id))));
    },
    async create(paper, lead) {
      if (lead.role !== "LEAD") throw badInput("role", "A paper is created with its LEAD.");
      if (lead.paperId !== paper.id) {
        throw badInput("paperId", "The first LEAD must be a collaborator of the new paper.");
      }
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.paper(paper.id),
                data: paper,
                ...paperIndex(paper),
                leadCount: 1,
                collaboratorIds: new Set([lead.memberId]),
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...collaboratorPuts(db, lead),
        ],
        () => conflict("A paper with this id exists.", { id: paper.id }),
      );
    },
    async update(paper) {
      // SET, not Put: the lead count and collaborator set beside `data` belong to collaborators.
      const index = paperIndex(paper);
      const result = await conditionalUpdate(db, {
        Key: keys.paper(paper.id),
        UpdateExpression:
          "SET #data = :paper, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, titleLower = :titleLower, summaryLower = :summaryLower",
        ConditionExpression: "attribute_exists(pk) AND #data.#version = :previous",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ":paper": paper,
          ":gsi1sk": index.gsi1sk,
          ":gsi2pk": index.gsi2pk,
          ":gsi2sk": index.gsi2sk,
          ":titleLower": index.titleLower,
          ":summaryLower": index.summaryLower,
          ":previous": paper.version - 1,
        },
      });
      check(result, "paper", paper.id);
    },
    async list(filter, page) {
      const collaboratorId = given(filter.collaboratorId);
      if (collaboratorId) {
        // A member works on few papers: read them all (consistent), filter, page in memory.
        const own = await queryPartition(db, keys.member(collaboratorId).pk, "PAPER#");
        const paperKeys = own.map((item) => keys.paper((item.data as Collaborator).paperId));
        const found = await batchGet(db, paperKeys);
        const matching = paperKeys
          .map((key) => lookup(found, key))
          .filter((item): item is Item => item !== undefined && paperMatches(item, filter))
          .map((item) => item.data as PositionPaper)
          .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id));
        return paginate(matching, (p) => [p.createdAt, p.id], page, true);
      }
      const groupId = given(filter.workingGroupId);
      const filterExpression = paperFilterExpression(filter);
      const byGroup = groupId !== undefined;
      const index = byGroup ? "gsi2" : "gsi1";
      const partition = byGroup ? keys.groupPapers(groupId) : keys.PAPERS;
      return mapPage(
        await keysetPage(db, {
          input: {
            IndexName: index,
            KeyConditionExpression: `${index}pk = :collection`,
            ScanIndexForward: false,
            ExpressionAttributeValues: { ":collection": partition, ...filterExpression.values },
            ...(filterExpression.expression
              ? { FilterExpression: filterExpression.expression }
              : {}),
            ...(Object.keys(filterExpression.names).length > 0
              ? { ExpressionAttributeNames: filterExpression.names }
              : {}),
          },
          page,
          keyOf: paperKeyOf,
          startAfter: ([createdAt, id]) => ({
            ...keys.paper(id),
            [`${index}pk`]: partition,
            [`${index}sk`]: keys.byTime(createdAt, id),
          }),
        }),
      );
    },
  };
}

function collaboratorPuts(db: Db, c: Collaborator) {
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

// ---------------------------------------------------------------------------------------------
// Comments: the comment item answers `get`; a copy in the paper's partition answers the list.

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

// ---------------------------------------------------------------------------------------------
// Endorsements: one item per endorser (uniqueness, get) and one ordered by time (pages).

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

// ---------------------------------------------------------------------------------------------
// Activity

export function activityStore(db: Db): ActivityStore {
  return {
    async append(event) {
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            pk: keys.paperPk(event.paperId),
            sk: keys.activitySk(event.at, event.id),
            data: event,
          },
        }),
      );
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
  };
}
