// The fault plan of the $default wrapper (default-with-faults.ts), shared with the scenario in
// the same process. Kept apart from the wrapper: importing the wrapper loads the real handler,
// which reads its environment at once, and only serverless-local may load it (env applied).
export interface DefaultFaultPlan {
  /** Share of events delivered twice. */
  duplicate: number;
  /** Share of events held back so that later ones overtake them. */
  reorder: number;
  /** Share of invocations that die after the handler's work, before answering. */
  crashAfter: number;
  random: () => number;
}

export const defaultFaults: {
  plan: DefaultFaultPlan | null;
  counts: { duplicated: number; reordered: number; crashed: number };
} = { plan: null, counts: { duplicated: 0, reordered: 0, crashed: 0 } };
