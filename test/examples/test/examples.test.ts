// The client examples as a new user runs them: @accord/client packed into a tarball, installed
// with npm into a copy of each example outside the monorepo, run with `node` against servers
// started here (the local server on SQLite; serverless-local's Lambda handlers on DynamoDB
// Local). Also: the README's snippets are these examples, and no server log holds a token.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { createJsonLogger } from "@accord/logging";
import { startServer } from "@accord/standalone";
import { startServerlessLocal } from "@accord/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const EXAMPLES = fileURLToPath(new URL("..", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const CLIENT = join(REPO, "packages/client");
const PNPM = "pnpm@10.34.8";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to its end, failing after `timeoutMs` with what it printed so far. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `${command} ${args.join(" ")} (in ${options.cwd}) did not finish in ${options.timeoutMs} ms.\n` +
            `stdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectSuccess(what: string, result: Run) {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited with ${result.code}.\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
}

const work = mkdtempSync(join(tmpdir(), "accord-examples-"));
let tarball = "";

/** A copy of `example` outside the monorepo with the packed client installed by npm. */
async function install(example: string): Promise<string> {
  const dir = join(work, example);
  cpSync(join(EXAMPLES, example), dir, {
    recursive: true,
    filter: (source) => !source.includes("node_modules"),
  });
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    dependencies: Record<string, string>;
  };
  manifest.dependencies["@accord/client"] = `file:${tarball}`;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = await run("npm", ["install", "--no-audit", "--no-fund"], {
    cwd: dir,
    timeoutMs: 300_000,
  });
  expectSuccess(`npm install in a copy of ${example}`, npm);
  return dir;
}

beforeAll(async () => {
  // pnpm, not npm, packs: it builds (prepack), turns `catalog:` ranges into versions and
  // applies publishConfig (the exports of the built files).
  const packed = await run("npx", ["-y", PNPM, "pack", "--pack-destination", work], {
    cwd: CLIENT,
    timeoutMs: 300_000,
  });
  expectSuccess("packing @accord/client", packed);
  const file = readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (!file) throw new Error(`pnpm pack left no tarball in ${work}:\n${packed.stdout}`);
  tarball = join(work, file);
}, 330_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("the packed client", () => {
  it("holds the built files and needs nothing of the workspace", async () => {
    const listing = await run("tar", ["-tzf", tarball], { cwd: work, timeoutMs: 30_000 });
    expectSuccess("listing the tarball", listing);
    const files = listing.stdout.split("\n").filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        "package/package.json",
        "package/README.md",
        "package/dist/index.js",
        "package/dist/index.d.ts",
      ]),
    );
    expect(files.filter((name) => name.startsWith("package/src/"))).toEqual([]);
    const extracted = join(work, "listing");
    rmSync(extracted, { recursive: true, force: true });
    await run("mkdir", ["-p", extracted], { cwd: work, timeoutMs: 10_000 });
    expectSuccess(
      "extracting the tarball",
      await run("tar", ["-xzf", tarball, "-C", extracted], { cwd: work, timeoutMs: 30_000 }),
    );
    const manifest = JSON.parse(readFileSync(join(extracted, "package/package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      exports: unknown;
    };
    const runtime = Object.entries(manifest.dependencies);
    expect(runtime.filter(([, range]) => /^(workspace|catalog):/.test(range))).toEqual([]);
    expect(
      Object.keys(manifest.dependencies).filter((name) => name.startsWith("@accord/")),
    ).toEqual([]);
    expect(manifest.exports).toEqual({
      ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
      "./package.json": "./package.json",
    });
    for (const built of ["dist/index.js", "dist/index.d.ts"]) {
      // Bundled: nothing imports the private wire package.
      expect(readFileSync(join(extracted, "package", built), "utf8")).not.toMatch(
        /from ["']@accord\/protocol["']/,
      );
    }
  });
});

describe("the Node quick start, against the local server", () => {
  const logs: string[] = [];
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let dataDir = "";

  afterAll(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates a group and a paper, edits it live with two providers, reads it back", async () => {
    const dir = await install("node-quickstart");
    dataDir = mkdtempSync(join(tmpdir(), "accord-examples-data-"));
    server = await startServer({
      port: 0,
      dataDir,
      logger: createJsonLogger({ level: "debug", write: (line) => logs.push(line) }),
    });
    const key = await loadOrCreateDevSigningKey(dataDir);
    const adaToken = await mintLocalToken(key, { username: "ada" });
    const boToken = await mintLocalToken(key, { username: "bo" });
    const result = await run(process.execPath, ["index.mjs"], {
      cwd: dir,
      env: {
        ...process.env,
        ACCORD_GRAPHQL_URL: server.url,
        ACCORD_COLLAB_URL: server.collabUrl,
        ACCORD_TOKEN: adaToken,
        ACCORD_SECOND_TOKEN: boToken,
      },
      timeoutMs: 120_000,
    });
    expectSuccess("node index.mjs (node-quickstart)", result);
    expect(result.stdout).toContain(
      "Bo sees: <paragraph>Open data makes ocean science a shared language.</paragraph>",
    );
    expect(result.stdout).toContain(
      "content: Open data makes ocean science a shared language. (8 words)",
    );
    // Neither the app's output nor any line the server logged holds a token.
    for (const token of [adaToken, boToken]) {
      expect(`${result.stdout}${result.stderr}`).not.toContain(token);
      expect(logs.filter((line) => line.includes(token))).toEqual([]);
    }
    expect(logs.length).toBeGreaterThan(0);
  }, 600_000);
});

describe("the serverless example, against serverless-local", () => {
  const lines: string[] = [];
  let local: Awaited<ReturnType<typeof startServerlessLocal>> | null = null;
  let dataDir = "";
  const restore: (() => void)[] = [];

  afterAll(async () => {
    await local?.close();
    for (const undo of restore.splice(0)) undo();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The Lambda handlers and the emulators log to stdout and stderr: keep a copy of each line. */
  function tee(stream: NodeJS.WriteStream) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      return write(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write;
    });
  }

  it("writes through the API Gateway transport and reads the stored text back", async () => {
    const dir = await install("serverless");
    dataDir = mkdtempSync(join(tmpdir(), "accord-examples-serverless-"));
    tee(process.stdout);
    tee(process.stderr);
    for (const method of ["log", "info", "warn", "error"] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
        original(...args);
      };
      restore.push(() => {
        console[method] = original;
      });
    }
    local = await startServerlessLocal({ dataDir, logLevel: "debug" });
    const token = await local.mintToken("ada");
    const result = await run(process.execPath, ["index.mjs"], {
      cwd: dir,
      env: {
        ...process.env,
        ACCORD_GRAPHQL_URL: local.graphqlUrl,
        ACCORD_WS_URL: local.wsUrl,
        ACCORD_TOKEN: token,
      },
      timeoutMs: 120_000,
    });
    expectSuccess("node index.mjs (serverless)", result);
    expect(result.stdout).toContain(
      "the second connection sees: <paragraph>Operators announce manoeuvres before they burn.</paragraph>",
    );
    expect(result.stdout).toContain("content: Operators announce manoeuvres before they burn.");
    await local.emulator.settled();
    expect(`${result.stdout}${result.stderr}`).not.toContain(token);
    expect(lines.filter((line) => line.includes(token))).toEqual([]);
    // The handlers did log at debug level: the check above looked at real lines.
    expect(lines.some((line) => line.includes("collab.connected"))).toBe(true);
  }, 600_000);
});

describe("serverless-local's banner", () => {
  let child: ChildProcess | null = null;
  let dataDir = "";

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints a token and a curl that run as printed", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "accord-banner-"));
    const started = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "test/e2e/serverless-local.ts",
        "--http-port",
        "0",
        "--ws-port",
        "0",
        "--data-dir",
        dataDir,
      ],
      { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "warn" } },
    );
    child = started;
    let output = "";
    const banner = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serverless-local printed no banner in 180 s:\n${output}`)),
        180_000,
      );
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("node index.mjs")) {
          clearTimeout(timer);
          resolve(output);
        }
      };
      started.stdout?.on("data", read);
      started.stderr?.on("data", read);
      started.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`serverless-local exited with ${code}:\n${output}`));
      });
    });
    expect(banner).not.toContain("<token>");
    const tokenLine = banner.split("\n").find((line) => line.trim().startsWith("TOKEN="));
    const curlLine = banner.split("\n").find((line) => line.trim().startsWith("curl "));
    if (!tokenLine || !curlLine) throw new Error(`no TOKEN= or curl line in:\n${banner}`);
    const curl = await run("sh", ["-c", `${tokenLine.trim()}\n${curlLine.trim()}`], {
      cwd: dataDir,
      timeoutMs: 60_000,
    });
    expectSuccess("the printed curl", curl);
    expect(JSON.parse(curl.stdout)).toMatchObject({ data: { me: { displayName: "ada" } } });
  }, 300_000);
});

describe("the README", () => {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const region = (example: string, name: string) => {
    const source = readFileSync(join(EXAMPLES, example, "index.mjs"), "utf8");
    const match = new RegExp(`// #region ${name}\\n([\\s\\S]*?)// #endregion ${name}\\n`).exec(
      source,
    );
    if (!match?.[1]) throw new Error(`${example}/index.mjs has no region "${name}"`);
    return match[1];
  };

  const block = (example: string, name: string) =>
    `<!-- test/examples/${example}/index.mjs -->\n\`\`\`js\n${region(example, name)}\`\`\``;

  it("shows the Node quick start exactly as it runs here", () => {
    expect(readme).toContain(block("node-quickstart", "quickstart"));
  });

  it.each([
    ["node-quickstart", "quickstart"],
    ["serverless", "serverless"],
  ])("of the client shows %s exactly as it runs here", (example, name) => {
    expect(readFileSync(join(CLIENT, "README.md"), "utf8")).toContain(block(example, name));
  });
});
