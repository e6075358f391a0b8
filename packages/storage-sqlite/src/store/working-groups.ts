// Working groups and their memberships.
import { badInput, notFound, type WorkingGroupMembership } from "@accord/domain";
import type { WorkingGroupStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import { groupColumns, toGroup, toMembership } from "./rows.ts";

// A port: the factory is only the closure of its methods over `ctx` (each is short).
export function workingGroupStore(ctx: SqliteContext): WorkingGroupStore {
  const { all, one, run, write, insert, conditional, keysetPage, byIds } = ctx;
  return {
    async get(id) {
      const row = one("SELECT * FROM working_groups WHERE id = ?", id);
      return row ? toGroup(row) : null;
    },
    async getMany(ids) {
      return byIds("working_groups", ids, toGroup);
    },
    async create(group, convener) {
      if (convener.workingGroupId !== group.id) {
        throw badInput("convener", "The first convener must belong to the new working group.");
      }
      await write(() => {
        insert(
          `INSERT INTO working_groups (id, name, description, topic_ids, version, updated_at,
             created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [group.id, ...groupColumns(group), group.createdBy, group.createdAt],
          { taken: "A working group with this id exists." },
        );
        insertMembership(ctx, convener);
      });
    },
    async update(group) {
      await write(() => {
        const { changes } = run(
          `UPDATE working_groups SET name = ?, description = ?, topic_ids = ?, version = ?,
             updated_at = ?, created_by = ?, created_at = ?
           WHERE id = ? AND version = ?`,
          ...groupColumns(group),
          group.createdBy,
          group.createdAt,
          group.id,
          group.version - 1,
        );
        conditional(changes, "working_groups", "working group", group.id);
      });
    },
    async list(page) {
      return keysetPage(
        { select: "SELECT * FROM working_groups", where: [], params: [], keys: ["name", "id"] },
        "ASC",
        page,
        toGroup,
      );
    },
    async addMembership(membership) {
      await write(() => insertMembership(ctx, membership));
    },
    async setMembershipRole(groupId, memberId, role) {
      const { changes } = await write(() =>
        run(
          "UPDATE working_group_memberships SET role = ? WHERE working_group_id = ? AND member_id = ?",
          role,
          groupId,
          memberId,
        ),
      );
      if (changes === 0) throw notFound("working group membership", `${groupId}/${memberId}`);
    },
    async removeMembership(groupId, memberId) {
      const { changes } = await write(() =>
        run(
          "DELETE FROM working_group_memberships WHERE working_group_id = ? AND member_id = ?",
          groupId,
          memberId,
        ),
      );
      if (changes === 0) throw notFound("working group membership", `${groupId}/${memberId}`);
    },
    async getMembership(groupId, memberId) {
      const row = one(
        "SELECT * FROM working_group_memberships WHERE working_group_id = ? AND member_id = ?",
        groupId,
        memberId,
      );
      return row ? toMembership(row) : null;
    },
    async listMemberships(groupId) {
      return all(
        `SELECT * FROM working_group_memberships WHERE working_group_id = ?
         ORDER BY added_at, member_id`,
        groupId,
      ).map(toMembership);
    },
    async listGroupsOfMember(memberId) {
      return all(
        `SELECT * FROM working_group_memberships WHERE member_id = ?
         ORDER BY added_at, working_group_id`,
        memberId,
      ).map(toMembership);
    },
  };
}

export function insertMembership(ctx: SqliteContext, membership: WorkingGroupMembership) {
  ctx.insert(
    `INSERT INTO working_group_memberships (working_group_id, member_id, role, added_at)
     VALUES (?, ?, ?, ?)`,
    [membership.workingGroupId, membership.memberId, membership.role, membership.addedAt],
    {
      taken: "This member is already in the working group.",
      parent: ["working group", membership.workingGroupId],
    },
  );
}
