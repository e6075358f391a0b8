// The paper body as safe HTML: every text escaped, only web and mail links, headings with
// stable ids for a table of contents. Public paper pages and the HTML export both use it.
import { type NoteNumbers, numberNotes, type PaperNote } from "./notes.ts";
import { type Block, type Inline, inlineText, type Mark, type PaperTree } from "./tree.ts";

export interface HtmlBodyOptions {
  /** Notes for the tree's note marks, listed after the body as numbered footnotes. */
  notes?: readonly PaperNote[];
  /** The heading of the notes list (default "Comments"). */
  notesTitle?: string;
  /** Prefix of heading ids, when the page has other ids that could clash (default none). */
  idPrefix?: string;
  /**
   * Safe HTML for a cited survey result, in place of its placeholder (the public page shows
   * the figures where the authors put them); null keeps the placeholder.
   */
  evidenceHtml?: (citationId: string) => string | null;
}

export interface TocEntry {
  level: number;
  text: string;
  /** The heading's id in `renderHtmlBody` output (without `idPrefix`). */
  id: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A link target safe to put in a page: http(s), mailto or a fragment; null otherwise. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (trimmed.startsWith("#")) return trimmed;
  try {
    const url = new URL(trimmed);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const TAGS: Record<Exclude<Mark["type"], "link">, string> = {
  bold: "strong",
  italic: "em",
  strike: "s",
  code: "code",
};

function markedHtml(text: string, marks: readonly Mark[]): string {
  let html = escapeHtml(text);
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i]!;
    if (mark.type === "link") {
      const href = safeHref(mark.href);
      if (href) {
        html = `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${html}</a>`;
      }
    } else {
      html = `<${TAGS[mark.type]}>${html}</${TAGS[mark.type]}>`;
    }
  }
  return html;
}

class HtmlWriter {
  constructor(
    private readonly notes: NoteNumbers | null,
    private readonly idPrefix: string,
    private readonly evidenceHtml: HtmlBodyOptions["evidenceHtml"] = undefined,
  ) {}

  inline(content: readonly Inline[]): string {
    let out = "";
    for (const inline of content) {
      switch (inline.type) {
        case "text":
          out += markedHtml(inline.text, inline.marks);
          break;
        case "hardBreak":
          out += "<br>";
          break;
        case "image": {
          const src = safeHref(inline.src);
          if (src) out += `<img src="${escapeHtml(src)}" alt="${escapeHtml(inline.alt)}">`;
          break;
        }
        case "noteRef": {
          const number = this.notes?.numberOf(inline.noteId);
          if (number !== undefined) {
            out +=
              `<sup class="note-ref" id="${this.idPrefix}note-ref-${number}">` +
              `<a href="#${this.idPrefix}note-${number}">${number}</a></sup>`;
          }
          break;
        }
      }
    }
    return out;
  }

  block(block: Block): string {
    switch (block.type) {
      case "paragraph":
        return `<p>${this.inline(block.content)}</p>`;
      case "heading":
        return `<h${block.level} id="${escapeHtml(this.idPrefix + block.id)}">${this.inline(block.content)}</h${block.level}>`;
      case "codeBlock": {
        const language = block.language
          ? ` class="language-${escapeHtml(block.language.replace(/[^\w-]/g, ""))}"`
          : "";
        return `<pre><code${language}>${escapeHtml(block.text)}</code></pre>`;
      }
      case "blockquote":
        return `<blockquote>${this.blocks(block.blocks)}</blockquote>`;
      case "horizontalRule":
        return "<hr>";
      case "evidence":
        return (
          this.evidenceHtml?.(block.citationId) ??
          `<aside class="evidence" data-citation-id="${escapeHtml(block.citationId)}"><p>Evidence: survey result, citation ${escapeHtml(block.citationId)}</p></aside>`
        );
      case "bulletList":
        return `<ul>${this.items(block.items)}</ul>`;
      case "orderedList": {
        const start = block.start === 1 ? "" : ` start="${block.start}"`;
        return `<ol${start}>${this.items(block.items)}</ol>`;
      }
    }
  }

  blocks(blocks: readonly Block[]): string {
    return blocks.map((block) => this.block(block)).join("\n");
  }

  private items(items: readonly { blocks: Block[] }[]): string {
    return items.map((item) => `<li>${this.blocks(item.blocks)}</li>`).join("");
  }

  notesList(title: string): string {
    if (!this.notes || this.notes.ordered.length === 0) return "";
    const items = this.notes.ordered.map((note) => {
      const quote = note.quote
        ? `<blockquote class="note-quote">${escapeHtml(note.quote)}</blockquote>`
        : "";
      const paragraphs = note.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
      return `<li id="${this.idPrefix}note-${note.number}">${quote}${paragraphs}</li>`;
    });
    return `\n<section class="notes"><h2>${escapeHtml(title)}</h2><ol>${items.join("")}</ol></section>`;
  }
}

/** The body as an HTML fragment (no <html> or <body>): safe to put inside a page. */
export function renderHtmlBody(tree: PaperTree, options: HtmlBodyOptions = {}): string {
  const notes = options.notes?.length ? numberNotes(tree, options.notes) : null;
  const writer = new HtmlWriter(notes, options.idPrefix ?? "", options.evidenceHtml);
  return writer.blocks(tree.blocks) + writer.notesList(options.notesTitle ?? "Comments");
}

/** Every heading of the body, in order, with the id `renderHtmlBody` gives it. */
export function tableOfContents(tree: PaperTree): TocEntry[] {
  const entries: TocEntry[] = [];
  const visit = (blocks: readonly Block[]) => {
    for (const block of blocks) {
      if (block.type === "heading") {
        entries.push({ level: block.level, text: inlineText(block.content), id: block.id });
      } else if (block.type === "blockquote") {
        visit(block.blocks);
      } else if (block.type === "bulletList" || block.type === "orderedList") {
        for (const item of block.items) visit(item.blocks);
      }
    }
  };
  visit(tree.blocks);
  return entries;
}
