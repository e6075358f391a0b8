// The GraphQL path: time per paper-page request through the Lambda handler in process (HTTP API
// v2 event → response) against bare graphql `execute` on the same executable schema, store and
// context, on the in-memory and the SQLite store; then the Lambda bundle's size and the time a
// fresh Node process takes to load it. Run: pnpm --filter @accord/bench bench:graphql (sizes in
// graphql-config.ts). Writes the "GraphQL" section of RESULTS.md.
import { deepStrictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { DEFAULT_LIMITS } from "@accord/domain";
import {
  createCollabDocuments,
  createJsonLogger,
  createLambdaHandler,
  createServer,
  type GraphqlLambdaHandler,
  type GraphqlServer,
  type RequestContext,
} from "@accord/graphql-api";
import { type Authenticator, identityFromClaims } from "@accord/identity";
import { LAMBDA_ENTRIES } from "@accord/infra/entries";
import { createMemoryStore, type Store } from "@accord/storage";
import { openSqliteStore } from "@accord/storage-sqlite";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { build } from "esbuild";
// The CommonJS build, the one Apollo loads: one graphql instance for the schema and `execute`.
import { type DocumentNode, execute, type GraphQLSchema, parse, validate } from "graphql/index.js";
import { GRAPHQL_BENCH as config } from "./graphql-config.ts";
import {
  claimsOf,
  eventFor,
  PAPER_PAGE_QUERY,
  type SeededPaper,
  seedPaper,
  typePaperBody,
} from "./graphql-fixture.ts";
import {
  compare,
  type ProfileSummary,
  profile,
  profileFile,
  summarize,
} from "./graphql-profile.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, "..", "..");
const seed = Number(process.env.SEED ?? config.seed);
// ITERATIONS and WARMUP shorten a trial run; the recorded figures use graphql-config.ts.
const iterations = Number(process.env.ITERATIONS ?? config.iterations);
const warmup = Number(process.env.WARMUP ?? config.warmup);
// Only awsRequestId is read (by the integration), never the rest of the Lambda context.
const lambdaContext = { awsRequestId: "bench" } as Parameters<GraphqlLambdaHandler>[1];

// Load average, sampled through the run.
const loads: number[] = [loadavg()[0]!];
const sampler = setInterval(() => loads.push(loadavg()[0]!), 1_000);

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const ms = (value: number) => value.toFixed(2);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

interface Stats {
  median: number;
  p90: number;
  p99: number;
  mean: number;
  n: number;
}
/** CPU time (user + system, all threads) since `since`, in ms: less sensitive than wall-clock
 * time to other processes taking the CPU away. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    n: sorted.length,
  };
}

// Tokens never reach this server: identity comes from the authorizer's claims on both paths.
const refuseTokens: Authenticator = {
  async verify() {
    throw new Error("The benchmark sends no bearer tokens to verify.");
  },
};

interface Target {
  name: string;
  label: string;
  store: Store;
  server: GraphqlServer;
  invoke: GraphqlLambdaHandler;
  schema: GraphQLSchema;
  close(): Promise<void>;
}

let logLines = 0;
async function openTarget(
  name: string,
  label: string,
  store: Store,
  close: () => Promise<void>,
  extraPlugins: readonly ApolloServerPlugin<RequestContext>[] = [],
) {
  const server = createServer({
    store,
    authenticator: refuseTokens,
    documents: createCollabDocuments(store),
    limits: DEFAULT_LIMITS,
    // As the Lambda entry configures it (JSON lines at info), counted instead of printed.
    logger: createJsonLogger({ level: "info", write: () => logLines++ }),
    development: false,
  });
  let schema: GraphQLSchema | null = null;
  // The executable schema Apollo runs, so the bare path executes exactly the same one.
  server.apollo.addPlugin({
    async serverWillStart(service) {
      schema = service.schema;
    },
  });
  for (const plugin of extraPlugins) server.apollo.addPlugin(plugin);
  const invoke = createLambdaHandler(server);
  // The first request waits for the background start (topic seeding).
  const warm = await invoke(
    eventFor(claimsOf("nobody"), JSON.stringify({ query: "{ topics { id } }" })),
    lambdaContext,
  );
  if (warm.statusCode !== 200 || !schema) throw new Error(`${name}: server did not start`);
  return { name, label, store, server, invoke, schema, close } satisfies Target as Target;
}

const dir = mkdtempSync(join(tmpdir(), "accord-bench-graphql-"));
// CPU_PROFILE_DIR keeps the .cpuprofile files (open them in Chrome DevTools); else they go.
const profileDir = process.env.CPU_PROFILE_DIR ?? dir;
mkdirSync(profileDir, { recursive: true });
const body = typePaperBody(config.document, seed);
console.log(`seed ${seed}: ${body.words} words in ${body.log.length} updates`);

const memoryStore = createMemoryStore();
const sqliteStore = openSqliteStore({ file: join(dir, "bench.sqlite") });
const targets: Target[] = [
  await openTarget("memory", "in-memory store", memoryStore, () => memoryStore.close()),
  await openTarget("sqlite", "SQLite store (temp file, WAL)", sqliteStore, () =>
    sqliteStore.close(),
  ),
];

interface Row {
  target: Target;
  paper: SeededPaper;
  responseBytes: number;
  handler: Stats;
  bare: Stats;
  handlerCpu: Stats;
  bareCpu: Stats;
  stringify: Stats;
  profiles: { handler: ProfileSummary; bare: ProfileSummary; requests: number };
}
const rows: Row[] = [];

type Sample = { elapsed: number; cpu: number };
interface Paths {
  viaHandler(): Promise<Sample & { result: Awaited<ReturnType<GraphqlLambdaHandler>> }>;
  bare(): Promise<Sample & { result: Awaited<ReturnType<typeof execute>> }>;
}

/** The two ways to ask `target` for the paper page of `paper`. */
function pathsFor(target: Target, paper: SeededPaper): Paths {
  const claims = claimsOf(paper.reader);
  const variables = { id: paper.paperId };
  const requestBody = JSON.stringify({
    query: PAPER_PAGE_QUERY,
    variables,
    operationName: "PaperPage",
  });
  const document: DocumentNode = parse(PAPER_PAGE_QUERY);
  const invalid = validate(target.schema, document);
  if (invalid.length) throw new Error(`The query is not valid: ${invalid.join("; ")}`);
  let bareCount = 0;
  return {
    async viaHandler() {
      const event = eventFor(claims, requestBody);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await target.invoke(event, lambdaContext);
      const elapsed = performance.now() - started;
      return { elapsed, cpu: cpuMs(cpu), result };
    },
    // What the handler does after API Gateway, minus the HTTP/Lambda plumbing and Apollo's
    // pipeline: the same context (member from the claims, fresh DataLoaders) and execution.
    async bare() {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const contextValue = await target.server.context({
        requestId: `bare-${++bareCount}`,
        identity: identityFromClaims(claims),
        authorization: null,
      });
      const result = await execute({
        schema: target.schema,
        document,
        variableValues: variables,
        operationName: "PaperPage",
        contextValue,
      });
      const elapsed = performance.now() - started;
      return { elapsed, cpu: cpuMs(cpu), result };
    },
  };
}

/**
 * Warm every path up, then measure them request by request in turn, rotating which goes first,
 * so that a burst of load from other processes on the machine hits them alike. Wall-clock and
 * CPU samples per path.
 */
async function alternate(
  paths: readonly (() => Promise<Sample>)[],
  count: number,
): Promise<{ wall: Stats; cpu: Stats }[]> {
  for (let i = 0; i < warmup; i++) for (const run of paths) await run();
  const wall = paths.map(() => [] as number[]);
  const cpu = paths.map(() => [] as number[]);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < paths.length; k++) {
      const p = (i + k) % paths.length;
      const sample = await paths[p]!();
      wall[p]!.push(sample.elapsed);
      cpu[p]!.push(sample.cpu);
    }
  }
  return paths.map((_, p) => ({ wall: stats(wall[p]!), cpu: stats(cpu[p]!) }));
}

for (const target of targets) {
  const paper = await seedPaper(target.invoke, target.store, config, body);
  const { viaHandler, bare } = pathsFor(target, paper);

  // Both paths answer the same, without errors.
  const first = await viaHandler();
  const bareFirst = await bare();
  if (first.result.statusCode !== 200) throw new Error(`handler: ${first.result.body}`);
  if (bareFirst.result.errors?.length) {
    throw new Error(`bare: ${JSON.stringify(bareFirst.result.errors)}`);
  }
  const fromHandler = JSON.parse(first.result.body ?? "null");
  deepStrictEqual(fromHandler, JSON.parse(JSON.stringify(bareFirst.result)));
  const responseBytes = Buffer.byteLength(first.result.body ?? "");

  const [handlerStats, bareStats] = await alternate([viaHandler, bare], iterations);
  // The share of the difference that is only turning the result into the response text.
  const stringifySamples: number[] = [];
  for (let i = 0; i < Math.min(500, iterations); i++) {
    const started = performance.now();
    JSON.stringify(bareFirst.result);
    stringifySamples.push(performance.now() - started);
  }
  // Where the difference goes: each path once more, under the CPU profiler.
  const profiled = async (path: "handler" | "bare") =>
    summarize(
      await profile(profileFile(profileDir, `${target.name}-${path}`), async () => {
        const run = path === "handler" ? viaHandler : bare;
        for (let i = 0; i < config.profileRequests; i++) await run();
      }),
    );
  const profiles = {
    handler: await profiled("handler"),
    bare: await profiled("bare"),
    requests: config.profileRequests,
  };
  console.log(compare(profiles.handler, profiles.bare, profiles.requests).join("\n"));
  const row: Row = {
    target,
    paper,
    responseBytes,
    handler: handlerStats!.wall,
    bare: bareStats!.wall,
    handlerCpu: handlerStats!.cpu,
    bareCpu: bareStats!.cpu,
    stringify: stats(stringifySamples),
    profiles,
  };
  rows.push(row);
  console.log(
    `${target.name}: handler median ${ms(row.handler.median)} ms p99 ${ms(row.handler.p99)} ms; ` +
      `bare median ${ms(row.bare.median)} ms p99 ${ms(row.bare.p99)} ms; ` +
      `ratio ${(row.handler.median / row.bare.median).toFixed(2)}× (p99 ${(row.handler.p99 / row.bare.p99).toFixed(2)}×)`,
  );
}

// Apollo installs its cache-control plugin unless told not to; its willResolveField hook makes
// Apollo wrap every resolver of the schema (in place, at the first request). Accord sets no
// cache hints, so a second server over the same in-memory data, with that plugin disabled,
// shows what the plugin costs on each path.
const memory = rows[0]!;
const lean = await openTarget(
  "memory-no-cache-control",
  "in-memory store, cache control off",
  memoryStore,
  async () => {},
  [ApolloServerPluginCacheControlDisabled()],
);
const leanPaths = pathsFor(lean, memory.paper);
deepStrictEqual(
  JSON.parse((await leanPaths.viaHandler()).result.body ?? "null"),
  JSON.parse(JSON.stringify((await leanPaths.bare()).result)),
);
const defaultPaths = pathsFor(memory.target, memory.paper);
const [defaultHandler, leanHandler, defaultBare, leanBare] = await alternate(
  [defaultPaths.viaHandler, leanPaths.viaHandler, defaultPaths.bare, leanPaths.bare],
  iterations / 2,
);
const cacheControl = {
  handler: defaultHandler!,
  handlerOff: leanHandler!,
  bare: defaultBare!,
  bareOff: leanBare!,
  iterations: iterations / 2,
};
console.log(
  `cache control: handler ${ms(cacheControl.handler.wall.median)} → ${ms(cacheControl.handlerOff.wall.median)} ms, ` +
    `bare ${ms(cacheControl.bare.wall.median)} → ${ms(cacheControl.bareOff.wall.median)} ms`,
);
for (const target of targets) await target.close();

// The Lambda bundle, built with the settings of infra/lib/constructs/accord-function.ts
// (accordBundling: CommonJS, node22, minified, external source map without sources, legal
// comments dropped, AWS SDK v3 bundled: no externals).
const entry = LAMBDA_ENTRIES.graphql;
const bundleDir = join(dir, "bundle");
const built = await build({
  absWorkingDir: REPO_ROOT,
  entryPoints: [join(REPO_ROOT, entry)],
  outfile: join(bundleDir, "index.js"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node22",
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
});
const esbuildVersion = (await import("esbuild")).version;
const code = readFileSync(join(bundleDir, "index.js"));
const bundle = {
  raw: code.length,
  gzip: gzipSync(code, { level: 9 }).length,
  map: readFileSync(join(bundleDir, "index.js.map")).length,
  inputs: Object.keys(built.metafile.inputs).length,
};
console.log(`bundle: ${kib(bundle.raw)} raw, ${kib(bundle.gzip)} gzip -9`);

// Cold start: a fresh `node` requires the bundle, with the environment infra gives the function.
// Times are read in the child: performance.now() counts from the process's start.
const probe = join(dir, "probe.cjs");
writeFileSync(
  probe,
  `const started = performance.now();
const file = process.argv[2];
const mod = file ? require(file) : { handler() {} };
const ready = performance.now();
const cpu = process.cpuUsage();
if (typeof mod.handler !== "function") throw new Error("no handler exported");
process.stdout.write(JSON.stringify({ started, ready, cpuMs: (cpu.user + cpu.system) / 1000 }));
`,
);
const lambdaEnv = {
  PATH: process.env.PATH ?? "",
  TABLE_NAME: "accord-bench-table",
  OIDC_ISSUER: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_BenchPool",
  OIDC_CLIENT_ID: "bench-client",
  MANAGEMENT_ENDPOINT: "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/live",
  AWS_REGION: "eu-west-1",
  STAGE: "bench",
  LOG_LEVEL: "info",
};
const COLD_VARIANTS = [
  {
    name: "bundle, NODE_OPTIONS=--enable-source-maps (as deployed)",
    args: [join(bundleDir, "index.js")],
    env: { ...lambdaEnv, NODE_OPTIONS: "--enable-source-maps" },
  },
  { name: "bundle, no source maps", args: [join(bundleDir, "index.js")], env: lambdaEnv },
  { name: "empty script (Node start-up alone)", args: [], env: lambdaEnv },
] as const;
const cold = COLD_VARIANTS.map(() => ({
  ready: [] as number[],
  require: [] as number[],
  cpu: [] as number[],
}));
for (let i = 0; i < config.coldStarts; i++) {
  for (const [v, variant] of COLD_VARIANTS.entries()) {
    const child = spawnSync(process.execPath, [probe, ...variant.args], {
      env: variant.env,
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`cold start failed: ${child.stderr}`);
    const { started, ready, cpuMs } = JSON.parse(child.stdout) as {
      started: number;
      ready: number;
      cpuMs: number;
    };
    cold[v]!.ready.push(ready);
    cold[v]!.require.push(ready - started);
    cold[v]!.cpu.push(cpuMs);
  }
}
const coldRows = COLD_VARIANTS.map((variant, v) => ({
  name: variant.name,
  ready: stats(cold[v]!.ready),
  require: stats(cold[v]!.require),
  cpu: stats(cold[v]!.cpu),
}));
for (const row of coldRows) {
  console.log(`cold ${row.name}: median ${ms(row.ready.median)} ms p90 ${ms(row.ready.p90)} ms`);
}
clearInterval(sampler);
loads.push(loadavg()[0]!);
rmSync(dir, { recursive: true, force: true });

// The RESULTS.md section.
const cpu = cpus();
const ratio = (h: number, b: number) => `${(h / b).toFixed(2)}×`;
const worst = (f: (r: Row) => number) => rows.reduce((w, r) => Math.max(w, f(r)), 0);
const worstMedian = worst((r) => r.handler.median / r.bare.median);
const worstP99 = worst((r) => r.handler.p99 / r.bare.p99);
const worstCpu = worst((r) => r.handlerCpu.median / r.bareCpu.median);
const verdict = `${worstMedian <= 1.5 && worstP99 <= 1.5 ? "**met**" : "**not met**"}: at most ${worstMedian.toFixed(2)}× at the median and ${worstP99.toFixed(2)}× at p99 (wall clock), ${worstCpu.toFixed(2)}× in CPU time at the median`;
const perRequest = (ms: number, r: Row) => (ms / r.profiles.requests).toFixed(2);
const profileRows = (r: Row) => {
  const { handler, bare } = r.profiles;
  const packages = [...new Set([...handler.byPackage.keys(), ...bare.byPackage.keys()])]
    .map((name) => ({
      name,
      h: handler.byPackage.get(name) ?? 0,
      b: bare.byPackage.get(name) ?? 0,
    }))
    .sort((x, y) => Math.max(y.h, y.b) - Math.max(x.h, x.b))
    .slice(0, 10);
  return packages
    .map(
      (p) =>
        `| ${p.name} | ${perRequest(p.h, r)} | ${perRequest(p.b, r)} | ${perRequest(p.h - p.b, r)} |`,
    )
    .join("\n");
};
/** Packages that (almost) only the handler path runs: Apollo's pipeline and the integration. */
const handlerOnly = (r: Row) => {
  const { handler, bare } = r.profiles;
  const only = [...handler.byPackage]
    .filter(([name, h]) => !name.startsWith("(") && (bare.byPackage.get(name) ?? 0) < 0.1 * h)
    .sort((a, b) => b[1] - a[1]);
  const total = only.reduce((sum, [name, h]) => sum + h - (bare.byPackage.get(name) ?? 0), 0);
  return `${perRequest(total, r)} ms per request (${only.map(([name]) => name).join(", ")})`;
};
const ownFrames = (r: Row) =>
  [...r.profiles.handler.inclusive]
    .filter(([key]) => / (packages|services)\//.test(key) && !key.startsWith("(anonymous)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([key, ms]) => `\`${key}\` ${perRequest(ms, r)} ms`)
    .join(", ");
const paper = rows[0]!.paper;
const section = `## GraphQL

Command: \`pnpm --filter @accord/bench bench:graphql\` (Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? "CPU"}, shared with other work;
1-minute load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} during the run; ${new Date().toISOString().slice(0, 10)}; seed ${seed}).
Sizes in test/bench/graphql-config.ts.

### Paper page: Lambda handler against bare \`execute\`

One paper in ENDORSEMENT: ${config.collaborators + 1} collaborators with profiles, a body of ${paper.words} words
(${config.document.sections} headed sections of paragraphs and bullet lists, typed by ${config.document.authors} authors in
${body.log.length} small updates with deleted typos; stored as the live host leaves it: a ${kib(paper.snapshotBytes)} compacted
snapshot plus ${paper.tail} log entries), ${config.commentThreads} anchored comment threads with ${config.repliesPerThread} replies each
(${config.resolvedThreads} resolved), ${config.versions} named versions, ${config.endorsements} endorsements. All of it except the body was
written through the handler. The query (\`PAPER_PAGE_QUERY\` in graphql-fixture.ts) asks, as the
paper's LEAD, for title, summary, status, working group and topics, collaborators with their
members, content (text, outline, word count, last edit), comment threads with anchors (quote and
current text) and comments with authors, the versions list, endorsement count, viewerRole,
viewerCan and the allowed status transitions; the answer is ${kib(rows[0]!.responseBytes)} of JSON.

- **handler**: \`createLambdaHandler(createServer(…))\` invoked in process with an HTTP API v2
  event carrying JWT authorizer claims; timed from the call to the returned response (headers
  copied, body JSON-parsed, identity from the claims, Apollo's request pipeline and plugins:
  document cache, query depth/cost limits, introspection gate, error reporting; result
  serialized to the response text).
- **bare**: graphql 16 \`execute\` on the schema Apollo runs (taken from its \`serverWillStart\`),
  on the same store and the same \`server.context(…)\` (member looked up from the same claims,
  fresh DataLoaders), with the document parsed and validated once beforehand (Apollo caches
  both too), no JSON on either side.

Each path: ${warmup} warm-up requests, then ${iterations} measured; one request at a time, the paths taking
turns request by request (which goes first alternates), so load from other processes hits both alike. Both paths were checked to give the same data.

Wall-clock time per request, and CPU time per request (user + system of this process, all
threads: less disturbed by the other processes sharing the machine):

| store | path | median | p90 | p99 | CPU median | CPU p99 | handler ÷ bare: median, p99, CPU median |
|---|---|---:|---:|---:|---:|---:|---:|
${rows
  .flatMap((r) => [
    `| ${r.target.label} | handler | ${ms(r.handler.median)} ms | ${ms(r.handler.p90)} ms | ${ms(r.handler.p99)} ms | ${ms(r.handlerCpu.median)} ms | ${ms(r.handlerCpu.p99)} ms | ${ratio(r.handler.median, r.bare.median)}, ${ratio(r.handler.p99, r.bare.p99)}, ${ratio(r.handlerCpu.median, r.bareCpu.median)} |`,
    `| ${r.target.label} | bare execute | ${ms(r.bare.median)} ms | ${ms(r.bare.p90)} ms | ${ms(r.bare.p99)} ms | ${ms(r.bareCpu.median)} ms | ${ms(r.bareCpu.p99)} ms | |`,
  ])
  .join("\n")}

Target handler ≤ 1.5× bare: ${verdict}. For scale, \`JSON.stringify\` of the
result alone takes ${rows.map((r) => `${ms(r.stringify.median)} ms (${r.target.name})`).join(", ")} at the median. Log lines
written during the run: ${logLines}.

Where the time goes: after the measurement, ${config.profileRequests} more requests per path ran under V8's sampling
CPU profiler (node:inspector, as \`node --cpu-prof\`; keep the profiles with
\`CPU_PROFILE_DIR=<dir>\`). Self time per request by package, the ten largest. The paths share
everything below \`execute\`, so their differences there (garbage collection, Yjs, our
resolvers) are sampling and GC-timing noise of ±1–2 ms; what only the handler runs is the
overhead proper (tsx shows up because \`@apollo/utils.createhash\` calls \`require("crypto")\` at
every request and tsx's resolver sees it; in the bundle that is a cached built-in):

${rows
  .map(
    (r) => `${r.target.label}:

| package | handler ms | bare ms | difference |
|---|---:|---:|---:|
${profileRows(r)}

Only on the handler path: ${handlerOnly(r)}. Largest frames of our own code
(inclusive, per request, handler path): ${ownFrames(r)}.`,
  )
  .join("\n\n")}

### Apollo's cache-control plugin

Apollo Server installs its cache-control plugin unless it is disabled; its \`willResolveField\`
hook runs for every field, and makes Apollo wrap every resolver of the schema in place at the
first request (so the bare path above also runs the wrappers, which pass straight through
without an Apollo request). Accord sets no cache hints. A second server over the same in-memory
data with \`ApolloServerPluginCacheControlDisabled()\` added, ${cacheControl.iterations} requests per path, the four
paths taking turns request by request:

| path | default plugins: median | cache control off: median | default: CPU median | off: CPU median |
|---|---:|---:|---:|---:|
| handler | ${ms(cacheControl.handler.wall.median)} ms | ${ms(cacheControl.handlerOff.wall.median)} ms | ${ms(cacheControl.handler.cpu.median)} ms | ${ms(cacheControl.handlerOff.cpu.median)} ms |
| bare execute | ${ms(cacheControl.bare.wall.median)} ms | ${ms(cacheControl.bareOff.wall.median)} ms | ${ms(cacheControl.bare.cpu.median)} ms | ${ms(cacheControl.bareOff.cpu.median)} ms |

With cache control off, handler ÷ bare execution on the unwrapped schema is ${ratio(cacheControl.handlerOff.wall.median, cacheControl.bareOff.wall.median)} at the median
(${ratio(cacheControl.handlerOff.cpu.median, cacheControl.bareOff.cpu.median)} in CPU time).

### Lambda bundle

\`${entry}\` bundled by esbuild ${esbuildVersion} with the settings of
\`accordBundling()\` in infra/lib/constructs/accord-function.ts (CommonJS, platform node, target
node22, minified, external source map without sources, legal comments dropped, AWS SDK v3
bundled: nothing external); ${bundle.inputs} input files.

| index.js (minified) | gzip -9 | index.js.map |
|---:|---:|---:|
| ${kib(bundle.raw)} | ${kib(bundle.gzip)} | ${kib(bundle.map)} |

### Cold start: module init

${config.coldStarts} fresh \`node\` processes per row (in alternation), each requiring the bundle with the
environment infra gives the function (TABLE_NAME, OIDC_ISSUER, OIDC_CLIENT_ID,
MANAGEMENT_ENDPOINT, AWS_REGION, STAGE, LOG_LEVEL); nothing touches the network at init. The
entry imports the DynamoDB adapter (with the AWS SDK) and the live notifier dynamically, which
esbuild keeps lazy, and builds the Apollo server at the first request: neither is counted
here, but Apollo's and graphql's modules are. "Start → handler" is
\`performance.now()\` in the child once \`require\` returned (from process start, Node's own
start-up included); "require" is the \`require\` call alone; "CPU time" is the child's user +
system time at that point (all its threads), which other processes on the machine disturb less. This is Node ${process.version} on this
machine, not Lambda's node22 on arm64.

| process | start → handler, median | p90 | require alone, median | p90 | CPU time to handler, median | p90 |
|---|---:|---:|---:|---:|---:|---:|
${coldRows
  .map(
    (r) =>
      `| ${r.name} | ${ms(r.ready.median)} ms | ${ms(r.ready.p90)} ms | ${ms(r.require.median)} ms | ${ms(r.require.p90)} ms | ${ms(r.cpu.median)} ms | ${ms(r.cpu.p90)} ms |`,
  )
  .join("\n")}
`;

const resultsFile = join(HERE, "RESULTS.md");
const current = readFileSync(resultsFile, "utf8");
const lines = current.split("\n");
const start = lines.indexOf("## GraphQL");
let next: string;
if (start === -1) {
  next = `${current.trimEnd()}\n\n${section}`;
} else {
  const after = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const rest = after === -1 ? "" : `\n${lines.slice(after).join("\n")}`;
  next = `${lines.slice(0, start).join("\n")}${start > 0 ? "\n" : ""}${section}${rest}`;
}
writeFileSync(resultsFile, next.endsWith("\n") ? next : `${next}\n`);
console.log(`\n${section}`);
