// Sizes of the GraphQL path benchmark (graphql-latency.ts), in one place.
export const GRAPHQL_BENCH = {
  /** Requests per path before measuring (JIT, caches, loaders). */
  warmup: 300,
  /** Measured requests per path and store (the paths take turns request by request). */
  iterations: 2_000,
  /** Requests per path profiled after the measurement (not part of the figures). */
  profileRequests: 300,
  /**
   * The paper body: sections of one heading, some paragraphs and a short bullet list, typed by
   * a few authors in small transactions with a share of typos deleted again (tombstones), then
   * compacted into a snapshot with the last `tailEntries` updates left in the log.
   */
  document: {
    sections: 24,
    paragraphsPerSection: 4,
    wordsPerParagraph: 28,
    listItemsPerSection: 3,
    wordsPerListItem: 8,
    /** Words per typing transaction (an editor sends about one update per burst of typing). */
    wordsPerTransaction: 4,
    /** Share of transactions that type a wrong word and delete it again. */
    typoRate: 0.08,
    authors: 3,
    tailEntries: 120,
  },
  /** Collaborators besides the lead, in roles EDITOR, COMMENTER, VIEWER in turn. */
  collaborators: 7,
  commentThreads: 12,
  repliesPerThread: 2,
  resolvedThreads: 4,
  versions: 5,
  endorsements: 6,
  /** Fresh `node` processes that require the Lambda bundle, per environment. */
  coldStarts: 10,
  /** PRNG seed of the paper text (the benchmark prints it; SEED overrides). */
  seed: 20261128,
} as const;

export type GraphqlBenchConfig = typeof GRAPHQL_BENCH;
