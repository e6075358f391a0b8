// Every limit of Accord in one place. Two kinds:
// - TEXT_LIMITS: how long a person's input may be. Fixed, part of the API's contract: the
//   server validates with them and the web app's forms read the same object, so they cannot
//   be overridden per deployment (a server-side override would leave the browser bundle behind).
// - DEFAULT_LIMITS: the defaults of the operational limits (GraphQL cost, live-editing sizes
//   and rates, framing). Entry points may override any of them (from flags, environment or CDK
//   config) with `withLimits` and pass the result down; nothing else reads them from anywhere
//   but here.

/** Length limits of text fields, in characters (code points, after trimming). */
export const TEXT_LIMITS = {
  displayName: { min: 1, max: 120 },
  affiliation: { max: 200 },
  workingGroupName: { min: 3, max: 120 },
  workingGroupDescription: { max: 2000 },
  paperTitle: { min: 3, max: 200 },
  paperSummary: { max: 4000 },
  commentBody: { min: 1, max: 10000 },
  versionName: { min: 1, max: 120 },
  organisation: { min: 2, max: 200 },
  endorsementStatement: { max: 2000 },
  /** The note of a request to endorse a paper. */
  endorsementRequestMessage: { max: 1000 },
  /** Most distinct members one comment may mention (each gets a notification). */
  mentionsPerComment: 20,
  /** Most notifications one request may mark read by id. */
  notificationsMarkedAtOnce: 100,
  /** Most topics on a member, working group or paper. */
  topicsPerEntity: 20,
  /** Longest search text (papers, members). */
  search: { max: 200 },
} as const;

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
  /**
   * Most field comparisons a document may ask of validation. graphql-js's "overlapping fields
   * can be merged" rule compares every pair of same-named fields (and every pair of fragment
   * spreads) in a selection set, recursing into their sub-selections: quadratic in the
   * document, about 45 ms at its own cap (500,000 comparisons) on a 2-core machine. Documents
   * estimated above this much work are refused before validation runs; real queries need a
   * few hundred.
   */
  maxValidationWork: number;
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
  /**
   * An author's edits to a paper with no longer pause than this are one editing session (one
   * EDITING_SESSION activity event); the local host also compacts a paper this long after its
   * last edit, so that sessions reach the feed while editors stay connected.
   */
  editingSessionQuietMs: number;
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
    maxValidationWork: 50_000,
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
    editingSessionQuietMs: 10 * 60_000,
  },
  framing: {
    maxFrameBytes: 32 * 1024,
    chunkTtlMs: 5 * 60_000,
  },
});

/**
 * Invitations and join requests: how long an invitation waits for its invitee (default 14 days,
 * at most 90), and the longest invitee and message accepted.
 */
export const INVITATION_LIMITS = Object.freeze({
  defaultTtlMs: 14 * 24 * 3_600_000,
  maxTtlMs: 90 * 24 * 3_600_000,
  usernameMax: 64,
  emailMax: 254,
  joinRequestMessageMax: 1_000,
});

/**
 * Exports of a paper (Markdown, HTML, DOCX, PDF): the longest body one renders (in characters of
 * plain text: about 150,000 words, some 300 pages), the longest a render may run before it is
 * abandoned (inside the GraphQL Lambda's 15 s), the largest file kept, and how long a download
 * link and the file behind it live (S3 expires the file itself after a day, its smallest rule).
 */
export interface ExportLimits {
  maxBodyCharacters: number;
  maxCommentThreads: number;
  renderTimeoutMs: number;
  maxFileBytes: number;
  linkTtlSeconds: number;
}

export const EXPORT_LIMITS: Readonly<ExportLimits> = Object.freeze({
  maxBodyCharacters: 1_000_000,
  maxCommentThreads: 2_000,
  renderTimeoutMs: 10_000,
  maxFileBytes: 25 * 1_048_576,
  linkTtlSeconds: 300,
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

/**
 * Perception surveys: text lengths, sizes, and the smallest cell of respondents results may show
 * (cells under `minCellSize` are suppressed, never computed from the rest).
 */
export const SURVEY_LIMITS = Object.freeze({
  title: { min: 3, max: 200 },
  introduction: { max: 4000 },
  prompt: { min: 3, max: 500 },
  optionLabel: { min: 1, max: 200 },
  textAnswer: { max: 4000 },
  questionsPerSurvey: 60,
  optionsPerQuestion: 20,
  minCellSize: 5,
});
