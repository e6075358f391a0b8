// The PDF export (pdfkit, no headless browser): title block, headings as bookmarks, lists with
// their markers, marks, live links, comments as numbered notes at the end, and page numbers. Text
// that the standard PDF fonts can show is set in them (no font embedded, small files); a paper
// with any other character is set in DejaVu, embedded as subsets (fonts.ts).
import PDFDocument from "pdfkit";
import type { Checkpoint, ExportDocument } from "./document.ts";
import { UNICODE_FONTS, unicodeFonts } from "./fonts.ts";
import { safeHref } from "./html.ts";
import { type NoteNumbers, noteText, numberNotes } from "./notes.ts";
import { type Block, type Inline, inlineText, type ListItem } from "./tree.ts";

type Pdf = InstanceType<typeof PDFDocument>;
type Outline = Pdf["outline"];

const MARGIN = { top: 64, bottom: 64, left: 64, right: 64 };
const BODY_SIZE = 11;
const HEADING_SIZES = [20, 16, 13.5, 12, 11, 11] as const;
const LIST_INDENT = 18;
const LINK_COLOR = "#1a4fa0";

/** Characters the standard fonts' encoding (WinAnsi) has, beyond Latin-1. */
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

const OUTSIDE_LATIN_1 = /[^\n\t\u0020-\u007e\u00a0-\u00ff]/gu;

/** Whether the standard fonts (WinAnsi) can show every character of `text`. */
const winAnsi = (text: string) =>
  [...text.matchAll(OUTSIDE_LATIN_1)].every((m) => WIN_ANSI_EXTRA.includes(m[0]));

/**
 * Text for the standard fonts: a character they cannot show would come out as a wrong glyph, so
 * it is shown as "?" instead. Used only when the DejaVu files cannot be found.
 */
function standardText(text: string): string {
  return text.replace(OUTSIDE_LATIN_1, (c) =>
    WIN_ANSI_EXTRA.includes(c) ? c : c === "\u2212" ? "-" : "?",
  );
}

function* textsOf(document: ExportDocument): Generator<string> {
  yield document.title;
  yield* document.details;
  if (document.summary) yield document.summary;
  for (const note of document.notes) {
    if (note.quote) yield note.quote;
    yield* note.paragraphs;
  }
  const visit = function* (blocks: readonly Block[]): Generator<string> {
    for (const block of blocks) {
      if (block.type === "paragraph" || block.type === "heading") {
        for (const inline of block.content) {
          if (inline.type === "text") yield inline.text;
          else if (inline.type === "image") yield inline.alt;
        }
      } else if (block.type === "codeBlock") yield block.text;
      else if (block.type === "evidence") yield block.citationId;
      else if (block.type === "blockquote") yield* visit(block.blocks);
      else if (block.type === "bulletList" || block.type === "orderedList") {
        for (const item of block.items) yield* visit(item.blocks);
      }
    }
  };
  yield* visit(document.tree.blocks);
}

/** How the chosen fonts are asked for, and what they can show of a text. */
interface Faces {
  /** The font to ask pdfkit for, by its standard name. */
  face(standard: string): string;
  safe(text: string): string;
}

const STANDARD: Faces = { face: (name) => name, safe: (text) => text };

/**
 * DejaVu (registered as "Unicode-<standard name>"; pdfkit has already loaded standard Helvetica
 * under its own name) when the standard fonts cannot show all of the document.
 */
function chooseFonts(pdf: Pdf, document: ExportDocument): Faces {
  for (const text of textsOf(document)) {
    if (winAnsi(text)) continue;
    const files = unicodeFonts();
    if (!files) return { face: (name) => name, safe: standardText };
    for (const [name, file] of Object.entries(UNICODE_FONTS)) {
      pdf.registerFont(`Unicode-${name}`, files.get(file)!);
    }
    return { face: (name) => `Unicode-${name}`, safe: (t) => t };
  }
  return STANDARD;
}

function fontFor(marks: { type: string }[]): string {
  const has = (type: string) => marks.some((m) => m.type === type);
  const family = has("code") ? "Courier" : "Helvetica";
  const bold = has("bold");
  const italic = has("italic");
  if (bold && italic) return `${family}-BoldOblique`;
  if (bold) return `${family}-Bold`;
  if (italic) return `${family}-Oblique`;
  return family;
}

interface Frame {
  /** Left edge of the text. */
  x: number;
  /** Quoted text is grey and set in oblique. */
  quoted: boolean;
}

class PdfWriter {
  private readonly outlines: { level: number; item: Outline }[] = [];

  constructor(
    private readonly pdf: Pdf,
    private readonly notes: NoteNumbers | null,
    private readonly checkpoint: Checkpoint,
    private readonly faces: Faces,
  ) {}

  private safe(text: string): string {
    return this.faces.safe(text);
  }

  private get right() {
    return this.pdf.page.width - MARGIN.right;
  }

  /** One paragraph of inline content, wrapped inside [frame.x, right margin]. */
  paragraph(content: readonly Inline[], frame: Frame, size = BODY_SIZE, bold = false) {
    const pdf = this.pdf;
    const width = this.right - frame.x;
    const segments: {
      text: string;
      font: string;
      color: string;
      link: string | null;
      strike: boolean;
    }[] = [];
    for (const inline of content) {
      if (inline.type === "text") {
        const link = inline.marks.find((m) => m.type === "link");
        const href = link?.type === "link" ? safeHref(link.href) : null;
        const marks = bold ? [...inline.marks, { type: "bold" }] : inline.marks;
        segments.push({
          text: this.safe(inline.text),
          font: fontFor(frame.quoted ? [...marks, { type: "italic" }] : marks),
          color: href ? LINK_COLOR : frame.quoted ? "#444444" : "#000000",
          link: href,
          strike: inline.marks.some((m) => m.type === "strike"),
        });
      } else if (inline.type === "hardBreak") {
        segments.push({
          text: "\n",
          font: "Helvetica",
          color: "#000000",
          link: null,
          strike: false,
        });
      } else if (inline.type === "image") {
        if (inline.alt) {
          segments.push({
            text: `[${this.safe(inline.alt)}]`,
            font: "Helvetica-Oblique",
            color: "#444444",
            link: null,
            strike: false,
          });
        }
      } else {
        const number = this.notes?.numberOf(inline.noteId);
        if (number !== undefined) {
          segments.push({
            text: `[${number}]`,
            font: "Helvetica",
            color: LINK_COLOR,
            link: null,
            strike: false,
          });
        }
      }
    }
    pdf.x = frame.x;
    if (segments.length === 0 || segments.every((s) => s.text === "")) {
      pdf.moveDown(0.6);
      return;
    }
    segments.forEach((segment, i) => {
      pdf
        .font(this.faces.face(segment.font))
        .fontSize(size)
        .fillColor(segment.color)
        .text(segment.text, {
          width,
          continued: i < segments.length - 1,
          link: segment.link,
          underline: segment.link !== null,
          strike: segment.strike,
          lineGap: 2,
        });
    });
    pdf.moveDown(0.5);
  }

  blocks(blocks: readonly Block[], frame: Frame) {
    for (const block of blocks) {
      this.checkpoint();
      this.block(block, frame);
    }
  }

  private block(block: Block, frame: Frame) {
    const pdf = this.pdf;
    switch (block.type) {
      case "heading": {
        pdf.moveDown(0.4);
        this.bookmark(block.level, inlineText(block.content));
        this.paragraph(block.content, frame, HEADING_SIZES[block.level - 1], true);
        return;
      }
      case "paragraph":
        this.paragraph(block.content, frame);
        return;
      case "codeBlock":
        pdf.x = frame.x + 8;
        pdf
          .font(this.faces.face("Courier"))
          .fontSize(9)
          .fillColor("#222222")
          .text(this.safe(block.text), { width: this.right - frame.x - 8, lineGap: 1 });
        pdf.moveDown(0.6);
        return;
      case "blockquote":
        this.blocks(block.blocks, { x: frame.x + LIST_INDENT, quoted: true });
        return;
      case "horizontalRule": {
        const y = pdf.y + 4;
        pdf.moveTo(frame.x, y).lineTo(this.right, y).lineWidth(0.5).strokeColor("#999999").stroke();
        pdf.y = y + 8;
        return;
      }
      case "evidence":
        this.paragraph(
          [
            {
              type: "text",
              text: `Evidence: survey result, citation ${block.citationId}`,
              marks: [],
            },
          ],
          { x: frame.x + LIST_INDENT, quoted: true },
        );
        return;
      case "bulletList":
        this.list(block.items, frame, () => "•");
        return;
      case "orderedList":
        this.list(block.items, frame, (i) => `${block.start + i}.`);
        return;
    }
  }

  private list(items: readonly ListItem[], frame: Frame, marker: (index: number) => string) {
    const inner = { x: frame.x + LIST_INDENT, quoted: frame.quoted };
    items.forEach((item, i) => {
      const pdf = this.pdf;
      // Start the item on the page where its marker lands.
      if (pdf.y + BODY_SIZE * 1.5 > pdf.page.height - MARGIN.bottom) pdf.addPage();
      const y = pdf.y;
      pdf
        .font(this.faces.face("Helvetica"))
        .fontSize(BODY_SIZE)
        .fillColor("#000000")
        .text(marker(i), frame.x, y, { width: LIST_INDENT - 3, lineBreak: false });
      pdf.y = y;
      this.blocks(item.blocks, inner);
    });
  }

  /** Bookmarks nest by heading level. */
  private bookmark(level: number, title: string) {
    while (this.outlines.length > 0 && this.outlines[this.outlines.length - 1]!.level >= level) {
      this.outlines.pop();
    }
    const parent = this.outlines[this.outlines.length - 1]?.item ?? this.pdf.outline;
    const item = parent.addItem(this.safe(title) || "Section");
    this.outlines.push({ level, item });
  }
}

function collect(pdf: Pdf): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on("error", reject);
  });
}

export async function renderPdf(
  document: ExportDocument,
  checkpoint: Checkpoint = () => {},
): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    displayTitle: true,
    lang: "en",
    info: {
      Title: document.title,
      Creator: "Accord",
      ...(document.summary ? { Subject: document.summary } : {}),
    },
  });
  const done = collect(pdf);
  try {
    const notes = document.notes.length > 0 ? numberNotes(document.tree, document.notes) : null;
    const faces = chooseFonts(pdf, document);
    const { face, safe } = faces;
    const writer = new PdfWriter(pdf, notes, checkpoint, faces);
    const frame = { x: MARGIN.left, quoted: false };
    pdf.font(face("Helvetica-Bold")).fontSize(22).fillColor("#000000").text(safe(document.title));
    pdf.moveDown(0.3);
    for (const line of document.details) {
      pdf.font(face("Helvetica")).fontSize(9.5).fillColor("#555555").text(safe(line));
    }
    if (document.summary) {
      pdf.moveDown(0.5);
      pdf
        .font(face("Helvetica-Oblique"))
        .fontSize(BODY_SIZE)
        .fillColor("#222222")
        .text(safe(document.summary));
    }
    pdf.moveDown(1);
    writer.blocks(document.tree.blocks, frame);
    if (notes && notes.ordered.length > 0) {
      pdf.moveDown(1);
      writer.paragraph(
        [{ type: "text", text: "Comments", marks: [] }],
        frame,
        HEADING_SIZES[1],
        true,
      );
      for (const note of notes.ordered) {
        checkpoint();
        writer.paragraph(
          [{ type: "text", text: `${note.number}. ${noteText(note)}`, marks: [] }],
          frame,
          9.5,
        );
      }
    }
    const pages = pdf.bufferedPageRange();
    for (let i = 0; i < pages.count; i++) {
      pdf.switchToPage(pages.start + i);
      // Writing inside the bottom margin would otherwise start a new page.
      const bottom = pdf.page.margins.bottom;
      pdf.page.margins.bottom = 0;
      pdf
        .font(face("Helvetica"))
        .fontSize(8.5)
        .fillColor("#777777")
        .text(`${i + 1} / ${pages.count}`, MARGIN.left, pdf.page.height - bottom / 2, {
          width: pdf.page.width - MARGIN.left - MARGIN.right,
          align: "center",
          lineBreak: false,
        });
      pdf.page.margins.bottom = bottom;
    }
  } finally {
    // Ending the document settles `done` whether the render finished or stopped.
    pdf.end();
  }
  return done;
}
