// Two states of a paper's body compared by Yjs ids, with each change's author. A character is
// ADDED when it is visible in `to` and not in `from`, DELETED when visible in `from` and deleted
// or absent in `to`. Both states are whole-document updates (versions, or the document now);
// with gc on, a deleted character's text is gone from the state that deleted it, so the two are
// merged, older first, into a document that keeps deleted text (gc off) and walked once.
import * as Y from "yjs";
import { type Attribution, authorOf } from "./attribution.ts";
import { BODY } from "./document.ts";

export type ComparisonChange = "SAME" | "ADDED" | "DELETED";

export interface ComparisonRun {
  text: string;
  change: ComparisonChange;
  /** Who inserted an ADDED run or deleted a DELETED one; null for SAME or when unknown. */
  authorId: string | null;
}

export interface ComparisonBlock {
  /** The node type (paragraph, heading, codeBlock, ...). */
  type: string;
  /** A heading's level; null for other blocks. */
  level: number | null;
  runs: ComparisonRun[];
}

export interface AuthorChanges {
  authorId: string | null;
  wordsAdded: number;
  wordsRemoved: number;
}

export interface Comparison {
  blocks: ComparisonBlock[];
  /** Everyone with changes, most words changed first. */
  authors: AuthorChanges[];
}

/** Which ids a state holds, and which of those it has deleted. */
interface StateIds {
  clocks: Map<number, number>;
  deleted: ReturnType<typeof Y.decodeUpdate>["ds"];
}

function idsOf(state: Uint8Array): StateIds {
  return {
    clocks: Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)),
    deleted: Y.decodeUpdate(state).ds,
  };
}

const holds = (state: StateIds, id: Y.ID) => id.clock < (state.clocks.get(id.client) ?? 0);
const shows = (state: StateIds, id: Y.ID) => holds(state, id) && !Y.isDeleted(state.deleted, id);

/** Does `a` hold every id `b` holds (is `b` no newer than `a`)? */
function covers(a: StateIds, b: StateIds): boolean {
  for (const [client, clock] of b.clocks) if ((a.clocks.get(client) ?? 0) < clock) return false;
  return true;
}

/** Items of a type's list in order, deleted ones included. */
// biome-ignore lint/suspicious/noExplicitAny: Yjs types are invariant in their event type; any list type walks the same.
function* itemsOf(type: Y.AbstractType<any>): Generator<Y.Item> {
  for (let item = type._start; item !== null; item = item.right) yield item;
}

class Walk {
  readonly blocks: ComparisonBlock[] = [];

  constructor(
    private readonly from: StateIds,
    private readonly to: StateIds,
    private readonly attribution: Attribution,
  ) {}

  /** Seen in either state: worth showing. */
  private shown(item: Y.Item): boolean {
    return shows(this.from, item.id) || shows(this.to, item.id);
  }

  children(type: Y.XmlFragment | Y.XmlElement): void {
    for (const item of itemsOf(type)) {
      if (!(item.content instanceof Y.ContentType) || !this.shown(item)) continue;
      const node = item.content.type;
      if (node instanceof Y.XmlElement) this.element(node);
      else if (node instanceof Y.XmlText) this.looseText(node);
    }
  }

  /** A block holding text (or nothing), or a container of blocks (lists, quotes). */
  private element(element: Y.XmlElement): void {
    const children = [...itemsOf(element)].filter(
      (item) => item.content instanceof Y.ContentType && this.shown(item),
    );
    const container =
      children.length > 0 &&
      children.every((item) => {
        const node = (item.content as Y.ContentType).type;
        return node instanceof Y.XmlElement && !INLINE.has(node.nodeName);
      });
    if (container) {
      this.children(element);
      return;
    }
    const level = Number(element.getAttribute("level"));
    const block: ComparisonBlock = {
      type: element.nodeName,
      level: element.nodeName === "heading" && Number.isFinite(level) ? level : null,
      runs: [],
    };
    this.blocks.push(block);
    for (const item of children) {
      const node = (item.content as Y.ContentType).type;
      if (node instanceof Y.XmlText) this.text(node, block);
      else if (node instanceof Y.XmlElement && node.nodeName === "hardBreak") {
        this.push(block, "\n", this.changeOf(item.id), item.id);
      }
    }
  }

  private looseText(text: Y.XmlText): void {
    const block: ComparisonBlock = { type: "paragraph", level: null, runs: [] };
    this.blocks.push(block);
    this.text(text, block);
  }

  private changeOf(id: Y.ID): ComparisonChange | null {
    const before = shows(this.from, id);
    const after = shows(this.to, id);
    if (before && after) return "SAME";
    if (after) return "ADDED";
    if (before) return "DELETED";
    return null;
  }

  private authorOf(change: ComparisonChange, id: Y.ID): string | null {
    if (change === "SAME") return null;
    const { client, clock } = id;
    // Forwards, an addition is an insertion and a deletion a deletion; comparing a newer state
    // with an older one, an "addition" is text the newer one deleted, and the other way round.
    const older = change === "ADDED" ? this.from : this.to;
    const action = holds(older, id) ? "deleted" : "inserted";
    return authorOf(this.attribution, action, client, clock);
  }

  private text(text: Y.XmlText, block: ComparisonBlock): void {
    for (const item of itemsOf(text)) {
      if (!(item.content instanceof Y.ContentString)) continue;
      const str = item.content.str;
      for (let offset = 0; offset < str.length; offset++) {
        const id = Y.createID(item.id.client, item.id.clock + offset);
        const change = this.changeOf(id);
        if (change) this.push(block, str[offset]!, change, id);
      }
    }
  }

  private push(block: ComparisonBlock, text: string, change: ComparisonChange | null, id: Y.ID) {
    if (!change) return;
    const authorId = this.authorOf(change, id);
    const last = block.runs[block.runs.length - 1];
    if (last && last.change === change && last.authorId === authorId) last.text += text;
    else block.runs.push({ text, change, authorId });
  }
}

/** Inline nodes: an element holding only these is a text block, not a container. */
const INLINE = new Set(["hardBreak", "image", "mention"]);

const SPACE = /\s/;

/**
 * Words added and removed per author: a word of the new text whose first character was added,
 * and a word of the old text whose first character was deleted.
 */
function summarise(blocks: readonly ComparisonBlock[]): AuthorChanges[] {
  const byAuthor = new Map<string | null, AuthorChanges>();
  const count = (authorId: string | null, field: "wordsAdded" | "wordsRemoved") => {
    let entry = byAuthor.get(authorId);
    if (!entry) {
      entry = { authorId, wordsAdded: 0, wordsRemoved: 0 };
      byAuthor.set(authorId, entry);
    }
    entry[field]++;
  };
  for (const block of blocks) {
    for (const [skip, counted, field] of [
      ["DELETED", "ADDED", "wordsAdded"],
      ["ADDED", "DELETED", "wordsRemoved"],
    ] as const) {
      let previous = " ";
      for (const run of block.runs) {
        if (run.change === skip) continue;
        for (const char of run.text) {
          if (run.change === counted && !SPACE.test(char) && SPACE.test(previous)) {
            count(run.authorId, field);
          }
          previous = char;
        }
      }
    }
  }
  return [...byAuthor.values()]
    .filter((a) => a.wordsAdded + a.wordsRemoved > 0)
    .sort(
      (a, b) =>
        b.wordsAdded + b.wordsRemoved - (a.wordsAdded + a.wordsRemoved) ||
        String(a.authorId).localeCompare(String(b.authorId)),
    );
}

/**
 * Compare the body of `from` with the body of `to` (whole-document Yjs updates of one paper),
 * naming authors from `attribution`. Pure: no storage, no clock.
 */
export function compareStates(
  from: Uint8Array,
  to: Uint8Array,
  attribution: Attribution,
): Comparison {
  const fromIds = idsOf(from);
  const toIds = idsOf(to);
  const merged = new Y.Doc({ gc: false });
  // Older first: the text it shows and the newer one deleted is kept (gc off); text only the
  // newer one holds comes from it.
  const [older, newer] = covers(toIds, fromIds) ? [from, to] : [to, from];
  Y.transact(merged, () => {
    Y.applyUpdate(merged, older);
    Y.applyUpdate(merged, newer);
  });
  const walk = new Walk(fromIds, toIds, attribution);
  walk.children(merged.getXmlFragment(BODY));
  merged.destroy();
  return { blocks: walk.blocks, authors: summarise(walk.blocks) };
}
