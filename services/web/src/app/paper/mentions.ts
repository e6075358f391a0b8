// Mentions in the comment boxes: typing @ offers the paper's collaborators; picking one writes
// the token @[Name](member:id) the server notifies by (a typed "@Ana Lima" stays plain text),
// and comment bodies show each token as the name.
import "./mentions.css";
import { WebMentionCandidatesDocument } from "@accord/client";
import { mentionsIn, mentionToken } from "@accord/domain";
import type { AppContext } from "../context.ts";
import { announce, h, uid } from "../dom.ts";
import { plural } from "../text.ts";

export interface MentionCandidate {
  id: string;
  displayName: string;
  affiliation: string | null;
}

/** Most people offered at once. */
const SHOWN = 8;
/** Longest text after @ still read as a name being typed. */
const LONGEST_QUERY = 40;
/** Collaborators change rarely: ask again after this long. */
const CANDIDATES_TTL_MS = 60_000;

/** A comment body as nodes: its text, each mention as a highlighted @Name. */
export function bodyWithMentions(body: string): (string | HTMLElement)[] {
  const parts: (string | HTMLElement)[] = [];
  let last = 0;
  for (const mention of mentionsIn(body)) {
    if (mention.start > last) parts.push(body.slice(last, mention.start));
    parts.push(
      h("span", { class: "mention", "data-member": mention.memberId }, `@${mention.label}`),
    );
    last = mention.end;
  }
  if (last < body.length) parts.push(body.slice(last));
  return parts;
}

/** The collaborators of a paper one may mention (everyone but oneself), fetched when needed. */
export function mentionCandidates(
  context: AppContext,
  paperId: string,
): () => Promise<MentionCandidate[]> {
  let cached: { at: number; list: Promise<MentionCandidate[]> } | null = null;
  return () => {
    if (!cached || Date.now() - cached.at > CANDIDATES_TTL_MS) {
      const list = Promise.all([
        context.api.request(WebMentionCandidatesDocument, { paperId }),
        context.viewer(),
      ]).then(([result, viewer]) =>
        (result.paper?.collaborators ?? [])
          .map((collaborator) => collaborator.member)
          .filter((member) => member.id !== viewer?.id)
          .sort((a, b) => a.displayName.localeCompare(b.displayName)),
      );
      // A failed fetch is not kept: the next @ asks again.
      list.catch(() => {
        cached = null;
      });
      cached = { at: Date.now(), list };
    }
    return cached.list;
  };
}

/** The "@name" being typed just before the caret, if any. */
function typedMention(value: string, caret: number): { start: number; query: string } | null {
  const before = value.slice(0, caret);
  const start = before.lastIndexOf("@");
  if (start < 0) return null;
  // "ana@example.org" is an address, not a mention.
  if (start > 0 && !/[\s(]/.test(before[start - 1] ?? "")) return null;
  const query = before.slice(start + 1);
  if (query.length > LONGEST_QUERY || /[\n@[\]()]/.test(query)) return null;
  return { start, query };
}

function matching(candidates: MentionCandidate[], query: string): MentionCandidate[] {
  const wanted = query.trim().toLowerCase();
  return candidates
    .filter((c) => wanted === "" || c.displayName.toLowerCase().includes(wanted))
    .slice(0, SHOWN);
}

/**
 * Offer collaborators while `@name` is typed in `textarea`: arrows move, Enter or Tab picks,
 * Escape closes; a click picks too. The list follows the textarea in the document.
 */
export function attachMentionPicker(
  textarea: HTMLTextAreaElement,
  candidates: () => Promise<MentionCandidate[]>,
): void {
  const listbox = h("ul", {
    id: uid("mentions"),
    role: "listbox",
    class: "mention-picker",
    "aria-label": "Mention a collaborator",
    hidden: true,
  });
  textarea.after(listbox);
  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", listbox.id);
  let shown: MentionCandidate[] = [];
  let active = 0;
  let typed: { start: number; query: string } | null = null;

  const close = () => {
    shown = [];
    typed = null;
    listbox.hidden = true;
    listbox.replaceChildren();
    textarea.removeAttribute("aria-activedescendant");
  };
  const pick = (candidate: MentionCandidate) => {
    if (!typed) return;
    const token = `${mentionToken(candidate.id, candidate.displayName)} `;
    textarea.setRangeText(token, typed.start, textarea.selectionStart, "end");
    close();
    textarea.focus();
    announce(`${candidate.displayName} will be notified.`);
  };
  const draw = () => {
    listbox.replaceChildren(
      ...shown.map((candidate, i) => {
        const option = h(
          "li",
          {
            id: `${listbox.id}-${i}`,
            role: "option",
            "aria-selected": i === active ? "true" : "false",
            class: i === active ? "active" : null,
          },
          h("strong", {}, candidate.displayName),
          candidate.affiliation ? ` · ${candidate.affiliation}` : null,
        );
        // mousedown, not click: the textarea keeps its focus and caret.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(candidate);
        });
        return option;
      }),
    );
    listbox.hidden = shown.length === 0;
    if (shown.length > 0) textarea.setAttribute("aria-activedescendant", `${listbox.id}-${active}`);
    else textarea.removeAttribute("aria-activedescendant");
  };
  const update = async () => {
    const now = typedMention(textarea.value, textarea.selectionStart);
    if (!now) return close();
    const list = await candidates().catch(() => []);
    // The text may have moved on while the list loaded.
    const still = typedMention(textarea.value, textarea.selectionStart);
    if (!still || still.start !== now.start) return;
    typed = still;
    const next = matching(list, still.query);
    if (next.length > 0 && next.length !== shown.length) {
      announce(
        `${plural(next.length, "collaborator")} ${next.length === 1 ? "matches" : "match"}.`,
      );
    }
    shown = next;
    active = Math.min(active, Math.max(0, shown.length - 1));
    draw();
  };

  textarea.addEventListener("input", () => void update());
  textarea.addEventListener("blur", close);
  textarea.addEventListener("keydown", (event) => {
    if (shown.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      draw();
    } else if (event.key === "Enter" || event.key === "Tab") {
      const candidate = shown[active];
      if (!candidate) return;
      event.preventDefault();
      pick(candidate);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
}
