// Suggestions (track changes): the two editor marks that carry them in a paper's body, and
// their attributes. One vocabulary for the editor, the live-editing check, exports and diffs.

/** Text suggested for insertion: not part of the paper until a LEAD or an EDITOR accepts it. */
export const SUGGESTION_INSERT = "suggestionInsert";
/** Text suggested for deletion: still part of the paper until a LEAD or an EDITOR accepts it. */
export const SUGGESTION_DELETE = "suggestionDelete";

/** The attributes of both marks (a Y.XmlText formatting attribute's value). */
export interface SuggestionAttrs {
  id: string;
  /** The member who suggested it. */
  author: string;
  authorName: string;
  /** ISO-8601 instant. */
  at: string;
}

/** A mark's attributes as a suggestion, null when they are not one. */
export function suggestionAttrsOf(value: unknown): SuggestionAttrs | null {
  if (typeof value !== "object" || value === null) return null;
  const { id, author, authorName, at } = value as Record<string, unknown>;
  if (typeof id !== "string" || id === "" || typeof author !== "string" || author === "") {
    return null;
  }
  if (typeof authorName !== "string" || typeof at !== "string") return null;
  return { id, author, authorName, at };
}
