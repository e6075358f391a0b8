// The real local server (services/standalone's main.ts) as a child process that can be killed
// with SIGKILL and started again on the same data directory and port. Children run under
// `node --import <tsx loader>`, so the pid is the server itself (the tsx CLI would run it in a
// grandchild that a SIGKILL to the child leaves behind).
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const TSX_LOADER = pathToFileURL(
  join(dirname(require.resolve("tsx/package.json")), "dist/loader.mjs"),
).href;
// The package exports its index (src/index.ts); main.ts sits beside it.
const MAIN = join(dirname(require.resolve("@accord/standalone")), "main.ts");
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** Every child this process started and has not seen exit: killed by pid on exit. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});
// Ctrl-C or a SIGTERM to a run would otherwise leave its servers behind ('exit' handlers do not
// run on a signal's default action).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill("SIGKILL");
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

export interface ServerProcess {
  pid: number;
  port: number;
  /** ms from spawn to the server's "running" banner (it listens by then). */
  startMs: number;
  /** Log lines (JSON) the server wrote to stdout and stderr, most recent last (bounded). */
  readonly log: string[];
  /** Everything the server wrote to stdout and stderr since spawn (the soak's log volume). */
  readonly output: { lines: number; bytes: number };
  /** Resolves when the process has exited, with its code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (clean shutdown), then wait; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  alive(): boolean;
}

export interface StartOptions {
  dataDir: string;
  /** 0 picks a free port; a restart passes the previous one so clients find it again. */
  port?: number;
  logLevel?: "debug" | "info" | "warn" | "error";
  /** --idle-unload-seconds: how long a paper stays open after its last connection (default 30 s). */
  idleUnloadMs?: number;
  /** How long the start may take before it fails (default 60 s: a loaded machine is slow). */
  deadlineMs?: number;
}

const MAX_LOG_LINES = 2_000;

/** Start the server; resolves once its banner says it listens. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      TSX_LOADER,
      MAIN,
      "--data-dir",
      options.dataDir,
      "--port",
      String(options.port ?? 0),
      "--store",
      "sqlite",
      "--log-level",
      options.logLevel ?? "warn",
      ...(options.idleUnloadMs === undefined
        ? []
        : ["--idle-unload-seconds", String(options.idleUnloadMs / 1000)]),
    ],
    {
      cwd: REPO_ROOT,
      // Production mode: no web build check at start (it would time restarts of the build), no
      // development sign-in; tokens are minted with the data directory's key.
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const log: string[] = [];
  const output = { lines: 0, bytes: 0 };
  const keep = (line: string) => {
    output.lines += 1;
    output.bytes += Buffer.byteLength(line) + 1;
    log.push(line);
    if (log.length > MAX_LOG_LINES) log.splice(0, log.length - MAX_LOG_LINES);
  };
  createInterface({ input: child.stderr! }).on("line", keep);
  const listening = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      keep(line);
      const match = /GraphQL\s+http:\/\/[^:]+:(\d+)\/graphql/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(({ code, signal }) =>
      reject(
        new Error(
          `the server exited before listening (${code ?? signal}):\n${log.slice(-20).join("\n")}`,
        ),
      ),
    );
  });
  const deadlineMs = options.deadlineMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the server did not listen within ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  let port: number;
  try {
    port = await Promise.race([listening, deadline]);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const startMs = performance.now() - started;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const waitExit = async (graceMs: number) => {
    let kill: ReturnType<typeof setTimeout> | undefined;
    const forced = new Promise<void>((resolve) => {
      kill = setTimeout(() => {
        child.kill("SIGKILL");
        resolve();
      }, graceMs);
    });
    await Promise.race([exited, forced]);
    clearTimeout(kill);
    await exited;
  };
  return {
    pid: child.pid!,
    port,
    startMs,
    log,
    output,
    exited,
    alive,
    async kill() {
      if (alive()) child.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (alive()) child.kill("SIGTERM");
      await waitExit(graceMs);
    },
  };
}
