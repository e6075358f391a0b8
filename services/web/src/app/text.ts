// How the app words counts, times and empty lists, the same on every page: "1 paper",
// "3 minutes ago", and an empty list shown as a sentence beside the list, never as an item of it.
import { h, humanize } from "./dom.ts";

const numbers = new Intl.NumberFormat("en");
const pluralRules = new Intl.PluralRules("en");

/** "1 paper", "0 papers", "1,204 words"; `many` for irregular plurals ("1 person", "2 people"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${numbers.format(count)} ${pluralRules.select(count) === "one" ? one : many}`;
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "3 minutes ago", "yesterday", "2 weeks ago"; `iso` itself when it is no date. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  // Clocks of client and server differ by a little: a moment ahead still reads "just now".
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.sign(seconds), "minute");
}

/** A span of time in words: "less than a minute", "12 minutes", "1 hour 5 minutes". */
export function duration(milliseconds: number): string {
  const minutes = Math.round(milliseconds / 60_000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? plural(hours, "hour") : `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}

/** What an empty list says instead of its items. */
export function emptyState(message: string): HTMLElement {
  return h("p", { class: "empty-state" }, message);
}

const emptyStates = new WeakMap<HTMLElement, HTMLElement>();

/**
 * Fill a list that is in the page; when there is nothing to list, hide it and show `empty`
 * right after it instead (a list item saying "none" would be read as one entry).
 */
export function showList(list: HTMLElement, items: readonly Node[], empty: string): void {
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
  let note = emptyStates.get(list);
  if (items.length > 0) {
    note?.remove();
    return;
  }
  if (!note) {
    note = emptyState(empty);
    emptyStates.set(list, note);
  }
  note.textContent = empty;
  if (list.nextSibling !== note) list.after(note);
}

/** A paper's diplomacy types as tags, introduced for screen readers; null when it has none. */
export function diplomacyTypeTags(types: readonly string[]): HTMLElement | null {
  if (types.length === 0) return null;
  return h(
    "p",
    { class: "tags diplomacy-types" },
    h("span", { class: "visually-hidden" }, "Diplomacy types: "),
    types.map((type) => h("span", { class: "tag diplomacy-type" }, humanize(type))),
  );
}
