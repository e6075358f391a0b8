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

/** The deps with their defaults filled in: what every route reads. */
interface Routes {
  store: StatelessStore;
  authenticate: Authenticate;
  management: ManagementApiFor;
  managementEndpoint: string | undefined;
  limits: Limits;
  now: () => number;
  log: CollabLogger;
  connectGraceMs: number | undefined;
}

function deliveryFor(routes: Routes, event: APIGatewayProxyWebsocketEventV2): Delivery {
  return {
    connections: routes.store.connections,
    management: routes.management(
      managementEndpointOf(event.requestContext, routes.managementEndpoint),
    ),
    maxFrameBytes: routes.limits.framing.maxFrameBytes,
    now: routes.now,
    ...(routes.connectGraceMs !== undefined ? { connectGraceMs: routes.connectGraceMs } : {}),
  };
}

/** $connect: the gate decides; a refusal answers the upgrade with the close's HTTP status. */
async function connect(
  routes: Routes,
  event: APIGatewayProxyWebsocketEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { log } = routes;
  const { connectionId } = event.requestContext;
  // The token offered as a subprotocol wins over one in the query string, which may be stale.
  const offered = tokenFromSubprotocols(offeredProtocols(event));
  try {
    const result = await connectStateless({
      store: routes.store,
      authenticate: routes.authenticate,
      connectionId,
      paperId: queryOf(event, "doc"),
      token: offered.token ?? queryOf(event, "token"),
      limits: routes.limits,
      now: routes.now(),
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

async function disconnect(
  routes: Routes,
  event: APIGatewayProxyWebsocketEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { connectionId } = event.requestContext;
  try {
    await disconnectStateless({ store: routes.store, connectionId });
  } catch (error) {
    routes.log.error("collab.disconnect_failed", { connectionId, error: String(error) });
  }
  return ok();
}

/** $default: one frame through the stateless host, then its replies and its fan-out. */
async function message(
  routes: Routes,
  event: APIGatewayProxyWebsocketEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { connectionId } = event.requestContext;
  const delivery = deliveryFor(routes, event);
  try {
    const frame = event.isBase64Encoded
      ? Buffer.from(event.body ?? "", "base64").toString("utf8")
      : (event.body ?? "");
    const result = await receiveStateless({
      store: routes.store,
      connectionId,
      frame,
      // Counted when API Gateway received it, not when this instance got to it.
      arrivedAt: event.requestContext.requestTimeEpoch ?? routes.now(),
      limits: routes.limits,
    });
    const { connection } = result;
    if (!connection) {
      // Forgotten (expired, revoked, or taken for gone): a reconnect goes through the gate.
      routes.log.warn("collab.unknown_connection", { connectionId });
      await delivery.management.delete(connectionId);
      return ok();
    }
    await Promise.all([
      deliverReplies(routes, delivery, connection, result.replies, result.close),
      broadcast(routes, delivery, connection, result.broadcast),
    ]);
    return ok();
  } catch (error) {
    // What the client sent may not be stored: drop the connection so that the reconnect's
    // sync (both ways) recovers it, rather than let the client believe it was delivered.
    routes.log.error("collab.message_failed", { connectionId, error: String(error) });
    await delivery.management.delete(connectionId).catch(() => {});
    return { statusCode: 500 };
  }
}

async function deliverReplies(
  routes: Routes,
  delivery: Delivery,
  connection: ConnectionRecord,
  replies: readonly Uint8Array[],
  close: CloseReason | undefined,
): Promise<void> {
  for (const reply of replies) {
    const sent = await sendTo(delivery, connection, reply);
    if (sent.gone.length > 0) return;
  }
  if (close) {
    routes.log.info("collab.closing", { connectionId: connection.connectionId, ...close });
    await closeConnection(delivery, connection.connectionId, close);
  }
}

async function broadcast(
  routes: Routes,
  delivery: Delivery,
  sender: ConnectionRecord,
  messages: readonly Uint8Array[],
): Promise<void> {
  if (messages.length === 0) return;
  const { log } = routes;
  const others = (
    await routes.store.connections.listByPaper(sender.paperId, new Date(routes.now()).toISOString())
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

export function createCollabLambdas(deps: CollabLambdaDeps): CollabLambdas {
  const routes: Routes = {
    store: deps.store,
    authenticate: deps.authenticate,
    management: deps.management,
    managementEndpoint: deps.managementEndpoint,
    limits: deps.limits ?? DEFAULT_LIMITS,
    now: deps.now ?? Date.now,
    log: deps.logger ?? silentLogger,
    connectGraceMs: deps.connectGraceMs,
  };
  return {
    connect: (event) => connect(routes, event),
    disconnect: (event) => disconnect(routes, event),
    default: (event) => message(routes, event),
  };
}
