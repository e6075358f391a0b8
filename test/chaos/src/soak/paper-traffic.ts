// The soak's traffic on one position paper, as its people make it over an hour: co-authors join
// with stock y-websocket providers, type and move their cursors, and leave; a reviewer joins,
// has their role changed while connected, comments, and leaves; the lead reads the paper page,
// edits its metadata, saves versions and restores them. Every paragraph typed is accounted for:
// a co-author leaves only once the lead's GraphQL read shows what they typed (then it is "seen"),
// and a restore makes the version's paragraphs the new baseline.
import {
  AddCommentDocument,
  ChangeCollaboratorRoleDocument,
  CommentThreadsDocument,
  CreateVersionDocument,
  PaperContentDocument,
  ReplyToCommentDocument,
  ResolveCommentThreadDocument,
  RestoreVersionDocument,
  UpdatePaperDocument,
} from "@accord/client";
import * as Y from "yjs";
import { PAPER_PAGE_QUERY } from "../../../bench/graphql-fixture.ts";
import { type CoAuthor, type LiveAuthor, openLive } from "../local/co-authors.ts";
import { missing, paragraphTexts, waitUntil } from "../measure.ts";
import { sample } from "../report.ts";

export interface TrafficSize {
  /** Co-authors that take turns joining and leaving, each on their own loop. */
  coAuthors: number;
  /** How long one co-author stays, ms: drawn from [min, max]. */
  sessionMs: [number, number];
  /** How long a co-author is away between two visits, ms: drawn from [min, max]. */
  awayMs: [number, number];
  typingEveryMs: number;
  cursorEveryMs: number;
  /** The lead's round: a paper-page read and a metadata edit. */
  leadEveryMs: number;
  /** Of every this many lead rounds (at least 3), one saves a version and one restores one. */
  versionEvery: number;
  /** The reviewer's round: join, role changed, a comment or an edit or a read, leave. */
  reviewerEveryMs: number;
  /** How long an edit may take to show in a GraphQL read before it counts as lost, ms. */
  confirmDeadlineMs: number;
}

/** What all papers did, and what went wrong, counted across the run. */
export class Tally {
  sessions = 0;
  edits = 0;
  cursorMoves = 0;
  graphqlReads = 0;
  graphqlWrites = 0;
  roleChanges = 0;
  versionsSaved = 0;
  restores = 0;
  comments = 0;
  /** Edits seen in a read (by another member) and later missing: must stay 0. */
  lost = 0;
  errorCount = 0;
  readonly errors: string[] = [];

  error(what: string) {
    this.errorCount += 1;
    if (this.errors.length < 20) this.errors.push(what);
  }
}

/** Runs tasks one at a time: a version save, a restore, a leave check never interleave. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => {});
    return result;
  }
}

interface Visit {
  live: LiveAuthor;
  /** Paragraphs typed in this visit not yet seen in a GraphQL read. */
  pending: string[];
  leaving: boolean;
}

export interface PaperPeople {
  lead: CoAuthor;
  coAuthors: CoAuthor[];
  reviewer: CoAuthor;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const REVIEWER_ROLES = ["COMMENTER", "EDITOR", "VIEWER"] as const;

/** The paragraph names in a paper's plain text (one text block per line). */
const paragraphsOf = (text: string) => new Set(text.split("\n").filter((line) => line !== ""));

export class PaperTraffic {
  /** Paragraphs the paper must hold: the last restored version's. */
  private baseline = new Set<string>();
  /** Paragraphs typed since the last restore. */
  private typed: string[] = [];
  private readonly visits = new Set<Visit>();
  private readonly queue = new Queue();
  private readonly versions: { id: string; paragraphs: Set<string> }[] = [];
  private readonly threads: string[] = [];
  /** While set, co-authors move their cursors but do not type (a version is saved or restored). */
  private paused = false;
  private visitCount = 0;
  /** Rounds so far, across waves: the role cycle and the version schedule carry on. */
  private reviewerRounds = 0;
  private leadRounds = 0;

  constructor(
    readonly paperId: string,
    private readonly people: PaperPeople,
    private readonly size: TrafficSize,
    private readonly urls: { graphql: string; collab: string },
    private readonly tally: Tally,
    private readonly random: () => number,
  ) {}

  /** Every paragraph the paper must hold now. */
  expected(): Set<string> {
    return new Set([...this.baseline, ...this.typed]);
  }

  /** All of this paper's live traffic until `endsAt` (performance.now()); resolves when everyone left. */
  async run(endsAt: number): Promise<void> {
    await Promise.all([
      ...this.people.coAuthors.map((author) => this.coAuthorLoop(author, endsAt)),
      this.reviewerLoop(endsAt),
      this.leadLoop(endsAt),
    ]);
  }

  /** The lead's paper-page reads only, until `stop()` is called (while documents unload). */
  readOnly(): { stop(): Promise<void> } {
    let stopped = false;
    const loop = (async () => {
      for (let i = 0; i < 10_000 && !stopped; i++) {
        await this.guard("paper page read", () => this.readPaperPage());
        await sleep(this.size.leadEveryMs);
      }
    })();
    return {
      async stop() {
        stopped = true;
        await loop;
      },
    };
  }

  /** The paper as GraphQL gives it now: its paragraphs. */
  async paragraphsNow(): Promise<Set<string>> {
    const { paper } = await this.people.lead.api.request(PaperContentDocument, {
      id: this.paperId,
    });
    this.tally.graphqlReads += 1;
    if (!paper) throw new Error(`paper ${this.paperId} not found`);
    return paragraphsOf(paper.content.text);
  }

  // --- co-authors --------------------------------------------------------------------------

  private async coAuthorLoop(author: CoAuthor, endsAt: number) {
    // Bounded: a visit lasts at least sessionMs[0] (and at least one ms).
    const maxVisits = Math.ceil((endsAt - performance.now()) / Math.max(1, this.size.sessionMs[0]));
    for (let i = 0; i < maxVisits && performance.now() < endsAt; i++) {
      await sleep(Math.min(this.draw(this.size.awayMs), endsAt - performance.now()));
      if (performance.now() >= endsAt) break;
      await this.guard(`${author.username}'s visit`, () => this.visit(author, endsAt));
    }
  }

  private async visit(author: CoAuthor, endsAt: number) {
    const visit = await this.join(author);
    const n = ++this.visitCount;
    let typedHere = 0;
    const typing = setInterval(() => {
      if (this.paused || !visit.live.provider.synced) return;
      const text = `${author.username}-v${n}-${typedHere++}`;
      appendParagraph(visit.live.doc, text);
      visit.pending.push(text);
      this.typed.push(text);
      this.tally.edits += 1;
    }, this.size.typingEveryMs);
    const cursor = setInterval(() => this.moveCursor(visit.live), this.size.cursorEveryMs);
    try {
      await sleep(Math.min(this.draw(this.size.sessionMs), endsAt - performance.now()));
    } finally {
      clearInterval(typing);
      clearInterval(cursor);
    }
    // Leave only once the lead can read everything typed in this visit.
    await this.queue.run(async () => {
      await this.confirm(visit.pending, `${author.username}'s edits before leaving`);
      visit.pending = [];
    });
    this.leave(visit);
  }

  private async join(author: CoAuthor): Promise<Visit> {
    const live = openLive(this.urls.collab, this.paperId, author);
    const visit: Visit = { live, pending: [], leaving: false };
    live.provider.on("connection-close", (event) => {
      if (!visit.leaving) {
        this.tally.error(
          `${author.username}'s connection closed (${event?.code ?? "?"}) mid-visit`,
        );
      }
    });
    live.provider.on("connection-error", () => {
      if (!visit.leaving) this.tally.error(`${author.username}'s connection failed`);
    });
    this.visits.add(visit);
    this.tally.sessions += 1;
    try {
      await waitUntil(
        `${author.username} to sync`,
        () => live.provider.synced,
        this.size.confirmDeadlineMs,
      );
    } catch (error) {
      this.leave(visit);
      throw error;
    }
    live.provider.awareness.setLocalStateField("user", { name: author.username });
    return visit;
  }

  private leave(visit: Visit) {
    visit.leaving = true;
    this.visits.delete(visit);
    visit.live.provider.destroy();
    visit.live.doc.destroy();
  }

  /** An awareness update as an editor sends it when the caret moves: relative positions. */
  private moveCursor(live: LiveAuthor) {
    if (!live.provider.synced) return;
    const body = live.doc.getXmlFragment("body");
    const at = Math.floor(this.random() * (body.length + 1));
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(body, at));
    live.provider.awareness.setLocalStateField("cursor", { anchor: position, head: position });
    this.tally.cursorMoves += 1;
  }

  // --- the reviewer: role changes while connected, comments --------------------------------

  private async reviewerLoop(endsAt: number) {
    const { reviewer, lead } = this.people;
    const maxRounds = Math.ceil((endsAt - performance.now()) / this.size.reviewerEveryMs) + 1;
    for (let i = 0; i < maxRounds && performance.now() < endsAt; i++) {
      await sleep(Math.min(this.size.reviewerEveryMs, endsAt - performance.now()));
      if (performance.now() >= endsAt) break;
      const round = this.reviewerRounds++;
      const role = REVIEWER_ROLES[round % REVIEWER_ROLES.length]!;
      await this.guard(`the reviewer's round as ${role}`, () =>
        this.queue.run(async () => {
          const visit = await this.join(reviewer);
          try {
            await lead.api.request(ChangeCollaboratorRoleDocument, {
              input: { paperId: this.paperId, memberId: reviewer.memberId, role },
            });
            this.tally.roleChanges += 1;
            this.tally.graphqlWrites += 1;
            if (role === "COMMENTER") await this.comment(round);
            else if (role === "EDITOR") await this.reviewerEdit(visit, round);
            else {
              this.moveCursor(visit.live);
              await this.readPaperPage();
            }
          } finally {
            this.leave(visit);
          }
        }),
      );
    }
  }

  private async comment(round: number) {
    const api = this.people.reviewer.api;
    const thread = this.threads.at(-1);
    if (thread && round % 2 === 1) {
      await api.request(ReplyToCommentDocument, {
        input: { threadId: thread, body: `Follow-up ${round}: the figure needs a source.` },
      });
    } else {
      const { paper } = await api.request(PaperContentDocument, { id: this.paperId });
      this.tally.graphqlReads += 1;
      const length = paper?.content.text.length ?? 0;
      const { addComment } = await api.request(AddCommentDocument, {
        input: {
          paperId: this.paperId,
          body: `Round ${round}: can we cite the evidence here?`,
          ...(length > 0 ? { range: { from: 0, to: Math.min(length, 12) } } : {}),
        },
      });
      this.threads.push(addComment.id);
    }
    this.tally.comments += 1;
    this.tally.graphqlWrites += 1;
    if (thread && round % 4 === 0) {
      await api.request(ResolveCommentThreadDocument, { threadId: thread });
      this.tally.graphqlWrites += 1;
    }
    await api.request(CommentThreadsDocument, { paperId: this.paperId, first: 20 });
    this.tally.graphqlReads += 1;
  }

  /** Write access just came back on a live connection: an edit, seen before the next downgrade. */
  private async reviewerEdit(visit: Visit, round: number) {
    const text = `${this.people.reviewer.username}-r${round}`;
    appendParagraph(visit.live.doc, text);
    this.typed.push(text);
    this.tally.edits += 1;
    await this.confirm([text], "the reviewer's edit after the upgrade to EDITOR");
  }

  // --- the lead: reads, metadata, versions -------------------------------------------------

  private async leadLoop(endsAt: number) {
    const api = this.people.lead.api;
    const maxRounds = Math.ceil((endsAt - performance.now()) / this.size.leadEveryMs) + 1;
    for (let i = 0; i < maxRounds && performance.now() < endsAt; i++) {
      await sleep(Math.min(this.size.leadEveryMs, endsAt - performance.now()));
      if (performance.now() >= endsAt) break;
      const round = this.leadRounds++;
      await this.guard("paper page read", () => this.readPaperPage());
      await this.guard("metadata edit", async () => {
        await api.request(UpdatePaperDocument, {
          input: { id: this.paperId, summary: `Draft summary, revision ${round}` },
        });
        this.tally.graphqlWrites += 1;
      });
      const every = Math.max(3, this.size.versionEvery);
      if (round % every === 1) await this.guard("version save", () => this.saveVersion(round));
      if (round % every === every - 1 && this.versions.length > 0) {
        await this.guard("version restore", () => this.restoreVersion());
      }
    }
  }

  private async readPaperPage() {
    const response = await fetch(this.urls.graphql, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${this.people.lead.token}`,
      },
      body: JSON.stringify({ query: PAPER_PAGE_QUERY, variables: { id: this.paperId } }),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await response.json()) as { data?: { paper?: unknown }; errors?: unknown[] };
    this.tally.graphqlReads += 1;
    if (response.status !== 200 || body.errors?.length || !body.data?.paper) {
      throw new Error(
        `HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`,
      );
    }
  }

  /** Typing paused until everything typed is readable, then the version holds exactly that. */
  private saveVersion(round: number) {
    return this.quiet(async () => {
      const { createVersion } = await this.people.lead.api.request(CreateVersionDocument, {
        input: { paperId: this.paperId, name: `Round ${round}` },
      });
      this.tally.graphqlWrites += 1;
      this.tally.versionsSaved += 1;
      const paragraphs = paragraphsOf(createVersion.text);
      this.checkExactly(paragraphs, this.expected(), `version "Round ${round}"`);
      this.versions.push({ id: createVersion.id, paragraphs: this.expected() });
    });
  }

  /** A random earlier version restored: the paper, and every open editor, then hold exactly it. */
  private restoreVersion() {
    return this.quiet(async () => {
      const version = this.versions[Math.floor(this.random() * this.versions.length)]!;
      const { restoreVersion } = await this.people.lead.api.request(RestoreVersionDocument, {
        versionId: version.id,
      });
      this.tally.graphqlWrites += 1;
      this.tally.restores += 1;
      this.baseline = new Set(version.paragraphs);
      this.typed = [];
      this.checkExactly(
        paragraphsOf(restoreVersion.content.text),
        version.paragraphs,
        "the paper after a restore",
      );
      const open = [...this.visits];
      await waitUntil(
        "every open editor to show the restored version",
        () =>
          open.every(
            (v) =>
              v.leaving ||
              (v.live.provider.synced &&
                sameSet(new Set(paragraphTexts(v.live.doc)), version.paragraphs)),
          ),
        this.size.confirmDeadlineMs,
      );
    });
  }

  /** Pause typing, wait until every paragraph typed is readable, run `task`, resume. */
  private quiet(task: () => Promise<void>) {
    return this.queue.run(async () => {
      this.paused = true;
      try {
        await this.confirm(this.typed, "edits typed before a version save or restore");
        for (const visit of this.visits) visit.pending = [];
        await task();
      } finally {
        this.paused = false;
      }
    });
  }

  // --- accounting ----------------------------------------------------------------------------

  /** Wait until a GraphQL read holds `paragraphs`; what never shows is counted lost. */
  private async confirm(paragraphs: readonly string[], what: string) {
    if (paragraphs.length === 0) return;
    const deadline = performance.now() + this.size.confirmDeadlineMs;
    let absent: string[] = [...paragraphs];
    for (let i = 0; i < 100_000; i++) {
      absent = missing(absent, await this.paragraphsNow());
      if (absent.length === 0) return;
      if (performance.now() > deadline) break;
      await sleep(50);
    }
    this.tally.lost += absent.length;
    this.tally.error(`${what}: ${absent.length} never showed in GraphQL: ${sample(absent)}`);
  }

  private checkExactly(actual: Set<string>, expected: Set<string>, what: string) {
    const lost = missing(expected, actual);
    const extra = missing(actual, expected);
    if (lost.length > 0) {
      this.tally.lost += lost.length;
      this.tally.error(`${what} lacks ${lost.length} paragraph(s): ${sample(lost)}`);
    }
    if (extra.length > 0) {
      this.tally.error(`${what} has ${extra.length} unexpected paragraph(s): ${sample(extra)}`);
    }
  }

  /** Run one step; a failure is counted as an error of the run (never thrown past the loop). */
  private async guard(what: string, step: () => Promise<void>) {
    try {
      await step();
    } catch (error) {
      this.tally.error(
        `${what} on ${this.paperId}: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  private draw([min, max]: [number, number]) {
    return min + this.random() * (max - min);
  }
}

function appendParagraph(doc: Y.Doc, text: string) {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const body = doc.getXmlFragment("body");
  body.insert(body.length, [paragraph]);
}

const sameSet = (a: Set<string>, b: Set<string>) =>
  a.size === b.size && [...a].every((x) => b.has(x));
