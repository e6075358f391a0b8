// Input rules shared by every entry point. Each returns the normalized value or throws BAD_USER_INPUT.
import { COUNTRY_CODES } from "./countries.ts";
import { badInput } from "./errors.ts";

export const LIMITS = {
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
  topicsPerEntity: 20,
} as const;

/** Trim, collapse inner whitespace runs, and check length in characters. */
export function text(field: string, value: string, limits: { min?: number; max: number }): string {
  const normalized = value.replace(/\s+/g, " ").trim();
  const length = [...normalized].length;
  if (limits.min !== undefined && length < limits.min) {
    throw badInput(field, `${field} must be at least ${limits.min} characters long.`);
  }
  if (length > limits.max) {
    throw badInput(
      field,
      `${field} must be at most ${limits.max} characters long (got ${length}).`,
    );
  }
  return normalized;
}

/** Like `text` but keeps line breaks (for summaries and comment bodies). */
export function longText(
  field: string,
  value: string,
  limits: { min?: number; max: number },
): string {
  const normalized = value.replace(/\r\n?/g, "\n").trim();
  const length = [...normalized].length;
  if (limits.min !== undefined && length < limits.min) {
    throw badInput(field, `${field} must be at least ${limits.min} characters long.`);
  }
  if (length > limits.max) {
    throw badInput(
      field,
      `${field} must be at most ${limits.max} characters long (got ${length}).`,
    );
  }
  return normalized;
}

export function countryCode(field: string, value: string): string {
  const code = value.trim().toUpperCase();
  if (!COUNTRY_CODES.has(code)) {
    throw badInput(
      field,
      `${field} must be an ISO 3166-1 alpha-2 country code such as "CH" or "BR" (got "${value}").`,
    );
  }
  return code;
}

export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw badInput(field, `${field} must be one of ${allowed.join(", ")} (got "${value}").`);
  }
  return value as T;
}

/** De-duplicate a list and check its size. */
export function distinctList<T>(field: string, values: readonly T[], max: number): T[] {
  const distinct = [...new Set(values)];
  if (distinct.length > max) {
    throw badInput(field, `${field} may hold at most ${max} entries (got ${distinct.length}).`);
  }
  return distinct;
}

/** Check that every id in `values` is a known one. */
export function knownIds(field: string, values: readonly string[], known: ReadonlySet<string>) {
  const unknown = values.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw badInput(field, `${field} has unknown ids: ${unknown.join(", ")}.`);
  }
}

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
