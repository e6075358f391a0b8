// GraphQL under load: the real local server (services/standalone's main.ts as a child process,
// SQLite) asked for the paper page, then for a mixed read/write workload, by more and more
// closed-loop clients over HTTP (1 … 64): throughput and p50/p99 per step, and the highest
// throughput whose p99 stays within the target. Then, in this process on the same SQLite file,
// Apollo's own overhead: `executeHTTPGraphQLRequest` against bare graphql `execute` on the same
// schema, context and data. Run: pnpm --filter @accord/bench bench:graphql-load (sizes in
// graphql-load-config.ts). Writes the "GraphQL under load" subsection of RESULTS.md's Reliability.
import { deepStrictEqual } from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_LIMITS } from "@accord/domain";
import {
  createCollabDocuments,
  createJsonLogger,
  createServer,
  type GraphqlLambdaHandler,
} from "@accord/graphql-api";
import {
  createLocalAuthenticator,
  loadOrCreateDevSigningKey,
  mintLocalToken,
} from "@accord/identity";
import { openSqliteStore } from "@accord/storage-sqlite";
import { HeaderMap } from "@apollo/server";
// The CommonJS build, the one Apollo loads: one graphql instance for the schema and `execute`.
import { type DocumentNode, execute, type GraphQLSchema, parse, validate } from "graphql/index.js";
import { GRAPHQL_BENCH } from "./graphql-config.ts";
import { PAPER_PAGE_QUERY, prng, seedPaper, typePaperBody } from "./graphql-fixture.ts";
import { GRAPHQL_LOAD as config } from "./graphql-load-config.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, "..", "..");
// The local server's entry and its SQLite file name (services/standalone: main.ts, SQLITE_FILE),
// run as a process of its own, as `pnpm start` runs it.
const SERVER_MAIN = join(REPO_ROOT, "services", "standalone", "src", "main.ts");
const SQLITE_FILE = "accord.sqlite";
const require = createRequire(import.meta.url);
const TSX_LOADER = pathToFileURL(
  join(dirname(require.resolve("tsx/package.json")), "dist/loader.mjs"),
).href;
// STEP_MS and WARMUP_MS shorten a trial run; the recorded figures use graphql-load-config.ts.
const stepMs = Number(process.env.STEP_MS ?? config.stepMs);
const warmupMs = Number(process.env.WARMUP_MS ?? config.warmupMs);
const seed = Number(process.env.SEED ?? GRAPHQL_BENCH.seed);

const loads: number[] = [loadavg()[0]!];
const loadSampler = setInterval(() => loads.push(loadavg()[0]!), 1_000);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
};
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

// --- the server process ------------------------------------------------------------------------

interface ServerChild {
  child: ChildProcess;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

async function startServerChild(dataDir: string): Promise<ServerChild> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      TSX_LOADER,
      SERVER_MAIN,
      ...["--data-dir", dataDir, "--port", "0", "--store", "sqlite", "--log-level", "warn"],
    ],
    {
      cwd: REPO_ROOT,
      // Production mode, as deployed: no development sign-in, no explorer, no web build check.
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const stop = () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    return exited.finally(() => clearTimeout(force));
  };
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => output.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the server did not listen in 120 s")),
      120_000,
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      const match = /GraphQL\s+http:\/\/[^:]+:(\d+)\/graphql/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output.slice(-20).join("\n")}`));
    });
  });
  return { child, pid: child.pid!, url: `http://127.0.0.1:${port}/graphql`, stop };
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat; USER_HZ 100). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// --- clients -----------------------------------------------------------------------------------

interface Answer {
  ok: boolean;
  detail: string;
}

async function post(url: string, token: string, body: string): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.text();
  if (response.status !== 200)
    return { ok: false, detail: `HTTP ${response.status} ${text.slice(0, 200)}` };
  const parsed = JSON.parse(text) as {
    errors?: { message?: string; extensions?: { code?: string } }[];
  };
  if (parsed.errors?.length) {
    const e = parsed.errors[0]!;
    return {
      ok: false,
      detail: `${e.extensions?.code ?? "ERROR"}: ${e.message ?? ""}`.slice(0, 200),
    };
  }
  return { ok: true, detail: "" };
}

/** The seeding helper's handler, played by HTTP requests to the server with local tokens. */
function handlerOverHttp(url: string, tokenFor: (username: string) => Promise<string>) {
  const invoke = async (event: Parameters<GraphqlLambdaHandler>[0]) => {
    const claims = (
      event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }
    ).authorizer.jwt.claims;
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await tokenFor(claims.username!)}`,
      },
      body: event.body ?? "",
    });
    return { statusCode: response.status, body: await response.text() };
  };
  // seedPaper only reads statusCode and body of what it gets back.
  return invoke as unknown as GraphqlLambdaHandler;
}

interface StepRow {
  concurrency: number;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  errorSample: string;
  serverCpu: number;
  /** This process (the clients), percent of one core. */
  clientCpu: number;
  loadAverage: number;
}

/** `concurrency` closed-loop clients for warm-up + measured time; figures of the measured part. */
async function step(
  concurrency: number,
  send: (n: number) => Promise<Answer>,
  pid: number | null,
  warmup: number,
  measured: number,
): Promise<StepRow> {
  const started = performance.now();
  const measureFrom = started + warmup;
  const ends = measureFrom + measured;
  const latencies: number[] = [];
  let completed = 0;
  let errors = 0;
  let errorSample = "";
  let sent = 0;
  let cpuAtStart = Number.NaN;
  let clientCpuAtStart = process.cpuUsage();
  const cpuTimer = setTimeout(() => {
    if (pid !== null) cpuAtStart = cpuSeconds(pid);
    clientCpuAtStart = process.cpuUsage();
  }, warmup);
  // Both read again when the measured time ends, not when the last answer in flight arrives.
  let serverCpu = Number.NaN;
  let clientCpu = Number.NaN;
  const endRead = new Promise<void>((resolve) =>
    setTimeout(() => {
      if (pid !== null) serverCpu = ((cpuSeconds(pid) - cpuAtStart) / (measured / 1000)) * 100;
      const used = process.cpuUsage(clientCpuAtStart);
      clientCpu = ((used.user + used.system) / 1000 / measured) * 100;
      resolve();
    }, warmup + measured),
  );
  const client = async () => {
    while (performance.now() < ends && sent < config.maxRequestsPerStep) {
      const n = sent++;
      const t0 = performance.now();
      let answer: Answer;
      try {
        answer = await send(n);
      } catch (error) {
        answer = { ok: false, detail: String(error).slice(0, 200) };
      }
      const t1 = performance.now();
      if (t0 >= measureFrom && t0 < ends) latencies.push(t1 - t0);
      if (t1 >= measureFrom && t1 <= ends) completed += 1;
      if (!answer.ok && t0 >= measureFrom) {
        errors += 1;
        errorSample ||= answer.detail;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  clearTimeout(cpuTimer);
  await endRead;
  return {
    concurrency,
    requests: latencies.length,
    throughput: completed / (measured / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors,
    errorSample,
    serverCpu,
    clientCpu,
    loadAverage: loadavg()[0]!,
  };
}

const best = (rows: readonly StepRow[]) =>
  rows
    .filter((r) => r.p99 <= config.p99TargetMs && r.errors === 0)
    .reduce<StepRow | null>((b, r) => (b === null || r.throughput > b.throughput ? r : b), null);

// --- set-up: the server, the paper -------------------------------------------------------------

const dataDir = mkdtempSync(join(tmpdir(), "accord-bench-graphql-load-"));
const key = await loadOrCreateDevSigningKey(dataDir);
const tokens = new Map<string, string>();
const tokenFor = async (username: string) => {
  let token = tokens.get(username);
  if (!token) {
    token = await mintLocalToken(key, { username, ttlSeconds: 24 * 3600 });
    tokens.set(username, token);
  }
  return token;
};

const server = await startServerChild(dataDir);
const body = typePaperBody(GRAPHQL_BENCH.document, seed);
// The body goes straight into the store, as the live host leaves it (a second connection to the
// server's SQLite file, WAL); everything else through the server's GraphQL.
const seedingStore = openSqliteStore({ file: join(dataDir, SQLITE_FILE) });
const paper = await seedPaper(
  handlerOverHttp(server.url, tokenFor),
  seedingStore,
  GRAPHQL_BENCH,
  body,
);
await seedingStore.close();
const leadToken = await tokenFor(paper.reader);
console.log(`seed ${seed}: paper ${paper.paperId}, ${paper.words} words, lead ${paper.reader}`);

// The lead's own comments (edited in the mixed workload) and the size of the page.
const page = await fetch(server.url, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${leadToken}` },
  body: JSON.stringify({ query: PAPER_PAGE_QUERY, variables: { id: paper.paperId } }),
});
const pageText = await page.text();
const pageData = JSON.parse(pageText) as {
  data: {
    paper: {
      collaborators: { role: string; member: { id: string } }[];
      commentThreads: {
        edges: { node: { comments: { id: string; author: { id: string } | null }[] } }[];
      };
    };
  };
};
const leadId = pageData.data.paper.collaborators.find((c) => c.role === "LEAD")!.member.id;
const leadComments = pageData.data.paper.commentThreads.edges
  .flatMap((e) => e.node.comments)
  .filter((c) => c.author?.id === leadId)
  .map((c) => c.id);
if (leadComments.length === 0) throw new Error("the lead wrote no comment to edit");

const pageBody = JSON.stringify({ query: PAPER_PAGE_QUERY, variables: { id: paper.paperId } });
const threadsBody = JSON.stringify({
  query: `query($p: ID!) { paper(id: $p) { id commentThreads(first: 20) { edges { node { id resolved anchor { quote } comments { id body createdAt author { id displayName } } } } } } }`,
  variables: { p: paper.paperId },
});
const EDIT_COMMENT = `mutation($input: EditCommentInput!) { editComment(input: $input) { id body } }`;
const UPDATE_SUMMARY = `mutation($input: UpdatePaperInput!) { updatePaper(input: $input) { id version } }`;

const paperPage = () => post(server.url, leadToken, pageBody);
const random = prng(seed);
const mixed = (n: number) => {
  const r = random();
  const { paperPage: page, commentThreads, editComment } = config.mixed;
  if (r < page) return post(server.url, leadToken, pageBody);
  if (r < page + commentThreads) return post(server.url, leadToken, threadsBody);
  if (r < page + commentThreads + editComment) {
    const id = leadComments[n % leadComments.length]!;
    return post(
      server.url,
      leadToken,
      JSON.stringify({ query: EDIT_COMMENT, variables: { input: { id, body: `Edited (${n}).` } } }),
    );
  }
  return post(
    server.url,
    leadToken,
    JSON.stringify({
      query: UPDATE_SUMMARY,
      variables: { input: { id: paper.paperId, summary: `Open ocean data, revision ${n}.` } },
    }),
  );
};

// --- over HTTP, rising concurrency -------------------------------------------------------------

const workloads = [
  { name: "paper page", send: paperPage },
  { name: "mixed", send: mixed },
] as const;
const results: { name: string; rows: StepRow[] }[] = [];
for (const workload of workloads) {
  const rows: StepRow[] = [];
  for (const concurrency of config.concurrency) {
    const row = await step(concurrency, workload.send, server.pid, warmupMs, stepMs);
    rows.push(row);
    console.log(
      `${workload.name} × ${concurrency}: ${fixed(row.throughput)} req/s, p50 ${fixed(row.p50)} ms, p99 ${fixed(row.p99)} ms, server CPU ${fixed(row.serverCpu, 0)}%, clients' CPU ${fixed(row.clientCpu, 0)}%, errors ${row.errors}${row.errorSample ? ` (${row.errorSample})` : ""}, load ${fixed(row.loadAverage, 2)}`,
    );
  }
  results.push({ name: workload.name, rows });
}
await server.stop();

// --- in process: Apollo against bare execute ---------------------------------------------------

const store = openSqliteStore({ file: join(dataDir, SQLITE_FILE) });
let logLines = 0;
const graphql = createServer({
  store,
  authenticator: createLocalAuthenticator(key),
  documents: createCollabDocuments(store),
  limits: DEFAULT_LIMITS,
  logger: createJsonLogger({ level: "warn", write: () => logLines++ }),
  development: false,
});
let schema: GraphQLSchema | null = null;
// The executable schema Apollo runs, so the bare path executes exactly the same one.
graphql.apollo.addPlugin({
  async serverWillStart(service) {
    schema = service.schema;
  },
});
await graphql.apollo.start();
if (!schema) throw new Error("Apollo did not hand over its schema");
const executable: GraphQLSchema = schema;
const identity = await createLocalAuthenticator(key).verify(leadToken);
const document: DocumentNode = parse(PAPER_PAGE_QUERY);
const invalid = validate(executable, document);
if (invalid.length) throw new Error(`The query is not valid: ${invalid.join("; ")}`);
const variables = { id: paper.paperId };
let requestCounter = 0;

/** What serveHttp hands Apollo for a POST (its body already JSON-parsed), answered as text. */
async function viaApollo(): Promise<string> {
  const response = await graphql.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: "POST",
      headers: new HeaderMap([["content-type", "application/json"]]),
      search: "",
      body: { query: PAPER_PAGE_QUERY, variables, operationName: "PaperPage" },
    },
    context: () => graphql.context({ requestId: `apollo-${++requestCounter}`, identity }),
  });
  if (response.body.kind !== "complete") throw new Error("Apollo answered in chunks");
  return response.body.string;
}

/** The same context (member looked up, fresh DataLoaders) and execution, nothing else. */
async function bare() {
  const contextValue = await graphql.context({ requestId: `bare-${++requestCounter}`, identity });
  return execute({
    schema: executable,
    document,
    variableValues: variables,
    operationName: "PaperPage",
    contextValue,
  });
}

deepStrictEqual(JSON.parse(await viaApollo()), JSON.parse(JSON.stringify(await bare())));
const asAnswer = (run: () => Promise<unknown>) => async (): Promise<Answer> => {
  await run();
  return { ok: true, detail: "" };
};
const inProcess: { concurrency: number; apollo: StepRow; bare: StepRow }[] = [];
for (const concurrency of config.inProcess.concurrency) {
  // A-B-B-A halves: a change of load on the machine meets both paths alike.
  const half = config.inProcess.stepMs / 2;
  const warm = config.inProcess.warmupMs;
  const a1 = await step(concurrency, asAnswer(viaApollo), null, warm, half);
  const b1 = await step(concurrency, asAnswer(bare), null, warm, half);
  const b2 = await step(concurrency, asAnswer(bare), null, warm, half);
  const a2 = await step(concurrency, asAnswer(viaApollo), null, warm, half);
  const merge = (x: StepRow, y: StepRow): StepRow => ({
    ...x,
    requests: x.requests + y.requests,
    throughput: (x.throughput + y.throughput) / 2,
    p50: (x.p50 + y.p50) / 2,
    p99: Math.max(x.p99, y.p99),
  });
  const row = { concurrency, apollo: merge(a1, a2), bare: merge(b1, b2) };
  inProcess.push(row);
  console.log(
    `in process × ${concurrency}: Apollo ${fixed(row.apollo.throughput)} req/s (p50 ${fixed(row.apollo.p50, 2)} ms), bare execute ${fixed(row.bare.throughput)} req/s (p50 ${fixed(row.bare.p50, 2)} ms)`,
  );
}
await graphql.apollo.stop();
await store.close();
clearInterval(loadSampler);
rmSync(dataDir, { recursive: true, force: true });

// --- RESULTS.md --------------------------------------------------------------------------------

const cpu = cpus();
const machine = `${cpu.length}× ${cpu[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}`;
const table = (rows: readonly StepRow[]) =>
  [
    "| clients | requests/s | p50 ms | p99 ms | server CPU, % of a core | clients' CPU, % of a core | errors | load average |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.concurrency} | ${fixed(r.throughput)} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${fixed(r.serverCpu, 0)} | ${fixed(r.clientCpu, 0)} | ${r.errors}${r.errorSample ? ` (${r.errorSample})` : ""} | ${fixed(r.loadAverage, 2)} |`,
    ),
  ].join("\n");
const heldLine = (name: string, rows: readonly StepRow[]) => {
  const b = best(rows);
  return b
    ? `- ${name}: **${fixed(b.throughput)} requests/s** at ${b.concurrency} client${b.concurrency === 1 ? "" : "s"} (p99 ${fixed(b.p99)} ms).`
    : `- ${name}: no step kept p99 ≤ ${config.p99TargetMs} ms without errors.`;
};
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const { mixed: shares } = config;
const section = `### GraphQL under load

Command: \`pnpm --filter @accord/bench bench:graphql-load\` (${new Date().toISOString().slice(0, 10)}; ${machine}; seed ${seed}).
The machine is shared with other work that kept its cores busy during this session: 1-minute
load average ${fixed(Math.min(...loads), 2)}–${fixed(Math.max(...loads), 2)} during the run (per step in the tables). Sizes in
test/bench/graphql-load-config.ts.

The real local server (services/standalone's main.ts in a process of its own, production mode,
SQLite, log level warn) holding the paper of the GraphQL benchmark above (${paper.words} words, ${GRAPHQL_BENCH.collaborators + 1}
collaborators, ${GRAPHQL_BENCH.commentThreads} comment threads, ${GRAPHQL_BENCH.versions} versions, ${GRAPHQL_BENCH.endorsements} endorsements; written through its GraphQL,
the body straight into its SQLite file). Closed-loop clients in one process on the same machine
(Node's fetch, keep-alive, a local token verified by the server at every request): each sends
its next request when the last one answered. Each step: ${warmupMs / 1000} s of warm-up, then ${stepMs / 1000} s measured;
p50/p99 over the requests sent in the measured time, requests/s over the answers received in it.

Paper page (\`PAPER_PAGE_QUERY\`, ${(Buffer.byteLength(pageText) / 1024).toFixed(1)} KiB of JSON, as the paper's LEAD):

${table(results[0]!.rows)}

Mixed: ${shares.paperPage * 100}% paper page, ${shares.commentThreads * 100}% comment threads (20 threads with their comments),
${shares.editComment * 100}% a comment edited by its author, ${shares.updateSummary * 100}% the paper's summary edited (writes that change
rows without growing what the reads return):

${table(results[1]!.rows)}

Highest throughput with p99 ≤ ${config.p99TargetMs} ms and no errors:

${heldLine("paper page", results[0]!.rows)}
${heldLine("mixed", results[1]!.rows)}

Apollo's own overhead, in this process once the server stopped, on the same SQLite file, schema
and context: the paper page through \`apollo.executeHTTPGraphQLRequest\` (what the server's
\`serveHttp\` calls, with the body already parsed: Apollo's request pipeline, plugins, limits and
the JSON answer) against graphql's \`execute\` on the executable schema Apollo runs, with the same
\`server.context(…)\` (member looked up, fresh DataLoaders) and the document parsed and validated
once beforehand. Both paths gave the same data. ${config.inProcess.stepMs / 1000} s measured per path and step, in
A-B-B-A halves:

| clients | Apollo requests/s | bare requests/s | Apollo p50 ms | bare p50 ms | Apollo p99 ms | bare p99 ms | Apollo ÷ bare, time per request |
|---:|---:|---:|---:|---:|---:|---:|---:|
${inProcess
  .map(
    (r) =>
      `| ${r.concurrency} | ${fixed(r.apollo.throughput)} | ${fixed(r.bare.throughput)} | ${fixed(r.apollo.p50, 2)} | ${fixed(r.bare.p50, 2)} | ${fixed(r.apollo.p99, 2)} | ${fixed(r.bare.p99, 2)} | ${ratio(r.bare.throughput, r.apollo.throughput)} |`,
  )
  .join("\n")}

The server runs GraphQL on one event loop: once its process is busy about one core (the server
CPU column; fsync and garbage collection run on other threads, hence over 100%), more clients
add no throughput, only waiting, and p99 grows with the queue. Over HTTP, the rest of a
request's time is the server's HTTP handling, the token's signature check and the client (the
load generator shares the two cores with the server and with the other work on the machine).
`;

/** Replace (or add) this subsection inside "## Reliability"; nothing else in the file changes. */
function writeSubsection(file: string, text: string) {
  const current = readFileSync(file, "utf8");
  const heading = "### GraphQL under load";
  const at = current.indexOf(`\n${heading}\n`);
  let next: string;
  if (at !== -1) {
    const rest = current.slice(at + 1 + heading.length);
    const endRel = rest.search(/\n#{2,3} /);
    const end = endRel === -1 ? current.length : at + 1 + heading.length + endRel + 1;
    next = `${current.slice(0, at + 1)}${text.trimEnd()}\n${end < current.length ? `\n${current.slice(end)}` : ""}`;
  } else {
    const reliability = current.indexOf("\n## Reliability\n");
    if (reliability === -1) {
      next = `${current.trimEnd()}\n\n## Reliability\n\n${text.trimEnd()}\n`;
    } else {
      const after = current.indexOf("\n## ", reliability + 1);
      const end = after === -1 ? current.length : after + 1;
      next = `${current.slice(0, end).trimEnd()}\n\n${text.trimEnd()}\n${after === -1 ? "" : `\n${current.slice(end)}`}`;
    }
  }
  writeFileSync(file, next);
}

if (process.env.RECORD !== "0") {
  writeSubsection(join(HERE, "RESULTS.md"), section);
  console.log("Recorded in test/bench/RESULTS.md (## Reliability, ### GraphQL under load).");
}
console.log(`\n${section}`);
console.log(`(in-process server log lines at warn or above: ${logLines})`);
process.exit(0);
