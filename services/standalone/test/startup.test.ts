// Starting and stopping: flags and environment, clear failures, signals, unknown paths.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { silentLogger } from "@accord/logging";
import { afterAll, describe, expect, it } from "vitest";
import { checkPortFree, resolveConfig, StartupError, startServer } from "../src/index.ts";

// Child processes load TypeScript through tsx: seconds on a loaded 2-core machine. Each wait
// inside has its own deadline; this only stops a hang.
const CHILD_PROCESS_TIMEOUT_MS = 90_000;

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "accord-startup-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("configuration", () => {
  it("takes flags over environment over defaults", () => {
    expect(resolveConfig([], {})).toMatchObject({
      port: 4000,
      host: "127.0.0.1",
      dataDir: ".data",
      store: "sqlite",
      development: true,
    });
    expect(
      resolveConfig(["--port", "5001", "--store", "memory"], {
        ACCORD_PORT: "5000",
        ACCORD_DATA_DIR: "/srv/accord",
        ACCORD_STORE: "dynamodb",
        NODE_ENV: "production",
      }),
    ).toMatchObject({ port: 5001, dataDir: "/srv/accord", store: "memory", development: false });
    expect(
      resolveConfig(
        ["--store", "dynamodb", "--dynamodb-endpoint", "http://127.0.0.1:8000", "--table", "t1"],
        {},
      ),
    ).toMatchObject({ store: "dynamodb", dynamodbEndpoint: "http://127.0.0.1:8000", table: "t1" });
    expect(resolveConfig(["--help"], {})).toBe("help");
    expect(resolveConfig(["--", "--port", "5002"], {})).toMatchObject({ port: 5002 });
    expect(resolveConfig([], {})).toMatchObject({ idleUnloadMs: undefined });
    expect(resolveConfig(["--idle-unload-seconds", "2.5"], {})).toMatchObject({
      idleUnloadMs: 2_500,
    });
    expect(resolveConfig([], { ACCORD_IDLE_UNLOAD_SECONDS: "600" })).toMatchObject({
      idleUnloadMs: 600_000,
    });
  });

  it("refuses bad values with messages naming the flag", () => {
    expect(() => resolveConfig(["--port", "eighty"], {})).toThrow(/--port/);
    expect(() => resolveConfig(["--store", "postgres"], {})).toThrow(/--store must be one of/);
    expect(() => resolveConfig(["--colour"], {})).toThrow(/colour/);
    expect(() => resolveConfig(["--idle-unload-seconds", "soon"], {})).toThrow(
      /--idle-unload-seconds must be a number of seconds/,
    );
    expect(() => resolveConfig(["--idle-unload-seconds", "-1"], {})).toThrow(
      /--idle-unload-seconds/,
    );
  });
});

describe("startup failures", () => {
  it("names the busy port and the flag to pass", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const attempt = startServer({
        port,
        dataDir: tempDir(),
        store: "memory",
        logger: silentLogger,
      });
      await expect(attempt).rejects.toThrow(
        new StartupError(`port ${port} is in use; pass --port`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("fails at once, in one line, for a data directory under /proc", async () => {
    const started = Date.now();
    await expect(
      startServer({ port: 0, dataDir: "/proc/accord-data/nested", logger: silentLogger }),
    ).rejects.toThrow(/^The data directory \/proc\/accord-data\/nested is not writable \(\w+\)/);
    // Node's recursive mkdir spins forever there; one level at a time fails immediately.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("checks the port before anything slow", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(checkPortFree(port, "127.0.0.1")).rejects.toThrow(
        new StartupError(`port ${port} is in use; pass --port`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    await expect(checkPortFree(port, "127.0.0.1")).resolves.toBeUndefined();
  });

  it("development mode only on loopback unless asked for by name", () => {
    expect(resolveConfig([], {})).toMatchObject({ development: true });
    expect(resolveConfig(["--host", "::1"], {})).toMatchObject({ development: true });
    expect(resolveConfig(["--host", "0.0.0.0"], {})).toMatchObject({ development: false });
    expect(resolveConfig(["--host", "192.168.1.20"], {})).toMatchObject({ development: false });
    expect(
      resolveConfig(["--host", "0.0.0.0", "--allow-dev-sign-in-on-network"], {}),
    ).toMatchObject({ development: true, allowDevSignInOnNetwork: true });
    expect(
      resolveConfig(["--allow-dev-sign-in-on-network"], { NODE_ENV: "production" }),
    ).toMatchObject({ development: false });
  });

  it("names a data directory it cannot write", async () => {
    const file = join(tempDir(), "not-a-directory");
    writeFileSync(file, "");
    await expect(
      startServer({ port: 0, dataDir: join(file, "data"), logger: silentLogger }),
    ).rejects.toThrow(/data directory .* is not writable .*--data-dir/);
  });
});

describe("serving", () => {
  it("serves the web app beside the API, and development sign-in only in development", async () => {
    const webDistDir = tempDir();
    writeFileSync(join(webDistDir, "index.html"), "<!doctype html><title>Accord</title>");
    const dev = await startServer({
      port: 0,
      dataDir: tempDir(),
      store: "memory",
      logger: silentLogger,
      webDistDir,
    });
    const prod = await startServer({
      port: 0,
      dataDir: tempDir(),
      store: "memory",
      logger: silentLogger,
      development: false,
      webDistDir,
    });
    try {
      const origin = dev.url.replace("/graphql", "");
      // App routes fall back to index.html; a missing file is a 404, not the app.
      const route = await fetch(`${origin}/papers/some-id`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain("<title>Accord</title>");
      expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
      const config = (await (await fetch(`${origin}/config.json`)).json()) as {
        auth: { mode: string };
      };
      expect(config.auth.mode).toBe("development");
      const prodConfig = (await (
        await fetch(`${prod.url.replace("/graphql", "")}/config.json`)
      ).json()) as { auth: { mode: string } };
      expect(prodConfig.auth.mode).not.toBe("development");
      const signIn = await fetch(`${prod.url.replace("/graphql", "")}/auth/dev/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "mallory" }),
      });
      expect(signIn.status).toBe(404);
    } finally {
      await Promise.all([dev.close(), prod.close()]);
    }
  });

  it("serves the bundled explorer at /graphql to browsers in development only", async () => {
    const explorerDistDir = tempDir();
    mkdirSync(join(explorerDistDir, "assets"));
    writeFileSync(
      join(explorerDistDir, "explorer.html"),
      '<!doctype html><title>Accord API explorer</title><script type="module" src="/graphql/assets/explorer.js"></script>',
    );
    writeFileSync(join(explorerDistDir, "assets", "explorer.js"), "export {};");
    const start = (development: boolean) =>
      startServer({
        port: 0,
        dataDir: tempDir(),
        store: "memory",
        logger: silentLogger,
        development,
        webDistDir: tempDir(),
        explorerDistDir,
      });
    const [dev, prod] = await Promise.all([start(true), start(false)]);
    const browser = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
    try {
      const page = await fetch(dev.url, { headers: browser });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expect(await page.text()).toContain("Accord API explorer");
      // Everything from this origin; no 'unsafe-eval'.
      const policy = page.headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/script-src 'self';/);
      expect(policy).toMatch(/connect-src 'self';/);
      expect(policy).not.toMatch(/unsafe-eval|https?:/);
      const script = await fetch(`${dev.url}/assets/explorer.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toMatch(/javascript/);
      expect((await fetch(`${dev.url}/assets/..%2f..%2fexplorer.html`)).status).toBe(404);

      // API requests still reach GraphQL, with its CSRF prevention.
      const post = await fetch(dev.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...browser },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(await post.json()).toEqual({ data: { __typename: "Query" } });
      const get = await fetch(`${dev.url}?query=${encodeURIComponent("{ __typename }")}`, {
        headers: browser,
      });
      expect(get.status).toBe(400);
      expect(await get.text()).toMatch(/CSRF/i);

      // Production: Apollo's JSON answer, and none of the explorer's files.
      const none = await fetch(prod.url, { headers: browser });
      expect(none.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
      expect(await none.text()).not.toContain("Accord API explorer");
      expect((await fetch(`${prod.url}/assets/explorer.js`)).status).toBe(404);
    } finally {
      await Promise.all([dev.close(), prod.close()]);
    }
  });
});

describe("the process", () => {
  it(
    "starts from pnpm start's entry point, prints where it listens, stops on SIGTERM with 0",
    async () => {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/main.ts",
          "--port",
          "0",
          "--store",
          "memory",
          "--data-dir",
          tempDir(),
        ],
        { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      const url = await new Promise<string>((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`no URL within 30 s:\n${output}`)),
          30_000,
        );
        child.stdout.on("data", (chunk) => {
          output += chunk;
          const match = /GraphQL\s+(http:\/\/\S+\/graphql)/.exec(output);
          if (match?.[1]) {
            clearTimeout(deadline);
            resolve(match[1]);
          }
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ topics { id } }" }),
      });
      expect(response.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toMatch(/SIGTERM: shutting down/);
      expect(output).toMatch(
        /mode\s+development: sign-in for any username, from this machine only/,
      );
    },
    CHILD_PROCESS_TIMEOUT_MS,
  );

  it(
    "exits non-zero with a one-line reason on a busy port",
    async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
      const port = (blocker.address() as AddressInfo).port;
      try {
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            "src/main.ts",
            "--port",
            String(port),
            "--store",
            "memory",
            "--data-dir",
            tempDir(),
          ],
          { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
        });
        const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
        expect(code).toBe(1);
        expect(stderr.trim()).toBe(`Accord could not start: port ${port} is in use; pass --port`);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    },
    CHILD_PROCESS_TIMEOUT_MS,
  );

  it(
    "mints a token from the CLI that the server accepts",
    async () => {
      const dataDir = tempDir();
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/token.ts",
          "ines",
          "--coordinator",
          "--ttl",
          "1h",
          "--data-dir",
          dataDir,
        ],
        { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
      const token = stdout.trim();
      expect(token.split(".")).toHaveLength(3);
      const server = await startServer({ port: 0, dataDir, store: "memory", logger: silentLogger });
      try {
        const response = await fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: "{ me { displayName platformRole } }" }),
        });
        expect(await response.json()).toEqual({
          data: { me: { displayName: "ines", platformRole: "COORDINATOR" } },
        });
      } finally {
        await server.close();
      }
    },
    CHILD_PROCESS_TIMEOUT_MS,
  );
});
