// Suggestions (track changes) in a paper's body: ProseMirror marks stored as Y.XmlText formatting
// attributes. `checkSuggestion` is the rule a COMMENTER's update must pass (only their own
// suggestions, never a change to accepted text); `readSuggestions` lists the open ones.
import {
  SUGGESTION_DELETE,
  SUGGESTION_INSERT,
  type SuggestionAttrs,
  suggestionAttrsOf,
} from "@accord/domain";
import * as Y from "yjs";
import { BODY } from "./document.ts";

export type SuggestionCheck = { ok: true } | { ok: false; reason: string };

const allowed: SuggestionCheck = { ok: true };
const refused = (reason: string): SuggestionCheck => ({ ok: false, reason });

/** Empty lines (what Enter makes) are the only elements without text a suggester may add. */
const EMPTY_ELEMENT_ALLOWED = new Set(["paragraph"]);

/**
 * May `author` (a member id) send `update`, given the document it applies to? Allowed: text
 * inserted with their own `suggestionInsert` mark (in new elements whose text is all such), their
 * own `suggestionDelete` marks added to or removed from existing text, and the removal of text of
 * their own `suggestionInsert`. Anything else — accepted text changed, other attributes, other
 * people's suggestions, an element's attributes, edits outside the body, an update depending on
 * edits the document lacks — is refused.
 *
 * `scratch` is changed: pass a copy (`copyDocument`) or a document loaded for this check only.
 */
export function checkSuggestion(
  scratch: Y.Doc,
  update: Uint8Array,
  author: string,
): SuggestionCheck {
  const body = scratch.getXmlFragment(BODY);
  const pendingStructs = scratch.store.pendingStructs;
  const pendingDs = scratch.store.pendingDs;
  let verdict: SuggestionCheck | null = null;
  // Judged when the transaction ends: its delete set is sorted and nothing is garbage-collected
  // yet, so deleted items still hold their content and formatting.
  const judgeOnce = (transaction: Y.Transaction) => {
    verdict ??= new UpdateJudge(transaction, body, author).judge();
  };
  scratch.on("afterTransaction", judgeOnce);
  try {
    Y.applyUpdate(scratch, update);
  } catch {
    return refused("the update could not be applied");
  } finally {
    scratch.off("afterTransaction", judgeOnce);
  }
  if (scratch.store.pendingStructs !== pendingStructs || scratch.store.pendingDs !== pendingDs) {
    // Held back until its predecessors arrive, it would be applied later without this check.
    return refused("the update depends on edits the server does not have");
  }
  return verdict ?? allowed;
}

/** A copy of `doc` to check an update against without touching `doc`. */
export function copyDocument(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** What the hosts check a suggester's update with. */
export interface SuggestionChecker {
  check(update: Uint8Array, author: string): SuggestionCheck;
}

/** A document loaded for one message: the check may change it, nobody else reads it. */
export function loadedDocumentChecker(doc: Y.Doc): SuggestionChecker {
  return { check: (update, author) => checkSuggestion(doc, update, author) };
}

/**
 * A standing copy of an open document (the stateful host's) to check suggesters' updates
 * against, kept current by the document's own updates: a check then costs about what the
 * update costs instead of a copy of the whole document. Made at the first check, dropped (and
 * made again at the next) when a refused update has left its mark on it. An accepted update is
 * in the copy already when the document applies it; applying it again changes nothing.
 */
class StandingCopy implements SuggestionChecker {
  private copy: Y.Doc | null = null;
  private readonly follow = (update: Uint8Array) => {
    if (this.copy) Y.applyUpdate(this.copy, update);
  };

  constructor(private readonly doc: Y.Doc) {
    doc.on("update", this.follow);
    doc.on("destroy", () => {
      doc.off("update", this.follow);
      this.drop();
    });
  }

  check(update: Uint8Array, author: string): SuggestionCheck {
    this.copy ??= copyDocument(this.doc);
    const result = checkSuggestion(this.copy, update, author);
    if (!result.ok) this.drop();
    return result;
  }

  private drop(): void {
    this.copy?.destroy();
    this.copy = null;
  }
}

const standingCopies = new WeakMap<Y.Doc, StandingCopy>();

/**
 * The checker of an open document that stays in memory. The caller applies every accepted
 * update to `doc` before checking the next one.
 */
export function openDocumentChecker(doc: Y.Doc): SuggestionChecker {
  let checker = standingCopies.get(doc);
  if (!checker) {
    checker = new StandingCopy(doc);
    standingCopies.set(doc, checker);
  }
  return checker;
}

type Attributes = Map<string, unknown>;

/** One transaction's new and deleted items, judged against the rules above. */
class UpdateJudge {
  private readonly texts = new Set<Y.XmlText>();

  constructor(
    private readonly transaction: Y.Transaction,
    private readonly body: Y.XmlFragment,
    private readonly author: string,
  ) {}

  judge(): SuggestionCheck {
    const { doc, beforeState } = this.transaction;
    for (const [client, structs] of doc.store.clients) {
      const from = beforeState.get(client) ?? 0;
      for (let i = structs.length - 1; i >= 0; i--) {
        const struct = structs[i];
        if (!struct || struct.id.clock < from) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const problem = this.newItem(struct);
        if (problem) return refused(problem);
      }
    }
    let problem: string | null = null;
    Y.iterateDeletedStructs(this.transaction, this.transaction.deleteSet, (struct) => {
      if (problem === null && struct instanceof Y.Item && !this.isNew(struct)) {
        problem = this.deletedItem(struct);
      }
    });
    if (problem) return refused(problem);
    for (const text of this.texts) {
      const textProblem = this.textEffects(text);
      if (textProblem) return refused(textProblem);
    }
    return allowed;
  }

  private isNew(item: Y.Item): boolean {
    return item.id.clock >= (this.transaction.beforeState.get(item.id.client) ?? 0);
  }

  private deletedNow(item: Y.Item): boolean {
    return Y.isDeleted(this.transaction.deleteSet, item.id);
  }

  /** Was the item part of the document before this update (and not deleted already)? */
  private existedBefore(item: Y.Item): boolean {
    return !this.isNew(item) && (!item.deleted || this.deletedNow(item));
  }

  private inBody(type: Y.AbstractType<unknown>): boolean {
    let current: Y.AbstractType<unknown> = type;
    while (current._item !== null) current = current._item.parent as Y.AbstractType<unknown>;
    return current === (this.body as Y.AbstractType<unknown>);
  }

  /** A live item this update added; null when allowed (text is judged with its formatting). */
  private newItem(item: Y.Item): string | null {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (!this.inBody(parent)) return "edits outside the paper's text";
    if (item.parentSub !== null) {
      // An attribute of an element: only on an element this update brings.
      return parent._item !== null && this.isNew(parent._item)
        ? null
        : "changes the attributes of existing text";
    }
    const { content } = item;
    if (content instanceof Y.ContentString || content instanceof Y.ContentFormat) {
      if (!(parent instanceof Y.XmlText)) return "text outside a text node";
      this.texts.add(parent);
      return null;
    }
    if (content instanceof Y.ContentType) {
      if (parent instanceof Y.XmlText) return "an element inside text";
      const type = content.type;
      if (type instanceof Y.XmlText) return null;
      if (!(type instanceof Y.XmlElement)) return "an unknown kind of content";
      return this.holdsText(type, (i) => !i.deleted) || EMPTY_ELEMENT_ALLOWED.has(type.nodeName)
        ? null
        : `a new ${type.nodeName} that is not a suggested text`;
    }
    if (content instanceof Y.ContentDeleted) return null;
    return "an unknown kind of content";
  }

  /** An item that existed before and this update deleted; null when allowed. */
  private deletedItem(item: Y.Item): string | null {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (!this.inBody(parent)) return "edits outside the paper's text";
    if (item.parentSub !== null) {
      // An attribute goes with its element; replaced on a live element, it is a change.
      return parent._item?.deleted ? null : "changes the attributes of existing text";
    }
    const { content } = item;
    if (content instanceof Y.ContentString || content instanceof Y.ContentFormat) {
      if (parent instanceof Y.XmlText) this.texts.add(parent);
      return null;
    }
    if (content instanceof Y.ContentType) {
      const type = content.type;
      // A text node's characters are judged one by one (they are deleted with it).
      if (type instanceof Y.XmlText) return null;
      if (!(type instanceof Y.XmlElement)) return "removes content that is not text";
      return this.holdsText(type, (i) => this.existedBefore(i)) ||
        EMPTY_ELEMENT_ALLOWED.has(type.nodeName)
        ? null
        : `removes a ${type.nodeName}`;
    }
    if (content instanceof Y.ContentDeleted) return null;
    return "removes content that is not text";
  }

  /** Does the element hold at least one character among the items `counts` accepts? */
  private holdsText(type: { _start: Y.Item | null }, counts: (item: Y.Item) => boolean): boolean {
    for (let item = type._start; item !== null; item = item.right) {
      if (!counts(item)) continue;
      const { content } = item;
      if (content instanceof Y.ContentString && content.str.length > 0) return true;
      if (content instanceof Y.ContentType && this.holdsText(content.type, counts)) return true;
    }
    return false;
  }

  /**
   * Walk a text node's items with the formatting in force before and after the update: kept
   * characters may only gain or lose the author's own `suggestionDelete`, new characters must
   * carry the author's `suggestionInsert`, removed ones must have carried it.
   */
  private textEffects(text: Y.XmlText): string | null {
    const before: Attributes = new Map();
    const after: Attributes = new Map();
    for (let item = text._start; item !== null; item = item.right) {
      const existedBefore = this.existedBefore(item);
      const existsAfter = !item.deleted;
      const { content } = item;
      if (content instanceof Y.ContentFormat) {
        if (existedBefore) setAttribute(before, content);
        if (existsAfter) setAttribute(after, content);
        continue;
      }
      if (!item.countable) continue;
      if (existedBefore && existsAfter) {
        const problem = this.keptText(before, after);
        if (problem) return problem;
      } else if (existsAfter) {
        if (!(content instanceof Y.ContentString)) return "inserts content that is not text";
        if (!this.isOwn(after.get(SUGGESTION_INSERT))) {
          return "inserts text that is not marked as the sender's suggestion";
        }
      } else if (existedBefore) {
        if (!this.isOwn(before.get(SUGGESTION_INSERT))) {
          return "deletes text that is not the sender's suggestion (mark it as a suggested deletion)";
        }
      }
    }
    return null;
  }

  private keptText(before: Attributes, after: Attributes): string | null {
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const was = before.get(key);
      const is = after.get(key);
      if (sameValue(was, is)) continue;
      if (key !== SUGGESTION_DELETE) return `changes the formatting of existing text (${key})`;
      if ((was !== undefined && !this.isOwn(was)) || (is !== undefined && !this.isOwn(is))) {
        return "changes someone else's suggested deletion";
      }
    }
    return null;
  }

  private isOwn(value: unknown): boolean {
    return suggestionAttrsOf(value)?.author === this.author;
  }
}

function setAttribute(attributes: Attributes, format: Y.ContentFormat): void {
  if (format.value === null || format.value === undefined) attributes.delete(format.key);
  else attributes.set(format.key, format.value);
}

/** Equality of formatting values as Yjs compares them: identical, or flat-equal objects. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}

/** One open suggestion, as read from the document. */
export interface OpenSuggestion extends SuggestionAttrs {
  kind: "INSERT" | "DELETE";
  /** The suggested (or suggested-deleted) text; parts in different blocks joined by "\n". */
  text: string;
}

/** Every open suggestion in the body, in document order of its first character. */
export function readSuggestions(doc: Y.Doc): OpenSuggestion[] {
  const found = new Map<string, OpenSuggestion & { lastText: Y.XmlText }>();
  const visit = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) collect(child);
      else if (child instanceof Y.XmlElement) visit(child);
    }
  };
  const collect = (text: Y.XmlText) => {
    const delta = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
    for (const run of delta) {
      if (typeof run.insert !== "string") continue;
      for (const [key, kind] of [
        [SUGGESTION_INSERT, "INSERT"],
        [SUGGESTION_DELETE, "DELETE"],
      ] as const) {
        const attrs = suggestionAttrsOf(run.attributes?.[key]);
        if (!attrs) continue;
        const key2 = `${kind}:${attrs.id}`;
        const open = found.get(key2);
        if (!open) {
          found.set(key2, { ...attrs, kind, text: run.insert, lastText: text });
        } else {
          open.text += (open.lastText === text ? "" : "\n") + run.insert;
          open.lastText = text;
        }
      }
    }
  };
  visit(doc.getXmlFragment(BODY));
  return [...found.values()].map(({ lastText: _, ...open }) => open);
}
