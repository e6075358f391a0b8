// The fault plan of the $default wrapper (default-with-faults.ts), shared with the scenario in
// the same process. Kept apart from the wrapper: importing the wrapper loads the real handler,
// which reads its environment at once, and only serverless-local may load it (env applied).
import type { AppendHold } from "./dynamodb-fault-proxy.ts";

export interface DefaultFaultPlan {
  /** Share of events delivered twice. */
  duplicate: number;
  /** Share of events held back so that later ones overtake them. */
  reorder: number;
  /** Share of invocations that die after the handler's work, before answering. */
  crashAfter: number;
  /** Share of update messages whose invocation is killed before its append reaches DynamoDB. */
  killBeforeStore?: number;
  /** Share of update messages whose invocation is killed after its append, before fan-out. */
  killAfterStore?: number;
  random: () => number;
}

export const defaultFaults: {
  plan: DefaultFaultPlan | null;
  /** The DynamoDB fault proxy's holds (set by the scenario): how an invocation is killed. */
  holds: Map<string, AppendHold> | null;
  counts: {
    duplicated: number;
    reordered: number;
    crashed: number;
    killedBeforeStore: number;
    killedAfterStore: number;
  };
} = {
  plan: null,
  holds: null,
  counts: { duplicated: 0, reordered: 0, crashed: 0, killedBeforeStore: 0, killedAfterStore: 0 },
};
