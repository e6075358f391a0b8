// The API Gateway transport against a plain `ws` server that behaves like API Gateway on the
// wire: text frames only, none over 32 KB, the room ignored, refusals as HTTP statuses.
import { EventEmitter, once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ChunkAssembler,
  CloseCode,
  decodeMessage,
  decodeTextFrame,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/protocol";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { ApiGatewayWebSocket, apiGatewayWebSocketClass } from "./api-gateway-websocket.ts";
import { connectPaper, isApiGatewayUrl, setPaperToken } from "./connect-paper.ts";
import { hasGap } from "./resync.ts";

const FRAME_LIMIT = 32 * 1024;

function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms).unref(),
    ),
  ]);
}

interface FakeGateway {
  url: string;
  paths: string[];
  /** The Sec-WebSocket-Protocol header of each handshake ("" when none). */
  offers: string[];
  frames: { isBinary: boolean; length: number }[];
  messages: Uint8Array[];
  sockets: WebSocket[];
  events: EventEmitter;
  /** Next HTTP status to refuse the handshake with. */
  refuseWith: number | null;
  close(): Promise<void>;
}

let gateway: FakeGateway | null = null;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await gateway?.close();
  gateway = null;
});

/** Echoes every whole message back through the framing, as the Lambda would reply. */
async function startGateway(): Promise<FakeGateway> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const state: FakeGateway = {
    url: "",
    paths: [],
    offers: [],
    frames: [],
    messages: [],
    sockets: [],
    events: new EventEmitter(),
    refuseWith: null,
    async close() {
      for (const s of wss.clients) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on("upgrade", (req, socket, head) => {
    state.paths.push(req.url ?? "");
    state.offers.push(req.headers["sec-websocket-protocol"] ?? "");
    if (state.refuseWith !== null) {
      socket.end(`HTTP/1.1 ${state.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      state.sockets.push(ws);
      const assembler = new ChunkAssembler({ maxMessageBytes: 8 << 20, chunkTtlMs: 60_000 });
      ws.on("message", (data, isBinary) => {
        const text = Buffer.from(data as Buffer).toString("utf8");
        state.frames.push({ isBinary, length: text.length });
        const frame = decodeTextFrame(text);
        const message = frame.kind === "whole" ? frame.message : assembler.add(frame, Date.now());
        if (!message) return;
        state.messages.push(message);
        state.events.emit("message", message);
        for (const out of encodeTextFrames(message, FRAME_LIMIT)) ws.send(out);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/dev`;
  gateway = state;
  return state;
}

function openTransport(url: string, options = {}) {
  const socket = new ApiGatewayWebSocket(url, undefined, { WebSocketImpl: WebSocket, ...options });
  socket.binaryType = "arraybuffer";
  cleanups.push(() => socket.close());
  return socket;
}

function nextEvent(socket: ApiGatewayWebSocket, type: string) {
  return within(
    new Promise<Record<string, unknown>>((resolve) => {
      const listener = (event: object) => {
        socket.removeEventListener(type, listener);
        resolve(event as Record<string, unknown>);
      };
      socket.addEventListener(type, listener);
    }),
    `a ${type} event`,
  );
}

function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = x >> 16;
  }
  return bytes;
}

describe("ApiGatewayWebSocket", () => {
  it("sends binary messages as text frames of at most 32 KB and hands replies back as ArrayBuffers", async () => {
    const api = await startGateway();
    const socket = openTransport(api.url);
    await nextEvent(socket, "open");
    expect(socket.readyState).toBe(ApiGatewayWebSocket.OPEN);

    for (const [length, seed] of [
      [3, 1],
      [24 * 1024, 2],
      [300 * 1024, 3],
    ] as const) {
      const message = randomBytes(length, seed);
      const reply = nextEvent(socket, "message");
      socket.send(message);
      const { data } = await reply;
      expect(data).toBeInstanceOf(ArrayBuffer);
      expect(new Uint8Array(data as ArrayBuffer)).toEqual(message);
    }
    expect(api.frames.every((f) => !f.isBinary && f.length <= FRAME_LIMIT)).toBe(true);
    expect(api.frames.length).toBeGreaterThan(3);
  });

  it("puts the query string on the stage URL, dropping the room path", async () => {
    const api = await startGateway();
    const socket = openTransport(`${api.url}/paper-1?doc=paper-1&token=t`, {
      stageUrl: api.url,
    });
    await nextEvent(socket, "open");
    expect(api.paths).toEqual(["/dev?doc=paper-1&token=t"]);
  });

  it("reports a $connect refusal as the matching 44xx close code", async () => {
    const api = await startGateway();
    api.refuseWith = 403;
    const socket = openTransport(api.url);
    const closed = await nextEvent(socket, "close");
    expect(closed.code).toBe(4403);
  });

  it("closes with the code the server announced before DeleteConnection", async () => {
    const api = await startGateway();
    const socket = openTransport(api.url);
    await nextEvent(socket, "open");
    const closed = nextEvent(socket, "close");
    api.sockets[0]!.send(JSON.stringify({ type: "close", code: 4403, reason: "access revoked" }));
    expect(await closed).toMatchObject({ code: 4403, reason: "access revoked" });
    expect(socket.readyState).toBe(ApiGatewayWebSocket.CLOSED);
  });

  it("surfaces API Gateway's own error reports as error events and stays open", async () => {
    const api = await startGateway();
    const socket = openTransport(api.url);
    await nextEvent(socket, "open");
    const error = nextEvent(socket, "error");
    api.sockets[0]!.send(JSON.stringify({ message: "Internal server error" }));
    expect(String((await error).message)).toContain("Internal server error");
    expect(socket.readyState).toBe(ApiGatewayWebSocket.OPEN);
  });

  it("hands API Gateway's report of a failed invocation to onServiceError", async () => {
    const api = await startGateway();
    const reports: string[] = [];
    const socket = openTransport(api.url, { onServiceError: (r: string) => reports.push(r) });
    await nextEvent(socket, "open");
    const error = nextEvent(socket, "error");
    api.sockets[0]!.send(JSON.stringify({ message: "Internal server error", connectionId: "c" }));
    await error;
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain("Internal server error");
  });

  it("is accepted by the stock y-websocket provider, which stops reconnecting on a 44xx refusal", async () => {
    const api = await startGateway();
    api.refuseWith = 401;
    const provider = new WebsocketProvider(api.url, "paper-9", new Y.Doc(), {
      params: { doc: "paper-9", token: "expired" },
      WebSocketPolyfill: apiGatewayWebSocketClass({
        WebSocketImpl: WebSocket,
        stageUrl: api.url,
      }) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    cleanups.push(() => provider.destroy());
    const closed = await within(
      new Promise<{ code: number }>((resolve) => provider.once("closed", resolve)),
      "the provider to give up",
    );
    expect(closed.code).toBe(4401);
    expect(provider.shouldConnect).toBe(false);
    expect(api.paths).toEqual(["/dev?doc=paper-9&token=expired"]);
  });
});

describe("connectPaper", () => {
  it("recognises API Gateway URLs", () => {
    expect(isApiGatewayUrl("wss://abc123.execute-api.eu-west-1.amazonaws.com/prod")).toBe(true);
    expect(isApiGatewayUrl("wss://accord.example.org/collab")).toBe(false);
    expect(isApiGatewayUrl("not a url")).toBe(false);
  });

  it("talks text framing to an API Gateway URL and binary to the local server, the token in no URL", async () => {
    const api = await startGateway();
    const doc = new Y.Doc();
    const provider = connectPaper({
      url: api.url,
      paperId: "p-1",
      token: "tok",
      doc,
      WebSocketImpl: WebSocket,
      transport: "apigateway",
    });
    cleanups.push(() => provider.destroy());
    // The echo server reflects sync step 1 back, which the provider answers: any whole message
    // reaching the server proves the framing; the path proves the URL.
    await within(once(api.events, "message"), "a framed message");
    expect(api.paths[0]).toBe("/dev?doc=p-1");
    expect(api.offers[0]).toBe("accord.token,tok");
    expect(provider.ws?.protocol).toBe("accord.token");
    expect(api.frames.every((f) => !f.isBinary)).toBe(true);

    const local = connectPaper({
      url: "ws://127.0.0.1:1/collab",
      paperId: "p-1",
      token: "tok",
      doc,
      WebSocketImpl: WebSocket,
      connect: false,
    });
    cleanups.push(() => local.destroy());
    expect(local.url).toBe("ws://127.0.0.1:1/collab/p-1");
  });

  it("puts the token in the query string when asked to", async () => {
    const api = await startGateway();
    const provider = connectPaper({
      url: api.url,
      paperId: "p-1",
      token: "tok",
      doc: new Y.Doc(),
      WebSocketImpl: WebSocket,
      transport: "apigateway",
      tokenIn: "query",
    });
    cleanups.push(() => provider.destroy());
    await within(once(api.events, "message"), "a framed message");
    expect(api.paths[0]).toBe("/dev?doc=p-1&token=tok");
    expect(api.offers[0]).toBe("");
  });

  it("offers a token set with setPaperToken on the next connection", async () => {
    const api = await startGateway();
    const provider = connectPaper({
      url: api.url,
      paperId: "p-1",
      token: "first",
      doc: new Y.Doc(),
      WebSocketImpl: WebSocket,
      transport: "apigateway",
      maxBackoffTime: 50,
    });
    cleanups.push(() => provider.destroy());
    await within(once(api.events, "message"), "a first message");
    setPaperToken(provider, "second");
    const reconnected = within(
      new Promise<void>((resolve) => {
        provider.on("status", ({ status }) => {
          if (status === "connected") resolve();
        });
      }),
      "the reconnection",
    );
    for (const socket of api.sockets) socket.close(1001, "going away");
    await reconnected;
    expect(api.offers).toEqual(["accord.token,first", "accord.token,second"]);
  });

  it("loads ws by itself where there is no global WebSocket (Node 20)", async () => {
    expect((globalThis as { WebSocket?: unknown }).WebSocket).toBeUndefined();
    const api = await startGateway();
    const provider = connectPaper({
      url: api.url,
      paperId: "p-1",
      token: "tok",
      doc: new Y.Doc(),
      transport: "apigateway",
    });
    cleanups.push(() => provider.destroy());
    await within(once(api.events, "message"), "a framed message");
    expect(api.offers[0]).toBe("accord.token,tok");
  });

  it("lets a Node process end once its providers are destroyed (no awareness timer left)", () => {
    const provider = connectPaper({
      url: "ws://127.0.0.1:1/collab",
      paperId: "p-1",
      token: "tok",
      doc: new Y.Doc(),
      WebSocketImpl: WebSocket,
      connect: false,
    });
    let awarenessDestroyed = false;
    provider.awareness.on("destroy", () => {
      awarenessDestroyed = true;
    });
    provider.destroy();
    expect(awarenessDestroyed).toBe(true);
  });

  /** Sync step 1 messages the gateway has received from clients so far. */
  const syncRequests = (api: FakeGateway) =>
    api.messages.filter((m) => decodeMessage(m).type === "syncStep1").length;

  /** Two updates by one author, the second depending on the first. */
  function twoEdits() {
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on("update", (update: Uint8Array) => updates.push(update));
    author.getXmlFragment("body").insert(0, [new Y.XmlText("first")]);
    author.getXmlFragment("body").insert(1, [new Y.XmlText("second")]);
    return updates;
  }

  it("asks the server again when its document has a gap (an update arrived without its predecessor)", async () => {
    const api = await startGateway();
    const doc = new Y.Doc();
    const provider = connectPaper({
      url: api.url,
      paperId: "p-1",
      token: "tok",
      doc,
      WebSocketImpl: WebSocket,
      transport: "apigateway",
      resyncIntervalMs: 0,
    });
    cleanups.push(() => provider.destroy());
    await within(once(api.events, "message"), "the provider's first sync step 1");
    await within(
      new Promise<void>((resolve) => {
        const check = () => (provider.synced ? resolve() : setTimeout(check, 10));
        check();
      }),
      "the provider to sync",
    );
    const before = syncRequests(api);
    const [first, second] = twoEdits();
    // The server's post of the first edit was lost; the second arrives and is held back.
    for (const frame of encodeTextFrames(encodeUpdate(second!), FRAME_LIMIT)) {
      api.sockets[0]!.send(frame);
    }
    await within(
      new Promise<void>((resolve) => {
        api.events.on("message", () => {
          if (syncRequests(api) > before) resolve();
        });
      }),
      "a sync step 1 asking for what the gap lacks",
    );
    expect(hasGap(doc)).toBe(true);
    // The server's answer (here: the lost edit) closes the gap.
    for (const frame of encodeTextFrames(encodeUpdate(first!), FRAME_LIMIT)) {
      api.sockets[0]!.send(frame);
    }
    await within(
      new Promise<void>((resolve) => {
        const check = () => (hasGap(doc) ? setTimeout(check, 10) : resolve());
        check();
      }),
      "the gap to close",
    );
    expect(doc.getXmlFragment("body").toString()).toBe("firstsecond");
  });

  it("asks the server again at once when API Gateway reports a failed invocation", async () => {
    const api = await startGateway();
    const provider = connectPaper({
      url: api.url,
      paperId: "p-1",
      token: "tok",
      doc: new Y.Doc(),
      WebSocketImpl: WebSocket,
      transport: "apigateway",
      resyncIntervalMs: 0,
    });
    cleanups.push(() => provider.destroy());
    await within(
      new Promise<void>((resolve) => {
        const check = () => (provider.synced ? resolve() : setTimeout(check, 10));
        check();
      }),
      "the provider to sync",
    );
    const before = syncRequests(api);
    const asked = within(
      new Promise<void>((resolve) => {
        api.events.on("message", () => {
          if (syncRequests(api) > before) resolve();
        });
      }),
      "a sync step 1 after the failure",
    );
    api.sockets[0]!.send(JSON.stringify({ message: "Internal server error", connectionId: "c" }));
    await asked;
  });

  it("reconnects after a transient close announced by the server (4507, storage full)", async () => {
    const api = await startGateway();
    const provider = connectPaper({
      url: api.url,
      paperId: "p-1",
      token: "tok",
      doc: new Y.Doc(),
      WebSocketImpl: WebSocket,
      transport: "apigateway",
      maxBackoffTime: 100,
    });
    cleanups.push(() => provider.destroy());
    const connections = (n: number) =>
      within(
        new Promise<void>((resolve) => {
          const check = () => (api.sockets.length >= n ? resolve() : setTimeout(check, 10));
          check();
        }),
        `connection ${n}`,
      );
    await connections(1);
    const codes: number[] = [];
    provider.on("connection-close", (event) => {
      if (event) codes.push(event.code);
    });
    api.sockets[0]!.send(
      JSON.stringify({ type: "close", code: CloseCode.storageFull, reason: "storage full" }),
    );
    await connections(2);
    expect(codes).toEqual([CloseCode.storageFull]);
    expect(provider.shouldConnect).toBe(true);
  });
});
