// Invitations and join requests: the entity as JSON, beside the columns lists and invariants use.
import { conflict, type Invitation, type JoinRequest, notFound } from "@accord/domain";
import type { InvitationStore, JoinRequestStore } from "@accord/storage";
import type { SqliteContext } from "./context.ts";
import type { Row } from "./rows.ts";

const fromData = <T>(row: Row): T => JSON.parse(row.data as string) as T;

export function invitationStore(ctx: SqliteContext): InvitationStore {
  const { one, all, run, write, insert } = ctx;
  return {
    async get(id) {
      const row = one("SELECT data FROM invitations WHERE id = ?", id);
      return row ? fromData<Invitation>(row) : null;
    },
    async create(i) {
      await write(() => {
        // Inside the write transaction, so two creates cannot both see no open invitation.
        const open = one(
          `SELECT 1 FROM invitations WHERE target = ? AND target_id = ? AND invitee_kind = ?
             AND invitee = ? AND status = 'PENDING' AND expires_at > ?`,
          i.target,
          i.targetId,
          i.inviteeKind,
          i.invitee,
          i.createdAt,
        );
        if (open) throw conflict("This person already has a pending invitation here.");
        insert(
          `INSERT INTO invitations (id, target, target_id, invitee_kind, invitee, status,
             expires_at, version, created_at, data)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            i.id,
            i.target,
            i.targetId,
            i.inviteeKind,
            i.invitee,
            i.status,
            i.expiresAt,
            i.version,
            i.createdAt,
            JSON.stringify(i),
          ],
          { taken: "An invitation with this id exists." },
        );
      });
    },
    async update(next) {
      await write(() => {
        const row = one("SELECT data FROM invitations WHERE id = ?", next.id);
        if (!row) throw notFound("invitation", next.id);
        const stored = fromData<Invitation>(row);
        const kept: Invitation = {
          ...next,
          target: stored.target,
          targetId: stored.targetId,
          inviteeKind: stored.inviteeKind,
          invitee: stored.invitee,
          invitedBy: stored.invitedBy,
          createdAt: stored.createdAt,
        };
        const { changes } = run(
          `UPDATE invitations SET status = ?, expires_at = ?, version = ?, data = ?
           WHERE id = ? AND version = ?`,
          kept.status,
          kept.expiresAt,
          kept.version,
          JSON.stringify(kept),
          kept.id,
          kept.version - 1,
        );
        ctx.conditional(changes, "invitations", "invitation", kept.id);
      });
    },
    async listByTarget(target, targetId) {
      return all(
        `SELECT data FROM invitations WHERE target = ? AND target_id = ?
         ORDER BY created_at, id`,
        target,
        targetId,
      ).map((row) => fromData<Invitation>(row));
    },
    async listByInvitee(kind, invitee) {
      return all(
        `SELECT data FROM invitations WHERE invitee_kind = ? AND invitee = ?
         ORDER BY created_at, id`,
        kind,
        invitee,
      ).map((row) => fromData<Invitation>(row));
    },
  };
}

export function joinRequestStore(ctx: SqliteContext): JoinRequestStore {
  const { one, all, run, write, insert } = ctx;
  return {
    async get(id) {
      const row = one("SELECT data FROM join_requests WHERE id = ?", id);
      return row ? fromData<JoinRequest>(row) : null;
    },
    async create(r) {
      await write(() => {
        if (one("SELECT 1 FROM join_requests WHERE id = ?", r.id)) {
          throw conflict("A join request with this id exists.");
        }
        insert(
          `INSERT INTO join_requests (id, working_group_id, member_id, status, version,
             created_at, data)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [r.id, r.workingGroupId, r.memberId, r.status, r.version, r.createdAt, JSON.stringify(r)],
          {
            taken: "You have already asked to join this working group.",
            parent: ["working group", r.workingGroupId],
          },
        );
      });
    },
    async update(next) {
      await write(() => {
        const row = one("SELECT data FROM join_requests WHERE id = ?", next.id);
        if (!row) throw notFound("join request", next.id);
        const stored = fromData<JoinRequest>(row);
        const kept: JoinRequest = {
          ...next,
          workingGroupId: stored.workingGroupId,
          memberId: stored.memberId,
          message: stored.message,
          createdAt: stored.createdAt,
        };
        const { changes } = run(
          "UPDATE join_requests SET status = ?, version = ?, data = ? WHERE id = ? AND version = ?",
          kept.status,
          kept.version,
          JSON.stringify(kept),
          kept.id,
          kept.version - 1,
        );
        ctx.conditional(changes, "join_requests", "join request", kept.id);
      });
    },
    async listByGroup(workingGroupId) {
      return all(
        "SELECT data FROM join_requests WHERE working_group_id = ? ORDER BY created_at, id",
        workingGroupId,
      ).map((row) => fromData<JoinRequest>(row));
    },
    async listByMember(memberId) {
      return all(
        "SELECT data FROM join_requests WHERE member_id = ? ORDER BY created_at, id",
        memberId,
      ).map((row) => fromData<JoinRequest>(row));
    },
  };
}
