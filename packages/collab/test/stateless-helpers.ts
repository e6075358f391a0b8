// A paper for the stateless host's tests: a memory store, connections registered the way
// $connect registers them, and frames sent the way $default receives them.
import { encodeAwareness, encodeTextFrames } from "@accord/protocol";
import { type ConnectionRecord, createMemoryStore } from "@accord/storage";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { connectStateless, receiveStateless, type StatelessResult } from "../src/index.ts";
import { authenticate, hostLimits, seed } from "./host-helpers.ts";

/** An even multiple of every rate window the tests use: frames at T open a window. */
export const T = Date.parse("2025-06-01T12:00:00.000Z");

export async function statelessPaper(limits = hostLimits()) {
  const store = createMemoryStore();
  await seed(store, "p", { ada: "LEAD", bo: "EDITOR", vi: "VIEWER" });
  let next = 0;
  const connect = async (memberId: string, paperId = "p", token = `valid-${memberId}`) => {
    const result = await connectStateless({
      store,
      authenticate,
      connectionId: `c${next++}`,
      paperId,
      token,
      limits,
    });
    if (!result.ok) throw new Error(`refused ${result.close.code}`);
    return result.connection;
  };
  /** One text frame, as the client transport sends it; arrived at `arrivedAt`. */
  const receive = (connection: ConnectionRecord, frame: string, arrivedAt = T) =>
    receiveStateless({ store, connectionId: connection.connectionId, frame, arrivedAt, limits });
  /** A whole message, framed as the client transport frames it; the last frame's result. */
  const send = async (
    connection: ConnectionRecord,
    message: Uint8Array,
    arrivedAt = T,
  ): Promise<StatelessResult> => {
    let result: StatelessResult | undefined;
    for (const frame of encodeTextFrames(message, limits.framing.maxFrameBytes)) {
      result = await receive(connection, frame, arrivedAt);
    }
    return result!;
  };
  return { store, connect, receive, send, limits };
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
