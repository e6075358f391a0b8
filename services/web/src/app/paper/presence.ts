// Who is here now, with their caret colours, and the change counters each client shows in its
// awareness state: when another person's counter moves, their change is fetched here too.
import type { Awareness } from "y-protocols/awareness";
import { h, replaceChildren } from "../dom.ts";
import type { PaperState } from "./state.ts";

// Dark enough for white name labels (contrast 4.5:1 or more).
const COLORS = [
  "#b3261e",
  "#1b5e20",
  "#0d47a1",
  "#6a1b9a",
  "#00695c",
  "#ad1457",
  "#4e342e",
  "#283593",
];

export function colorFor(id: string, taken: ReadonlySet<string> = new Set()): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  // Start from the person's own colour; step past colours others here already show.
  for (let step = 0; step < COLORS.length; step++) {
    const color = COLORS[(Math.abs(hash) + step) % COLORS.length]!;
    if (!taken.has(color)) return color;
  }
  return COLORS[Math.abs(hash) % COLORS.length]!;
}

interface Signals {
  comments: number;
  paper: number;
}

type SignalKind = keyof Signals;

/** Counts this client's changes in its awareness state, so that the others in the room see them. */
export function roomSignals(awareness: Awareness): (kind: SignalKind) => void {
  const signals: Signals = { comments: 0, paper: 0 };
  // Others learn our counters now, so that the first change is a change to them.
  awareness.setLocalStateField("signals", { ...signals });
  return (kind) => {
    signals[kind] += 1;
    awareness.setLocalStateField("signals", { ...signals });
  };
}

interface PresenceOptions {
  /** Another person changed comments or the paper: fetch them again. */
  onRemoteChange(kind: SignalKind): void;
}

type UserState = { name?: string; color?: string } | undefined;

function personItem(user: UserState, you: boolean): HTMLElement | null {
  if (!user?.name) return null;
  return h(
    "li",
    { class: "person", style: `--person-color: ${user.color ?? "#555"}` },
    you ? `${user.name} (you)` : user.name,
  );
}

/** Two people with one colour cannot tell their carets apart: the higher client id moves on. */
function moveOffClashingColor(state: PaperState): void {
  const { live, doc, editor, viewer } = state;
  const states = [...live.awareness.getStates()];
  const mine = (live.awareness.getLocalState()?.user as UserState)?.color;
  const clash = states.some(
    ([clientId, other]) => clientId < doc.clientID && (other.user as UserState)?.color === mine,
  );
  if (!mine || !clash) return;
  const taken = new Set(
    states
      .filter(([clientId]) => clientId !== doc.clientID)
      .map(([, other]) => (other.user as UserState)?.color)
      .filter((color): color is string => typeof color === "string"),
  );
  const next = colorFor(viewer.id, taken);
  if (next !== mine) editor.commands.updateUser({ name: viewer.displayName, color: next });
}

export function presenceList(
  state: PaperState,
  options: PresenceOptions,
): { element: HTMLElement; draw(): void; destroy(): void } {
  const { live, doc } = state;
  const element = h("ul", { class: "presence", "aria-label": "People here now" });
  const seen = new Map<number, Signals>();
  const draw = () => {
    const people: HTMLElement[] = [];
    const changed = new Set<SignalKind>();
    for (const [clientId, awarenessState] of live.awareness.getStates()) {
      const you = clientId === doc.clientID;
      const person = personItem(awarenessState.user as UserState, you);
      if (person) people.push(person);
      const remote = awarenessState.signals as Signals | undefined;
      if (you || !remote) continue;
      const before = seen.get(clientId);
      if (before && before.comments !== remote.comments) changed.add("comments");
      if (before && before.paper !== remote.paper) changed.add("paper");
      seen.set(clientId, { ...remote });
    }
    replaceChildren(element, people);
    moveOffClashingColor(state);
    if (changed.has("comments")) options.onRemoteChange("comments");
    if (changed.has("paper")) options.onRemoteChange("paper");
  };
  live.awareness.on("change", draw);
  return {
    element,
    draw,
    destroy() {
      live.awareness.off("change", draw);
    },
  };
}
