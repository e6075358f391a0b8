// A fault-injecting HTTP proxy in front of DynamoDB Local: every handler of serverless-local
// (collab Lambdas, compactor, GraphQL) reaches DynamoDB through it, as through a network that
// throttles, slows down or loses responses. Stream reads (DynamoDBStreams_*) pass untouched.
// It also holds chosen log appends forever, to kill a $default invocation at its append: before
// DynamoDB sees it, or after DynamoDB applied it (the invocation waits for an answer that never
// comes, as a Lambda killed there would never go on; default-with-faults.ts then fails it).
import { createServer, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxyFault {
  /** throttle: 400 ThrottlingException, DynamoDB never sees the request. lost: DynamoDB applies
   * it, the response is replaced by a 500. slow: forwarded after `delayMs`. */
  kind: "throttle" | "lost" | "slow";
  delayMs?: number;
}

/**
 * A log append to hold, found by the base64 of its update in the TransactWriteItems body (the
 * table stores an update as it came). `held` is called once it is held.
 */
export interface AppendHold {
  stage: "before" | "after";
  held(): void;
}

/** Decides a fault for one request by its operation (e.g. "PutItem"), or none. */
export type ProxyPlan = (operation: string) => ProxyFault | undefined;

export interface FaultProxy {
  endpoint: string;
  plan: ProxyPlan;
  /** Faults injected so far, by kind and operation ("throttle PutItem"). */
  readonly injected: Map<string, number>;
  /** Appends to hold, by the base64 of their update; each is removed once held. */
  readonly holds: Map<string, AppendHold>;
  /**
   * Answer the held appends with a ValidationException, which the SDK does not retry: a held
   * request keeps one of the client's pooled sockets, and a killed Lambda's sockets die with it.
   * The invocation waiting for it (already failed to API Gateway) then ends through its own
   * error path. Call between phases, once their checks are done.
   */
  releaseHeld(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const injected = new Map<string, number>();
  const proxy: FaultProxy = {
    endpoint: "",
    plan: () => undefined,
    injected,
    holds: new Map(),
    releaseHeld: () => 0,
    close: async () => {},
  };
  const count = (key: string) => injected.set(key, (injected.get(key) ?? 0) + 1);
  const held: ServerResponse[] = [];
  const takeHold = (text: string): (AppendHold & { key: string }) | null => {
    for (const [key, hold] of proxy.holds) {
      if (text.includes(key)) {
        proxy.holds.delete(key);
        return { ...hold, key };
      }
    }
    return null;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const targetHeader = String(req.headers["x-amz-target"] ?? "");
      const [service, operation = "unknown"] = targetHeader.split(".");
      const hold = operation === "TransactWriteItems" ? takeHold(body.toString("utf8")) : null;
      const fault = service === "DynamoDB_20120810" && !hold ? proxy.plan(operation) : undefined;
      if (fault) count(`${fault.kind} ${operation}`);
      const fail = (status: number, type: string) => {
        const payload = JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${type}`,
          message: `Injected ${type}`,
        });
        res.writeHead(status, {
          "content-type": "application/x-amz-json-1.0",
          "content-length": Buffer.byteLength(payload),
        });
        res.end(payload);
      };
      if (fault?.kind === "throttle") return fail(400, "ThrottlingException");
      if (hold?.stage === "before") {
        // Never forwarded, never answered: the connection stays open until the proxy closes.
        count(`killed before the store ${operation}`);
        held.push(res);
        hold.held();
        return;
      }
      const forward = () => {
        const out = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            const parts: Buffer[] = [];
            answer.on("data", (part: Buffer) => parts.push(part));
            answer.on("end", () => {
              if (hold) {
                if (answer.statusCode === 200) {
                  // Applied by DynamoDB; the answer never reaches the invocation.
                  count(`killed after the store ${operation}`);
                  held.push(res);
                  hold.held();
                  return;
                }
                // Not stored (a conflict): the adapter's retry is the append to hold.
                proxy.holds.set(hold.key, hold);
              }
              if (fault?.kind === "lost") return fail(500, "InternalServerError");
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(parts));
            });
          },
        );
        out.on("error", () => fail(500, "InternalServerError"));
        out.end(body);
      };
      if (fault?.kind === "slow") setTimeout(forward, fault.delayMs ?? 200);
      else forward();
    });
  });
  proxy.releaseHeld = () => {
    const released = held.splice(0);
    for (const res of released) {
      const payload = JSON.stringify({
        __type: "com.amazon.coral.validate#ValidationException",
        message: "The invocation that sent this request was killed.",
      });
      res.writeHead(400, {
        "content-type": "application/x-amz-json-1.0",
        "content-length": Buffer.byteLength(payload),
      });
      res.end(payload);
    }
    return released.length;
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
