// Every key of the table in one place (README.md has the same table in words).
import { randomBytes } from "node:crypto";
import type { Key } from "./db.ts";

/**
 * Separator inside sort keys after a free-form part (a name, a caller's id): it sorts before
 * every other character, so "Ann" + SEP + x orders before "Anna" + SEP + y, as (name, id) should.
 */
export const SEP = "\u0000";

export const member = (id: string): Key => ({ pk: `MEMBER#${id}`, sk: "MEMBER" });
export const subject = (subjectId: string): Key => ({ pk: `SUBJECT#${subjectId}`, sk: "SUBJECT" });
/** Member-side copies, so a member's groups and papers are one consistent query. */
export const memberGroup = (memberId: string, groupId: string): Key => ({
  pk: `MEMBER#${memberId}`,
  sk: `GROUP#${groupId}`,
});
export const memberPaper = (memberId: string, paperId: string): Key => ({
  pk: `MEMBER#${memberId}`,
  sk: `PAPER#${paperId}`,
});

export const TOPICS_PK = "TOPICS";
export const topic = (id: string): Key => ({ pk: TOPICS_PK, sk: `TOPIC#${id}` });

export const group = (id: string): Key => ({ pk: `GROUP#${id}`, sk: "GROUP" });
export const membership = (groupId: string, memberId: string): Key => ({
  pk: `GROUP#${groupId}`,
  sk: `MEMBER#${memberId}`,
});

export const paperPk = (paperId: string) => `PAPER#${paperId}`;
export const paper = (id: string): Key => ({ pk: paperPk(id), sk: "PAPER" });
export const collaborator = (paperId: string, memberId: string): Key => ({
  pk: paperPk(paperId),
  sk: `COLLAB#${memberId}`,
});
export const comment = (id: string): Key => ({ pk: `COMMENT#${id}`, sk: "COMMENT" });
export const paperComment = (paperId: string, id: string): Key => ({
  pk: paperPk(paperId),
  sk: `COMMENT#${id}`,
});
export const versionPointer = (id: string): Key => ({ pk: `VERSION#${id}`, sk: "VERSION" });
/** Versions sort by (createdAt, id) inside the paper; their chunks follow right after. */
export const versionSk = (createdAt: string, id: string) => `VERSION#${createdAt}#${id}`;
export const versionChunkSk = (createdAt: string, id: string, token: string, index: number) =>
  `${versionSk(createdAt, id)}${SEP}${token}#${pad(index, 4)}`;
export const endorser = (paperId: string, memberId: string): Key => ({
  pk: paperPk(paperId),
  sk: `ENDORSER#${memberId}`,
});
export const endorsementSk = (createdAt: string, memberId: string) =>
  `ENDORSEMENT#${createdAt}#${memberId}`;
export const activitySk = (at: string, id: string) => `ACTIVITY#${at}#${id}`;

/** Invitations: the item, its copies (target's and invitee's partitions), the open marker. */
export const invitation = (id: string): Key => ({ pk: `INVITATION#${id}`, sk: "INVITATION" });
export const INVITATION_PREFIX = "INVITATION#";
export const invitationSk = (createdAt: string, id: string) => `INVITATION#${createdAt}#${id}`;
export const inviteePk = (kind: string, invitee: string) => `INVITEE#${kind}#${invitee}`;
export const openInvitation = (i: {
  inviteeKind: string;
  invitee: string;
  target: string;
  targetId: string;
}): Key => ({ pk: inviteePk(i.inviteeKind, i.invitee), sk: `OPEN#${i.target}#${i.targetId}` });
/** Join requests: the item, its copies (group's and member's partitions), the pending marker. */
export const joinRequest = (id: string): Key => ({ pk: `JOINREQ#${id}`, sk: "JOINREQ" });
export const JOIN_REQUEST_PREFIX = "JOINREQ#";
export const joinRequestSk = (createdAt: string, id: string) => `JOINREQ#${createdAt}#${id}`;
export const pendingJoinRequest = (groupId: string, memberId: string): Key => ({
  pk: `GROUP#${groupId}`,
  sk: `JOINPENDING#${memberId}`,
});

/**
 * Inboxes: a pointer per notification (its recipient and time, for marking read by id), and in
 * the recipient's partition the notification, a copy while it is unread, and the inbox head
 * (unread count, version).
 */
export const notificationPointer = (id: string): Key => ({
  pk: `NOTIFICATION#${id}`,
  sk: "NOTIFICATION",
});
export const inboxPk = (recipientId: string) => `INBOX#${recipientId}`;
export const inboxHead = (recipientId: string): Key => ({ pk: inboxPk(recipientId), sk: "HEAD" });
export const NOTE_PREFIX = "NOTE#";
export const UNREAD_PREFIX = "UNREAD#";
export const noteSk = (prefix: string, createdAt: string, id: string) =>
  `${prefix}${createdAt}#${id}`;

/** The live document items of a paper: what `load` reads, in this order (see documents.ts). */
export const DOC_PREFIX = "DOC#";
/** The running byte count of the document (snapshot + tail), kept by appends and compactions. */
export const HEAD_SK = "DOC#HEAD";
export const LOG_PREFIX = "DOC#LOG#";
export const logSk = (entryId: string, part: number) =>
  part === 0 ? `${LOG_PREFIX}${entryId}` : `${LOG_PREFIX}${entryId}#${pad(part, 3)}`;
export const META_SK = "DOC#META";
export const snapshotPrefix = (version: number, token: string) =>
  `DOC#SNAP#${pad(version, 10)}#${token}#`;
export const snapshotSk = (version: number, token: string, index: number) =>
  `${snapshotPrefix(version, token)}${pad(index, 4)}`;
/** Retired copies live outside DOC# so that loads never read them. */
export const RETIRED_PREFIX = "RETIRED#";
export const retiredSk = (liveSk: string) => `${RETIRED_PREFIX}${liveSk.slice(DOC_PREFIX.length)}`;
export const RETIRED_LOG_PREFIX = "RETIRED#LOG#";

export const connection = (connectionId: string): Key => ({
  pk: `CONN#${connectionId}`,
  sk: "CONN",
});
export const paperConnection = (paperId: string, connectionId: string): Key => ({
  pk: paperPk(paperId),
  sk: `CONN#${connectionId}`,
});

export const messagePk = (connectionId: string, messageId: string) =>
  `MSG#${connectionId}${SEP}${messageId}`;
export const messageHead = (connectionId: string, messageId: string): Key => ({
  pk: messagePk(connectionId, messageId),
  sk: "HEAD",
});
/**
 * The parts of a message sort under the chunk count they announced, so a chunk giving another
 * total (refused) never overwrites a part of the real message.
 */
export const messagePartPrefix = (total: number) => `PART#${pad(total, 6)}#`;
export const messagePart = (
  connectionId: string,
  messageId: string,
  total: number,
  index: number,
): Key => ({
  pk: messagePk(connectionId, messageId),
  sk: `${messagePartPrefix(total)}${pad(index, 6)}`,
});

/** Index key values. */
export const MEMBERS = "MEMBERS";
export const GROUPS = "GROUPS";
export const PAPERS = "PAPERS";
export const groupPapers = (groupId: string) => `GROUP#${groupId}`;
export const byName = (name: string, id: string) => `${name}${SEP}${id}`;
export const byTime = (time: string, id: string) => `${time}#${id}`;

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A ULID: 48-bit milliseconds then 80 random bits, in Crockford base32. Unique without
 * coordination, so appending a log entry needs no read and no condition.
 */
export function ulid(epochMs: number): string {
  let time = "";
  let t = Math.max(0, Math.floor(epochMs));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let random = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      random += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return time + random;
}

/** Log entry ids: a ULID, with ".<parts>" when the update spans several items. */
const ENTRY_ID = /^[0-9A-HJKMNP-TV-Z]{26}(?:\.([1-9][0-9]{0,2}))?$/;

export function entryParts(entryId: string): number | undefined {
  const match = ENTRY_ID.exec(entryId);
  if (!match) return undefined;
  return match[1] ? Number(match[1]) : 1;
}

/**
 * Surveys: the item, and a copy in the one SURVEYS partition (newest-first listing; a platform
 * has tens to hundreds). Responses sit in the survey's partition, one item per respondent key,
 * so results are one query of that partition. Citations: the item and a copy in the paper's.
 */
export const SURVEYS_PK = "SURVEYS";
export const surveyPk = (id: string) => `SURVEY#${id}`;
export const survey = (id: string): Key => ({ pk: surveyPk(id), sk: "SURVEY" });
export const SURVEY_PREFIX = "SURVEY#";
export const surveyListed = (createdAt: string, id: string): Key => ({
  pk: SURVEYS_PK,
  sk: `SURVEY#${createdAt}#${id}`,
});
export const RESPONSE_PREFIX = "RESPONSE#";
export const surveyResponse = (surveyId: string, respondentKey: string): Key => ({
  pk: surveyPk(surveyId),
  sk: `${RESPONSE_PREFIX}${respondentKey}`,
});
export const citation = (id: string): Key => ({ pk: `CITATION#${id}`, sk: "CITATION" });
export const CITATION_PREFIX = "CITATION#";
export const paperCitation = (paperId: string, citedAt: string, id: string): Key => ({
  pk: paperPk(paperId),
  sk: `${CITATION_PREFIX}${citedAt}#${id}`,
});
