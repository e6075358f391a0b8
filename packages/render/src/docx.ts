// The DOCX export (npm `docx`): Word's own heading and title styles, real list numbering (an
// ordered list keeps its start), footnotes for comments on a passage, links, and marks.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  type ILevelsOptions,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  TextRun,
} from "docx";
import type { Checkpoint, ExportDocument } from "./document.ts";
import { safeHref } from "./html.ts";
import { type NoteNumbers, noteText, numberNotes } from "./notes.ts";
import type { Block, Inline, ListItem } from "./tree.ts";

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

const CODE_FONT = "Courier New";
/** Word nests lists up to nine levels. */
const LIST_LEVELS = 9;
const INDENT = 720;

function levels(format: "bullet" | "ordered", start: number): ILevelsOptions[] {
  return Array.from({ length: LIST_LEVELS }, (_, level) => ({
    level,
    format: format === "bullet" ? LevelFormat.BULLET : LevelFormat.DECIMAL,
    text: format === "bullet" ? (level % 2 === 0 ? "•" : "◦") : `%${level + 1}.`,
    start: level === 0 ? start : 1,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: INDENT * (level + 1), hanging: 360 } } },
  }));
}

class DocxWriter {
  /** One numbering definition per kind of list and start number. */
  readonly numberings = new Map<string, ILevelsOptions[]>();
  private instance = 0;

  constructor(
    private readonly notes: NoteNumbers | null,
    private readonly checkpoint: Checkpoint,
  ) {}

  runs(content: readonly Inline[], base: { italics?: boolean } = {}): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const inline of content) {
      if (inline.type === "hardBreak") {
        out.push(new TextRun({ text: "", break: 1 }));
      } else if (inline.type === "image") {
        if (inline.alt) out.push(new TextRun({ text: `[${inline.alt}]`, ...base }));
      } else if (inline.type === "noteRef") {
        const number = this.notes?.numberOf(inline.noteId);
        if (number !== undefined) out.push(new FootnoteReferenceRun(number));
      } else {
        const has = (type: string) => inline.marks.some((m) => m.type === type);
        const link = inline.marks.find((m) => m.type === "link");
        const href = link?.type === "link" ? safeHref(link.href) : null;
        const run = new TextRun({
          text: inline.text,
          bold: has("bold"),
          italics: has("italic") || base.italics === true,
          strike: has("strike"),
          ...(has("code") ? { font: CODE_FONT } : {}),
          ...(href ? { style: "Hyperlink" } : {}),
        });
        out.push(href ? new ExternalHyperlink({ link: href, children: [run] }) : run);
      }
    }
    return out;
  }

  blocks(blocks: readonly Block[], depth: number, quoted: boolean): Paragraph[] {
    return blocks.flatMap((block) => {
      if (depth === 0 && !quoted) this.checkpoint();
      return this.block(block, depth, quoted);
    });
  }

  private block(block: Block, depth: number, quoted: boolean): Paragraph[] {
    const indent =
      depth > 0 || quoted ? { indent: { left: INDENT * (depth + (quoted ? 1 : 0)) } } : {};
    const quote = quoted
      ? { border: { left: { style: BorderStyle.SINGLE, size: 6, color: "AAAAAA", space: 8 } } }
      : {};
    switch (block.type) {
      case "heading":
        return [
          new Paragraph({
            heading: HEADINGS[block.level - 1]!,
            children: this.runs(block.content),
          }),
        ];
      case "paragraph":
        return [
          new Paragraph({
            ...indent,
            ...quote,
            children: this.runs(block.content, { italics: quoted }),
          }),
        ];
      case "codeBlock":
        return block.text.split("\n").map(
          (line) =>
            new Paragraph({
              ...indent,
              shading: { type: ShadingType.CLEAR, fill: "F2F2F2", color: "auto" },
              spacing: { after: 0 },
              children: [new TextRun({ text: line, font: CODE_FONT, size: 18 })],
            }),
        );
      case "blockquote":
        return this.blocks(block.blocks, depth, true);
      case "horizontalRule":
        return [new Paragraph({ thematicBreak: true, children: [] })];
      case "evidence":
        return [
          new Paragraph({
            ...indent,
            children: [
              new TextRun({
                text: `Evidence: survey result, citation ${block.citationId}`,
                italics: true,
              }),
            ],
          }),
        ];
      case "bulletList":
        return this.list(block.items, "bullet", 1, depth, quoted);
      case "orderedList":
        return this.list(block.items, "ordered", block.start, depth, quoted);
    }
  }

  private list(
    items: readonly ListItem[],
    format: "bullet" | "ordered",
    start: number,
    depth: number,
    quoted: boolean,
  ): Paragraph[] {
    const reference = `${format}-${start}`;
    if (!this.numberings.has(reference)) this.numberings.set(reference, levels(format, start));
    // A new instance restarts the numbering: each list counts from its own start.
    const instance = this.instance++;
    const level = Math.min(depth, LIST_LEVELS - 1);
    return items.flatMap((item) => {
      const [first, ...rest] = item.blocks;
      const marker =
        first?.type === "paragraph"
          ? new Paragraph({
              numbering: { reference, level, instance },
              children: this.runs(first.content, { italics: quoted }),
            })
          : new Paragraph({ numbering: { reference, level, instance }, children: [] });
      const others = first?.type === "paragraph" ? rest : item.blocks;
      return [marker, ...this.blocks(others, depth + 1, quoted)];
    });
  }
}

export async function renderDocx(
  document: ExportDocument,
  checkpoint: Checkpoint = () => {},
): Promise<Uint8Array> {
  const notes = document.notes.length > 0 ? numberNotes(document.tree, document.notes) : null;
  const writer = new DocxWriter(notes, checkpoint);
  const body = writer.blocks(document.tree.blocks, 0, false);
  const referenced = new Set<number>();
  const collect = (blocks: readonly Block[]) => {
    for (const block of blocks) {
      if (block.type === "paragraph" || block.type === "heading") {
        for (const inline of block.content) {
          const n = inline.type === "noteRef" ? notes?.numberOf(inline.noteId) : undefined;
          if (n !== undefined) referenced.add(n);
        }
      } else if (block.type === "blockquote") collect(block.blocks);
      else if (block.type === "bulletList" || block.type === "orderedList") {
        for (const item of block.items) collect(item.blocks);
      }
    }
  };
  collect(document.tree.blocks);
  const ordered = notes?.ordered ?? [];
  const footnotes = Object.fromEntries(
    ordered
      .filter((note) => referenced.has(note.number))
      .map((note) => [note.number, { children: [new Paragraph(noteText(note))] }]),
  );
  // Notes with no place in the text (about the whole paper, or their text was deleted).
  const loose = ordered.filter((note) => !referenced.has(note.number));
  const looseSection =
    loose.length === 0
      ? []
      : [
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: "Comments on the whole paper" }),
          ...loose.map((note) => new Paragraph(`${note.number}. ${noteText(note)}`)),
        ];
  const header = [
    new Paragraph({ heading: HeadingLevel.TITLE, text: document.title }),
    ...document.details.map(
      (line) =>
        new Paragraph({ children: [new TextRun({ text: line, color: "555555", size: 20 })] }),
    ),
    ...(document.summary
      ? [new Paragraph({ children: [new TextRun({ text: document.summary, italics: true })] })]
      : []),
  ];
  const docx = new Document({
    title: document.title,
    ...(document.summary ? { description: document.summary } : {}),
    creator: "Accord",
    numbering: {
      config: [...writer.numberings].map(([reference, levels]) => ({ reference, levels })),
    },
    footnotes,
    sections: [{ children: [...header, ...body, ...looseSection] }],
  });
  checkpoint();
  return new Uint8Array(await Packer.toBuffer(docx));
}
