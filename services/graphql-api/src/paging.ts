// Relay connections over the storage ports' pages.
import { badInput, type GraphqlLimits } from "@accord/domain";
import { type Page, type PageRequest, paginate } from "@accord/storage";

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** `first` defaults to the default page size and is clamped to the largest one. */
export function pageRequest(
  limits: GraphqlLimits,
  args: { first?: number | null; after?: string | null },
): PageRequest {
  const first = args.first ?? limits.defaultPageSize;
  if (!Number.isInteger(first) || first < 0) {
    throw badInput("first", "first must be zero or a positive whole number.");
  }
  return { first: Math.min(first, limits.maxPageSize), after: args.after ?? null };
}

export function toConnection<T>(page: Page<T>): Connection<T> {
  const edges = page.items.map((node, i) => ({ node, cursor: page.cursors[i] ?? "" }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export const emptyConnection = <T>(): Connection<T> => ({
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
});

/** A connection over a list already in memory (comment threads), keyed by (createdAt, id). */
export function connectionOf<T>(
  sorted: readonly T[],
  keyOf: (item: T) => [string, string],
  request: PageRequest,
): Connection<T> {
  return toConnection(paginate(sorted, keyOf, request));
}
