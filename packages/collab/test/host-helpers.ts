// Drive the stateful host in process, through its WebSocketLike seam.
import {
  type Limits,
  type Member,
  type PaperRole,
  type PositionPaper,
  unauthenticated,
  withLimits,
} from "@accord/domain";
import { decodeMessage, encodeSyncStep1 } from "@accord/protocol";
import type { Store } from "@accord/storage";
import * as Y from "yjs";
import type {
  Authenticate,
  CollabHost,
  CollabLogger,
  HostConnection,
  WebSocketLike,
} from "../src/index.ts";

const T0 = "2025-01-01T00:00:00.000Z";

/**
 * Tokens: `valid-<subject>` for a member, `coordinator-<subject>` for a coordinator (the platform
 * role comes from the token, as with a real identity provider); neither expires.
 */
export const authenticate: Authenticate = async (token) => {
  const valid = /^(valid|coordinator)-(.+)$/.exec(token);
  if (!valid) throw unauthenticated();
  return { subject: valid[2]!, coordinator: valid[1] === "coordinator", expiresAt: null };
};

export const hostLimits = (collab: Partial<Limits["collab"]> = {}) =>
  withLimits({ collab: { maxMessagesPerSecond: 1e9, ...collab } });

export async function seed(
  store: Store,
  paperId: string,
  collaborators: Record<string, PaperRole>,
) {
  for (const memberId of Object.keys(collaborators)) {
    if (await store.members.get(memberId)) continue;
    const member: Member = {
      id: memberId,
      subject: memberId,
      displayName: memberId,
      affiliation: null,
      country: null,
      community: null,
      expertiseTopicIds: [],
      platformRole: "MEMBER",
      version: 1,
      createdAt: T0,
      updatedAt: T0,
    };
    await store.members.create(member);
  }
  const [lead] = Object.entries(collaborators).find(([, role]) => role === "LEAD")!;
  const paper: PositionPaper = {
    id: paperId,
    workingGroupId: "wg",
    title: paperId,
    summary: "",
    topicIds: [],
    diplomacyTypes: [],
    status: "DRAFT",
    createdBy: lead,
    publishedAt: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
  };
  await store.papers.create(paper, {
    paperId,
    memberId: lead,
    role: "LEAD",
    addedBy: lead,
    addedAt: T0,
  });
  for (const [memberId, role] of Object.entries(collaborators)) {
    if (memberId !== lead) {
      await store.collaborators.add({ paperId, memberId, role, addedBy: lead, addedAt: T0 });
    }
  }
}

/** A socket that records what the host sends and lets a test await it. */
export class FakeSocket implements WebSocketLike {
  readonly sent: Uint8Array[] = [];
  closedWith: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  send(message: Uint8Array) {
    this.sent.push(message);
    this.wake();
  }

  close(code: number, reason: string) {
    this.closedWith = { code, reason };
    this.wake();
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolve when `check` holds after something was sent or the socket closed. */
  async until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${what}`)),
          remaining,
        );
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A connected client: a socket, the host's connection, and its own replica. */
export async function join(host: CollabHost, paperId: string, memberId: string) {
  const socket = new FakeSocket();
  const connection = host.open(socket, { paperId, token: `valid-${memberId}` });
  if (!(await connection.ready)) throw new Error(`refused: ${JSON.stringify(socket.closedWith)}`);
  return { socket, connection };
}

/**
 * Every message queued before this one on the paper has been handled once the server answers
 * this sync step 1 (the paper's messages are handled in order).
 */
export async function settle(client: { socket: FakeSocket; connection: HostConnection }) {
  const before = client.socket.sent.length;
  client.connection.receive(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  await client.socket.until("the server to answer", () =>
    client.socket.sent.slice(before).some((m) => {
      const decoded = decodeMessage(m);
      return decoded.type === "syncStep2";
    }),
  );
}

/** A logger that remembers events, and lets a test await one. */
export function recordingLogger() {
  const events: { message: string; fields: Record<string, unknown> }[] = [];
  const waiters: { message: string; resolve: () => void }[] = [];
  const record = (message: string, fields: Record<string, unknown> = {}) => {
    events.push({ message, fields });
    for (const waiter of waiters.filter((w) => w.message === message)) waiter.resolve();
  };
  const logger: CollabLogger = { info: record, warn: record, error: record };
  return {
    logger,
    events,
    next(message: string, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${message} logged`)), timeoutMs);
        waiters.push({
          message,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
