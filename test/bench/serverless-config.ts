// Sizes and prices of the serverless benchmark (serverless-fanout.ts), in one place.
export const SERVERLESS_BENCH = {
  /** Stored content of the papers typed in (compacted into their snapshot), in bytes. */
  paperBytes: [20_000, 200_000, 1_000_000],
  /** Live connections on each paper (the writer is one of them). */
  audience: 10,
  /** Keystrokes measured per paper, after `warmupEdits` that are not. */
  edits: 40,
  warmupEdits: 5,
  /** The largest message sent in chunks, and smaller ones beside it to show the growth. */
  chunkedMessageBytes: [512 * 1024, 1024 * 1024, 2 * 1024 * 1024],
  /** Tail entries one compaction merges (the collab default: limits.collab.compactAfterEntries). */
  compactionEntries: 500,
  /** Lambda memory of each route, as infra/lib/config.ts sizes them. */
  memoryMb: { connect: 512, disconnect: 512, default: 1024, compactor: 1536 },
} as const;

/**
 * Public list prices, US East (N. Virginia), as published on the AWS pricing pages for Lambda,
 * API Gateway and DynamoDB (on-demand rates after the November 2024 reduction). Free tiers and
 * volume discounts are left out. Check the pricing pages before relying on them.
 */
export const AWS_PRICES = {
  /** When these prices were taken for this benchmark. */
  date: "2026-11-28",
  region: "us-east-1",
  /** Lambda, arm64: duration per GB-second (first 7.5 billion GB-s a month) and per request. */
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  /** API Gateway WebSocket: per message (sent or received, metered per 32 KB; first 1 billion). */
  websocketPerMessage: 1.0 / 1e6,
  websocketPerConnectionMinute: 0.25 / 1e6,
  /** DynamoDB on-demand: per write and per read request unit. */
  dynamodbPerWru: 0.625 / 1e6,
  dynamodbPerRru: 0.125 / 1e6,
} as const;
