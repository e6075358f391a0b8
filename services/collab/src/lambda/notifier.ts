// The LiveNotifier of the AWS deployment: GraphQL mutations reach live editors through the
// connection records in storage and API Gateway's management API.
import { accessFor, type LiveNotifier, loadDocument } from "@accord/collab";
import { encodeSyncStep1, encodeUpdate, validateUpdate } from "@accord/protocol";
import {
  badInput,
  DEFAULT_LIMITS,
  FROZEN_STATUSES,
  type Limits,
  type PaperRole,
} from "@accord/domain";
import type { ConnectionRecord, Store } from "@accord/storage";
import * as Y from "yjs";
import { closeConnection, type Delivery, fanOut } from "./fanout.ts";
import { type ManagementApiFor, sdkManagementApi } from "./management.ts";

export type NotifierStore = Pick<
  Store,
  "documents" | "connections" | "papers" | "collaborators" | "members"
>;

export interface ApiGatewayNotifierOptions {
  store: NotifierStore;
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>` (the stage's callback URL). */
  managementEndpoint: string;
  /** Default: the AWS SDK client for that endpoint. */
  management?: ManagementApiFor;
  limits?: Limits;
  now?: () => number;
}

const WRITE_ROLES: ReadonlySet<PaperRole> = new Set(["LEAD", "EDITOR"]);

export function createApiGatewayNotifier(options: ApiGatewayNotifierOptions): LiveNotifier {
  const { store } = options;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const now = options.now ?? Date.now;
  const delivery: Delivery = {
    connections: store.connections,
    management: (options.management ?? sdkManagementApi())(options.managementEndpoint),
    maxFrameBytes: limits.framing.maxFrameBytes,
    now,
  };
  const live = (paperId: string) =>
    store.connections.listByPaper(paperId, new Date(now()).toISOString());

  /** Ask clients for what they have that the server lacks (their refused edits, say). */
  async function resync(paperId: string, targets: ConnectionRecord[]) {
    if (targets.length === 0) return;
    const doc = await loadDocument(store.documents, paperId);
    const step1 = encodeSyncStep1(Y.encodeStateVector(doc));
    doc.destroy();
    await fanOut(delivery, paperId, step1, targets);
  }

  return {
    async applyServerUpdate(paperId, update, memberId) {
      try {
        validateUpdate(update);
      } catch {
        throw badInput("update", "Not a Yjs update.");
      }
      // Durable first: a client connecting meanwhile reads it from the log.
      await store.documents.append(paperId, update, {
        memberId,
        at: new Date(now()).toISOString(),
      });
      await fanOut(delivery, paperId, encodeUpdate(update));
    },

    async collaboratorChanged(paperId, memberId, role) {
      const paper = await store.papers.get(paperId);
      const mine = (await live(paperId)).filter((c) => c.memberId === memberId);
      if (!paper || mine.length === 0) return;
      if (role === null) {
        const member = await store.members.get(memberId);
        const actor = member ? { memberId, platformRole: member.platformRole } : null;
        if (accessFor(actor, null, paper.status) === null) {
          await Promise.all(
            mine.map((c) =>
              closeConnection(delivery, c.connectionId, {
                code: 4403,
                reason: "access to this paper was revoked",
              }),
            ),
          );
          return;
        }
        // Still allowed to read (a published paper, or a coordinator): read-only from now on.
        await store.connections.setRoleForMember(paperId, memberId, "VIEWER");
        return;
      }
      const changed = await store.connections.setRoleForMember(paperId, memberId, role);
      const regained = changed.filter(
        (c) => WRITE_ROLES.has(role) && !FROZEN_STATUSES.has(paper.status) && c.role === role,
      );
      await resync(paperId, regained);
    },

    async paperStatusChanged(paperId, status) {
      // Collaborators keep reading in every status (writes are checked against the status on
      // each update); members who are not collaborators read only published papers.
      const connections = await live(paperId);
      if (connections.length === 0) return;
      const collaborators = new Set(
        (await store.collaborators.listByPaper(paperId)).map((c) => c.memberId),
      );
      const outsiders = connections.filter((c) => !collaborators.has(c.memberId));
      if (outsiders.length === 0) return;
      const members = await store.members.getMany([...new Set(outsiders.map((c) => c.memberId))]);
      const coordinators = new Set(
        members.filter((m) => m?.platformRole === "COORDINATOR").map((m) => m!.id),
      );
      await Promise.all(
        outsiders
          .filter((c) => {
            const actor = coordinators.has(c.memberId)
              ? { memberId: c.memberId, platformRole: "COORDINATOR" as const }
              : { memberId: c.memberId, platformRole: "MEMBER" as const };
            return accessFor(actor, null, status) === null;
          })
          .map((c) =>
            closeConnection(delivery, c.connectionId, {
              code: 4403,
              reason: "this paper is no longer visible to you",
            }),
          ),
      );
    },
  };
}
