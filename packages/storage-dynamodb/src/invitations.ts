// Invitations and join requests. Each is one item, a copy in its target's (or group's)
// partition, and a copy in its invitee's (or member's) partition, all written in one
// transaction; a small "open" item per target and invitee (per group and member for join
// requests) makes the one-open-at-a-time rule a condition rather than a read.
import {
  conflict,
  type GroupActivityEvent,
  type Invitation,
  type InvitationTarget,
  type JoinRequest,
  notFound,
} from "@accord/domain";
import type { InvitationStore, JoinRequestStore } from "@accord/storage";
import { type Db, getItem, type Key, queryPartition, type TransactItem, transact } from "./db.ts";
import { at, byKey, dataOf } from "./items.ts";
import * as keys from "./keys.ts";

const oldestFirst = <T extends { createdAt: string; id: string }>(items: T[]) =>
  items.sort((a, b) => byKey(a.createdAt, b.createdAt) || byKey(a.id, b.id));

const targetPk = (target: InvitationTarget, targetId: string) =>
  target === "PAPER" ? keys.paperPk(targetId) : keys.group(targetId).pk;

function invitationCopies(db: Db, i: Invitation): TransactItem[] {
  const sk = keys.invitationSk(i.createdAt, i.id);
  return [
    { Put: { TableName: db.table, Item: { pk: targetPk(i.target, i.targetId), sk, data: i } } },
    {
      Put: {
        TableName: db.table,
        Item: { pk: keys.inviteePk(i.inviteeKind, i.invitee), sk, data: i },
      },
    },
  ];
}

const openInvitationKey = (i: Invitation): Key => keys.openInvitation(i);

export function invitationStore(db: Db): InvitationStore {
  return {
    async get(id) {
      return dataOf<Invitation>(await getItem(db, keys.invitation(id)));
    },
    async create(i) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.invitation(i.id), data: i },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...invitationCopies(db, i),
          {
            // Free when there is none, or when the one it names has expired by now.
            Put: {
              TableName: db.table,
              Item: { ...openInvitationKey(i), invitationId: i.id, expiresAt: i.expiresAt },
              ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
              ExpressionAttributeValues: { ":now": i.createdAt },
            },
          },
        ],
        (reasons) =>
          at(reasons, 0)
            ? conflict("An invitation with this id exists.")
            : conflict("This person already has a pending invitation here."),
      );
    },
    async update(next) {
      const stored = dataOf<Invitation>(await getItem(db, keys.invitation(next.id)));
      if (!stored) throw notFound("invitation", next.id);
      const kept: Invitation = {
        ...next,
        target: stored.target,
        targetId: stored.targetId,
        inviteeKind: stored.inviteeKind,
        invitee: stored.invitee,
        invitedBy: stored.invitedBy,
        createdAt: stored.createdAt,
      };
      const open = await getItem(db, openInvitationKey(kept));
      const ownsOpen = open?.invitationId === kept.id;
      const openItem: TransactItem[] = !ownsOpen
        ? []
        : kept.status === "PENDING"
          ? [
              {
                Put: {
                  TableName: db.table,
                  Item: {
                    ...openInvitationKey(kept),
                    invitationId: kept.id,
                    expiresAt: kept.expiresAt,
                  },
                  ConditionExpression: "invitationId = :id",
                  ExpressionAttributeValues: { ":id": kept.id },
                },
              },
            ]
          : [
              {
                Delete: {
                  TableName: db.table,
                  Key: openInvitationKey(kept),
                  ConditionExpression: "invitationId = :id",
                  ExpressionAttributeValues: { ":id": kept.id },
                },
              },
            ];
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.invitation(kept.id), data: kept },
              ConditionExpression: "#data.#version = :previous",
              ExpressionAttributeNames: { "#data": "data", "#version": "version" },
              ExpressionAttributeValues: { ":previous": kept.version - 1 },
            },
          },
          ...invitationCopies(db, kept),
          ...openItem,
        ],
        () =>
          conflict("The invitation was changed by someone else; reload it and try again.", {
            id: kept.id,
          }),
      );
    },
    async listByTarget(target, targetId) {
      const items = await queryPartition(db, targetPk(target, targetId), keys.INVITATION_PREFIX);
      return oldestFirst(items.map((item) => item.data as Invitation));
    },
    async listByInvitee(kind, invitee) {
      const items = await queryPartition(db, keys.inviteePk(kind, invitee), keys.INVITATION_PREFIX);
      return oldestFirst(items.map((item) => item.data as Invitation));
    },
  };
}

function joinRequestCopies(db: Db, r: JoinRequest): TransactItem[] {
  const sk = keys.joinRequestSk(r.createdAt, r.id);
  return [
    { Put: { TableName: db.table, Item: { pk: keys.group(r.workingGroupId).pk, sk, data: r } } },
    { Put: { TableName: db.table, Item: { pk: keys.member(r.memberId).pk, sk, data: r } } },
  ];
}

export function joinRequestStore(db: Db): JoinRequestStore {
  return {
    async get(id) {
      return dataOf<JoinRequest>(await getItem(db, keys.joinRequest(id)));
    },
    async create(r) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.joinRequest(r.id), data: r },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...joinRequestCopies(db, r),
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.pendingJoinRequest(r.workingGroupId, r.memberId), requestId: r.id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            ConditionCheck: {
              TableName: db.table,
              Key: keys.group(r.workingGroupId),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
        ],
        (reasons) => {
          if (at(reasons, 0)) return conflict("A join request with this id exists.");
          if (at(reasons, 4)) return notFound("working group", r.workingGroupId);
          return conflict("You have already asked to join this working group.");
        },
      );
    },
    async update(next) {
      const stored = dataOf<JoinRequest>(await getItem(db, keys.joinRequest(next.id)));
      if (!stored) throw notFound("join request", next.id);
      const kept: JoinRequest = {
        ...next,
        workingGroupId: stored.workingGroupId,
        memberId: stored.memberId,
        message: stored.message,
        createdAt: stored.createdAt,
      };
      const leavesPending = stored.status === "PENDING" && kept.status !== "PENDING";
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.joinRequest(kept.id), data: kept },
              ConditionExpression: "#data.#version = :previous",
              ExpressionAttributeNames: { "#data": "data", "#version": "version" },
              ExpressionAttributeValues: { ":previous": kept.version - 1 },
            },
          },
          ...joinRequestCopies(db, kept),
          ...(leavesPending
            ? [
                {
                  Delete: {
                    TableName: db.table,
                    Key: keys.pendingJoinRequest(kept.workingGroupId, kept.memberId),
                    ConditionExpression: "requestId = :id",
                    ExpressionAttributeValues: { ":id": kept.id },
                  },
                },
              ]
            : []),
        ],
        () =>
          conflict("The join request was changed by someone else; reload it and try again.", {
            id: kept.id,
          }),
      );
    },
    async listByGroup(workingGroupId) {
      const items = await queryPartition(
        db,
        keys.group(workingGroupId).pk,
        keys.JOIN_REQUEST_PREFIX,
      );
      return oldestFirst(items.map((item) => item.data as JoinRequest));
    },
    async listByMember(memberId) {
      const items = await queryPartition(db, keys.member(memberId).pk, keys.JOIN_REQUEST_PREFIX);
      return oldestFirst(items.map((item) => item.data as JoinRequest));
    },
  };
}

/** The group feed's item (the paper feed's twin, in the group's partition). */
export function groupActivityItem(event: GroupActivityEvent) {
  return {
    pk: keys.group(event.workingGroupId).pk,
    sk: keys.activitySk(event.at, event.id),
    data: event,
  };
}
