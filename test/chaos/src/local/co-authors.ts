// Co-authors of one position paper as a client app has them: a GraphQL client each (set-up,
// versions) and a stock y-websocket provider each, typing numbered paragraphs so that every edit
// can be found again by its text ("<author>-<n>") in any copy of the document.
import {
  type AccordClient,
  AddCollaboratorDocument,
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  createClient,
  MeDocument,
} from "@accord/client";
import { type DevSigningKey, mintLocalToken } from "@accord/identity";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { paragraphTexts, waitUntil } from "../measure.ts";

export interface CoAuthor {
  username: string;
  token: string;
  api: AccordClient;
  memberId: string;
}

export interface Endpoints {
  graphqlUrl: string;
  collabUrl: string;
}

export async function signIn(
  key: DevSigningKey,
  graphqlUrl: string,
  username: string,
  coordinator = false,
): Promise<CoAuthor> {
  // Long enough for the longest profile: a token expiring mid-run would read as a refusal.
  const token = await mintLocalToken(key, { username, coordinator, ttlSeconds: 24 * 3600 });
  const api = createClient({ url: graphqlUrl, token });
  const { me } = await api.request(MeDocument);
  if (!me) throw new Error(`${username} signed in but has no member record`);
  return { username, token, api, memberId: me.id };
}

/** A working group and a paper whose LEAD is the first author, the others its EDITORs. */
export async function draftPaper(authors: CoAuthor[], title: string): Promise<string> {
  const [lead, ...editors] = authors;
  if (!lead) throw new Error("a paper needs a lead");
  const { createWorkingGroup } = await lead.api.request(CreateWorkingGroupDocument, {
    input: { name: `${title} working group`, description: "Reliability runs" },
  });
  const { createPaper } = await lead.api.request(CreatePaperDocument, {
    input: { workingGroupId: createWorkingGroup.id, title, diplomacyTypes: [] },
  });
  for (const editor of editors) {
    await lead.api.request(AddCollaboratorDocument, {
      input: { paperId: createPaper.id, memberId: editor.memberId, role: "EDITOR" },
    });
  }
  return createPaper.id;
}

/** Close codes a provider's socket was closed with, in order (bounded). */
export interface LiveAuthor {
  author: CoAuthor;
  doc: Y.Doc;
  provider: WebsocketProvider;
  closeCodes: number[];
  /** Paragraphs this author typed, in order. */
  typed: string[];
}

export function openLive(
  collabUrl: string,
  paperId: string,
  author: CoAuthor,
  maxBackoffTime = 500,
): LiveAuthor {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl, paperId, doc, {
    // ws's WebSocket is what Node apps pass; its types differ slightly from the DOM's.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token: author.token },
    maxBackoffTime,
  });
  const live: LiveAuthor = { author, doc, provider, closeCodes: [], typed: [] };
  provider.on("connection-close", (event) => {
    if (event && live.closeCodes.length < 1_000) live.closeCodes.push(event.code);
  });
  return live;
}

/**
 * Append one paragraph named `<username>-<n>` (then `padding` characters, to grow the document):
 * one Yjs update, one message to the server.
 */
export function typeParagraph(live: LiveAuthor, padding = 0): string {
  const name = `${live.author.username}-${live.typed.length}`;
  const text = padding > 0 ? `${name} ${"x".repeat(padding)}` : name;
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const body = live.doc.getXmlFragment("body");
  body.insert(body.length, [paragraph]);
  live.typed.push(text);
  return text;
}

/**
 * Every author types one paragraph every `everyMs` until `stop()` (or `maxEdits` each). The
 * default server admits 60 messages a second per connection; 25 ms keeps well under it.
 */
export function startTyping(lives: LiveAuthor[], everyMs = 25, maxEdits = 10_000) {
  let stopped = false;
  const counts = new Map<LiveAuthor, number>();
  const timers = lives.map((live) =>
    setInterval(() => {
      const n = counts.get(live) ?? 0;
      if (stopped || n >= maxEdits) return;
      counts.set(live, n + 1);
      typeParagraph(live);
    }, everyMs),
  );
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
    },
  };
}

/** What each author had received from the others: "seen" edits, by their text. */
export function seenByOthers(lives: LiveAuthor[]): Set<string> {
  const seen = new Set<string>();
  for (const live of lives) {
    const own = `${live.author.username}-`;
    for (const text of paragraphTexts(live.doc)) if (!text.startsWith(own)) seen.add(text);
  }
  return seen;
}

const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString("base64");

/** Wait until every provider is synced and every document holds the same state. */
export async function converged(lives: LiveAuthor[], what: string, deadlineMs = 60_000) {
  const first = lives[0];
  if (!first) return;
  await waitUntil(
    what,
    () =>
      lives.every((l) => l.provider.synced && l.provider.wsconnected) &&
      lives.every((l) => stateOf(l.doc) === stateOf(first.doc)),
    deadlineMs,
  );
}

export function closeAll(lives: LiveAuthor[]) {
  for (const live of lives) {
    live.provider.destroy();
    live.doc.destroy();
  }
}
