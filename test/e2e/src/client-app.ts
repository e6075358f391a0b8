// What a client app does, through the client SDK only: sign in with a token, call typed GraphQL
// operations, open a paper live with the stock y-websocket provider (connectPaper), write into
// the ProseMirror/TipTap body and notice what the server answers.
import { type AccordClient, connectPaper, createClient, MeDocument } from "@accord/client";
import WebSocket from "ws";
import { readAuthMessage } from "y-protocols/auth";
import { messageAuth, type WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { Target, TokenOptions } from "./targets.ts";

/** How long any awaited event may take before the test fails saying what it waited for. */
export const DEADLINE_MS = 15_000;

export interface Person {
  username: string;
  token: string;
  api: AccordClient;
  memberId: string;
  displayName: string;
}

/** Sign in: the first request with a new token creates the member from its subject. */
export async function signIn(
  target: Target,
  username: string,
  options: TokenOptions = {},
): Promise<Person> {
  const token = await target.token(username, options);
  const api = createClient({ url: target.graphqlUrl, token });
  const { me } = await api.request(MeDocument);
  if (!me) throw new Error(`${username} signed in but has no member record`);
  return { username, token, api, memberId: me.id, displayName: me.displayName };
}

type Unsubscribe = () => void;
type Subscribe = (recheck: () => void) => Unsubscribe;

/**
 * Resolve with `check`'s first defined value, checking again on every notification from
 * `subscribe`; fail with `what` at the deadline.
 */
export function until<T>(
  what: string,
  check: () => T | undefined,
  subscribe: Subscribe,
  deadlineMs = DEADLINE_MS,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let unsubscribe: Unsubscribe = () => {};
    const finish = (error: Error | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolve(value as T);
    };
    const recheck = () => {
      try {
        const value = check();
        if (value !== undefined) finish(null, value);
      } catch (error) {
        finish(error as Error);
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${deadlineMs} ms waiting for ${what}`)),
      deadlineMs,
    );
    unsubscribe = subscribe(recheck);
    recheck();
  });
}

/** A paper open in one client: its document, provider and what the server told it. */
export interface LivePaper {
  who: Person;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Reasons of the permission-denied auth messages received, in order. */
  readonly refusals: readonly string[];
  /** The close code that ended the connection for good (4400-4499), once it happened. */
  readonly closedWith: number | null;
  /** Notified on every document update, sync, refusal and close. */
  subscribe: Subscribe;
}

/** Opens papers live on one target and closes them all at the end. */
export class LiveEditing {
  readonly #open: LivePaper[] = [];
  constructor(readonly target: Target) {}

  open(who: Person, paperId: string, token = who.token): LivePaper {
    const doc = new Y.Doc();
    const provider = connectPaper({
      url: this.target.collabUrl,
      paperId,
      token,
      doc,
      WebSocketImpl: WebSocket,
      transport: this.target.transport,
      // Every provider in this process would otherwise sync in memory, bypassing the server.
      disableBc: true,
      maxBackoffTime: 500,
      connect: false,
    });
    const refusals: string[] = [];
    let closedWith: number | null = null;
    const listeners = new Set<() => void>();
    const notify = () => {
      for (const listener of [...listeners]) listener();
    };
    // The stock provider only logs a refusal; an app that wants to tell its user registers its
    // own handler for the auth message, as here.
    provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      readAuthMessage(decoder, doc, (_doc, reason) => {
        refusals.push(reason);
        notify();
      });
    };
    provider.on("closed", (event: { code: number }) => {
      closedWith = event.code;
      notify();
    });
    provider.on("sync", notify);
    doc.on("update", notify);
    const live: LivePaper = {
      who,
      doc,
      provider,
      get refusals() {
        return refusals;
      },
      get closedWith() {
        return closedWith;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    this.#open.push(live);
    provider.connect();
    return live;
  }

  closeAll() {
    for (const live of this.#open.splice(0)) {
      live.provider.destroy();
      live.doc.destroy();
    }
  }
}

/** Every open paper notifying one listener. */
export const allOf =
  (...papers: LivePaper[]): Subscribe =>
  (recheck) => {
    const unsubscribes = papers.map((p) => p.subscribe(recheck));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  };

export const synced = (live: LivePaper) =>
  until(
    `${live.who.username} to sync`,
    () => (live.provider.synced ? true : undefined),
    live.subscribe,
  );

export const closed = (live: LivePaper) =>
  until(
    `${live.who.username}'s connection to be closed`,
    () => live.closedWith ?? undefined,
    live.subscribe,
  );

/** The next permission-denied message after `seen` earlier ones, or the close that replaced it. */
export const refusedOrClosed = (live: LivePaper, seen = live.refusals.length) =>
  until(
    `${live.who.username}'s edit to be refused`,
    () =>
      live.refusals.length > seen
        ? ("refused" as const)
        : live.closedWith !== null
          ? live.closedWith
          : undefined,
    live.subscribe,
  );

export const refused = (live: LivePaper, seen = live.refusals.length) =>
  until(
    `${live.who.username}'s edit to be refused`,
    () => (live.refusals.length > seen ? live.refusals[live.refusals.length - 1] : undefined),
    live.subscribe,
  );

// ---------------------------------------------------------------------------------------------
// The paper body as TipTap writes it: a Y.XmlFragment "body" of block nodes.

export type Inline = string | { text: string; marks: Record<string, object> };

/** Append a block (paragraph, heading…) at the end of the body in one transaction. */
export function appendBlock(
  doc: Y.Doc,
  nodeName: string,
  content: Inline[],
  attributes: Record<string, string | number> = {},
) {
  doc.transact(() => {
    const block = new Y.XmlElement(nodeName);
    for (const [name, value] of Object.entries(attributes)) {
      // TipTap stores numbers (heading levels) as numbers; the typing says strings.
      block.setAttribute(name, value as string);
    }
    const text = new Y.XmlText();
    block.insert(0, [text]);
    const body = doc.getXmlFragment("body");
    body.insert(body.length, [block]);
    for (const piece of content) {
      // Explicitly unmarked: without attributes Yjs carries on the marks before the insertion.
      if (typeof piece === "string") text.insert(text.length, piece, {});
      else text.insert(text.length, piece.text, piece.marks);
    }
  });
}

export const paragraph = (doc: Y.Doc, ...content: Inline[]) =>
  appendBlock(doc, "paragraph", content);

/** Replace the whole body with paragraphs, as selecting all and typing over would. */
export function rewrite(doc: Y.Doc, ...paragraphs: string[]) {
  doc.transact(() => {
    const body = doc.getXmlFragment("body");
    body.delete(0, body.length);
    for (const text of paragraphs) paragraph(doc, text);
  });
}

/** The body's plain text as the server reads it: one line per text block. */
export function bodyText(doc: Y.Doc): string {
  const lines: string[] = [];
  const visit = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const texts = child.toArray().filter((c): c is Y.XmlText => c instanceof Y.XmlText);
      if (texts.length > 0) {
        lines.push(
          texts
            .flatMap((t) => t.toDelta() as { insert: unknown }[])
            .map((op) => (typeof op.insert === "string" ? op.insert : ""))
            .join(""),
        );
      } else {
        visit(child);
      }
    }
  };
  visit(doc.getXmlFragment("body"));
  return lines.join("\n");
}
