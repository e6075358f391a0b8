// A worker thread of the scale run's load generator: it holds the live clients of the papers the
// parent hands it (one writer typing per paper, the others watching), measures delivery latency
// in its own clock (a paper's writer and watchers live in the same thread), and answers the
// parent's commands (load-pool.ts). Clients are the stock ones: y-websocket's WebsocketProvider
// for the local server, the client SDK's connectPaper (API Gateway transport) for serverless.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { connectPaper } from "@accord/client";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { LoadCommand, LoadReply, PaperAssignment, WorkerConfig } from "./protocol.ts";

const config = workerData as WorkerConfig;
// Every stock provider adds a process 'exit' listener (to say goodbye to its awareness peers):
// hundreds per thread here are expected, not a leak.
process.setMaxListeners(0);
const port = parentPort;
if (!port) throw new Error("load-worker.ts runs as a worker thread");

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Paragraphs received so far. */
  received: number;
}

interface LivePaper {
  paperId: string;
  writer: Client;
  watchers: Client[];
  /** Send time (this thread's clock) of paragraph n, "e<n>". */
  sentAt: number[];
  /** The writer's last paragraph (null: the body is empty). */
  last: Y.XmlElement | null;
}

const papers: LivePaper[] = [];
/** Latencies (ms) of the deliveries since the last window reading. */
let latencies: number[] = [];
let errors: string[] = [];
let errorCount = 0;
/** One timer per paper, each started at its own offset: writers do not all type at once. */
const typingTimers: ReturnType<typeof setTimeout>[] = [];
let closing = false;
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

function noteError(what: string) {
  errorCount += 1;
  // Bounded: the count says how many, the first few say what.
  if (errors.length < 20) errors.push(what);
}

function open(paperId: string, token: string): Client {
  const doc = new Y.Doc();
  // ws's WebSocket is what Node apps pass; its types differ slightly from the DOM's.
  const WebSocketImpl = WebSocket as unknown as typeof globalThis.WebSocket;
  const provider =
    config.transport === "apigateway"
      ? connectPaper({
          url: config.url,
          paperId,
          token,
          doc,
          transport: "apigateway",
          WebSocketImpl,
          disableBc: true,
          maxBackoffTime: 1_000,
        })
      : new WebsocketProvider(config.url, paperId, doc, {
          WebSocketPolyfill: WebSocketImpl,
          disableBc: true,
          params: { token },
          maxBackoffTime: 1_000,
        });
  const client: Client = { doc, provider, received: 0 };
  // Any close or socket error before the run closes its clients is an error of the run: the
  // provider reconnects by itself, but a user would have seen the paper go offline.
  provider.on("connection-close", (event) => {
    if (!closing) noteError(`${paperId}: connection closed (${event?.code ?? "no code"})`);
  });
  provider.on("connection-error", () => {
    if (!closing) noteError(`${paperId}: connection error`);
  });
  return client;
}

/** n of a paragraph "e<n>", or -1. */
function paragraphIndex(paragraph: unknown): number {
  if (!(paragraph instanceof Y.XmlElement)) return -1;
  const text = paragraph.get(0);
  const match = text instanceof Y.XmlText ? /^e(\d+)$/.exec(text.toString()) : null;
  return match ? Number(match[1]) : -1;
}

function watch(paper: LivePaper, client: Client) {
  // The new paragraphs straight from the structs the transaction added (the writer's clock range
  // before → after it): O(new). The fragment's change event would walk the whole body on every
  // delivery, and the generator would slow down as the papers grow.
  const writerId = paper.writer.doc.clientID;
  client.doc.on("afterTransaction", (transaction: Y.Transaction) => {
    const before = transaction.beforeState.get(writerId) ?? 0;
    const after = transaction.afterState.get(writerId) ?? 0;
    if (after <= before) return;
    const structs = client.doc.store.clients.get(writerId);
    if (!structs) return;
    const now = performance.now();
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) continue;
      const n = paragraphIndex(struct.content.type);
      if (n < 0) continue;
      const sent = paper.sentAt[n];
      if (sent !== undefined) latencies.push(now - sent);
      client.received += 1;
    }
  });
}

function typeOne(paper: LivePaper) {
  const n = paper.sentAt.length;
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(`e${n}`)]);
  const body = paper.writer.doc.getXmlFragment("body");
  paper.sentAt.push(performance.now());
  // After the last paragraph by reference: insert(body.length) would walk the whole list.
  body.insertAfter(paper.last, [paragraph]);
  paper.last = paragraph;
}

const synced = (client: Client) => client.provider.synced && client.provider.wsconnected;

/** Resolve once `check` holds or `deadlineMs` passed (then false): bounded in time. */
function until(check: () => boolean, deadlineMs: number): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const tick = () => {
      if (check()) resolve(true);
      else if (Date.now() - started > deadlineMs) resolve(false);
      else setTimeout(tick, 50);
    };
    tick();
  });
}

async function openPapers(assignments: PaperAssignment[], deadlineMs: number) {
  const opened: LivePaper[] = [];
  for (const a of assignments) {
    const writer = open(a.paperId, a.writerToken);
    const paper: LivePaper = {
      paperId: a.paperId,
      writer,
      watchers: [],
      sentAt: [],
      last: null,
    };
    for (let i = 0; i < a.watchers; i++) {
      const watcher = open(a.paperId, a.watcherToken);
      watch(paper, watcher);
      paper.watchers.push(watcher);
    }
    opened.push(paper);
  }
  const all = opened.flatMap((p) => [p.writer, ...p.watchers]);
  const ok = await until(() => all.every(synced), deadlineMs);
  if (!ok) noteError(`${all.filter((c) => !synced(c)).length} client(s) did not sync in time`);
  papers.push(...opened);
  return all.length;
}

/** After typing stops: wait for every watcher to hold every paragraph its writer typed. */
async function finish(deadlineMs: number) {
  const complete = () =>
    papers.every((p) => p.watchers.every((w) => w.received >= p.sentAt.length));
  await until(complete, deadlineMs);
  let missing = 0;
  for (const paper of papers) {
    for (const watcher of paper.watchers) {
      const have = new Set(watcher.doc.getXmlFragment("body").toArray().map(paragraphIndex));
      for (let n = 0; n < paper.sentAt.length; n++) if (!have.has(n)) missing += 1;
    }
  }
  return {
    missing,
    typedByPaper: Object.fromEntries(papers.map((p) => [p.paperId, p.sentAt.length])),
  };
}

function stopTyping() {
  // clearTimeout and clearInterval clear either kind of timer.
  for (const timer of typingTimers.splice(0)) clearTimeout(timer);
}

function reply(message: LoadReply) {
  port!.postMessage(message);
}

port.on("message", (command: LoadCommand) => {
  void (async () => {
    switch (command.kind) {
      case "open": {
        const clients = await openPapers(command.papers, command.deadlineMs);
        reply({ kind: "opened", clients });
        return;
      }
      case "typing": {
        stopTyping();
        const everyMs = command.everyMs;
        if (everyMs > 0) {
          papers.forEach((paper, i) => {
            const offset = (everyMs * i) / papers.length;
            typingTimers.push(
              setTimeout(
                () => typingTimers.push(setInterval(() => typeOne(paper), everyMs)),
                offset,
              ),
            );
          });
        }
        reply({ kind: "typing" });
        return;
      }
      case "window": {
        const typed = papers.reduce((n, p) => n + p.sentAt.length, 0);
        reply({
          kind: "window",
          latencies,
          errors,
          errorCount,
          typed,
          loopDelayP99Ms: loop.percentile(99) / 1e6,
        });
        latencies = [];
        errors = [];
        errorCount = 0;
        loop.reset();
        return;
      }
      case "finish": {
        stopTyping();
        const result = await finish(command.deadlineMs);
        reply({ kind: "finished", ...result });
        return;
      }
      case "close": {
        closing = true;
        stopTyping();
        for (const paper of papers.splice(0)) {
          for (const client of [paper.writer, ...paper.watchers]) {
            client.provider.destroy();
            client.doc.destroy();
          }
        }
        loop.disable();
        reply({ kind: "closed" });
        return;
      }
    }
  })();
});
