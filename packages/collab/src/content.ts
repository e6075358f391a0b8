// What a paper says, read from its Yjs body (ProseMirror/TipTap node schema): plain text,
// markdown, outline, word count. Also comment anchors as Yjs relative positions over the text.
import { badInput, type CommentAnchor } from "@accord/domain";
import { paperTree, renderMarkdown } from "@accord/render";
import type { DocumentStore } from "@accord/storage";
import * as buffer from "lib0/buffer";
import * as Y from "yjs";
import { BODY, documentFromState, lastEditedAt } from "./document.ts";
import type { PaperContent } from "./live.ts";

type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** Nodes that hold inline content (one line of plain text each). */
const TEXTBLOCKS = new Set(["paragraph", "heading", "codeBlock"]);

/** A run of plain text and, when it comes from the document, where. */
interface Piece {
  text: string;
  source: { node: Y.XmlText; index: number } | null;
}

interface PlainText {
  pieces: Piece[];
  outline: { level: number; text: string }[];
}

const childrenOf = (node: Y.XmlElement | Y.XmlFragment): XmlNode[] => node.toArray() as XmlNode[];

const headingLevel = (node: Y.XmlElement) => {
  const level = Number(node.getAttribute("level"));
  return Number.isInteger(level) ? Math.min(6, Math.max(1, level)) : 1;
};

const isTextblock = (node: Y.XmlElement) =>
  TEXTBLOCKS.has(node.nodeName) || childrenOf(node).some((child) => child instanceof Y.XmlText);

type Delta = { insert: unknown; attributes?: Record<string, unknown> }[];

/** Plain text of the body: one line per text block, hard breaks as newlines. */
function plainText(doc: Y.Doc): PlainText {
  const pieces: Piece[] = [];
  const outline: PlainText["outline"] = [];
  let lines = 0;
  const line = (inline: XmlNode[]) => {
    if (lines++ > 0) pieces.push({ text: "\n", source: null });
    const start = pieces.length;
    for (const child of inline) {
      if (child instanceof Y.XmlText) {
        let index = 0;
        // An empty text node still gets a piece: anchors may point into it.
        if (child.length === 0) pieces.push({ text: "", source: { node: child, index: 0 } });
        for (const op of child.toDelta() as Delta) {
          if (typeof op.insert === "string") {
            pieces.push({ text: op.insert, source: { node: child, index } });
            index += op.insert.length;
          } else {
            index += 1;
          }
        }
      } else if (child instanceof Y.XmlElement && child.nodeName === "hardBreak") {
        pieces.push({ text: "\n", source: null });
      }
    }
    return pieces
      .slice(start)
      .map((p) => p.text)
      .join("");
  };
  const blocks = (parent: Y.XmlElement | Y.XmlFragment) => {
    for (const child of childrenOf(parent)) {
      if (child instanceof Y.XmlText) {
        line([child]);
      } else if (child instanceof Y.XmlElement && !(child instanceof Y.XmlHook)) {
        if (isTextblock(child)) {
          const text = line(childrenOf(child));
          if (child.nodeName === "heading") outline.push({ level: headingLevel(child), text });
        } else {
          blocks(child);
        }
      }
    }
  };
  blocks(doc.getXmlFragment(BODY));
  return { pieces, outline };
}

const WORD = /[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** The content GraphQL shows for a paper. Pure; an empty document gives empty content. */
export function readContent(doc: Y.Doc, lastEdit: string | null = null): PaperContent {
  const { pieces, outline } = plainText(doc);
  const text = pieces.map((p) => p.text).join("");
  return {
    text,
    markdown: renderMarkdown(paperTree(doc)),
    outline,
    wordCount: countWords(text),
    lastEditedAt: lastEdit,
  };
}

/** Read a paper's content from storage (snapshot + tail); a paper nobody edited is empty. */
export async function loadPaperContent(
  store: { documents: DocumentStore },
  paperId: string,
): Promise<PaperContent> {
  const state = await store.documents.load(paperId);
  const loaded = documentFromState(state);
  try {
    return readContent(loaded.doc, lastEditedAt(state.tail));
  } finally {
    loaded.doc.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Comment anchors

type Layout = ReturnType<typeof computeLayout>;

/**
 * The layout of a document, computed once until its next transaction: a paper page resolves
 * every comment anchor against the same document, and rebuilding the layout per anchor made
 * that quadratic.
 */
const layouts = new WeakMap<Y.Doc, Layout>();

function layout(doc: Y.Doc): Layout {
  let cached = layouts.get(doc);
  if (!cached) {
    cached = computeLayout(doc);
    layouts.set(doc, cached);
    doc.once("afterTransaction", () => layouts.delete(doc));
  }
  return cached;
}

/** Offsets of each piece in the plain text. */
function computeLayout(doc: Y.Doc) {
  const { pieces } = plainText(doc);
  let offset = 0;
  const placed = pieces.map((piece) => {
    const start = offset;
    offset += piece.text.length;
    return { ...piece, start, end: offset };
  });
  return { placed, text: pieces.map((p) => p.text).join("") };
}

/**
 * Anchor a comment to [from, to) of the paper's plain text (`readContent(doc).text`). The ends
 * are Yjs relative positions: they follow the text as others edit around it. The start sticks
 * to the character after it, the end to the character before it, so typing at the edges does
 * not grow the range.
 */
export function createAnchor(doc: Y.Doc, from: number, to: number): CommentAnchor {
  const { placed, text } = layout(doc);
  if (
    !Number.isInteger(from) ||
    !Number.isInteger(to) ||
    from < 0 ||
    to < from ||
    to > text.length
  ) {
    throw badInput("anchor", `The range ${from}..${to} is outside the text (0..${text.length}).`);
  }
  const sourced = placed.filter((p) => p.source !== null);
  if (sourced.length === 0) throw badInput("anchor", "The paper has no text to comment on.");
  const at = (offset: number, side: "start" | "end") => {
    const inside =
      side === "start"
        ? sourced.find((p) => p.start <= offset && offset < p.end)
        : sourced.find((p) => p.start < offset && offset <= p.end);
    const piece =
      inside ??
      (side === "start"
        ? (sourced.find((p) => p.start >= offset) ?? sourced[sourced.length - 1]!)
        : ([...sourced].reverse().find((p) => p.end <= offset) ?? sourced[0]!));
    const index =
      piece.source!.index + Math.min(Math.max(offset - piece.start, 0), piece.text.length);
    const position = Y.createRelativePositionFromTypeIndex(
      piece.source!.node,
      index,
      side === "start" ? 0 : -1,
    );
    return buffer.toBase64(Y.encodeRelativePosition(position));
  };
  return { start: at(from, "start"), end: at(to, "end"), quote: text.slice(from, to) };
}

/**
 * The text an anchor covers now: null when either end no longer resolves (its paragraph was
 * removed) or the ends crossed; an empty string when everything in between was deleted.
 */
export function resolveAnchor(
  doc: Y.Doc,
  anchor: Pick<CommentAnchor, "start" | "end">,
): string | null {
  const { placed, text } = layout(doc);
  const offsetOf = (encoded: string): number | null => {
    let absolute: Y.AbsolutePosition | null;
    try {
      const position = Y.decodeRelativePosition(buffer.fromBase64(encoded));
      absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
    } catch {
      return null;
    }
    if (!absolute) return null;
    let best: number | null = null;
    for (const piece of placed) {
      if (piece.source?.node !== absolute.type) continue;
      const relative = absolute.index - piece.source.index;
      if (relative >= 0 && relative <= piece.text.length) {
        best = piece.start + relative;
        if (relative < piece.text.length) break;
      }
    }
    return best;
  };
  const start = offsetOf(anchor.start);
  const end = offsetOf(anchor.end);
  if (start === null || end === null || end < start) return null;
  return text.slice(start, end);
}
