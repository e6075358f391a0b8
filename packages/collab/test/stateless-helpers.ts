// A paper for the stateless host's tests: a memory store, and connections registered the way
// $connect registers them.
import { createMemoryStore } from "@accord/storage";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { connectStateless, encodeAwareness } from "../src/index.ts";
import { authenticate, hostLimits, seed } from "./host-helpers.ts";

export async function statelessPaper(limits = hostLimits()) {
  const store = createMemoryStore();
  await seed(store, "p", { ada: "LEAD", bo: "EDITOR", vi: "VIEWER" });
  let next = 0;
  const connect = async (memberId: string, paperId = "p") => {
    const result = await connectStateless({
      store,
      authenticate,
      connectionId: `c${next++}`,
      paperId,
      token: `valid-${memberId}`,
      limits,
    });
    if (!result.ok) throw new Error(`refused ${result.close.code}`);
    return result.connection;
  };
  return { store, connect, limits };
}

/** An awareness message announcing a user called `name`. */
export function awarenessMessage(name: string): Uint8Array {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalStateField("user", { name });
  const message = encodeAwareness(
    awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
  );
  awareness.destroy();
  return message;
}
