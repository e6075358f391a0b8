// The LiveNotifier of the AWS deployment: GraphQL mutations reach live editors through the
// connection records in storage and API Gateway's management API. What a change does to each
// connection is decided by the engine (effectOf), as on the local host; failures propagate, so
// the caller retries and then surfaces them.
import {
  effectOf,
  type LiveChange,
  type LiveNotifier,
  liveConnectionOf,
  loadDocument,
} from "@accord/collab";
import { badInput, DEFAULT_LIMITS, type Limits } from "@accord/domain";
import { encodeSyncStep1, encodeUpdate, validateUpdate } from "@accord/protocol";
import type { ConnectionRecord, Store } from "@accord/storage";
import * as Y from "yjs";
import { closeConnection, type Delivery, fanOut } from "./fanout.ts";
import { type ManagementApiFor, sdkManagementApi } from "./management.ts";

export type NotifierStore = Pick<Store, "documents" | "connections">;

export interface ApiGatewayNotifierOptions {
  store: NotifierStore;
  /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>` (the stage's callback URL). */
  managementEndpoint: string;
  /** Default: the AWS SDK client for that endpoint. */
  management?: ManagementApiFor;
  limits?: Limits;
  now?: () => number;
}

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

  /** Ask clients for what they have that the server lacks (their refused edits, say). */
  async function resync(paperId: string, targets: ConnectionRecord[]) {
    if (targets.length === 0) return;
    const doc = await loadDocument(store.documents, paperId);
    const step1 = encodeSyncStep1(Y.encodeStateVector(doc));
    doc.destroy();
    const result = await fanOut(delivery, paperId, step1, targets);
    if (result.failed.length > 0) throw result.failed[0]?.error;
  }

  /**
   * The records are updated first, so every later keystroke is judged by the new state; then
   * the connections that lost access are closed and those that regained it asked to resync.
   */
  async function apply(paperId: string, change: LiveChange) {
    const live = await store.connections.listByPaper(paperId, new Date(now()).toISOString());
    const effects = live.map((record) => ({
      record,
      effect: effectOf(liveConnectionOf(record), change),
    }));
    if (!effects.some(({ effect }) => effect.kind !== "none")) return;
    if (change.kind === "collaborator") {
      await store.connections.setRoleForMember(paperId, change.memberId, change.role);
    } else {
      await store.connections.setStatusForPaper(paperId, change.status);
    }
    const regained: ConnectionRecord[] = [];
    const closing: Promise<void>[] = [];
    for (const { record, effect } of effects) {
      if (effect.kind === "close") {
        closing.push(closeConnection(delivery, record.connectionId, effect.close));
      } else if (effect.kind === "update" && effect.regainedWrite) {
        regained.push(record);
      }
    }
    await Promise.all([...closing, resync(paperId, regained)]);
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
    collaboratorChanged: (paperId, memberId, role) =>
      apply(paperId, { kind: "collaborator", memberId, role }),
    paperStatusChanged: (paperId, status) => apply(paperId, { kind: "status", status }),
  };
}
