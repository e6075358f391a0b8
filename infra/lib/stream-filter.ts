// Which stream records the compactor is invoked for, as plain data: the CDK app turns it into
// the event source mapping's filter, and serverless-local (test/support) applies the same
// pattern to the records it reads from DynamoDB Local's stream. No CDK import here.

/**
 * Lambda event filtering's pattern language, for the rules these filters use: a field holds
 * either a nested pattern or a list of accepted values (exact strings or prefixes).
 */
export type EventPattern = {
  readonly [field: string]: EventPattern | readonly (string | { readonly prefix: string })[];
};

/**
 * New log items, nothing else (no MODIFY, no TTL REMOVE, no snapshot or head item). Log items
 * are pk PAPER#<paper id>, sk DOC#LOG#<entry id> (packages/storage-dynamodb/src/keys.ts); the
 * compactor recognises the exact key with isLogEntryKey, the filter only spares it the
 * invocations for everything else.
 */
export const LOG_APPEND_PATTERN: EventPattern = {
  eventName: ["INSERT"],
  dynamodb: {
    Keys: {
      pk: { S: [{ prefix: "PAPER#" }] },
      sk: { S: [{ prefix: "DOC#LOG#" }] },
    },
  },
};

/** Does `event` (a stream record) match `pattern`, as Lambda's filtering decides it? */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    const value =
      typeof event === "object" && event !== null
        ? (event as Record<string, unknown>)[field]
        : undefined;
    if (Array.isArray(rule)) {
      return (rule as readonly (string | { prefix: string })[]).some((accepted) =>
        typeof accepted === "string"
          ? value === accepted
          : typeof value === "string" && value.startsWith(accepted.prefix),
      );
    }
    return matchesPattern(rule as EventPattern, value);
  });
}
