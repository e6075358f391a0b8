// The two hosts of the live-editing engine behind one driver, so that one table of scenarios
// runs through both: the stateful host (the local server's, in process through its socket seam)
// and the serverless host (the real Lambda routes, with API Gateway's management API recorded).
import {
  type Authenticate,
  createCollabHost,
  type HostConnection,
  type LiveNotifier,
} from "@accord/collab";
import {
  type Limits,
  type PaperRole,
  type PaperStatus,
  unauthenticated,
  withLimits,
} from "@accord/domain";
import type { Identity } from "@accord/identity";
import { createApiGatewayNotifier, type ManagementApi } from "@accord/live-apigateway";
import {
  ChunkAssembler,
  type CloseReason,
  type CollabMessage,
  decodeMessage,
  decodeTextFrame,
  encodeTextFrames,
  httpStatusFor,
  parseCloseAnnouncement,
} from "@accord/protocol";
import { createMemoryStore, type Store } from "@accord/storage";
import { seedPaperWithCollaborators } from "@accord/storage/testing";
import type { APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { createCollabLambdas } from "../src/lambda/core.ts";

export const T0 = "2025-01-01T00:00:00.000Z";

/**
 * Tokens: `user:<subject>` (never expires), `coordinator:<subject>`, `expiring:<ms>:<subject>`.
 */
export const authenticate: Authenticate = async (token): Promise<Identity> => {
  const [kind, ...rest] = token.split(":");
  if (kind === "user" && rest[0]) return { subject: rest[0], coordinator: false, expiresAt: null };
  if (kind === "coordinator" && rest[0]) {
    return { subject: rest[0], coordinator: true, expiresAt: null };
  }
  if (kind === "expiring" && rest[0] && rest[1]) {
    return { subject: rest[1], coordinator: false, expiresAt: Number(rest[0]) };
  }
  throw unauthenticated();
};

export function conformanceLimits(collab: Partial<Limits["collab"]> = {}): Limits {
  return withLimits({ collab: { maxMessagesPerSecond: 1_000_000, ...collab } });
}

/** Paper `paperId` with these collaborators (the first LEAD leads it), in `status`. */
export function seedPaper(
  store: Store,
  paperId: string,
  collaborators: Record<string, PaperRole>,
  status: PaperStatus = "DRAFT",
) {
  return seedPaperWithCollaborators(store, paperId, collaborators, {
    status,
    extraMembers: ["outsider"],
  });
}

/** One client of a host: what it sent, what it received (decoded), how it was closed. */
export interface DriverClient {
  readonly name: string;
  readonly received: CollabMessage[];
  readonly closed: CloseReason | null;
  /** A binary frame (a whole message) or a text frame (base64 framing). */
  send(frame: Uint8Array | string): Promise<void>;
  /** Received messages of one kind. */
  receivedOf<K extends CollabMessage["type"]>(type: K): Extract<CollabMessage, { type: K }>[];
}

export interface HostDriver {
  readonly name: "stateful" | "serverless";
  readonly store: Store;
  readonly notifier: LiveNotifier;
  /** Open a connection with `token` to `paperId`; refused connections come back closed. */
  connect(name: string, paperId: string | null, token: string | null): Promise<DriverClient>;
  /** Resolves once `check` holds, or fails after a generous deadline. */
  until(what: string, check: () => boolean): Promise<void>;
  /**
   * Resolves once every message `client` sent so far has been handled (messages of a paper are
   * handled in order, and a sync step 1 is answered after them).
   */
  barrier(client: DriverClient): Promise<void>;
  close(): Promise<void>;
}

const DEADLINE_MS = 20_000;

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

abstract class RecordingClient implements DriverClient {
  readonly received: CollabMessage[] = [];
  closed: CloseReason | null = null;
  constructor(readonly name: string) {}
  abstract send(frame: Uint8Array | string): Promise<void>;
  deliver(message: Uint8Array) {
    if (!this.closed) this.received.push(decodeMessage(message));
  }
  receivedOf<K extends CollabMessage["type"]>(type: K) {
    return this.received.filter((m): m is Extract<CollabMessage, { type: K }> => m.type === type);
  }
}

async function barrier(driver: HostDriver, client: DriverClient) {
  const { encodeSyncStep1 } = await import("@accord/protocol");
  const before = client.receivedOf("syncStep2").length;
  await client.send(encodeSyncStep1(new Uint8Array([0])));
  await driver.until(
    `${client.name}'s answer`,
    () => client.closed !== null || client.receivedOf("syncStep2").length > before,
  );
}

export function statefulDriver(limits: Limits): HostDriver {
  const store = createMemoryStore();
  const host = createCollabHost({ store, authenticate, limits });
  class Client extends RecordingClient {
    connection: HostConnection | null = null;
    async send(frame: Uint8Array | string) {
      this.connection?.receive(frame);
    }
  }
  const driver: HostDriver = {
    name: "stateful",
    store,
    notifier: host.notifier,
    async connect(name, paperId, token) {
      const client = new Client(name);
      client.connection = host.open(
        {
          send: (message) => client.deliver(message),
          close: (code, reason) => {
            client.closed ??= { code, reason };
          },
        },
        { paperId, token },
      );
      await client.connection.ready;
      return client;
    },
    until,
    barrier: (client) => barrier(driver, client),
    close: () => host.close(),
  };
  return driver;
}

export function serverlessDriver(limits: Limits): HostDriver {
  const store = createMemoryStore();
  const clients = new Map<string, ServerlessClient>();
  let next = 0;
  let lambdas: ReturnType<typeof createCollabLambdas>;
  const event = (
    connectionId: string,
    routeKey: string,
    extra: Partial<APIGatewayProxyWebsocketEventV2> & {
      queryStringParameters?: Record<string, string>;
    },
  ) =>
    ({
      requestContext: {
        connectionId,
        routeKey,
        eventType:
          routeKey === "$connect"
            ? "CONNECT"
            : routeKey === "$disconnect"
              ? "DISCONNECT"
              : "MESSAGE",
        domainName: "conformance.local",
        stage: "test",
        requestTimeEpoch: Date.now(),
      },
      isBase64Encoded: false,
      ...extra,
    }) as unknown as APIGatewayProxyWebsocketEventV2;

  // API Gateway's management API, delivering to the clients in process.
  const management: ManagementApi = {
    async post(connectionId, text) {
      const client = clients.get(connectionId);
      if (!client || client.closed) return "gone";
      const announcement = parseCloseAnnouncement(text);
      if (announcement) {
        client.announced = { code: announcement.code, reason: announcement.reason };
        return "sent";
      }
      const frame = decodeTextFrame(text);
      const message =
        frame.kind === "whole" ? frame.message : client.assembler.add(frame, Date.now());
      if (message) client.deliver(message);
      return "sent";
    },
    async delete(connectionId) {
      const client = clients.get(connectionId);
      if (!client || client.closed) return "gone";
      client.closed = client.announced ?? { code: 1006, reason: "deleted" };
      await lambdas.disconnect(event(connectionId, "$disconnect", {}));
      return "deleted";
    },
  };
  lambdas = createCollabLambdas({
    store,
    authenticate,
    management: () => management,
    managementEndpoint: "https://conformance.local/test",
    limits,
  });
  const notifier = createApiGatewayNotifier({
    store,
    managementEndpoint: "https://conformance.local/test",
    management: () => management,
    limits,
  });

  class ServerlessClient extends RecordingClient {
    announced: CloseReason | null = null;
    readonly assembler = new ChunkAssembler({
      maxMessageBytes: 64 * 1_048_576,
      chunkTtlMs: 60_000,
    });
    constructor(
      name: string,
      readonly connectionId: string,
    ) {
      super(name);
    }
    async send(frame: Uint8Array | string) {
      if (this.closed) return;
      // API Gateway takes text only: a binary message travels as one base64 frame.
      const texts =
        typeof frame === "string" ? [frame] : encodeTextFrames(frame, Number.MAX_SAFE_INTEGER);
      for (const body of texts) {
        await lambdas.default(event(this.connectionId, "$default", { body }));
      }
    }
  }

  const driver: HostDriver = {
    name: "serverless",
    store,
    notifier,
    async connect(name, paperId, token) {
      const connectionId = `conn-${next++}`;
      const client = new ServerlessClient(name, connectionId);
      const query: Record<string, string> = {};
      if (paperId) query.doc = paperId;
      if (token) query.token = token;
      const result = await lambdas.connect(
        event(connectionId, "$connect", { queryStringParameters: query }),
      );
      if (result.statusCode !== 200) {
        client.closed = {
          code: refusalCode(result.statusCode ?? 500),
          reason: String(result.body),
        };
        return client;
      }
      clients.set(connectionId, client);
      return client;
    },
    until,
    barrier: (client) => barrier(driver, client),
    async close() {},
  };
  return driver;
}

/** The close code a refused handshake stands for (httpStatusFor, read backwards). */
function refusalCode(status: number): number {
  for (const code of [4400, 4401, 4403, 4404, 4413, 4503, 4529]) {
    if (httpStatusFor({ code, reason: "" }) === status) return code;
  }
  return 1011;
}
