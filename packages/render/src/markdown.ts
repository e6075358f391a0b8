// The paper body as Markdown (CommonMark with GitHub's strikethrough and footnotes): what the
// GraphQL `content.markdown` answers and the Markdown export writes.
import { type NoteNumbers, noteText, numberNotes, type PaperNote } from "./notes.ts";
import type { Block, Inline, Mark, PaperTree } from "./tree.ts";

export interface MarkdownOptions {
  /** Notes for the tree's note marks, written as footnotes after the body. */
  notes?: readonly PaperNote[];
}

const DELIMITERS: Record<Exclude<Mark["type"], "link">, string> = {
  bold: "**",
  italic: "_",
  strike: "~~",
  code: "`",
};

const markOpen = (mark: Mark) => (mark.type === "link" ? "[" : DELIMITERS[mark.type]);
const markClose = (mark: Mark) =>
  mark.type === "link" ? `](${markdownHref(mark.href)})` : DELIMITERS[mark.type];
const sameMark = (a: Mark, b: Mark) =>
  a.type === b.type && (a.type !== "link" || a.href === (b as typeof a).href);

const markdownHref = (href: string) => href.replace(/[()\s]/g, (c) => encodeURIComponent(c));

/** Schemes that run or embed something when a Markdown viewer follows the link. */
const UNSAFE_SCHEME = /^\s*(javascript|vbscript|data|file):/i;

export const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]~<>#|])/g, "\\$1");

/** Inline markdown. Marks nest in the tree's fixed order; spaces stay outside delimiters. */
function inlineMarkdown(content: readonly Inline[], notes: NoteNumbers | null): string {
  let out = "";
  let open: Mark[] = [];
  let pendingSpace = "";
  const closeFrom = (depth: number) => {
    for (let i = open.length - 1; i >= depth; i--) out += markClose(open[i]!);
    open = open.slice(0, depth);
  };
  const standalone = (text: string) => {
    closeFrom(0);
    out += pendingSpace + text;
    pendingSpace = "";
  };
  for (const inline of content) {
    if (inline.type === "hardBreak") {
      closeFrom(0);
      out += `${pendingSpace}\\\n`;
      pendingSpace = "";
      continue;
    }
    if (inline.type === "image") {
      if (!UNSAFE_SCHEME.test(inline.src)) {
        standalone(`![${escapeMarkdown(inline.alt)}](${markdownHref(inline.src)})`);
      }
      continue;
    }
    if (inline.type === "noteRef") {
      const number = notes?.numberOf(inline.noteId);
      if (number !== undefined) standalone(`[^${number}]`);
      continue;
    }
    const { text } = inline;
    // A link to an unsafe scheme is written as its text alone.
    const marks = inline.marks.filter((m) => m.type !== "link" || !UNSAFE_SCHEME.test(m.href));
    const code = marks.some((m) => m.type === "code");
    const core = code ? text : text.trim();
    if (core === "") {
      pendingSpace += text;
      continue;
    }
    const lead = code ? "" : text.slice(0, text.length - text.trimStart().length);
    const trail = code ? "" : text.slice(text.trimEnd().length);
    let keep = 0;
    while (keep < open.length && keep < marks.length && sameMark(marks[keep]!, open[keep]!)) {
      keep++;
    }
    closeFrom(keep);
    out += pendingSpace + lead;
    pendingSpace = "";
    for (const mark of marks.slice(keep)) {
      out += markOpen(mark);
      open.push(mark);
    }
    out += code ? text.replace(/`/g, "'") : escapeMarkdown(core);
    pendingSpace = trail;
  }
  closeFrom(0);
  return out + pendingSpace;
}

const indent = (text: string, prefix: string, first = prefix) =>
  text
    .split("\n")
    .map((l, i) => (l === "" ? l : (i === 0 ? first : prefix) + l))
    .join("\n");

function blockMarkdown(block: Block, notes: NoteNumbers | null): string {
  switch (block.type) {
    case "paragraph":
      return inlineMarkdown(block.content, notes);
    case "heading":
      return `${"#".repeat(block.level)} ${inlineMarkdown(block.content, notes)}`;
    case "codeBlock": {
      const fence = block.text.includes("```") ? "````" : "```";
      return `${fence}${block.language ?? ""}\n${block.text}\n${fence}`;
    }
    case "blockquote":
      return indent(blocksMarkdown(block.blocks, "\n\n", notes), "> ").replace(/\n\n/g, "\n>\n");
    case "horizontalRule":
      return "---";
    case "evidence":
      // The figures live in the paper's evidence (GraphQL); the markdown keeps the citation's
      // place.
      return `> Evidence: survey result, citation ${block.citationId}`;
    case "bulletList":
    case "orderedList": {
      let n = block.type === "orderedList" ? block.start : 0;
      return block.items
        .map((item) => {
          const marker = block.type === "orderedList" ? `${n++}. ` : "- ";
          const inner = blocksMarkdown(item.blocks, "\n", notes);
          return indent(inner, " ".repeat(marker.length), marker);
        })
        .join("\n");
    }
  }
}

function blocksMarkdown(
  blocks: readonly Block[],
  separator: string,
  notes: NoteNumbers | null,
): string {
  return blocks.map((block) => blockMarkdown(block, notes)).join(separator);
}

export function renderMarkdown(tree: PaperTree, options: MarkdownOptions = {}): string {
  const notes = options.notes?.length ? numberNotes(tree, options.notes) : null;
  const body = blocksMarkdown(tree.blocks, "\n\n", notes);
  if (!notes) return body;
  const footnotes = notes.ordered
    .map((note) => `[^${note.number}]: ${escapeMarkdown(noteText(note)).replace(/\n/g, " ")}`)
    .join("\n");
  return body === "" ? footnotes : `${body}\n\n${footnotes}`;
}
