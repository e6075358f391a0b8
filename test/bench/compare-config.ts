// Sizes of the compare-versions bench (compare.ts): a paper of about 20 pages (~10,000 words)
// written by two authors, revised by both between two saved versions.
export const COMPARE_BENCH = {
  seed: 41,
  /** Sections (a heading each) of `paragraphs` paragraphs of `wordsPerParagraph` words. */
  sections: 10,
  paragraphs: 9,
  wordsPerParagraph: 110,
  /** Edits between the two versions: a word typed or a run of 1–8 words deleted. */
  revisions: 1_500,
  /** Log entries replayed on top of the snapshot when comparing with now. */
  tailEntries: 500,
  /** Timed comparisons, after `warmup` untimed ones. */
  iterations: 20,
  warmup: 3,
} as const;
