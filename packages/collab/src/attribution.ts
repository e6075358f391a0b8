// Who wrote and who deleted each piece of a paper's body: per member, the Yjs id ranges they
// inserted and the id ranges they deleted (merged like a Yjs DeleteSet, so the map stays about
// one range per browser session for insertions), plus each member's latest editing session.
// Compaction folds the effects of the entries it merges into the stored map (the one place log
// entries lose their memberId); readers add the tail's effects on the fly.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** A half-open range of Yjs clocks of one client: [clock, clock + len). */
export interface ClockRange {
  clock: number;
  len: number;
}

/** Ranges of Yjs ids by client, each client's ranges sorted, disjoint and merged. */
export type IdRanges = Map<number, ClockRange[]>;

export interface MemberAttribution {
  inserted: IdRanges;
  deleted: IdRanges;
}

/** An editing session: one author's edits on one paper with no quiet period between them. */
export interface EditingSession {
  /** The id of its EDITING_SESSION activity event. */
  id: string;
  memberId: string;
  startedAt: string;
  endedAt: string;
  wordsAdded: number;
  wordsRemoved: number;
}

export interface Attribution {
  members: Map<string, MemberAttribution>;
  /** Each member's latest session, which the next edits extend unless a quiet period passed. */
  sessions: Map<string, EditingSession>;
}

/** What one applied log entry did: the ids it created and deleted, and the words it changed. */
export interface EntryEffect {
  entryId: string;
  memberId: string | null;
  at: string;
  inserted: IdRanges;
  deleted: IdRanges;
  wordsAdded: number;
  wordsRemoved: number;
}

export const emptyAttribution = (): Attribution => ({ members: new Map(), sessions: new Map() });

/** Add [clock, clock + len) of `client`, merging with neighbours. */
export function addRange(ranges: IdRanges, client: number, clock: number, len: number): void {
  if (len <= 0) return;
  let list = ranges.get(client);
  if (!list) {
    ranges.set(client, [{ clock, len }]);
    return;
  }
  // Appending at the end is the common case (a client's clocks only grow).
  const last = list[list.length - 1]!;
  if (clock >= last.clock) {
    if (clock <= last.clock + last.len) {
      last.len = Math.max(last.len, clock + len - last.clock);
      return;
    }
    list.push({ clock, len });
    return;
  }
  let start = clock;
  let end = clock + len;
  const kept: ClockRange[] = [];
  let placed = false;
  for (const range of list) {
    const rangeEnd = range.clock + range.len;
    if (rangeEnd < start) kept.push(range);
    else if (range.clock > end) {
      if (!placed) {
        kept.push({ clock: start, len: end - start });
        placed = true;
      }
      kept.push(range);
    } else {
      start = Math.min(start, range.clock);
      end = Math.max(end, rangeEnd);
    }
  }
  if (!placed) kept.push({ clock: start, len: end - start });
  list = kept;
  ranges.set(client, list);
}

export function addAll(into: IdRanges, from: IdRanges): void {
  for (const [client, list] of from) {
    for (const range of list) addRange(into, client, range.clock, range.len);
  }
}

/** Is id (client, clock) in `ranges`? */
export function hasId(ranges: IdRanges, client: number, clock: number): boolean {
  const list = ranges.get(client);
  if (!list) return false;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = list[mid]!;
    if (clock < range.clock) high = mid - 1;
    else if (clock >= range.clock + range.len) low = mid + 1;
    else return true;
  }
  return false;
}

function memberOf(attribution: Attribution, memberId: string): MemberAttribution {
  let member = attribution.members.get(memberId);
  if (!member) {
    member = { inserted: new Map(), deleted: new Map() };
    attribution.members.set(memberId, member);
  }
  return member;
}

/** The member who inserted (or deleted) the character or node with id (client, clock). */
export function authorOf(
  attribution: Attribution,
  action: "inserted" | "deleted",
  client: number,
  clock: number,
): string | null {
  for (const [memberId, member] of attribution.members) {
    if (hasId(member[action], client, clock)) return memberId;
  }
  return null;
}

/** Fold the id ranges of `effects` into `attribution` (server-made edits have no author). */
export function attributeEffects(attribution: Attribution, effects: readonly EntryEffect[]): void {
  for (const effect of effects) {
    if (effect.memberId === null) continue;
    const member = memberOf(attribution, effect.memberId);
    addAll(member.inserted, effect.inserted);
    addAll(member.deleted, effect.deleted);
  }
}

/**
 * Fold `effects` (in any order) into each author's sessions: an edit within `quietMs` of the
 * end of the author's latest session extends it, a later one starts a new session. Returns every
 * session started or extended, so that its activity event can be written.
 */
export function extendSessions(
  attribution: Attribution,
  effects: readonly EntryEffect[],
  options: { paperId: string; quietMs: number },
): EditingSession[] {
  const touched = new Map<string, EditingSession>();
  const ordered = [...effects].sort((a, b) =>
    a.at === b.at ? (a.entryId < b.entryId ? -1 : 1) : a.at < b.at ? -1 : 1,
  );
  for (const effect of ordered) {
    if (effect.memberId === null) continue;
    const at = Date.parse(effect.at);
    const latest = attribution.sessions.get(effect.memberId);
    if (latest && at - Date.parse(latest.endedAt) <= options.quietMs) {
      // startedAt stays: it is the event's time, which a stored event keeps.
      if (effect.at > latest.endedAt) latest.endedAt = effect.at;
      latest.wordsAdded += effect.wordsAdded;
      latest.wordsRemoved += effect.wordsRemoved;
      touched.set(latest.id, latest);
      continue;
    }
    const session: EditingSession = {
      // Derived, not random: a retried write of the same session replaces its event.
      id: `editing:${options.paperId}:${effect.memberId}:${effect.at}`,
      memberId: effect.memberId,
      startedAt: effect.at,
      endedAt: effect.at,
      wordsAdded: effect.wordsAdded,
      wordsRemoved: effect.wordsRemoved,
    };
    attribution.sessions.set(effect.memberId, session);
    touched.set(session.id, session);
  }
  return [...touched.values()];
}

const FORMAT = 1;

function writeRanges(encoder: encoding.Encoder, ranges: IdRanges): void {
  encoding.writeVarUint(encoder, ranges.size);
  for (const [client, list] of ranges) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    let end = 0;
    // Clocks as gaps from the previous range's end: small numbers, short varints.
    for (const range of list) {
      encoding.writeVarUint(encoder, range.clock - end);
      encoding.writeVarUint(encoder, range.len);
      end = range.clock + range.len;
    }
  }
}

function readRanges(decoder: decoding.Decoder): IdRanges {
  const ranges: IdRanges = new Map();
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    const list: ClockRange[] = [];
    let end = 0;
    for (let i = 0; i < count; i++) {
      const clock = end + decoding.readVarUint(decoder);
      const len = decoding.readVarUint(decoder);
      list.push({ clock, len });
      end = clock + len;
    }
    ranges.set(client, list);
  }
  return ranges;
}

/** The stored form: a format byte, then members with their ranges, then sessions. */
export function encodeAttribution(attribution: Attribution): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FORMAT);
  encoding.writeVarUint(encoder, attribution.members.size);
  for (const [memberId, member] of attribution.members) {
    encoding.writeVarString(encoder, memberId);
    writeRanges(encoder, member.inserted);
    writeRanges(encoder, member.deleted);
  }
  encoding.writeVarUint(encoder, attribution.sessions.size);
  for (const session of attribution.sessions.values()) {
    encoding.writeVarString(encoder, session.id);
    encoding.writeVarString(encoder, session.memberId);
    encoding.writeVarString(encoder, session.startedAt);
    encoding.writeVarString(encoder, session.endedAt);
    encoding.writeVarUint(encoder, session.wordsAdded);
    encoding.writeVarUint(encoder, session.wordsRemoved);
  }
  return encoding.toUint8Array(encoder);
}

export function decodeAttribution(bytes: Uint8Array | null): Attribution {
  const attribution = emptyAttribution();
  if (bytes === null || bytes.length === 0) return attribution;
  const decoder = decoding.createDecoder(bytes);
  const format = decoding.readVarUint(decoder);
  if (format !== FORMAT) throw new Error(`Unknown attribution format ${format}.`);
  const members = decoding.readVarUint(decoder);
  for (let m = 0; m < members; m++) {
    const memberId = decoding.readVarString(decoder);
    const inserted = readRanges(decoder);
    const deleted = readRanges(decoder);
    attribution.members.set(memberId, { inserted, deleted });
  }
  const sessions = decoding.readVarUint(decoder);
  for (let s = 0; s < sessions; s++) {
    const session: EditingSession = {
      id: decoding.readVarString(decoder),
      memberId: decoding.readVarString(decoder),
      startedAt: decoding.readVarString(decoder),
      endedAt: decoding.readVarString(decoder),
      wordsAdded: decoding.readVarUint(decoder),
      wordsRemoved: decoding.readVarUint(decoder),
    };
    attribution.sessions.set(session.memberId, session);
  }
  return attribution;
}
