// A paper's body (the Yjs `body` fragment in TipTap's node schema) as a plain, typed tree that
// every renderer reads: no Yjs types past this file.
import * as Y from "yjs";

/** The fragment that holds a paper's body. */
export const BODY_FRAGMENT = "body";

export type Mark =
  | { type: "bold" }
  | { type: "italic" }
  | { type: "strike" }
  | { type: "code" }
  | { type: "link"; href: string };

export type MarkType = Mark["type"];

export interface TextRun {
  type: "text";
  text: string;
  /** In a fixed order: link, bold, italic, strike, code (outermost first). */
  marks: Mark[];
}

export interface HardBreak {
  type: "hardBreak";
}

export interface Image {
  type: "image";
  src: string;
  alt: string;
}

/** Where a note (a comment thread) about the text before it is attached. */
export interface NoteRef {
  type: "noteRef";
  noteId: string;
}

export type Inline = TextRun | HardBreak | Image | NoteRef;

export interface Heading {
  type: "heading";
  /** 1..6 */
  level: number;
  /** Unique in the tree, derived from the text: the anchor of the table of contents. */
  id: string;
  content: Inline[];
}

export interface Paragraph {
  type: "paragraph";
  content: Inline[];
}

export interface ListItem {
  blocks: Block[];
}

export interface BulletList {
  type: "bulletList";
  items: ListItem[];
}

export interface OrderedList {
  type: "orderedList";
  start: number;
  items: ListItem[];
}

export interface Blockquote {
  type: "blockquote";
  blocks: Block[];
}

export interface CodeBlock {
  type: "codeBlock";
  language: string | null;
  text: string;
}

export interface HorizontalRule {
  type: "horizontalRule";
}

/** A cited survey result: its figures live in the paper's evidence, not in the text. */
export interface Evidence {
  type: "evidence";
  citationId: string;
}

export type Block =
  | Heading
  | Paragraph
  | BulletList
  | OrderedList
  | Blockquote
  | CodeBlock
  | HorizontalRule
  | Evidence;

export interface PaperTree {
  blocks: Block[];
}

/** A range of the body a note is about: two base64 Yjs relative positions (a comment anchor). */
export interface NoteAnchor {
  noteId: string;
  start: string;
  end: string;
}

export interface PaperTreeOptions {
  /** Attach a `noteRef` after the end of each anchor that still points into the text. */
  anchors?: readonly NoteAnchor[];
}

type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook;
type Delta = { insert: unknown; attributes?: Record<string, unknown> }[];

const MARK_ORDER: readonly MarkType[] = ["link", "bold", "italic", "strike", "code"];

/** Nodes that hold inline content. */
const TEXTBLOCKS = new Set(["paragraph", "heading", "codeBlock"]);

const childrenOf = (node: Y.XmlElement | Y.XmlFragment): XmlNode[] => node.toArray() as XmlNode[];

const isElement = (node: XmlNode): node is Y.XmlElement =>
  node instanceof Y.XmlElement && !(node instanceof Y.XmlHook);

const isTextblock = (node: Y.XmlElement) =>
  TEXTBLOCKS.has(node.nodeName) || childrenOf(node).some((child) => child instanceof Y.XmlText);

export function headingLevel(value: unknown): number {
  const level = Number(value);
  return Number.isInteger(level) ? Math.min(6, Math.max(1, level)) : 1;
}

/** A link mark's href: TipTap stores `{ href, target, … }`; older content a bare string. */
function hrefOf(value: unknown): string {
  if (typeof value === "object" && value !== null && "href" in value) {
    return String((value as { href: unknown }).href ?? "");
  }
  return typeof value === "string" ? value : "";
}

function marksOf(attributes: Record<string, unknown>): Mark[] {
  const marks: Mark[] = [];
  for (const type of MARK_ORDER) {
    const value = attributes[type];
    if (value === undefined || value === null) continue;
    marks.push(type === "link" ? { type, href: hrefOf(value) } : { type });
  }
  return marks;
}

/**
 * Suggested changes render as if accepted by nobody yet: a suggested insertion is not part of
 * the text, a suggested deletion still is (as plain text).
 */
const isSuggestedInsertion = (attributes: Record<string, unknown> | undefined) =>
  attributes?.suggestionInsert !== undefined && attributes.suggestionInsert !== null;

/** Where each note ends: text node → [index, noteId] sorted by index. */
type NoteEnds = Map<Y.XmlText, { index: number; noteId: string }[]>;

function noteEndsOf(doc: Y.Doc, anchors: readonly NoteAnchor[]): NoteEnds {
  const ends: NoteEnds = new Map();
  for (const anchor of anchors) {
    const start = absolute(doc, anchor.start);
    const end = absolute(doc, anchor.end);
    if (!start || !end || !(end.type instanceof Y.XmlText)) continue;
    const list = ends.get(end.type) ?? [];
    list.push({ index: end.index, noteId: anchor.noteId });
    ends.set(end.type, list);
  }
  for (const list of ends.values()) list.sort((a, b) => a.index - b.index);
  return ends;
}

function absolute(doc: Y.Doc, encoded: string): Y.AbsolutePosition | null {
  try {
    const relative = Y.decodeRelativePosition(Buffer.from(encoded, "base64"));
    return Y.createAbsolutePositionFromRelativePosition(relative, doc);
  } catch {
    return null;
  }
}

class TreeReader {
  private readonly headingIds = new Map<string, number>();

  constructor(private readonly noteEnds: NoteEnds) {}

  blocks(parent: Y.XmlElement | Y.XmlFragment): Block[] {
    const out: Block[] = [];
    for (const child of childrenOf(parent)) {
      if (child instanceof Y.XmlText) {
        out.push({ type: "paragraph", content: this.inline([child]) });
      } else if (isElement(child)) {
        out.push(...this.block(child));
      }
    }
    return out;
  }

  private block(node: Y.XmlElement): Block[] {
    const children = childrenOf(node);
    // A block someone suggested adding (all its text a suggested insertion) is not there yet.
    if (isTextblock(node) && suggestedOnly(children)) return [];
    switch (node.nodeName) {
      case "paragraph":
        return [{ type: "paragraph", content: this.inline(children) }];
      case "heading": {
        const content = this.inline(children);
        return [
          {
            type: "heading",
            level: headingLevel(node.getAttribute("level")),
            id: this.headingId(inlineText(content)),
            content,
          },
        ];
      }
      case "codeBlock": {
        const language = node.getAttribute("language");
        return [
          {
            type: "codeBlock",
            language: language ? String(language) : null,
            text: children.map((c) => (c instanceof Y.XmlText ? acceptedText(c) : "")).join(""),
          },
        ];
      }
      case "blockquote": {
        const blocks = this.blocks(node);
        return blocks.length === 0 && children.length > 0 ? [] : [{ type: "blockquote", blocks }];
      }
      case "horizontalRule":
        return [{ type: "horizontalRule" }];
      case "evidence": {
        const citationId = node.getAttribute("citationId");
        return citationId ? [{ type: "evidence", citationId: String(citationId) }] : [];
      }
      case "bulletList":
      case "orderedList": {
        const items = this.items(children);
        if (items.length === 0 && children.length > 0) return [];
        if (node.nodeName === "bulletList") return [{ type: "bulletList", items }];
        const start = Number(node.getAttribute("start") ?? 1);
        return [{ type: "orderedList", start: Number.isInteger(start) ? start : 1, items }];
      }
      default:
        // Nodes outside the schema keep their text: inline content as a paragraph, blocks
        // in place.
        return isTextblock(node)
          ? [{ type: "paragraph", content: this.inline(children) }]
          : this.blocks(node);
    }
  }

  /** The items of a list, without those that only a suggestion would add. */
  private items(children: XmlNode[]): ListItem[] {
    return children.flatMap((item) => {
      const blocks = isElement(item) ? this.blocks(item) : [];
      const suggested = blocks.length === 0 && isElement(item) && item.length > 0;
      return suggested ? [] : [{ blocks }];
    });
  }

  private inline(children: XmlNode[]): Inline[] {
    const out: Inline[] = [];
    for (const child of children) {
      if (child instanceof Y.XmlText) {
        this.textRuns(child, out);
      } else if (isElement(child) && child.nodeName === "hardBreak") {
        out.push({ type: "hardBreak" });
      } else if (isElement(child) && child.nodeName === "image") {
        out.push({
          type: "image",
          src: String(child.getAttribute("src") ?? ""),
          alt: String(child.getAttribute("alt") ?? ""),
        });
      }
    }
    return out;
  }

  private textRuns(node: Y.XmlText, out: Inline[]) {
    const ends = this.noteEnds.get(node) ?? [];
    let next = 0;
    let index = 0;
    const flushNotes = (upTo: number) => {
      while (next < ends.length && ends[next]!.index <= upTo) {
        out.push({ type: "noteRef", noteId: ends[next]!.noteId });
        next++;
      }
    };
    for (const op of node.toDelta() as Delta) {
      if (typeof op.insert !== "string") {
        index += 1;
        continue;
      }
      const text = op.insert;
      const marks = marksOf(op.attributes ?? {});
      const skip = isSuggestedInsertion(op.attributes);
      // Split the run where a note ends inside it.
      let from = 0;
      while (next < ends.length && ends[next]!.index < index + text.length) {
        const at = Math.max(ends[next]!.index - index, 0);
        if (at > from && !skip) out.push({ type: "text", text: text.slice(from, at), marks });
        from = Math.max(from, at);
        flushNotes(index + at);
      }
      if (from < text.length && !skip) out.push({ type: "text", text: text.slice(from), marks });
      index += text.length;
    }
    flushNotes(Number.POSITIVE_INFINITY);
  }

  private headingId(text: string): string {
    const base =
      text
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 64) || "section";
    const seen = this.headingIds.get(base) ?? 0;
    this.headingIds.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen + 1}`;
  }
}

/** Inline content with text, all of it suggested insertions (and nothing else). */
function suggestedOnly(children: XmlNode[]): boolean {
  let suggested = false;
  for (const child of children) {
    if (!(child instanceof Y.XmlText)) {
      if (isElement(child)) return false;
      continue;
    }
    for (const op of child.toDelta() as Delta) {
      if (typeof op.insert !== "string") return false;
      if (op.insert === "") continue;
      if (!isSuggestedInsertion(op.attributes)) return false;
      suggested = true;
    }
  }
  return suggested;
}

function acceptedText(node: Y.XmlText): string {
  return (node.toDelta() as Delta)
    .map((op) =>
      typeof op.insert === "string" && !isSuggestedInsertion(op.attributes) ? op.insert : "",
    )
    .join("");
}

/** The plain text of inline content (hard breaks as spaces: a heading or a label's text). */
export function inlineText(content: readonly Inline[]): string {
  return content
    .map((inline) =>
      inline.type === "text" ? inline.text : inline.type === "hardBreak" ? " " : "",
    )
    .join("");
}

/** The body of a paper as a tree; an empty document gives no blocks. */
export function paperTree(doc: Y.Doc, options: PaperTreeOptions = {}): PaperTree {
  const reader = new TreeReader(noteEndsOf(doc, options.anchors ?? []));
  return { blocks: reader.blocks(doc.getXmlFragment(BODY_FRAGMENT)) };
}
