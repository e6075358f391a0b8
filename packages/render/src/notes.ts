// Notes beside the body (comment threads, in an export): numbered in the order their marks
// appear in the text, then the notes that have no place in it (about the whole paper, or whose
// text was deleted).
import type { Block, Inline, PaperTree } from "./tree.ts";

export interface PaperNote {
  id: string;
  /** The text the note is about, when it has one. */
  quote: string | null;
  /** One paragraph each, e.g. one per comment of a thread. */
  paragraphs: string[];
}

export interface NumberedNote extends PaperNote {
  number: number;
}

export interface NoteNumbers {
  /** Every note, by number. */
  ordered: NumberedNote[];
  /** The number of a note, by id; undefined for a mark whose note was not given. */
  numberOf(noteId: string): number | undefined;
}

function* inlinesOf(blocks: readonly Block[]): Generator<Inline> {
  for (const block of blocks) {
    switch (block.type) {
      case "heading":
      case "paragraph":
        yield* block.content;
        break;
      case "blockquote":
        yield* inlinesOf(block.blocks);
        break;
      case "bulletList":
      case "orderedList":
        for (const item of block.items) yield* inlinesOf(item.blocks);
        break;
      default:
        break;
    }
  }
}

export function numberNotes(tree: PaperTree, notes: readonly PaperNote[]): NoteNumbers {
  const byId = new Map(notes.map((note) => [note.id, note]));
  const ordered: NumberedNote[] = [];
  const numbers = new Map<string, number>();
  const add = (note: PaperNote) => {
    if (numbers.has(note.id)) return;
    numbers.set(note.id, ordered.length + 1);
    ordered.push({ ...note, number: ordered.length + 1 });
  };
  for (const inline of inlinesOf(tree.blocks)) {
    if (inline.type !== "noteRef") continue;
    const note = byId.get(inline.noteId);
    if (note) add(note);
  }
  for (const note of notes) add(note);
  return { ordered, numberOf: (noteId) => numbers.get(noteId) };
}

/** A note as one line of plain text: its quote, then its paragraphs. */
export function noteText(note: PaperNote): string {
  const quote = note.quote ? `“${note.quote}”: ` : "";
  return quote + note.paragraphs.join(" / ");
}
