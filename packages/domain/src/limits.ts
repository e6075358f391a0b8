// Every limit of Accord in one place, with its default. Entry points may override any of them
// (from flags, environment or CDK config) and pass the result down; nothing else reads them
// from anywhere but here.

export interface GraphqlLimits {
  /** Deepest selection nesting accepted. */
  maxDepth: number;
  /** Highest estimated cost (fields × list sizes from `first` arguments and variables). */
  maxCost: number;
  /** Most lexical tokens the parser will read before refusing a document. */
  maxTokens: number;
  /** Default and highest page size of a Relay connection. */
  defaultPageSize: number;
  maxPageSize: number;
  /** Largest HTTP request body, in bytes. */
  maxBodyBytes: number;
  /** Accept an array of operations in one HTTP request. */
  allowBatching: boolean;
}

export interface CollabLimits {
  /** Largest single Yjs update a client may send, in bytes. */
  maxUpdateBytes: number;
  /** Largest document (snapshot + tail) a paper may grow to, in bytes. */
  maxDocumentBytes: number;
  /** Most simultaneous live connections to one paper. */
  maxConnectionsPerPaper: number;
  /**
   * Frames per second per connection, every frame counted at its arrival (chunks too). Counted
   * in fixed windows of `rateWindowMs`: a window holds up to this rate × its length in seconds.
   */
  maxMessagesPerSecond: number;
  /** Length of a rate window, in milliseconds (a whole number of seconds). */
  rateWindowMs: number;
  /** Largest incoming websocket message before chunk reassembly, in bytes. */
  maxMessageBytes: number;
  /** Unload an open document this long after its last connection left. */
  idleUnloadMs: number;
  /** Compact a document once its tail holds this many log entries. */
  compactAfterEntries: number;
  /** How long merged log entries are kept before they expire. */
  retainMergedMs: number;
}

export interface FramingLimits {
  /** Largest text frame sent over API Gateway WebSocket (its hard limit is 32 KB). */
  maxFrameBytes: number;
  /** How long partial chunked messages are kept before they expire. */
  chunkTtlMs: number;
}

export interface Limits {
  graphql: GraphqlLimits;
  collab: CollabLimits;
  framing: FramingLimits;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  graphql: {
    maxDepth: 10,
    maxCost: 20_000,
    maxTokens: 5_000,
    defaultPageSize: 20,
    maxPageSize: 100,
    maxBodyBytes: 1_048_576,
    allowBatching: false,
  },
  collab: {
    maxUpdateBytes: 1_048_576,
    maxDocumentBytes: 10 * 1_048_576,
    maxConnectionsPerPaper: 200,
    maxMessagesPerSecond: 60,
    rateWindowMs: 2_000,
    maxMessageBytes: 2 * 1_048_576,
    idleUnloadMs: 30_000,
    compactAfterEntries: 500,
    retainMergedMs: 7 * 24 * 3_600_000,
  },
  framing: {
    maxFrameBytes: 32 * 1024,
    chunkTtlMs: 5 * 60_000,
  },
});

/** Merge partial overrides onto the defaults. */
export function withLimits(overrides: {
  graphql?: Partial<GraphqlLimits>;
  collab?: Partial<CollabLimits>;
  framing?: Partial<FramingLimits>;
}): Limits {
  return {
    graphql: { ...DEFAULT_LIMITS.graphql, ...overrides.graphql },
    collab: { ...DEFAULT_LIMITS.collab, ...overrides.collab },
    framing: { ...DEFAULT_LIMITS.framing, ...overrides.framing },
  };
}
