// The document of a paper: an append-only log of Yjs updates plus a compacted snapshot.
//
// Live items of paper P, all under pk PAPER#P and read by `load` with ONE consistent query over
// the sk prefix DOC#, which DynamoDB returns in this order:
//   DOC#HEAD                          the running byte count of the document (snapshot + tail)
//   DOC#LOG#<entryId>[#<part>]        one accepted update (large ones span parts)
//   DOC#META                          the pointer: snapshot version, token, chunk count (or inline)
//   DOC#SNAP#<version>#<token>#<n>    chunks of the snapshot the pointer names
// The snapshot is stored as one blob: the ids of the entries it merged, then the Yjs update.
// Retired items move to RETIRED#..., outside the range loads read, with a TTL.
//
// The running size. An append is ONE TransactWriteItems: the entry's part(s) and `ADD bytes` on
// the head, conditional on the room left when the caller gives `maxBytes`, so the limit holds
// however many append at once and nothing is stored when it does not. A compaction adds
// (new snapshot bytes - old snapshot bytes - bytes of the entries it merged) to the head in the
// transaction of its pointer flip: appends meanwhile add to the same attribute, so neither
// overwrites the other. Papers stored before the head existed: see README.md (migration).
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
  type TransactItem,
  transact,
  ttlSeconds,
} from "./db.ts";
import * as keys from "./keys.ts";

/** Pending snapshot chunks expire this long after they were written unless a flip adopts them. */
const PENDING_CHUNK_MS = 24 * 3_600_000;
/** TransactWriteItems takes 100 items and 4 MB: bounds for one update and one snapshot flip. */
const MAX_UPDATE_PARTS = 11;
const MAX_SNAPSHOT_CHUNKS = 98;
/**
 * Appends to one paper all write its head, and DynamoDB cancels a transaction that meets another
 * one on the same item (TransactionConflict): give them more tries than other transactions.
 */
const APPEND_ATTEMPTS = 10;

const tooLarge = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("PAYLOAD_TOO_LARGE", message, details);
const documentTooLarge = (paperId: string, maxBytes: number) =>
  tooLarge(`The document would grow past ${maxBytes} bytes.`, { paperId, maxBytes });
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

const metaKey = (paperId: string): Key => ({ pk: keys.paperPk(paperId), sk: keys.META_SK });

const headKey = (paperId: string): Key => ({ pk: keys.paperPk(paperId), sk: keys.HEAD_SK });

/**
 * Copy items to their RETIRED# form with a TTL, then delete the live ones. `known` are items
 * already read; `live` are keys still to read.
 */
async function retire(
  db: Db,
  live: readonly Key[],
  expiresAtMs: number,
  known: readonly Item[] = [],
) {
  const found = [...known, ...(live.length > 0 ? (await batchGet(db, live)).values() : [])];
  if (found.length === 0) return;
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

/** A pointer's snapshot blob, decoded; undefined when its chunks are gone. */
async function readSnapshot(db: Db, meta: Item) {
  const count = Number(meta.chunks);
  if (count === 0) return decodeSnapshot(meta.blob as Uint8Array);
  const chunkKeys = Array.from({ length: count }, (_, i) => ({
    pk: String(meta.pk),
    sk: keys.snapshotSk(Number(meta.snapshotVersion), String(meta.token), i),
  }));
  const found = await batchGet(db, chunkKeys);
  const chunks = chunkKeys.map((key) => lookup(found, key));
  if (chunks.some((chunk) => chunk === undefined)) return undefined;
  return decodeSnapshot(concat(chunks.map((c) => c!.blob as Uint8Array)));
}

/**
 * What a compaction needs of the pointer it replaces: the entries its snapshot merged that are
 * still live (only after an interrupted retire) and its snapshot's bytes (stored on pointers
 * since the running size exists; read from the snapshot itself on older ones).
 */
async function previousPointer(db: Db, meta: Item | undefined) {
  if (!meta) return { leftovers: [] as string[], snapshotBytes: 0 };
  const stored = meta.snapshotBytes === undefined ? undefined : Number(meta.snapshotBytes);
  const interrupted = meta.retired !== true;
  const blob = interrupted || stored === undefined ? await readSnapshot(db, meta) : undefined;
  return {
    leftovers: interrupted && blob ? [...blob.merged] : [],
    snapshotBytes: stored ?? blob?.snapshot.length ?? 0,
  };
}

/**
 * A paper stored before the head existed has none: its first load writes one with the size it
 * has just read, unless an append made one meanwhile (README.md, migration).
 */
async function countExisting(db: Db, paperId: string, state: DocumentState) {
  if (state.snapshot === null && state.tail.length === 0) return;
  const bytes = state.tail.reduce((n, e) => n + e.update.length, state.snapshot?.length ?? 0);
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...headKey(paperId), bytes },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
}

const partKeys = (pk: string, entryId: string): Key[] =>
  Array.from({ length: keys.entryParts(entryId) ?? 0 }, (_, part) => ({
    pk,
    sk: keys.logSk(entryId, part),
  }));

/**
 * A snapshot too large for the pointer: chunks first (expiring unless adopted), then `flip`
 * adopts them atomically with the pointer, so a reader following the pointer never finds half
 * a snapshot.
 */
async function flipToChunks(
  db: Db,
  pk: string,
  version: number,
  token: string,
  chunks: readonly Uint8Array[],
  flip: TransactItem[],
  paperId: string,
) {
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
        ...flip,
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

/**
 * After a compaction's flip: retire what it made redundant (the entries it merged, leftovers of
 * an interrupted predecessor, the old snapshot), then mark the pointer `retired`.
 */
async function retireReplaced(
  db: Db,
  replaced: {
    paperId: string;
    previous: Item | undefined;
    leftovers: readonly string[];
    mergedItems: readonly Item[];
    version: number;
    expiresAtMs: number;
  },
) {
  const { paperId, previous, leftovers, mergedItems, version, expiresAtMs } = replaced;
  const pk = keys.paperPk(paperId);
  const previousVersion = previous ? Number(previous.snapshotVersion) : 0;
  // The flip is done: retire what it made redundant. After a crash right here the merged
  // entries stay in the live range, hidden by the merged-ids list; the pointer then lacks
  // `retired`, so the next compaction retires them too.
  const live: Key[] = leftovers.flatMap((id) => partKeys(pk, id));
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
  await retire(db, live, expiresAtMs, mergedItems);
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
}

// A port: the factory is only the closure of its methods over `db` (each is short).
export function documentStore(db: Db): DocumentStore {
  return {
    async append(paperId, update, origin, options) {
      const maxBytes = options?.maxBytes;
      if (maxBytes !== undefined && update.length > maxBytes) {
        throw documentTooLarge(paperId, maxBytes);
      }
      const parts = split(update);
      if (parts.length > MAX_UPDATE_PARTS) {
        throw tooLarge("The update is larger than one log entry can hold.");
      }
      const base = keys.ulid(db.now());
      const id = parts.length === 1 ? base : `${base}.${parts.length}`;
      const entryItems = parts.map((bytes, part) => ({
        pk: keys.paperPk(paperId),
        sk: keys.logSk(id, part),
        entryId: id,
        part,
        parts: parts.length,
        update: bytes,
        memberId: origin.memberId,
        at: origin.at,
      }));
      // The ULID makes the entry's key unique, so its Put needs no condition; an SDK retry after
      // a lost response carries the same ClientRequestToken, so the head is not added to twice.
      const grow: TransactItem = {
        Update: {
          TableName: db.table,
          Key: headKey(paperId),
          UpdateExpression: "ADD #bytes :length",
          ExpressionAttributeNames: { "#bytes": "bytes" },
          ExpressionAttributeValues: {
            ":length": update.length,
            ...(maxBytes === undefined ? {} : { ":room": maxBytes - update.length }),
          },
          ...(maxBytes === undefined
            ? {}
            : { ConditionExpression: "attribute_not_exists(#bytes) OR #bytes <= :room" }),
        },
      };
      await transact(
        db,
        [
          ...entryItems.map((item): TransactItem => ({ Put: { TableName: db.table, Item: item } })),
          grow,
        ],
        () => documentTooLarge(paperId, maxBytes ?? 0),
        { attempts: APPEND_ATTEMPTS },
      );
      return { id, update: update.slice(), memberId: origin.memberId, at: origin.at };
    },

    async load(paperId) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const items = await queryPartition(db, keys.paperPk(paperId), keys.DOC_PREFIX);
        const state = assemble(items);
        if (!state) continue;
        if (!items.some((item) => item.sk === keys.HEAD_SK))
          await countExisting(db, paperId, state);
        return state;
      }
      throw new Error(`The document of paper ${paperId} kept changing while it was read.`);
    },

    async compact(paperId, input) {
      const pk = keys.paperPk(paperId);
      const previous = await getItem(db, metaKey(paperId));
      const previousVersion = previous ? Number(previous.snapshotVersion) : 0;
      if (previousVersion !== input.expectedVersion) throw lostCompaction(paperId);
      const { leftovers, snapshotBytes } = await previousPointer(db, previous);
      const version = input.expectedVersion + 1;
      const token = newToken();
      const merged = [...new Set(input.mergedEntryIds)].filter(
        (id) => keys.entryParts(id) !== undefined,
      );
      // The entries this compaction takes out of the tail, read before the flip for their bytes
      // (leftovers were taken out by the previous one). None can vanish before the flip: only a
      // compaction retires entries, and another one would make this flip's condition fail.
      const settled = new Set(leftovers);
      const mergedItems = [
        ...(
          await batchGet(
            db,
            merged.filter((id) => !settled.has(id)).flatMap((id) => partKeys(pk, id)),
          )
        ).values(),
      ];
      const mergedBytes = mergedItems.reduce(
        (n, item) => n + (item.update as Uint8Array).length,
        0,
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
        snapshotBytes: input.snapshot.length,
        ...(chunks.length === 0 ? { blob } : {}),
      };
      const condition = previous
        ? {
            ConditionExpression: "snapshotVersion = :expected",
            ExpressionAttributeValues: { ":expected": input.expectedVersion },
          }
        : { ConditionExpression: "attribute_not_exists(pk)" };
      const flip: TransactItem[] = [
        { Put: { TableName: db.table, Item: meta, ...condition } },
        {
          Update: {
            TableName: db.table,
            Key: headKey(paperId),
            UpdateExpression: "ADD #bytes :delta",
            ExpressionAttributeNames: { "#bytes": "bytes" },
            ExpressionAttributeValues: {
              ":delta": input.snapshot.length - snapshotBytes - mergedBytes,
            },
          },
        },
      ];

      if (chunks.length === 0) {
        await transact(db, flip, () => lostCompaction(paperId));
      } else {
        await flipToChunks(db, pk, version, token, chunks, flip, paperId);
      }

      await retireReplaced(db, {
        paperId,
        previous,
        leftovers,
        mergedItems,
        version,
        expiresAtMs: Date.parse(input.now) + input.retainMs,
      });
      return { snapshotVersion: version };
    },

    async size(paperId) {
      const head = await getItem(db, headKey(paperId));
      return Number(head?.bytes ?? 0);
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
