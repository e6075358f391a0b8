// Input rules shared by every entry point. Each returns the normalized value or throws BAD_USER_INPUT.
import { COUNTRY_CODES } from "./countries.ts";
import { badInput } from "./errors.ts";

// C0 controls, DEL and C1 controls. Terminal escapes (ESC), NUL and friends are never text a
// person typed: stored, they corrupt logs, exports and other people's terminals.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_SINGLE_LINE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/u;
// Multi-line fields also take line breaks (LF, and CR or CRLF, which become LF).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/**
 * Refuse control characters other than tab (and line breaks when `multiline`), naming the
 * field and the first offending character's position. Only new input is checked; stored text
 * is returned as it is.
 */
export function refuseControlCharacters(
  field: string,
  value: string,
  options: { multiline: boolean },
): void {
  const match = (options.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).exec(value);
  if (!match) return;
  const code = match[0].codePointAt(0) ?? 0;
  const position = [...value.slice(0, match.index)].length + 1;
  if (code === 0x0a || code === 0x0d) {
    throw badInput(field, `${field} must be a single line (line break at character ${position}).`);
  }
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  throw badInput(
    field,
    `${field} contains a control character (U+${hex} at character ${position}); remove it.`,
  );
}

/** Trim, collapse inner whitespace runs, and check length in characters. */
export function text(field: string, value: string, limits: { min?: number; max: number }): string {
  refuseControlCharacters(field, value, { multiline: false });
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
  refuseControlCharacters(field, value, { multiline: true });
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
