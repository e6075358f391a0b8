// The API Gateway WebSocket emulator behaves like the service where our handlers and clients can
// tell: event shapes, $connect refusals, limits, idle timeout, and the management API as seen by
// the real AWS SDK client.

import {
  type ApiGatewayEmulator,
  startApiGatewayEmulator,
  type WebsocketLambda,
} from "@accord/test-support";
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import type { APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";

const DEADLINE_MS = 5_000;

function within<T>(promise: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms).unref(),
    ),
  ]);
}

interface Recorder {
  events: APIGatewayProxyWebsocketEventV2[];
  next(route: string): Promise<APIGatewayProxyWebsocketEventV2>;
  handler(status?: number): WebsocketLambda;
}

function recorder(): Recorder {
  const events: APIGatewayProxyWebsocketEventV2[] = [];
  const waiters: { route: string; resolve: (e: APIGatewayProxyWebsocketEventV2) => void }[] = [];
  const seen = new Map<string, number>();
  return {
    events,
    next(route) {
      const already = events.filter((e) => e.requestContext.routeKey === route);
      const index = seen.get(route) ?? 0;
      const found = already[index];
      seen.set(route, index + 1);
      if (found) return Promise.resolve(found);
      return within(
        new Promise((resolve) => waiters.push({ route, resolve })),
        `a ${route} invocation`,
      );
    },
    handler(status = 200) {
      return async (event) => {
        events.push(event);
        const route = event.requestContext.routeKey;
        const index = waiters.findIndex((w) => w.route === route);
        if (index >= 0) waiters.splice(index, 1)[0]!.resolve(event);
        return { statusCode: status };
      };
    },
  };
}

function managementClient(endpoint: string) {
  return new ApiGatewayManagementApiClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return within(
    new Promise((resolve, reject) => {
      socket.once("open", () => resolve(socket));
      socket.once("error", reject);
    }),
    "the socket to open",
  );
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return within(
    new Promise((resolve) =>
      socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    ),
    "the socket to close",
  );
}

function nextMessage(socket: WebSocket): Promise<{ text: string; isBinary: boolean }> {
  return within(
    new Promise((resolve) =>
      socket.once("message", (data, isBinary) =>
        resolve({ text: Buffer.from(data as Buffer).toString("utf8"), isBinary }),
      ),
    ),
    "a message",
  );
}

let emulator: ApiGatewayEmulator | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) {
    s.on("error", () => {});
    s.terminate();
  }
  await emulator?.close();
  emulator = undefined;
});

async function start(
  rec: Recorder,
  extra: Partial<Parameters<typeof startApiGatewayEmulator>[0]> = {},
) {
  emulator = await startApiGatewayEmulator({
    port: 0,
    stage: "test",
    handlers: {
      connect: rec.handler(),
      disconnect: rec.handler(),
      default: rec.handler(),
    },
    onHandlerError: () => {},
    ...extra,
  });
  return emulator;
}

async function connect(url: string) {
  const socket = await open(url);
  sockets.push(socket);
  return socket;
}

describe("API Gateway WebSocket emulator", () => {
  it("invokes $connect, $default and $disconnect with API Gateway's event shapes", async () => {
    const rec = recorder();
    const api = await start(rec);
    const socket = await connect(`${api.wsUrl}?doc=p1&token=abc&tag=a&tag=b`);

    const connectEvent = await rec.next("$connect");
    const ctx = connectEvent.requestContext;
    expect(ctx.eventType).toBe("CONNECT");
    expect(ctx.connectionId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(ctx.stage).toBe("test");
    expect(ctx.apiId).toBe(api.apiId);
    expect(ctx.domainName).toBe(`127.0.0.1:${api.port}`);
    expect(ctx.requestTime).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(typeof ctx.connectedAt).toBe("number");
    expect(typeof ctx.requestTimeEpoch).toBe("number");
    expect(ctx.requestId).toBeTruthy();
    expect(ctx).not.toHaveProperty("messageId");
    expect(connectEvent.queryStringParameters).toEqual({ doc: "p1", token: "abc", tag: "b" });
    expect(connectEvent.multiValueQueryStringParameters).toEqual({
      doc: ["p1"],
      token: ["abc"],
      tag: ["a", "b"],
    });
    expect((connectEvent as unknown as { headers: Record<string, string> }).headers).toMatchObject({
      Host: `127.0.0.1:${api.port}`,
      "X-Forwarded-Proto": "https",
    });
    expect(connectEvent.isBase64Encoded).toBe(false);

    socket.send("hello");
    const message = await rec.next("$default");
    expect(message.body).toBe("hello");
    expect(message.isBase64Encoded).toBe(false);
    expect(message.requestContext.eventType).toBe("MESSAGE");
    expect(message.requestContext.messageId).toBeTruthy();
    expect(message.requestContext.connectionId).toBe(ctx.connectionId);
    expect(message.requestContext.connectedAt).toBe(ctx.connectedAt);
    expect(message).not.toHaveProperty("queryStringParameters");

    socket.close(1000, "bye");
    const gone = await rec.next("$disconnect");
    expect(gone.requestContext.eventType).toBe("DISCONNECT");
    expect(gone.requestContext.connectionId).toBe(ctx.connectionId);
    expect(gone.requestContext).toMatchObject({ disconnectStatusCode: 1000 });
  });

  it("answers the handshake with $connect's status code when it refuses", async () => {
    const rec = recorder();
    emulator = await startApiGatewayEmulator({
      port: 0,
      stage: "test",
      handlers: { connect: rec.handler(403), default: rec.handler() },
    });
    const socket = new WebSocket(`${emulator.wsUrl}?doc=x`);
    sockets.push(socket);
    const status = await within(
      new Promise<number>((resolve) =>
        socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)),
      ),
      "the refusal",
    );
    expect(status).toBe(403);
    expect(emulator.connectionIds()).toEqual([]);
  });

  it("refuses with 500 when $connect throws, and reports the failure", async () => {
    emulator = await startApiGatewayEmulator({
      port: 0,
      handlers: {
        connect: async () => {
          throw new Error("boom");
        },
        default: async () => ({ statusCode: 200 }),
      },
      onHandlerError: () => {},
    });
    const socket = new WebSocket(emulator.wsUrl);
    sockets.push(socket);
    const status = await within(
      new Promise<number>((resolve) =>
        socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)),
      ),
      "the refusal",
    );
    expect(status).toBe(500);
    expect(emulator.errors.map((e) => e.route)).toEqual(["connect"]);
  });

  it("refuses other stages before any route runs", async () => {
    const rec = recorder();
    const api = await start(rec);
    const socket = new WebSocket(`ws://127.0.0.1:${api.port}/prod`);
    sockets.push(socket);
    const status = await within(
      new Promise<number>((resolve) =>
        socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)),
      ),
      "the refusal",
    );
    expect(status).toBe(403);
    expect(rec.events).toEqual([]);
  });

  it("closes on a binary frame with 1003", async () => {
    const rec = recorder();
    const api = await start(rec);
    const socket = await connect(api.wsUrl);
    const done = closed(socket);
    socket.send(new Uint8Array([1, 2, 3]));
    expect((await done).code).toBe(1003);
    await rec.next("$disconnect");
    expect(rec.events.filter((e) => e.requestContext.routeKey === "$default")).toEqual([]);
  });

  it("closes on a frame over 32 KB with 1009, and routes nothing of it", async () => {
    const rec = recorder();
    const api = await start(rec);
    const socket = await connect(api.wsUrl);
    const done = closed(socket);
    socket.send("x".repeat(32 * 1024 + 1));
    expect((await done).code).toBe(1009);
    await rec.next("$disconnect");
    expect(rec.events.filter((e) => e.requestContext.routeKey === "$default")).toEqual([]);
  });

  it("accepts a 32 KB frame and a 100 KB message in 32 KB fragments", async () => {
    const rec = recorder();
    const api = await start(rec);
    const socket = await connect(api.wsUrl);
    socket.send("a".repeat(32 * 1024));
    expect((await rec.next("$default")).body).toHaveLength(32 * 1024);
    const fragment = 25 * 1024;
    for (let i = 0; i < 4; i++) socket.send("b".repeat(fragment), { fin: i === 3 });
    expect((await rec.next("$default")).body).toBe("b".repeat(4 * fragment));
  });

  it("closes on a message over 128 KB with 1009 even in small frames", async () => {
    const rec = recorder();
    const api = await start(rec);
    const socket = await connect(api.wsUrl);
    const done = closed(socket);
    for (let i = 0; i < 6; i++) socket.send("c".repeat(30 * 1024), { fin: i === 5 });
    expect((await done).code).toBe(1009);
  });

  it("closes an idle connection with 1001 and invokes $disconnect", async () => {
    const rec = recorder();
    const api = await start(rec, { idleTimeoutMs: 300 });
    const socket = await connect(api.wsUrl);
    const result = await closed(socket);
    expect(result.code).toBe(1001);
    const gone = await rec.next("$disconnect");
    expect(gone.requestContext).toMatchObject({ disconnectStatusCode: 1001 });
  });

  it("keeps a connection open while its client keeps talking", async () => {
    const rec = recorder();
    const api = await start(rec, { idleTimeoutMs: 400 });
    const socket = await connect(api.wsUrl);
    let closedEarly = false;
    socket.once("close", () => {
      closedEarly = true;
    });
    // Twelve messages 100 ms apart span three idle timeouts.
    for (let i = 0; i < 12; i++) {
      socket.send(`tick ${i}`);
      await rec.next("$default");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(closedEarly).toBe(false);
    expect(api.connectionIds()).toHaveLength(1);
  });

  it("serves the management API to the real AWS SDK client", async () => {
    const rec = recorder();
    const api = await start(rec);
    const socket = await connect(api.wsUrl);
    const { requestContext } = await rec.next("$connect");
    const client = managementClient(api.managementEndpoint);

    const received = nextMessage(socket);
    await client.send(
      new PostToConnectionCommand({
        ConnectionId: requestContext.connectionId,
        Data: new TextEncoder().encode("from the server"),
      }),
    );
    expect(await received).toEqual({ text: "from the server", isBinary: false });

    // Up to 128 KB arrive whole even though they travel in 32 KB frames.
    const big = "z".repeat(100 * 1024);
    const bigReceived = nextMessage(socket);
    await client.send(
      new PostToConnectionCommand({ ConnectionId: requestContext.connectionId, Data: big }),
    );
    expect((await bigReceived).text).toBe(big);

    await expect(
      client.send(
        new PostToConnectionCommand({
          ConnectionId: requestContext.connectionId,
          Data: "y".repeat(128 * 1024 + 1),
        }),
      ),
    ).rejects.toBeInstanceOf(PayloadTooLargeException);

    const info = await client.send(
      new GetConnectionCommand({ ConnectionId: requestContext.connectionId }),
    );
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.ConnectedAt?.getTime()).toBe(requestContext.connectedAt);
    expect(info.LastActiveAt).toBeInstanceOf(Date);
    expect(info.Identity?.SourceIp).toBe("127.0.0.1");

    const done = closed(socket);
    await client.send(new DeleteConnectionCommand({ ConnectionId: requestContext.connectionId }));
    await done;
    await rec.next("$disconnect");

    const error = await client
      .send(
        new PostToConnectionCommand({ ConnectionId: requestContext.connectionId, Data: "late" }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneException);
    expect((error as GoneException).$metadata.httpStatusCode).toBe(410);
  });

  it("answers Gone for a connection that vanished, without invoking $disconnect", async () => {
    const rec = recorder();
    const api = await start(rec);
    await connect(api.wsUrl);
    const { requestContext } = await rec.next("$connect");
    api.vanish(requestContext.connectionId);
    const client = managementClient(api.managementEndpoint);
    await expect(
      client.send(
        new PostToConnectionCommand({ ConnectionId: requestContext.connectionId, Data: "?" }),
      ),
    ).rejects.toBeInstanceOf(GoneException);
    await api.settled();
    expect(rec.events.map((e) => e.requestContext.routeKey)).toEqual(["$connect"]);
  });

  it("answers Gone while $connect is still running", async () => {
    const client = { current: null as ApiGatewayManagementApiClient | null };
    let outcome: unknown;
    emulator = await startApiGatewayEmulator({
      port: 0,
      handlers: {
        connect: async (event) => {
          outcome = await client
            .current!.send(
              new PostToConnectionCommand({
                ConnectionId: event.requestContext.connectionId,
                Data: "too early",
              }),
            )
            .catch((e: unknown) => e);
          return { statusCode: 200 };
        },
        default: async () => ({ statusCode: 200 }),
      },
    });
    client.current = managementClient(emulator.managementEndpoint);
    await connect(emulator.wsUrl);
    expect(outcome).toBeInstanceOf(GoneException);
  });

  it("tells the client when $default fails, the way API Gateway does", async () => {
    emulator = await startApiGatewayEmulator({
      port: 0,
      handlers: {
        default: async () => {
          throw new Error("broken");
        },
      },
      onHandlerError: () => {},
    });
    const socket = await connect(emulator.wsUrl);
    const reply = nextMessage(socket);
    socket.send("anything");
    expect(JSON.parse((await reply).text)).toMatchObject({ message: "Internal server error" });
    expect(emulator.errors.map((e) => e.route)).toEqual(["default"]);
  });

  it("refuses unsigned management calls", async () => {
    const rec = recorder();
    const api = await start(rec);
    const response = await fetch(`${api.managementEndpoint}/@connections/abc`, {
      method: "POST",
      body: "x",
    });
    expect(response.status).toBe(403);
  });
});
