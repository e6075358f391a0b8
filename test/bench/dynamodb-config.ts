// Sizes of the DynamoDB request benchmark (dynamodb-requests.ts), in one place.
export const DYNAMODB_BENCH = {
  /** Each operation is measured this many times; the table shows the mean per operation. */
  repeats: 5,
  /** Live connections on the paper whose fan-out audience is listed. */
  connections: 20,
  /** Bytes of text in the small and the large document (their snapshots are a bit larger). */
  smallDocumentChars: 20_000,
  largeDocumentChars: 2_000_000,
  /** Log entries left in the tail after the last compaction, when a paper is loaded. */
  tailEntries: 100,
  /** Log entries one compaction merges (the collab default compacts at 500). */
  compactionEntries: 500,
  /** Papers in the table, and the page size of a papers list. */
  papers: 100,
  pageSize: 20,
  /** Collaborators of the paper whose collaborators are listed. */
  collaborators: 10,
  /** Members read at once by a DataLoader batch. */
  members: 50,
} as const;
