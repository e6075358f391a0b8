// The $default Lambda as API Gateway may deliver it on a bad day: the real handler module, with
// some events delivered twice, some held back so later ones overtake them, some invocations
// that die after the handler's work is done but before it answers (a timeout or crash at the
// end), and some killed mid-handler: at the append of an update, before DynamoDB sees it or
// after DynamoDB applied it and before the fan-out. A kill is the DynamoDB fault proxy holding
// that append forever (the handler never goes on, as a killed Lambda never would) while this
// wrapper fails the invocation, which API Gateway reports to the client as an internal error.
// serverless-local loads this module instead of the real entry (its `entries` option); the
// scenario sets the plan through `defaultFaults` (default-faults.ts).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LAMBDA_ENTRIES } from "@accord/infra/entries";
import type { APIGatewayProxyWebsocketHandlerV2 } from "aws-lambda";
import { type DefaultFaultPlan, defaultFaults } from "./default-faults.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const real = (
  (await import(pathToFileURL(join(REPO_ROOT, LAMBDA_ENTRIES.collabDefault)).href)) as {
    handler: APIGatewayProxyWebsocketHandlerV2;
  }
).handler;

type Args = Parameters<APIGatewayProxyWebsocketHandlerV2>;

/**
 * The Yjs update an update message carries (y-websocket: 0 sync, 2 update, varuint length,
 * update), as the base64 the table stores it under; null for any other frame.
 */
function updateOf(frame: string | undefined): string | null {
  if (!frame || frame.startsWith("{")) return null;
  const bytes = Buffer.from(frame, "base64");
  if (bytes[0] !== 0 || bytes[1] !== 2) return null;
  let length = 0;
  let offset = 2;
  for (let shift = 0; offset < bytes.length; shift += 7) {
    const byte = bytes[offset++]!;
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  if (length === 0 || offset + length !== bytes.length) return null;
  return bytes.subarray(offset).toString("base64");
}

/** The stage to kill this event's invocation at, if the plan says so. */
function killStage(plan: DefaultFaultPlan): "before" | "after" | null {
  const roll = plan.random();
  const before = plan.killBeforeStore ?? 0;
  if (roll < before) return "before";
  if (roll < before + (plan.killAfterStore ?? 0)) return "after";
  return null;
}

/** Run the real handler, killed at its append when `stage` is set. */
function invoke(
  event: Args[0],
  context: Args[1],
  callback: Args[2],
  stage: "before" | "after" | null,
) {
  const update = stage ? updateOf(event.body) : null;
  const holds = defaultFaults.holds;
  if (!stage || !update || !holds) return real(event, context, callback);
  return new Promise((resolve, reject) => {
    holds.set(update, {
      stage,
      held: () => {
        if (stage === "before") defaultFaults.counts.killedBeforeStore += 1;
        else defaultFaults.counts.killedAfterStore += 1;
        reject(new Error(`injected: the invocation was killed ${stage} its append`));
      },
    });
    // Finishing without an append (the update was a repeat, or refused) is no kill.
    Promise.resolve(real(event, context, callback)).then(resolve, reject);
  }).finally(() => holds.delete(update));
}

export async function handler(event: Args[0], context: Args[1], callback: Args[2]) {
  const plan = defaultFaults.plan;
  if (!plan) return real(event, context, callback);
  if (plan.random() < plan.reorder) {
    defaultFaults.counts.reordered += 1;
    // Held back long enough for the next messages of the connection to overtake it.
    await new Promise((resolve) => setTimeout(resolve, 30 + plan.random() * 70));
  }
  const result = await invoke(event, context, callback, killStage(plan));
  if (plan.random() < plan.duplicate) {
    defaultFaults.counts.duplicated += 1;
    await real(event, context, callback);
  }
  if (plan.random() < plan.crashAfter) {
    defaultFaults.counts.crashed += 1;
    throw new Error("injected: the invocation died before answering");
  }
  return result;
}
