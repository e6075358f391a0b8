// A metering HTTP proxy in front of DynamoDB Local: every handler of serverless-local reaches
// DynamoDB through it, and it counts requests by operation and the capacity units DynamoDB
// charged for them (it asks for ReturnConsumedCapacity TOTAL on every request that did not ask
// for it; DynamoDB Local does not check request signatures). Stream reads pass untouched.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

const CAPACITY_OPERATIONS = new Set([
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
  "Scan",
  "BatchGetItem",
  "BatchWriteItem",
  "TransactGetItems",
  "TransactWriteItems",
]);
const READS = new Set(["GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"]);

export interface MeterProxy {
  endpoint: string;
  /** Requests by operation since the last reset. */
  readonly requests: Map<string, number>;
  readonly units: { read: number; write: number };
  reset(): void;
  close(): Promise<void>;
}

interface Consumed {
  CapacityUnits?: number;
}

export async function startMeterProxy(target: string): Promise<MeterProxy> {
  const upstream = new URL(target);
  const meter: MeterProxy = {
    endpoint: "",
    requests: new Map(),
    units: { read: 0, write: 0 },
    reset() {
      meter.requests.clear();
      meter.units.read = 0;
      meter.units.write = 0;
    },
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      const [service, operation = "unknown"] = String(req.headers["x-amz-target"] ?? "").split(".");
      const metered = service === "DynamoDB_20120810";
      if (metered) meter.requests.set(operation, (meter.requests.get(operation) ?? 0) + 1);
      const headers = { ...req.headers };
      if (metered && CAPACITY_OPERATIONS.has(operation)) {
        const input = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
        if (input.ReturnConsumedCapacity === undefined || input.ReturnConsumedCapacity === "NONE") {
          input.ReturnConsumedCapacity = "TOTAL";
          body = Buffer.from(JSON.stringify(input), "utf8");
          headers["content-length"] = String(body.length);
        }
      }
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (part: Buffer) => parts.push(part));
          answer.on("end", () => {
            const payload = Buffer.concat(parts);
            if (
              metered &&
              CAPACITY_OPERATIONS.has(operation) &&
              !answer.headers["content-encoding"]
            ) {
              try {
                const output = JSON.parse(payload.toString("utf8")) as {
                  ConsumedCapacity?: Consumed | Consumed[];
                };
                const consumed = output.ConsumedCapacity;
                const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
                const units = list.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
                if (READS.has(operation)) meter.units.read += units;
                else meter.units.write += units;
              } catch {
                // Not JSON (an error page): nothing was charged.
              }
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(payload);
          });
        },
      );
      out.on("error", () => {
        res.writeHead(502).end();
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  meter.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  meter.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return meter;
}
