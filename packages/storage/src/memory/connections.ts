// Live connections and their frame counts per rate window.
import { conflict, type PaperRole } from "@accord/domain";
import type { ConnectionRecord, ConnectionStore } from "../ports.ts";
import { byKey, clone, type MemoryState } from "./state.ts";

export function connectionStore(state: MemoryState): ConnectionStore {
  const { connections, rates } = state;

  /** Apply `change` to every connection that `matches`; returns copies of those changed. */
  const changeConnections = (
    matches: (c: ConnectionRecord) => boolean,
    change: (c: ConnectionRecord) => void,
  ): ConnectionRecord[] => {
    const changed: ConnectionRecord[] = [];
    for (const c of connections.values()) {
      if (!matches(c)) continue;
      change(c);
      changed.push(clone(c));
    }
    return changed;
  };

  return {
    async put(connection) {
      if (connections.has(connection.connectionId)) {
        throw conflict("This connection id is already registered.");
      }
      connections.set(connection.connectionId, clone(connection));
    },
    async get(connectionId) {
      return clone(connections.get(connectionId) ?? null);
    },
    async listByPaper(paperId, now) {
      return [...connections.values()]
        .filter((c) => c.paperId === paperId && c.expiresAt > now)
        .sort((a, b) => byKey(a.connectionId, b.connectionId))
        .map(clone);
    },
    async arrive(connectionId, window) {
      const record = connections.get(connectionId);
      if (!record) return null;
      const rate = rates.get(connectionId);
      const framesInWindow = rate?.window === window ? rate.count + 1 : 1;
      rates.set(connectionId, { window, count: framesInWindow });
      return { connection: clone(record), framesInWindow };
    },
    async setRoleForMember(paperId, memberId, role: PaperRole | null) {
      return changeConnections(
        (c) => c.paperId === paperId && c.memberId === memberId && c.role !== role,
        (c) => {
          c.role = role;
        },
      );
    },
    async setStatusForPaper(paperId, status) {
      return changeConnections(
        (c) => c.paperId === paperId && c.paperStatus !== status,
        (c) => {
          c.paperStatus = status;
        },
      );
    },
    async remove(connectionId) {
      connections.delete(connectionId);
      rates.delete(connectionId);
    },
  };
}
