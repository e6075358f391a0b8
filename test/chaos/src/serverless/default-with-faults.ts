// The $default Lambda as API Gateway may deliver it on a bad day: the real handler module, with
// some events delivered twice, some held back so later ones overtake them, and some invocations
// that die after the handler's work is done but before it answers (a timeout or crash at the
// end). serverless-local loads this module instead of the real entry (its `entries` option);
// the scenario sets the plan through `defaultFaults` (default-faults.ts).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LAMBDA_ENTRIES } from "@accord/infra/entries";
import type { APIGatewayProxyWebsocketHandlerV2 } from "aws-lambda";
import { defaultFaults } from "./default-faults.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const real = (
  (await import(pathToFileURL(join(REPO_ROOT, LAMBDA_ENTRIES.collabDefault)).href)) as {
    handler: APIGatewayProxyWebsocketHandlerV2;
  }
).handler;

type Args = Parameters<APIGatewayProxyWebsocketHandlerV2>;

export async function handler(event: Args[0], context: Args[1], callback: Args[2]) {
  const plan = defaultFaults.plan;
  if (!plan) return real(event, context, callback);
  if (plan.random() < plan.reorder) {
    defaultFaults.counts.reordered += 1;
    // Held back long enough for the next messages of the connection to overtake it.
    await new Promise((resolve) => setTimeout(resolve, 30 + plan.random() * 70));
  }
  const result = await real(event, context, callback);
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
