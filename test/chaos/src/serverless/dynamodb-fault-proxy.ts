// A fault-injecting HTTP proxy in front of DynamoDB Local: every handler of serverless-local
// (collab Lambdas, compactor, GraphQL) reaches DynamoDB through it, as through a network that
// throttles, slows down or loses responses. Stream reads (DynamoDBStreams_*) pass untouched.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxyFault {
  /** throttle: 400 ThrottlingException, DynamoDB never sees the request. lost: DynamoDB applies
   * it, the response is replaced by a 500. slow: forwarded after `delayMs`. */
  kind: "throttle" | "lost" | "slow";
  delayMs?: number;
}

/** Decides a fault for one request by its operation (e.g. "PutItem"), or none. */
export type ProxyPlan = (operation: string) => ProxyFault | undefined;

export interface FaultProxy {
  endpoint: string;
  plan: ProxyPlan;
  /** Faults injected so far, by kind and operation ("throttle PutItem"). */
  readonly injected: Map<string, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const injected = new Map<string, number>();
  const proxy: FaultProxy = {
    endpoint: "",
    plan: () => undefined,
    injected,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const targetHeader = String(req.headers["x-amz-target"] ?? "");
      const [service, operation = "unknown"] = targetHeader.split(".");
      const fault = service === "DynamoDB_20120810" ? proxy.plan(operation) : undefined;
      if (fault) {
        const key = `${fault.kind} ${operation}`;
        injected.set(key, (injected.get(key) ?? 0) + 1);
      }
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
