// Survey results on the local server: the time of a `surveyResults` request (every question's
// cells, the diplomacy types, the CSV) over HTTP for a closed survey of 10,000 responses on the
// SQLite store, beside the same request on the in-memory store (no storage cost) in the same
// run, and the share of reading the responses and of computing the cells. Run:
// pnpm --filter @accord/bench bench:surveys (sizes in survey-config.ts). Writes the "Surveys"
// section of RESULTS.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  COMMUNITIES,
  computeSurveyResults,
  DEFAULT_LIMITS,
  type Survey,
  type SurveyAnswer,
  surveyQuestions,
} from "@accord/domain";
import { createJsonLogger, createServer, serveHttp } from "@accord/graphql-api";
import type { Authenticator } from "@accord/identity";
import { createMemoryStore, type Store } from "@accord/storage";
import { openSqliteStore } from "@accord/storage-sqlite";
import { SURVEY_BENCH as config } from "./survey-config.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const responsesWanted = Number(process.env.RESPONSES ?? config.responses);

// A deterministic generator (mulberry32), so every run measures the same answers.
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const questions = surveyQuestions([
  ...["SCIENCE_IN_DIPLOMACY", "SCIENCE_FOR_DIPLOMACY", "DIPLOMACY_FOR_SCIENCE"].flatMap((type) => [
    { kind: "LIKERT", prompt: `Statement on ${type} (1)`, diplomacyTypes: [type] },
    { kind: "LIKERT", prompt: `Statement on ${type} (2)`, scale: 7, diplomacyTypes: [type] },
  ]),
  { kind: "SINGLE_CHOICE", prompt: "Main channel", labels: ["Embassies", "Academies", "Both"] },
  { kind: "MULTIPLE_CHOICE", prompt: "Areas", labels: ["Climate", "Energy", "Space", "Oceans"] },
  {
    kind: "RANKING",
    prompt: "Priorities",
    labels: ["Supply chains", "Technology controls", "Talent"],
  },
  { kind: "NUMBER", prompt: "Years of experience", min: 0, max: 60 },
  { kind: "TEXT", prompt: "Anything else?", required: false },
]);

const now = new Date().toISOString();
const survey: Survey = {
  id: "bench-survey",
  workingGroupId: null,
  title: "Perceptions of S&T diplomacy",
  introduction: "",
  audience: "ALL_MEMBERS",
  audienceCommunities: [],
  opensAt: null,
  closesAt: now,
  status: "CLOSED",
  anonymous: true,
  resultsVisibility: "PUBLIC",
  questions,
  createdBy: "bench",
  openedAt: now,
  closedAt: now,
  pseudonymKey: "YmVuY2g",
  version: 3,
  createdAt: now,
  updatedAt: now,
};

function answersOf(next: () => number): SurveyAnswer[] {
  return questions.flatMap((q): SurveyAnswer[] => {
    const base = { questionId: q.id, value: null, choices: [], text: null };
    switch (q.kind) {
      case "LIKERT":
        return [{ ...base, value: 1 + Math.floor(next() * (q.scale ?? 5)) }];
      case "SINGLE_CHOICE":
        return [{ ...base, choices: [Math.floor(next() * q.labels.length)] }];
      case "MULTIPLE_CHOICE":
        return [
          {
            ...base,
            choices: q.labels
              .map((_, i) => i)
              .filter(() => next() < 0.4)
              .concat([]),
          },
        ].filter((a) => a.choices.length > 0);
      case "RANKING":
        return [{ ...base, choices: [0, 1, 2].sort(() => next() - 0.5) }];
      case "NUMBER":
        return [{ ...base, value: Math.floor(next() * 40) }];
      default:
        return next() < 0.1 ? [{ ...base, text: "More cooperation on ocean observation." }] : [];
    }
  });
}

async function seed(store: Store) {
  const next = random(config.seed);
  await store.surveys.create(survey);
  const puts: Promise<void>[] = [];
  for (let i = 0; i < responsesWanted; i++) {
    const community =
      next() < 0.05 ? null : (COMMUNITIES[Math.floor(next() * COMMUNITIES.length)] ?? null);
    puts.push(
      store.surveyResponses.put({
        surveyId: survey.id,
        respondentKey: `respondent-${String(i).padStart(6, "0")}`,
        memberId: null,
        community,
        answers: answersOf(next),
        version: 1,
        createdAt: now.slice(0, 10) + "T00:00:00.000Z",
        updatedAt: now.slice(0, 10) + "T00:00:00.000Z",
      }),
    );
  }
  await Promise.all(puts);
}

const QUERY = `query($s: ID!) { surveyResults(id: $s) {
  minimumCellSize csv
  questions { question { id } overall { respondents mean median distribution { value count meanRank } }
    byCommunity { group suppressed respondents mean median distribution { value count meanRank } }
    difference { suppressed difference low high } }
  diplomacyTypes { diplomacyType overall { respondents mean } byCommunity { group respondents mean }
    difference { difference low high } }
} }`;

// Anonymous requests: the survey's results are public once closed, so no token is verified.
const noTokens: Authenticator = {
  async verify() {
    throw new Error("The benchmark sends no bearer tokens to verify.");
  },
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function measure(name: string, store: Store) {
  const server = createServer({
    store,
    authenticator: noTokens,
    limits: DEFAULT_LIMITS,
    live: null,
    documents: null,
    logger: createJsonLogger({ write: () => {}, level: "error" }),
    development: false,
  });
  await server.apollo.start();
  const http = createHttpServer((req, res) => {
    void serveHttp(server, req, res, { maxBodyBytes: DEFAULT_LIMITS.graphql.maxBodyBytes });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const request = async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: QUERY, variables: { s: survey.id } }),
    });
    const body = (await response.json()) as {
      data?: { surveyResults: { csv: string } };
      errors?: unknown;
    };
    if (!body.data) throw new Error(`surveyResults failed: ${JSON.stringify(body.errors)}`);
    return body.data.surveyResults;
  };
  for (let i = 0; i < config.warmup; i++) await request();
  const times: number[] = [];
  // CPU time of this process (server and client both) per request: unlike wall time, it does
  // not grow when other processes hold the cores.
  const cpu: number[] = [];
  let csvBytes = 0;
  for (let i = 0; i < config.iterations; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const results = await request();
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    csvBytes = results.csv.length;
  }
  // The parts: reading every response from the store, and computing the cells.
  const reads: number[] = [];
  const computes: number[] = [];
  for (let i = 0; i < config.iterations; i++) {
    let started = performance.now();
    const responses = await store.surveyResponses.listBySurvey(survey.id);
    reads.push(performance.now() - started);
    started = performance.now();
    computeSurveyResults(survey, responses);
    computes.push(performance.now() - started);
  }
  await new Promise((resolve) => http.close(resolve));
  await server.apollo.stop();
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return {
    name,
    request: sorted(times),
    cpu: sorted(cpu),
    read: sorted(reads),
    compute: sorted(computes),
    csvBytes,
  };
}

const dir = mkdtempSync(join(tmpdir(), "accord-bench-surveys-"));
const sqlite = openSqliteStore({ file: join(dir, "accord.sqlite") });
const memory = createMemoryStore();
const seeding = performance.now();
await seed(sqlite);
const seedMs = performance.now() - seeding;
await seed(memory);
const load = loadavg()[0] ?? 0;
const loadAtEnd = () => (loadavg()[0] ?? 0).toFixed(2);
const runs = [await measure("SQLite (local server)", sqlite), await measure("in memory", memory)];
await sqlite.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (n: number) => n.toFixed(1);
const local = runs[0];
const verdict =
  local && percentile(local.request, 95) < config.budgetMs
    ? `within the ${config.budgetMs} ms budget`
    : `OVER the ${config.budgetMs} ms budget`;
const section = `## Surveys

Results of a closed survey of ${responsesWanted.toLocaleString("en")} responses (12 questions: six
Likert tagged with the three diplomacy types, single and multiple choice, ranking, number, free
text; communities drawn at random, 5 % unstated): one \`surveyResults\` request over HTTP asking for
every question's cells, the diplomacy types and the CSV, ${config.iterations} timed after
${config.warmup} untimed, then the store's \`listBySurvey\` and the domain's
\`computeSurveyResults\` timed apart. The in-memory store is the peer without storage cost.
${cpus().length} CPU(s) (${cpus()[0]?.model ?? "unknown"}), load average ${load.toFixed(2)} at
the start; seeding SQLite took ${(seedMs / 1000).toFixed(1)} s.

Command: \`pnpm --filter @accord/bench bench:surveys\` (sizes in test/bench/survey-config.ts).

| store | request p50 (ms) | p95 | max | CPU per request p50 (ms) | read responses p50 | compute cells p50 | CSV bytes |
|---|---|---|---|---|---|---|---|
${runs
  .map(
    (r) =>
      `| ${r.name} | ${fmt(percentile(r.request, 50))} | ${fmt(percentile(r.request, 95))} | ${fmt(r.request.at(-1) ?? 0)} | ${fmt(percentile(r.cpu, 50))} | ${fmt(percentile(r.read, 50))} | ${fmt(percentile(r.compute, 50))} | ${r.csvBytes} |`,
  )
  .join("\n")}

On the local server (SQLite) the p95 is ${verdict} (load average ${loadAtEnd()} at the end; wall
times on a shared machine grow with its load, CPU per request does not).
`;

const resultsFile = join(HERE, "RESULTS.md");
const current = readFileSync(resultsFile, "utf8");
const lines = current.split("\n");
const start = lines.indexOf("## Surveys");
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
