// Sizes of the exports bench (exports.ts): a paper of about 20 pages (~10,000 words).
export const EXPORTS_BENCH = {
  seed: 29,
  /** Sections (h2), each with `subsections` (h3) of `paragraphs` paragraphs and one list. */
  sections: 10,
  subsections: 2,
  paragraphs: 4,
  wordsPerParagraph: 110,
  listItems: 4,
  /** Comment threads anchored in the text, for the runs with comments. */
  commentThreads: 40,
  /** Timed exports per format, after `warmup` untimed ones. */
  iterations: 10,
  warmup: 2,
} as const;
