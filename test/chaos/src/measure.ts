// Small measuring tools shared by the scenarios: percentiles, bounded waits, and reading the
// numbered paragraphs ("<author>-<n>") back out of a document.
import * as Y from "yjs";

/** The p-th percentile (0–100) of `values`, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number, digits = 0) =>
  Number.isFinite(value) ? Number(value.toFixed(digits)) : value;

/**
 * Resolve once `check` holds; fail naming `what` after `deadlineMs`. The conditions waited for
 * span several sources at once (providers, documents, child processes), so this re-checks on a
 * short interval rather than on one emitter's events; the deadline is generous, never a margin.
 */
export function waitUntil(what: string, check: () => boolean, deadlineMs: number): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      let done = false;
      try {
        done = check();
      } catch (error) {
        clearInterval(timer);
        reject(error);
        return;
      }
      if (done) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > deadlineMs) {
        clearInterval(timer);
        reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}`));
      }
    }, 20);
  });
}

/** Await `promise`, failing with `what` after `deadlineMs`. */
export async function withDeadline<T>(promise: Promise<T>, what: string, deadlineMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), deadlineMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The text of every paragraph of the body, in document order. */
export function paragraphTexts(doc: Y.Doc): string[] {
  const texts: string[] = [];
  for (const node of doc.getXmlFragment("body").toArray()) {
    if (node instanceof Y.XmlElement) texts.push(node.toString().replace(/<[^>]*>/g, ""));
  }
  return texts;
}

/** Members of `expected` missing from `actual`. */
export function missing(expected: Iterable<string>, actual: ReadonlySet<string>): string[] {
  return [...expected].filter((text) => !actual.has(text));
}

/** Members of `actual` absent from `before`. */
export function added(actual: Iterable<string>, before: ReadonlySet<string>): number {
  let n = 0;
  for (const text of actual) if (!before.has(text)) n += 1;
  return n;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
