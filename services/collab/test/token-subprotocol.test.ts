// The token offered as a WebSocket subprotocol (`accord.token, <jwt>`) on both hosts: the
// connection is admitted as with `?token=`, only the marker is selected, and no log line of
// either host ever holds the token, whether it came in the URL or in the handshake.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createJsonLogger } from "@accord/logging";
import {
  CloseCode,
  decodeTextFrame,
  encodeSyncStep1,
  encodeTextFrames,
  TOKEN_SUBPROTOCOL,
  tokenSubprotocols,
} from "@accord/protocol";
import { createMemoryStore, type Store } from "@accord/storage";
import { startApiGatewayEmulator } from "@accord/test-support";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { createCollabLambdas } from "../src/lambda/core.ts";
import { attachLocalCollab } from "../src/local/attach.ts";
import { fakeAuthenticate, seedPaper, testLimits, tokenOf } from "./local-helpers.ts";
import { localManagement } from "./serverless-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Every line both hosts log, at the most talkative level. */
function capturedLogs() {
  const lines: string[] = [];
  return { lines, logger: createJsonLogger({ level: "debug", write: (line) => lines.push(line) }) };
}

async function seeded(): Promise<Store> {
  const store = createMemoryStore();
  await seedPaper(store, { paperId: "draft", collaborators: { ada: "LEAD" } });
  return store;
}

async function startLocal(store: Store, logger: ReturnType<typeof capturedLogs>["logger"]) {
  const http = createServer((_request, response) => response.writeHead(404).end());
  const collab = attachLocalCollab({
    server: http,
    path: "/collab",
    store,
    authenticate: fakeAuthenticate,
    limits: testLimits(),
    logger,
  });
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  cleanups.push(async () => {
    await collab.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/collab`;
}

async function startServerless(store: Store, logger: ReturnType<typeof capturedLogs>["logger"]) {
  let lambdas: ReturnType<typeof createCollabLambdas> | null = null;
  const emulator = await startApiGatewayEmulator({
    stage: "test",
    handlers: {
      connect: (event) => lambdas!.connect(event),
      disconnect: (event) => lambdas!.disconnect(event),
      default: (event) => lambdas!.default(event),
    },
  });
  cleanups.push(() => emulator.close());
  lambdas = createCollabLambdas({
    store,
    authenticate: fakeAuthenticate,
    management: localManagement(),
    managementEndpoint: emulator.managementEndpoint,
    limits: testLimits(),
    logger,
  });
  return emulator;
}

interface Outcome {
  /** The subprotocol the server selected, when the socket opened. */
  protocol?: string;
  /** The close code, or the HTTP status of a refused handshake. */
  code?: number;
  status?: number;
  /** The first message the server sent (local host: it speaks first). */
  message?: Buffer;
}

/**
 * Open a raw socket, send sync step 1 (as a base64 text frame with `text`, as API Gateway
 * requires), and report how the server answered.
 */
function attempt(url: string, protocols?: string[], text = false): Promise<Outcome> {
  const ws = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
  cleanups.push(() => ws.terminate());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from ${url}`)), 10_000);
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    ws.on("unexpected-response", (_request, response) =>
      done({ status: response.statusCode ?? 0 }),
    );
    ws.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on("open", () => {
      const step1 = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
      ws.send(text ? encodeTextFrames(step1, 32 * 1024)[0]! : step1);
    });
    ws.on("message", (data) => done({ protocol: ws.protocol, message: data as Buffer }));
    ws.on("close", (code) => done({ protocol: ws.protocol, code }));
  });
}

function expectNoToken(lines: string[], token: string) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).not.toContain(token);
}

describe("the local host", () => {
  it("admits a token offered as a subprotocol and selects only the marker", async () => {
    const { lines, logger } = capturedLogs();
    const url = await startLocal(await seeded(), logger);
    const outcome = await attempt(`${url}/draft`, tokenSubprotocols(tokenOf("ada")));
    expect(outcome.protocol).toBe(TOKEN_SUBPROTOCOL);
    expect(outcome.message?.[0]).toBe(0); // a sync message, not a close
    expectNoToken(lines, tokenOf("ada"));
  });

  it("prefers the offered token to a stale one in the URL, and refuses a bad one with 4401", async () => {
    const { lines, logger } = capturedLogs();
    const url = await startLocal(await seeded(), logger);
    const admitted = await attempt(
      `${url}/draft?token=expires-1000-sub-ada`,
      tokenSubprotocols(tokenOf("ada")),
    );
    expect(admitted.message?.[0]).toBe(0);
    const refused = await attempt(`${url}/draft`, tokenSubprotocols("forged-token-value"));
    expect(refused.code).toBe(CloseCode.unauthenticated);
    const noToken = await attempt(`${url}/draft`, [TOKEN_SUBPROTOCOL]);
    expect(noToken.code).toBe(CloseCode.unauthenticated);
    for (const token of [tokenOf("ada"), "forged-token-value", "expires-1000-sub-ada"]) {
      expectNoToken(lines, token);
    }
  });

  it("still takes the token from the URL, and logs it nowhere", async () => {
    const { lines, logger } = capturedLogs();
    const url = await startLocal(await seeded(), logger);
    const outcome = await attempt(`${url}/draft?token=${tokenOf("ada")}`);
    expect(outcome.protocol).toBe("");
    expect(outcome.message?.[0]).toBe(0);
    const unknown = await attempt(`${url}/nope?token=${tokenOf("ada")}`);
    expect(unknown.code).toBe(CloseCode.notFound);
    expectNoToken(lines, tokenOf("ada"));
  });
});

describe("the Lambda host behind the API Gateway emulator", () => {
  it("admits a token offered as a subprotocol and answers with the marker", async () => {
    const { lines, logger } = capturedLogs();
    const emulator = await startServerless(await seeded(), logger);
    const outcome = await attempt(
      `${emulator.wsUrl}?doc=draft`,
      tokenSubprotocols(tokenOf("ada")),
      true,
    );
    expect(outcome.protocol).toBe(TOKEN_SUBPROTOCOL);
    const reply = decodeTextFrame(outcome.message?.toString("utf8") ?? "");
    expect(reply.kind === "whole" && reply.message[0]).toBe(0); // a sync message
    expectNoToken(lines, tokenOf("ada"));
  });

  it("refuses a bad offered token with 401, and keeps tokens out of its logs", async () => {
    const { lines, logger } = capturedLogs();
    const emulator = await startServerless(await seeded(), logger);
    const refused = await attempt(
      `${emulator.wsUrl}?doc=draft`,
      tokenSubprotocols("forged-x"),
      true,
    );
    expect(refused.status).toBe(401);
    const viaQuery = await attempt(
      `${emulator.wsUrl}?doc=nope&token=${tokenOf("ada")}`,
      undefined,
      true,
    );
    expect(viaQuery.status).toBe(404);
    for (const token of [tokenOf("ada"), "forged-x"]) expectNoToken(lines, token);
  });
});
