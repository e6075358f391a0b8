// Test helpers for the local live-editing server: seeded stores, a real server on port 0,
// stock y-websocket providers, a raw protocol client, and waits driven by events.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Authenticate } from "@accord/collab";
import {
  type Limits,
  type Member,
  type PaperRole,
  type PaperStatus,
  type PositionPaper,
  unauthenticated,
  withLimits,
} from "@accord/domain";
import type { Identity } from "@accord/identity";
import { decodeTextFrame } from "@accord/protocol";
import type { Store } from "@accord/storage";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { attachLocalCollab, type LocalCollab } from "../src/index.ts";

export const T0 = "2025-01-01T00:00:00.000Z";

/**
 * Tokens understood by the fake authenticate: `valid-<subject>` never expires,
 * `coordinator-<subject>` is a coordinator's (the platform role comes from the token, as from
 * the identity provider's group), `expires-<epochMs>-<subject>` expires then; anything else is
 * refused.
 */
export const fakeAuthenticate: Authenticate = async (token): Promise<Identity> => {
  const valid = /^(valid|coordinator)-(.+)$/.exec(token);
  if (valid)
    return { subject: valid[2]!, coordinator: valid[1] === "coordinator", expiresAt: null };
  const expiring = /^expires-(\d+)-(.+)$/.exec(token);
  if (expiring) {
    return { subject: expiring[2]!, coordinator: false, expiresAt: Number(expiring[1]) };
  }
  throw unauthenticated();
};

export function member(id: string, platformRole: Member["platformRole"] = "MEMBER"): Member {
  return {
    id,
    subject: `sub-${id}`,
    displayName: id,
    affiliation: null,
    country: null,
    community: null,
    expertiseTopicIds: [],
    platformRole,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
  };
}

export const tokenOf = (memberId: string) => `valid-sub-${memberId}`;
export const coordinatorTokenOf = (memberId: string) => `coordinator-sub-${memberId}`;

/**
 * A paper whose first collaborator is its LEAD, with the other collaborators added; members are
 * created as needed (`outsider` and friends can be created with `ensureMember`).
 */
export async function seedPaper(
  store: Store,
  input: {
    paperId: string;
    status?: PaperStatus;
    collaborators: Record<string, PaperRole>;
  },
): Promise<PositionPaper> {
  const entries = Object.entries(input.collaborators);
  for (const [memberId] of entries) await ensureMember(store, memberId);
  const lead = entries.find(([, role]) => role === "LEAD");
  if (!lead) throw new Error("a paper needs a LEAD");
  if (!(await store.workingGroups.get("wg-1"))) {
    await store.workingGroups.create(
      {
        id: "wg-1",
        name: "Oceans",
        description: "",
        topicIds: [],
        createdBy: lead[0],
        version: 1,
        createdAt: T0,
        updatedAt: T0,
      },
      { workingGroupId: "wg-1", memberId: lead[0], role: "CONVENER", addedAt: T0 },
    );
  }
  const paper: PositionPaper = {
    id: input.paperId,
    workingGroupId: "wg-1",
    title: `Paper ${input.paperId}`,
    summary: "",
    topicIds: [],
    diplomacyTypes: [],
    status: input.status ?? "DRAFT",
    createdBy: lead[0],
    publishedAt: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
  };
  await store.papers.create(paper, {
    paperId: paper.id,
    memberId: lead[0],
    role: "LEAD",
    addedBy: lead[0],
    addedAt: T0,
  });
  for (const [memberId, role] of entries) {
    if (memberId === lead[0]) continue;
    await store.collaborators.add({
      paperId: paper.id,
      memberId,
      role,
      addedBy: lead[0],
      addedAt: T0,
    });
  }
  return paper;
}

export async function ensureMember(
  store: Store,
  memberId: string,
  platformRole: Member["platformRole"] = "MEMBER",
) {
  if (!(await store.members.get(memberId)))
    await store.members.create(member(memberId, platformRole));
}

export interface TestServer {
  http: Server;
  collab: LocalCollab;
  /** `ws://127.0.0.1:<port>/collab` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const testLimits = (collab: Partial<Limits["collab"]> = {}): Limits =>
  withLimits({ collab: { maxMessagesPerSecond: 10_000, ...collab } });

export async function startServer(options: {
  store: Store;
  limits?: Limits;
  port?: number;
  authenticate?: Authenticate;
}): Promise<TestServer> {
  const http = createServer((_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  const collab = attachLocalCollab({
    server: http,
    path: "/collab",
    store: options.store,
    authenticate: options.authenticate ?? fakeAuthenticate,
    limits: options.limits ?? testLimits(),
  });
  http.listen(options.port ?? 0, "127.0.0.1");
  await once(http, "listening");
  const port = (http.address() as AddressInfo).port;
  return {
    http,
    collab,
    port,
    url: `ws://127.0.0.1:${port}/collab`,
    async close() {
      await collab.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A stock provider, as an app would create it (no BroadcastChannel between test clients). */
export function connectProvider(
  url: string,
  paperId: string,
  token: string,
  doc: Y.Doc = new Y.Doc(),
  options: { connect?: boolean } = {},
): WebsocketProvider {
  return new WebsocketProvider(url, paperId, doc, {
    // ws's WebSocket is what Node apps pass; its types differ slightly from the DOM's.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
    connect: options.connect ?? true,
    maxBackoffTime: 200,
  });
}

interface Observable {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

/**
 * Resolve once `check` holds, re-checking whenever one of `sources` emits one of its events.
 * Fails with `what` after `timeoutMs`.
 */
export function waitFor(
  what: string,
  check: () => boolean,
  sources: [Observable, string][],
  timeoutMs = 5_000,
): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const listener = () => {
      if (!check()) return;
      done();
      resolve();
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      for (const [source, event] of sources) source.off(event, listener);
    };
    for (const [source, event] of sources) source.on(event, listener);
  });
}

/** Await `promise`, failing with `what` after `timeoutMs`. */
export async function withDeadline<T>(promise: Promise<T>, what: string, timeoutMs = 5_000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function waitForSynced(provider: WebsocketProvider, timeoutMs = 5_000) {
  return waitFor("provider synced", () => provider.synced, [[provider, "sync"]], timeoutMs);
}

/** Wait for the server to close the provider's connection with a 44xx code. */
export function waitForClosed(
  provider: WebsocketProvider,
  timeoutMs = 5_000,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("timed out waiting for the server to close the connection")),
      timeoutMs,
    );
    provider.once("closed", (event) => {
      clearTimeout(timer);
      resolve(event);
    });
  });
}

/** Body text of a doc: each block's text, one line per block. */
export function bodyText(doc: Y.Doc): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment) => {
    if (node instanceof Y.XmlText) return node.toString();
    if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlText) lines.push(child.toJSON());
        else walk(child);
      }
    }
    return "";
  };
  walk(doc.getXmlFragment("body"));
  return lines.join("\n");
}

/** Append a paragraph with `text` to the body. */
export function appendParagraph(doc: Y.Doc, text: string) {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const body = doc.getXmlFragment("body");
  body.insert(body.length, [paragraph]);
}

/** A raw protocol client: sends exact bytes, records every message and the close. */
export class RawClient {
  readonly messages: Uint8Array[] = [];
  readonly texts: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly events = new (class {
    private listeners = new Set<() => void>();
    on(_event: string, listener: () => void) {
      this.listeners.add(listener);
    }
    off(_event: string, listener: () => void) {
      this.listeners.delete(listener);
    }
    emit() {
      for (const listener of [...this.listeners]) listener();
    }
  })();
  closeEvent: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (isBinary) {
        this.messages.push(new Uint8Array(bytes));
      } else {
        const text = bytes.toString("utf8");
        this.texts.push(text);
        // Replies to a client that spoke text come as text: read the whole ones as messages.
        try {
          const frame = decodeTextFrame(text);
          if (frame.kind === "whole") this.messages.push(frame.message);
        } catch {
          // Recorded in `texts` only.
        }
      }
      this.events.emit();
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        this.closeEvent = { code, reason: reason.toString() };
        this.events.emit();
        resolve(this.closeEvent);
      });
    });
    ws.on("error", () => {});
  }

  static async connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    const client = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return client;
  }

  send(message: Uint8Array | string) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  /** Wait until a received message satisfies `match`; returns it. */
  async next(
    what: string,
    match: (message: Uint8Array) => boolean,
    timeoutMs = 5_000,
  ): Promise<Uint8Array> {
    let found: Uint8Array | undefined;
    await waitFor(
      what,
      () => {
        found = this.messages.find(match);
        return found !== undefined || this.closeEvent !== null;
      },
      [[this.events, "message"]],
      timeoutMs,
    );
    if (!found) throw new Error(`connection closed (${this.closeEvent?.code}) before ${what}`);
    return found;
  }

  /** Wait until a received text frame satisfies `match`; returns it. */
  async nextText(what: string, match: (text: string) => boolean, timeoutMs = 5_000) {
    let found: string | undefined;
    await waitFor(
      what,
      () => {
        found = this.texts.find(match);
        return found !== undefined || this.closeEvent !== null;
      },
      [[this.events, "message"]],
      timeoutMs,
    );
    if (found === undefined) {
      throw new Error(`connection closed (${this.closeEvent?.code}) before ${what}`);
    }
    return found;
  }

  close() {
    this.ws.close();
  }
}

/** Message type and, for sync/auth messages, the sub-type. */
export function kindOf(message: Uint8Array): [number, number | null] {
  // Every type and sub-type of the protocol is below 128: one varuint byte each.
  const type = message[0] ?? -1;
  return type === 0 || type === 2 ? [type, message[1] ?? -1] : [type, null];
}
