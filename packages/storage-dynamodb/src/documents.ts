// The document of a paper: an append-only log of Yjs updates plus a compacted snapshot.
//
// Live items of paper P, all under pk PAPER#P and read by `load` with ONE consistent query over
// the sk prefix DOC#, which DynamoDB returns in this order:
//   DOC#LOG#<entryId>[#<part>]        one accepted update (large ones span parts)
//   DOC#META                          the pointer: snapshot version, token, chunk count (or inline)
//   DOC#SNAP#<version>#<token>#<n>    chunks of the snapshot the pointer names
// The snapshot is stored as one blob: the ids of the entries it merged, then the Yjs update.
// Retired items move to RETIRED#..., outside the range loads read, with a TTL.
//
// Why a load taken across several query pages is never half a compaction: log entries come
// before the pointer, and a compaction retires entries only after its pointer flip. So any
// entry a load read but a newer compaction merged is named in the merged-ids list of the
// snapshot that the load then reads; and a snapshot whose chunks vanished under the load (an
// older pointer, whose chunks the newer compaction retired) makes the load start again.
import { conflict, DomainError } from "@accord/domain";
import type { DocumentState, DocumentStore, LogEntry } from "@accord/storage";
import { PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  batchGet,
  batchWrite,
  conditionalPut,
  countPartition,
  type Db,
  getItem,
  type Item,
  isConditionalFailure,
  type Key,
  lookup,
  newToken,
  PART_BYTES,
  queryPartition,
  transact,
  ttlSeconds,
} from "./db.ts";
import * as keys from "./keys.ts";

/** Pending snapshot chunks expire this long after they were written unless a flip adopts them. */
const PENDING_CHUNK_MS = 24 * 3_600_000;
/** TransactWriteItems takes 100 items and 4 MB: bounds for one update and one snapshot flip. */
const MAX_UPDATE_PARTS = 11;
const MAX_SNAPSHOT_CHUNKS = 99;

const tooLarge = (message: string) => new DomainError("PAYLOAD_TOO_LARGE", message);
const lostCompaction = (paperId: string) =>
  conflict("Another compaction of this document won.", { paperId });

export function split(bytes: Uint8Array, size = PART_BYTES): Uint8Array[] {
  if (bytes.length === 0) return [new Uint8Array(0)];
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    parts.push(bytes.slice(offset, offset + size));
  }
  return parts;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

function encodeSnapshot(merged: readonly string[], snapshot: Uint8Array): Uint8Array {
  const header = Buffer.from(JSON.stringify(merged), "utf8");
  const blob = new Uint8Array(4 + header.length + snapshot.length);
  new DataView(blob.buffer).setUint32(0, header.length);
  blob.set(header, 4);
  blob.set(snapshot, 4 + header.length);
  return blob;
}

function decodeSnapshot(blob: Uint8Array): { merged: Set<string>; snapshot: Uint8Array } {
  const length = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(0);
  const header = Buffer.from(blob.buffer, blob.byteOffset + 4, length).toString("utf8");
  return {
    merged: new Set(JSON.parse(header) as string[]),
    snapshot: blob.slice(4 + length),
  };
}

/** The state the items of one load describe, or undefined when the snapshot changed under it. */
function assemble(items: readonly Item[]): DocumentState | undefined {
  const meta = items.find((item) => item.sk === keys.META_SK);
  let snapshot: Uint8Array | null = null;
  let merged = new Set<string>();
  if (meta) {
    const version = Number(meta.snapshotVersion);
    const count = Number(meta.chunks);
    let blob: Uint8Array;
    if (count === 0) {
      blob = meta.blob as Uint8Array;
    } else {
      const prefix = keys.snapshotPrefix(version, String(meta.token));
      const chunks = items.filter((item) => String(item.sk).startsWith(prefix));
      if (chunks.length !== count) return undefined;
      blob = concat(chunks.map((item) => item.blob as Uint8Array));
    }
    ({ merged, snapshot } = decodeSnapshot(blob));
  }
  const entries = new Map<string, Item[]>();
  for (const item of items) {
    if (!String(item.sk).startsWith(keys.LOG_PREFIX)) continue;
    const id = String(item.entryId);
    if (merged.has(id)) continue;
    const parts = entries.get(id) ?? [];
    parts.push(item);
    entries.set(id, parts);
  }
  const tail: LogEntry[] = [];
  for (const [id, parts] of entries) {
    const first = parts[0]!;
    // A multi-part entry whose transaction a paginated read saw only half of counts as not yet
    // appended: its writer has not been told it is durable before the transaction committed.
    if (parts.length !== Number(first.parts)) continue;
    parts.sort((a, b) => Number(a.part) - Number(b.part));
    tail.push({
      id,
      update: concat(parts.map((p) => p.update as Uint8Array)),
      memberId: (first.memberId as string | null) ?? null,
      at: String(first.at),
    });
  }
  return { snapshot, snapshotVersion: meta ? Number(meta.snapshotVersion) : 0, tail };
}

export function documentStore(db: Db): DocumentStore {
  const metaKey = (paperId: string): Key => ({ pk: keys.paperPk(paperId), sk: keys.META_SK });

  /** Copy items to their RETIRED# form with a TTL, then delete the live ones. */
  async function retire(live: readonly Key[], expiresAtMs: number) {
    if (live.length === 0) return;
    const found = [...(await batchGet(db, live)).values()];
    await batchWrite(
      db,
      found.map((item) => ({
        put: {
          ...item,
          sk: keys.retiredSk(String(item.sk)),
          expiresAt: ttlSeconds(expiresAtMs),
          expiresAtMs,
        },
      })),
    );
    await batchWrite(
      db,
      found.map((item) => ({ delete: { pk: String(item.pk), sk: String(item.sk) } })),
    );
  }

  /** The entry ids a pointer's snapshot merged (read back only after an interrupted retire). */
  async function mergedBy(meta: Item): Promise<string[]> {
    const count = Number(meta.chunks);
    if (count === 0) return [...decodeSnapshot(meta.blob as Uint8Array).merged];
    const chunkKeys = Array.from({ length: count }, (_, i) => ({
      pk: String(meta.pk),
      sk: keys.snapshotSk(Number(meta.snapshotVersion), String(meta.token), i),
    }));
    const found = await batchGet(db, chunkKeys);
    const chunks = chunkKeys.map((key) => lookup(found, key));
    if (chunks.some((chunk) => chunk === undefined)) return [];
    return [...decodeSnapshot(concat(chunks.map((c) => c!.blob as Uint8Array))).merged];
  }

  return {
    async append(paperId, update, origin) {
      const parts = split(update);
      if (parts.length > MAX_UPDATE_PARTS) {
        throw tooLarge("The update is larger than one log entry can hold.");
      }
      const base = keys.ulid(db.now());
      const id = parts.length === 1 ? base : `${base}.${parts.length}`;
      const items = parts.map((bytes, part) => ({
        pk: keys.paperPk(paperId),
        sk: keys.logSk(id, part),
        entryId: id,
        part,
        parts: parts.length,
        update: bytes,
        memberId: origin.memberId,
        at: origin.at,
      }));
      // The hot path: one unconditional write. The ULID makes the key unique, and an SDK retry
      // after a lost response rewrites the same item.
      if (items.length === 1) {
        await db.doc.send(new PutCommand({ TableName: db.table, Item: items[0] }));
      } else {
        await transact(
          db,
          items.map((item) => ({ Put: { TableName: db.table, Item: item } })),
        );
      }
      return { id, update: update.slice(), memberId: origin.memberId, at: origin.at };
    },

    async load(paperId) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const items = await queryPartition(db, keys.paperPk(paperId), keys.DOC_PREFIX);
        const state = assemble(items);
        if (state) return state;
      }
      throw new Error(`The document of paper ${paperId} kept changing while it was read.`);
    },

    async compact(paperId, input) {
      const pk = keys.paperPk(paperId);
      const previous = await getItem(db, metaKey(paperId));
      const previousVersion = previous ? Number(previous.snapshotVersion) : 0;
      if (previousVersion !== input.expectedVersion) throw lostCompaction(paperId);
      const leftovers = previous && previous.retired !== true ? await mergedBy(previous) : [];
      const version = input.expectedVersion + 1;
      const token = newToken();
      const merged = [...new Set(input.mergedEntryIds)].filter(
        (id) => keys.entryParts(id) !== undefined,
      );
      const blob = encodeSnapshot(merged, input.snapshot);
      const chunks = blob.length <= PART_BYTES ? [] : split(blob);
      if (chunks.length > MAX_SNAPSHOT_CHUNKS) {
        throw tooLarge("The document is larger than a snapshot can hold.");
      }
      const meta: Item = {
        ...metaKey(paperId),
        snapshotVersion: version,
        token,
        chunks: chunks.length,
        ...(chunks.length === 0 ? { blob } : {}),
      };
      const condition = previous
        ? {
            ConditionExpression: "snapshotVersion = :expected",
            ExpressionAttributeValues: { ":expected": input.expectedVersion },
          }
        : { ConditionExpression: "attribute_not_exists(pk)" };

      if (chunks.length === 0) {
        const result = await conditionalPut(db, { Item: meta, ...condition });
        if (!result.ok) throw lostCompaction(paperId);
      } else {
        // Chunks first (expiring unless adopted), then the flip adopts them atomically with the
        // pointer: a reader following the pointer never finds half a snapshot.
        const chunkKeys = chunks.map((_, i) => ({ pk, sk: keys.snapshotSk(version, token, i) }));
        const pendingUntil = db.now() + PENDING_CHUNK_MS;
        await batchWrite(
          db,
          chunks.map((bytes, i) => ({
            put: {
              ...chunkKeys[i]!,
              blob: bytes,
              expiresAt: ttlSeconds(pendingUntil),
              expiresAtMs: pendingUntil,
            },
          })),
        );
        try {
          await transact(
            db,
            [
              { Put: { TableName: db.table, Item: meta, ...condition } },
              ...chunkKeys.map((key) => ({
                Update: {
                  TableName: db.table,
                  Key: key,
                  UpdateExpression: "REMOVE expiresAt, expiresAtMs",
                  ConditionExpression: "attribute_exists(pk)",
                },
              })),
            ],
            () => lostCompaction(paperId),
          );
        } catch (error) {
          await batchWrite(
            db,
            chunkKeys.map((key) => ({ delete: key })),
          ).catch(() => undefined);
          throw error;
        }
      }

      // The flip is done: retire what it made redundant. After a crash right here the merged
      // entries stay in the live range, hidden by the merged-ids list; the pointer then lacks
      // `retired`, so the next compaction retires them too.
      const expiresAtMs = Date.parse(input.now) + input.retainMs;
      const retiring = [...new Set([...merged, ...leftovers])];
      const live: Key[] = retiring.flatMap((id) =>
        Array.from({ length: keys.entryParts(id)! }, (_, part) => ({
          pk,
          sk: keys.logSk(id, part),
        })),
      );
      if (previous) {
        const previousChunks = Number(previous.chunks);
        const previousToken = String(previous.token);
        for (let i = 0; i < previousChunks; i++) {
          live.push({ pk, sk: keys.snapshotSk(previousVersion, previousToken, i) });
        }
        if (previousChunks === 0) {
          // An inline snapshot went with the old pointer: keep a retired copy of it too.
          await db.doc.send(
            new PutCommand({
              TableName: db.table,
              Item: {
                pk,
                sk: keys.retiredSk(keys.snapshotSk(previousVersion, previousToken, 0)),
                blob: previous.blob,
                expiresAt: ttlSeconds(expiresAtMs),
                expiresAtMs,
              },
            }),
          );
        }
      }
      await retire(live, expiresAtMs);
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: metaKey(paperId),
            UpdateExpression: "SET retired = :yes",
            ConditionExpression: "snapshotVersion = :version",
            ExpressionAttributeValues: { ":yes": true, ":version": version },
          }),
        );
      } catch (error) {
        // A newer compaction replaced the pointer already; it handled our leftovers.
        if (!isConditionalFailure(error)) throw error;
      }
      return { snapshotVersion: version };
    },

    async tailLength(paperId) {
      return countPartition(db, keys.paperPk(paperId), keys.LOG_PREFIX, {
        expression: "#part = :first",
        names: { "#part": "part" },
        values: { ":first": 0 },
      });
    },

    async purgeExpired(now) {
      // DynamoDB's TTL does this on AWS, lazily; this sweep exists for parity and for
      // DynamoDB Local. It scans the table, so it is for maintenance, not a request path.
      const nowMs = Date.parse(now);
      const expired: Item[] = [];
      let start: Item | undefined;
      do {
        const page = await db.doc.send(
          new ScanCommand({
            TableName: db.table,
            FilterExpression: "begins_with(sk, :retired) AND expiresAtMs <= :now",
            ProjectionExpression: "pk, sk, #part",
            ExpressionAttributeNames: { "#part": "part" },
            ExpressionAttributeValues: { ":retired": keys.RETIRED_PREFIX, ":now": nowMs },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        expired.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      await batchWrite(
        db,
        expired.map((item) => ({ delete: { pk: String(item.pk), sk: String(item.sk) } })),
      );
      return expired.filter(
        (item) => String(item.sk).startsWith(keys.RETIRED_LOG_PREFIX) && Number(item.part) === 0,
      ).length;
    },
  };
}
