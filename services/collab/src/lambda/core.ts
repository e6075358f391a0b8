// The three API Gateway WebSocket routes as plain functions over injected parts (store, token
// check, management API, clock): event → stateless host → replies, fan-out and closes. The
// handler modules only build the parts from the environment.
import {
  type Authenticate,
  type CollabLogger,
  connectStateless,
  disconnectStateless,
  receiveStateless,
  type StatelessStore,
  silentLogger,
} from "@accord/collab";
import { DEFAULT_LIMITS, type Limits } from "@accord/domain";
import {
  closeConnection,
  type Delivery,
  fanOut,
  type ManagementApiFor,
  managementEndpointOf,
  sendTo,
} from "@accord/live-apigateway";
import {
  type CloseReason,
  httpStatusFor,
  TOKEN_SUBPROTOCOL,
  tokenFromSubprotocols,
} from "@accord/protocol";
import type { ConnectionRecord } from "@accord/storage";
import type {
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
} from "aws-lambda";

export interface CollabLambdaDeps {
  store: StatelessStore;
  authenticate: Authenticate;
  management: ManagementApiFor;
  /** The stage's callback URL; default: derived from each event's domain name and stage. */
  managementEndpoint?: string | undefined;
  limits?: Limits;
  now?: () => number;
  logger?: CollabLogger;
  /** See Delivery.connectGraceMs. */
  connectGraceMs?: number;
}

export type WebsocketRoute = (
  event: APIGatewayProxyWebsocketEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface CollabLambdas {
  connect: WebsocketRoute;
  disconnect: WebsocketRoute;
  default: WebsocketRoute;
}

const ok = (): APIGatewayProxyStructuredResultV2 => ({ statusCode: 200 });

function queryOf(event: APIGatewayProxyWebsocketEventV2, name: string): string | null {
  const value = event.queryStringParameters?.[name];
  return value === undefined || value === "" ? null : value;
}

/** The `Sec-WebSocket-Protocol` offer of a $connect event (header names keep the client's case). */
function offeredProtocols(event: APIGatewayProxyWebsocketEventV2): string | null {
  const headers = (event as { headers?: Record<string, string | undefined> }).headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "sec-websocket-protocol" && value) return value;
  }
  return null;
}

export function createCollabLambdas(deps: CollabLambdaDeps): CollabLambdas {
  const { store, authenticate } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const now = deps.now ?? Date.now;
  const log = deps.logger ?? silentLogger;

  const deliveryFor = (event: APIGatewayProxyWebsocketEventV2): Delivery => ({
    connections: store.connections,
    management: deps.management(
      managementEndpointOf(event.requestContext, deps.managementEndpoint),
    ),
    maxFrameBytes: limits.framing.maxFrameBytes,
    now,
    ...(deps.connectGraceMs !== undefined ? { connectGraceMs: deps.connectGraceMs } : {}),
  });

  async function connect(event: APIGatewayProxyWebsocketEventV2) {
    const { connectionId } = event.requestContext;
    // The token offered as a subprotocol wins over one in the query string, which may be stale.
    const offered = tokenFromSubprotocols(offeredProtocols(event));
    try {
      const result = await connectStateless({
        store,
        authenticate,
        connectionId,
        paperId: queryOf(event, "doc"),
        token: offered.token ?? queryOf(event, "token"),
        limits,
        now: now(),
      });
      if (!result.ok) {
        log.info("collab.connect_refused", { connectionId, ...result.close });
        return { statusCode: httpStatusFor(result.close), body: result.close.reason };
      }
      log.info("collab.connected", {
        connectionId,
        paperId: result.connection.paperId,
        memberId: result.connection.memberId,
        role: result.connection.role,
      });
      // A client that offered subprotocols fails the handshake unless one is selected; select
      // the marker, never the token after it.
      return offered.offered
        ? { statusCode: 200, headers: { "Sec-WebSocket-Protocol": TOKEN_SUBPROTOCOL } }
        : ok();
    } catch (error) {
      log.error("collab.connect_failed", { connectionId, error: String(error) });
      return { statusCode: 500, body: "server error" };
    }
  }

  async function disconnect(event: APIGatewayProxyWebsocketEventV2) {
    const { connectionId } = event.requestContext;
    try {
      await disconnectStateless({ store, connectionId });
    } catch (error) {
      log.error("collab.disconnect_failed", { connectionId, error: String(error) });
    }
    return ok();
  }

  async function message(event: APIGatewayProxyWebsocketEventV2) {
    const { connectionId } = event.requestContext;
    const delivery = deliveryFor(event);
    try {
      const frame = event.isBase64Encoded
        ? Buffer.from(event.body ?? "", "base64").toString("utf8")
        : (event.body ?? "");
      const result = await receiveStateless({
        store,
        connectionId,
        frame,
        // Counted when API Gateway received it, not when this instance got to it.
        arrivedAt: event.requestContext.requestTimeEpoch ?? now(),
        limits,
      });
      const { connection } = result;
      if (!connection) {
        // Forgotten (expired, revoked, or taken for gone): a reconnect goes through the gate.
        log.warn("collab.unknown_connection", { connectionId });
        await delivery.management.delete(connectionId);
        return ok();
      }
      await Promise.all([
        deliverReplies(delivery, connection, result.replies, result.close),
        broadcast(delivery, connection, result.broadcast),
      ]);
      return ok();
    } catch (error) {
      // What the client sent may not be stored: drop the connection so that the reconnect's
      // sync (both ways) recovers it, rather than let the client believe it was delivered.
      log.error("collab.message_failed", { connectionId, error: String(error) });
      await delivery.management.delete(connectionId).catch(() => {});
      return { statusCode: 500 };
    }
  }

  async function deliverReplies(
    delivery: Delivery,
    connection: ConnectionRecord,
    replies: readonly Uint8Array[],
    close: CloseReason | undefined,
  ) {
    for (const reply of replies) {
      const sent = await sendTo(delivery, connection, reply);
      if (sent.gone.length > 0) return;
    }
    if (close) {
      log.info("collab.closing", { connectionId: connection.connectionId, ...close });
      await closeConnection(delivery, connection.connectionId, close);
    }
  }

  async function broadcast(
    delivery: Delivery,
    sender: ConnectionRecord,
    messages: readonly Uint8Array[],
  ) {
    if (messages.length === 0) return;
    const others = (
      await store.connections.listByPaper(sender.paperId, new Date(now()).toISOString())
    ).filter((c) => c.connectionId !== sender.connectionId);
    for (const outgoing of messages) {
      const result = await fanOut(delivery, sender.paperId, outgoing, others);
      if (result.gone.length > 0) {
        log.info("collab.gone", { paperId: sender.paperId, connectionIds: result.gone });
      }
      for (const failure of result.failed) {
        log.error("collab.post_failed", {
          paperId: sender.paperId,
          connectionId: failure.connectionId,
          error: String(failure.error),
        });
      }
    }
  }

  return { connect, disconnect, default: message };
}
