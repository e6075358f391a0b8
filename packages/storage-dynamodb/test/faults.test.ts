// Faults DynamoDB really produces, injected through the SDK middleware stack in front of
// DynamoDB Local: throttling and 5xx are retried until the operation succeeds (also when the
// lost response was for a write DynamoDB had applied), failed conditions and cancelled
// transactions become CONFLICT, and nothing is ever written half-way.
import { DomainError, isDomainError } from "@accord/domain";
import { createMemoryStore, type Store } from "@accord/storage";
import {
  collaborator,
  compactOnce,
  connection,
  editor,
  FAR_FUTURE,
  group,
  materialize,
  member,
  membership,
  paper,
  random,
} from "@accord/storage/testing";
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoClient, createDynamoStore } from "../src/index.ts";
import {
  countAttempts,
  type DynamoDbLocal,
  type Fault,
  injectFaults,
  startDynamoDbLocal,
} from "../src/testing/index.ts";

let local: DynamoDbLocal;

beforeAll(async () => {
  local = await startDynamoDbLocal();
});

afterAll(async () => {
  await local?.stop();
});

/** A store on a fresh table with its own client, so injected faults stay in one test. */
async function open(options: { maxAttempts?: number } = {}) {
  const client = createDynamoClient({ endpoint: local.endpoint, ...options });
  const tableName = await local.createTable();
  return { client, tableName, store: createDynamoStore({ client, tableName }) };
}

const THROTTLED: Fault = {
  when: "before",
  status: 400,
  type: "ProvisionedThroughputExceededException",
};
const THROTTLING: Fault = { when: "before", status: 400, type: "ThrottlingException" };
const SERVER_ERROR: Fault = { when: "before", status: 500, type: "InternalServerError" };
const UNAVAILABLE: Fault = { when: "before", status: 503, type: "ServiceUnavailable" };

/** Fail the first `times` attempts of `operation`. */
function firstAttempts(operation: string, times: number, fault: Fault) {
  let seen = 0;
  return (op: string) => (op === operation && seen++ < times ? fault : undefined);
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("retries", () => {
  for (const [label, fault, times] of [
    ["ProvisionedThroughputExceededException", THROTTLED, 1],
    ["ThrottlingException", THROTTLING, 1],
    ["a 500", SERVER_ERROR, 2],
    ["a 503", UNAVAILABLE, 2],
  ] as const) {
    it(`appends, loads, creates in a transaction and batch-reads through ${label}`, async () => {
      const { client, store } = await open();
      const attempts = countAttempts(client);
      const author = editor();
      author.text.insert(0, "Fisheries subsidies.");
      const [update] = author.take();

      injectFaults(client, firstAttempts("TransactWriteItems", times, fault));
      const entry = await store.documents.append("p-1", update!, { memberId: "m-1", at: "t" });
      expect(attempts.splice(0)).toEqual(Array(times + 1).fill("TransactWriteItems"));
      expect(await store.documents.size("p-1")).toBe(update!.length);
      attempts.splice(0);

      injectFaults(client, firstAttempts("Query", times, fault));
      const state = await store.documents.load("p-1");
      expect(attempts.splice(0)).toEqual(Array(times + 1).fill("Query"));
      expect(state.tail.map((e) => e.id)).toEqual([entry.id]);
      expect(materialize(state).getText("body").toString()).toBe("Fisheries subsidies.");

      injectFaults(client, firstAttempts("TransactWriteItems", times, fault));
      await store.workingGroups.create(group("g-1"), membership("g-1", "m-1"));
      expect(attempts.splice(0)).toEqual(Array(times + 1).fill("TransactWriteItems"));

      injectFaults(client, firstAttempts("BatchGetItem", times, fault));
      expect((await store.workingGroups.getMany(["g-1", "g-2"])).map((g) => g?.id ?? null)).toEqual(
        ["g-1", null],
      );
      expect(attempts.splice(0)).toEqual(Array(times + 1).fill("BatchGetItem"));
    });
  }

  it("gives up after the configured attempts with the SDK's error, not a DomainError", async () => {
    const { client, store } = await open({ maxAttempts: 2 });
    const attempts = countAttempts(client);
    injectFaults(client, (op) => (op === "GetItem" ? SERVER_ERROR : undefined));
    const error = await store.papers.get("p-1").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isDomainError(error)).toBe(false);
    expect((error as Error).name).toBe("InternalServerError");
    expect(attempts).toEqual(["GetItem", "GetItem"]);
  });
});

describe("writes whose response was lost after DynamoDB applied them", () => {
  const lost: Fault = { when: "after", status: 500, type: "InternalServerError" };

  it("are retried to success, never to a false CONFLICT, and stored once", async () => {
    const { client, store } = await open();
    const attempts = countAttempts(client);

    // Transactions: the SDK resends the same ClientRequestToken.
    injectFaults(client, firstAttempts("TransactWriteItems", 1, lost));
    const v1 = member("m-1", { subject: "s-1" });
    await store.members.create(v1);
    expect(attempts.splice(0)).toEqual(["TransactWriteItems", "TransactWriteItems"]);
    expect(await store.members.getBySubject("s-1")).toEqual(v1);
    attempts.splice(0);

    // Conditional updates: the item carries the write's own id, recognised on the retry.
    injectFaults(client, firstAttempts("UpdateItem", 1, lost));
    const v2 = { ...v1, displayName: "Renamed", version: 2 };
    await store.members.update(v2);
    expect(attempts.splice(0)).toEqual(["UpdateItem", "UpdateItem"]);
    expect(await store.members.get("m-1")).toEqual(v2);
    expect(await codeOf(store.members.update(v2))).toBe("CONFLICT");
    attempts.splice(0);

    // Appends and the snapshot pointer flip of a compaction are transactions too: the running
    // size is added to once.
    const author = editor();
    author.text.insert(0, "Space traffic management.");
    const updates = author.take();
    injectFaults(client, firstAttempts("TransactWriteItems", 1, lost));
    for (const update of updates) {
      await store.documents.append("p-1", update, { memberId: "m-1", at: "t" });
    }
    expect(await store.documents.size("p-1")).toBe(updates.reduce((n, u) => n + u.length, 0));
    injectFaults(client, firstAttempts("TransactWriteItems", 1, lost));
    const compacted = await compactOnce(store, "p-1", {
      now: new Date().toISOString(),
      retainMs: 60_000,
    });
    expect(compacted.snapshotVersion).toBe(1);
    const state = await store.documents.load("p-1");
    expect(state.tail).toEqual([]);
    expect(materialize(state).getText("body").toString()).toBe("Space traffic management.");
    expect(await store.documents.size("p-1")).toBe(state.snapshot?.length);

    // The count of the chunk that completes a message.
    const chunk = (index: number) => ({
      connectionId: "c-1",
      messageId: "msg-1",
      index,
      total: 2,
      data: Uint8Array.from([index]),
      expiresAt: FAR_FUTURE,
    });
    expect(await store.chunks.put(chunk(0))).toBeNull();
    injectFaults(client, firstAttempts("UpdateItem", 1, lost));
    expect(await store.chunks.put(chunk(1))).toEqual(Uint8Array.from([0, 1]));
    expect(await store.chunks.put(chunk(1))).toBeNull();
  });
});

describe("conditions and cancelled transactions", () => {
  it("become CONFLICT and write nothing", async () => {
    const { client, store, tableName } = await open();
    await store.workingGroups.create(group("g-1"), membership("g-1", "m-1"));
    await store.members.create(member("m-1", { subject: "s-1" }));

    // A failed ConditionExpression (ConditionalCheckFailedException).
    const stale = await codeOf(store.members.update(member("m-1", { version: 5 })));
    expect(stale).toBe("CONFLICT");

    // A real TransactionCanceledException with a ConditionalCheckFailed reason: the member
    // item of the second create would be new, but the subject is taken, so neither is written.
    expect(await codeOf(store.members.create(member("m-2", { subject: "s-1" })))).toBe("CONFLICT");
    expect(await store.members.get("m-2")).toBeNull();

    // The same cancellation, as DynamoDB reports it, injected: CONFLICT and no partial paper.
    injectFaults(
      client,
      firstAttempts("TransactWriteItems", 1, {
        when: "before",
        status: 400,
        type: "TransactionCanceledException",
        body: {
          CancellationReasons: [
            { Code: "None" },
            { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
          ],
        },
      }),
    );
    const created = store.papers.create(paper("p-1", "g-1"), collaborator("p-1", "m-1", "LEAD"));
    expect(await codeOf(created)).toBe("CONFLICT");
    expect(await store.papers.get("p-1")).toBeNull();
    expect(await store.collaborators.listByPaper("p-1")).toEqual([]);
    expect(await itemCount(tableName, "PAPER#p-1")).toBe(0);
  });

  it("retries transactions cancelled by a concurrent one, then gives up with CONFLICT", async () => {
    const { client, store, tableName } = await open();
    await store.workingGroups.create(group("g-1"), membership("g-1", "m-1"));
    const conflictFault: Fault = {
      when: "before",
      status: 400,
      type: "TransactionCanceledException",
      body: { CancellationReasons: [{ Code: "TransactionConflict" }, { Code: "None" }] },
    };
    const attempts = countAttempts(client);
    injectFaults(client, firstAttempts("TransactWriteItems", 2, conflictFault));
    await store.papers.create(paper("p-1", "g-1"), collaborator("p-1", "m-1", "LEAD"));
    expect(attempts.filter((a) => a === "TransactWriteItems")).toHaveLength(3);
    expect((await store.collaborators.listByPaper("p-1")).map((c) => c.memberId)).toEqual(["m-1"]);

    injectFaults(client, (op) => (op === "TransactWriteItems" ? conflictFault : undefined));
    const add = store.collaborators.add(collaborator("p-1", "m-2", "EDITOR"));
    expect(await codeOf(add)).toBe("CONFLICT");
    expect(await store.collaborators.get("p-1", "m-2")).toBeNull();
    expect(await itemCount(tableName, "MEMBER#m-2")).toBe(0);
  });

  it("loses nothing when a compaction fails after its flip, and the next one completes", async () => {
    const { client, store, tableName } = await open({ maxAttempts: 2 });
    const author = editor();
    for (const word of ["Critical", " minerals", " and", " export", " controls."]) {
      author.text.insert(author.text.length, word);
      for (const update of author.take()) {
        await store.documents.append("p-1", update, { memberId: "m-1", at: "t" });
      }
    }
    const now = new Date().toISOString();
    // Retiring the merged entries (BatchGet, then BatchWrite) fails for good.
    injectFaults(client, (op) => (op === "BatchWriteItem" ? SERVER_ERROR : undefined));
    const failed = await compactOnce(store, "p-1", { now, retainMs: 60_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(DomainError);

    const afterCrash = await store.documents.load("p-1");
    expect(afterCrash.snapshotVersion).toBe(1);
    expect(afterCrash.tail).toEqual([]);
    expect(await store.documents.tailLength("p-1")).toBe(5);
    expect(materialize(afterCrash).getText("body").toString()).toBe(author.text.toString());

    // The same table through a client without faults.
    const repaired = createDynamoStore({
      client: createDynamoClient({ endpoint: local.endpoint }),
      tableName,
    });
    author.text.insert(0, "On ");
    for (const update of author.take()) {
      await repaired.documents.append("p-1", update, { memberId: "m-1", at: "t" });
    }
    const next = await compactOnce(repaired, "p-1", { now, retainMs: 60_000 });
    expect(next.snapshotVersion).toBe(2);
    const final = await repaired.documents.load("p-1");
    expect(final.tail).toEqual([]);
    expect(materialize(final).getText("body").toString()).toBe(
      "On Critical minerals and export controls.",
    );
    expect(await repaired.documents.tailLength("p-1")).toBe(0);
  });
});

describe("a seeded run with random faults", () => {
  const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);

  it(
    `ends in the same state as the in-memory store (SEED=${seed})`,
    { timeout: 180_000 },
    async () => {
      console.info(`fault run: SEED=${seed}`);
      const operations = plan(seed, 70);
      const { client, store } = await open();
      const next = random(seed + 1);
      const kinds: Fault[] = [
        SERVER_ERROR,
        { ...SERVER_ERROR, when: "after" },
        UNAVAILABLE,
        { ...UNAVAILABLE, when: "after" },
        THROTTLING,
        { ...THROTTLED, when: "after" },
      ];
      const injected = injectFaults(client, () =>
        next() < 0.1 ? kinds[Math.floor(next() * kinds.length)] : undefined,
      );
      const expected = await run(createMemoryStore(), operations);
      const actual = await run(store, operations);
      expect(injected.length, `SEED=${seed}`).toBeGreaterThan(0);
      expect(actual, `SEED=${seed}`).toEqual(expected);
    },
  );
});

// ---------------------------------------------------------------------------------------------

type Operation = (store: Store) => Promise<unknown>;

/** A deterministic mix of operations over a few papers and members (conflicts included). */
function plan(seed: number, count: number): Operation[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const members = ["m-0", "m-1", "m-2", "m-3"];
  const papers = ["p-0", "p-1"];
  const roles = ["LEAD", "EDITOR", "COMMENTER", "VIEWER"] as const;
  const editors = new Map(papers.map((p) => [p, editor()]));
  const now = new Date().toISOString();
  const operations: Operation[] = [
    (s) => s.workingGroups.create(group("g-1"), membership("g-1", "m-0", { role: "CONVENER" })),
    ...members.map(
      (id): Operation =>
        (s) =>
          s.members.create(member(id)),
    ),
    ...papers.map(
      (id): Operation =>
        (s) =>
          s.papers.create(paper(id, "g-1"), collaborator(id, "m-0", "LEAD")),
    ),
  ];
  let messages = 0;
  for (let i = 0; i < count; i++) {
    const paperId = pick(papers);
    const memberId = pick(members);
    const choice = next();
    if (choice < 0.3) {
      const author = editors.get(paperId)!;
      author.text.insert(Math.floor(next() * (author.text.length + 1)), `w${i} `);
      const updates = author.take();
      operations.push(async (s) => {
        for (const update of updates) {
          const entry = await s.documents.append(paperId, update, { memberId, at: now });
          expect(entry.update).toEqual(update);
        }
        return "appended";
      });
    } else if (choice < 0.4) {
      operations.push(async (s) => {
        const state = await s.documents.load(paperId);
        return { text: materialize(state).getText("body").toString(), v: state.snapshotVersion };
      });
    } else if (choice < 0.5) {
      operations.push((s) => compactOnce(s, paperId, { now, retainMs: 3_600_000 }));
    } else if (choice < 0.6) {
      const role = pick(roles);
      operations.push((s) => s.collaborators.add(collaborator(paperId, memberId, role)));
    } else if (choice < 0.7) {
      const role = pick(roles);
      operations.push((s) => s.collaborators.setRole(paperId, memberId, role));
    } else if (choice < 0.75) {
      operations.push((s) => s.collaborators.remove(paperId, memberId));
    } else if (choice < 0.8) {
      operations.push(async (s) => {
        const current = await s.papers.get(paperId);
        if (!current) return null;
        return s.papers.update({ ...current, title: `Title ${i}`, version: current.version + 1 });
      });
    } else if (choice < 0.88) {
      const id = `c-${Math.floor(next() * 4)}`;
      operations.push((s) => s.connections.put(connection(id, paperId, memberId)));
      operations.push((s) => s.connections.setRoleForMember(paperId, memberId, "VIEWER"));
    } else if (choice < 0.92) {
      const id = `c-${Math.floor(next() * 4)}`;
      operations.push((s) => s.connections.remove(id));
    } else {
      const messageId = `msg-${messages++ % 3}`;
      const total = 1 + Math.floor(next() * 3);
      const index = Math.floor(next() * total);
      operations.push((s) =>
        s.chunks.put({
          connectionId: "c-0",
          messageId,
          index,
          total,
          data: Uint8Array.from([i, index]),
          expiresAt: FAR_FUTURE,
        }),
      );
    }
  }
  return operations;
}

/** Each operation's outcome (value or error code), then the final state of everything. */
async function run(store: Store, operations: readonly Operation[]) {
  const outcomes: unknown[] = [];
  for (const operation of operations) {
    try {
      outcomes.push((await operation(store)) ?? null);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      outcomes.push({ error: error.code });
    }
  }
  const papers = ["p-0", "p-1"];
  const final = await Promise.all(
    papers.map(async (paperId) => {
      const state = await store.documents.load(paperId);
      return {
        paper: await store.papers.get(paperId),
        collaborators: await store.collaborators.listByPaper(paperId),
        text: materialize(state).getText("body").toString(),
        snapshotVersion: state.snapshotVersion,
        tail: state.tail.length,
        tailLength: await store.documents.tailLength(paperId),
        connections: await store.connections.listByPaper(paperId, new Date().toISOString()),
      };
    }),
  );
  return { outcomes, final };
}

async function itemCount(tableName: string, pk: string) {
  const result = await local.client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: pk } },
      ConsistentRead: true,
      Select: "COUNT",
    }),
  );
  return result.Count ?? 0;
}
