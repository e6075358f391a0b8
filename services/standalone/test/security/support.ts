// Raw HTTP for the attack tests: requests with any Host header, upgrade requests, oversized
// bodies; each awaited with a generous deadline, never a sleep.
import { request } from "node:http";
import { connect, type Socket } from "node:net";

export const DEADLINE_MS = 30_000;

export function withDeadline<T>(what: string, promise: Promise<T>, ms = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (Host included) over a fresh connection. */
export function rawRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
  },
): Promise<RawResponse> {
  return withDeadline(
    `${options.method ?? "GET"} ${options.path}`,
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: options.method ?? "GET",
          path: options.path,
          headers: options.headers ?? {},
          setHost: !options.headers || !("host" in options.headers),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(options.body);
    }),
  );
}

/** Everything the server sends on a raw socket until it closes the connection. */
export function sendRaw(port: number, text: string): Promise<string> {
  return withDeadline(
    "raw socket",
    new Promise((resolve, reject) => {
      const socket: Socket = connect(port, "127.0.0.1");
      let received = "";
      socket.on("data", (chunk) => {
        received += chunk.toString("latin1");
      });
      socket.on("error", reject);
      socket.on("close", () => resolve(received));
      socket.write(text);
    }),
  );
}

/** The longest event-loop stall in the server since the last reading (GET /healthz?stall). */
export async function serverStallMs(port: number): Promise<number> {
  const response = await rawRequest(port, { path: "/healthz?stall" });
  return (JSON.parse(response.body) as { stallMs: number }).stallMs;
}

/** Bound on any single stall during an attack; a freeze is seconds, a loaded CI tens of ms. */
export const MAX_STALL_MS = 1_000;
