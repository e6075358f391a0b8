// The inbox: notifications to one member about something another member did (a mention, an
// invitation, a reply, a status change, a request to endorse), and the mention tokens of
// comment bodies that produce some of them.
import { badInput } from "./errors.ts";
import { TEXT_LIMITS } from "./limits.ts";
import { longText } from "./validation.ts";

export const NOTIFICATION_KINDS = [
  /** Someone mentioned the recipient in a comment or a reply. */
  "MENTION",
  /** The recipient (an existing member) was invited to a paper or a working group. */
  "INVITATION",
  /** Someone replied in a thread the recipient started or took part in. */
  "REPLY",
  /** A paper the recipient collaborates on changed status. */
  "STATUS_CHANGED",
  /** A LEAD asked the recipient to endorse a paper in ENDORSEMENT. */
  "ENDORSEMENT_REQUESTED",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: string;
  /** The member whose inbox holds it. */
  recipientId: string;
  kind: NotificationKind;
  /** Who did it; never the recipient. */
  actorId: string;
  /** The paper it is about; null for an invitation to a working group. */
  paperId: string | null;
  /** MENTION and REPLY: the thread to open, and the comment in it. */
  threadId: string | null;
  commentId: string | null;
  /** INVITATION: the invitation to accept. */
  invitationId: string | null;
  /**
   * Small kind-specific facts: { excerpt } of a mention or reply (the start of the comment),
   * { from, to } of a status change, { message } of an endorsement request, { target, targetId }
   * of an invitation.
   */
  detail: Record<string, string | number | boolean | null>;
  createdAt: string;
  /** Null while unread. */
  readAt: string | null;
}

/**
 * What a member's inbox badge needs, read in one cheap request: the unread count and a version
 * that grows with every change to the inbox (a notification added, one marked read), so a
 * client polling it knows when to fetch the list again.
 */
export interface InboxState {
  unread: number;
  version: number;
}

/** The members to notify: distinct, in first-seen order, never the one who acted. */
export function recipientsOf(candidates: Iterable<string>, actorId: string): string[] {
  const recipients = new Set<string>();
  for (const id of candidates) if (id !== actorId) recipients.add(id);
  return [...recipients];
}

// Mentions. A display name may hold spaces ("Ana Lima"), so a typed "@Ana Lima" cannot say where
// the name ends nor which Ana is meant: a mention is the token `@[Ana Lima](member:<id>)` that
// the web app's picker inserts. The id is what counts; the label is rewritten to the member's
// display name when the comment is stored. Any other "@text" is plain text.

/** A member id as it may appear in a token (ids are UUIDs; tests and seeds use short slugs). */
const MEMBER_ID = "[A-Za-z0-9_-]{1,64}";
/** A label holds no brackets or line breaks, so the token's end is never ambiguous. */
const LABEL = "[^\\[\\]\\n]{1,200}";
const MENTION = new RegExp(`@\\[(${LABEL})\\]\\(member:(${MEMBER_ID})\\)`, "g");

export interface Mention {
  memberId: string;
  /** The name written in the token. */
  label: string;
  /** UTF-16 offsets of the whole token in the body (end exclusive). */
  start: number;
  end: number;
}

/** Every mention token of a comment body, in order. */
export function mentionsIn(body: string): Mention[] {
  return [...body.matchAll(MENTION)].map((match) => ({
    memberId: match[2] ?? "",
    label: match[1] ?? "",
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** The token that mentions a member; brackets and runs of white space in the name become one space. */
export function mentionToken(memberId: string, displayName: string): string {
  const label = displayName.replace(/[[\]\s]+/g, " ").trim() || "member";
  return `@[${[...label].slice(0, 200).join("")}](member:${memberId})`;
}

/**
 * The distinct members a body mentions, in first-mention order; BAD_USER_INPUT past
 * TEXT_LIMITS.mentionsPerComment.
 */
export function mentionedMemberIds(field: string, body: string): string[] {
  const ids = [...new Set(mentionsIn(body).map((m) => m.memberId))];
  if (ids.length > TEXT_LIMITS.mentionsPerComment) {
    throw badInput(
      field,
      `A comment may mention at most ${TEXT_LIMITS.mentionsPerComment} members (this one mentions ${ids.length}).`,
    );
  }
  return ids;
}

/** The body with every token's label set to the member's current display name. */
export function withMentionNames(body: string, names: ReadonlyMap<string, string>): string {
  return body.replace(MENTION, (token, _label: string, memberId: string) => {
    const name = names.get(memberId);
    return name === undefined ? token : mentionToken(memberId, name);
  });
}

/** The optional note of an endorsement request: trimmed, empty means none. */
export function endorsementRequestMessage(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return longText("message", value, TEXT_LIMITS.endorsementRequestMessage) || null;
}
