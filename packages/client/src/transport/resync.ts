// Keeps a provider's document whole where a message between the server and one client can be
// lost while the connection stays open: over API Gateway, a post throttled past its retries whose
// connection could not be dropped either, or a Lambda that died after storing an edit and before
// passing it on, or before storing one. The cure is the protocol's own: the client sends a sync
// step 1; the server's sync step 2 brings what the client lacks, and the server's own step 1
// makes the client send what the server lacks. It is sent when
//  - the document has a gap: Yjs holds updates back whose predecessors never arrived (after a
//    short grace, since updates handled by concurrent Lambdas may simply arrive out of order);
//  - API Gateway reports that an invocation failed: a message of ours may not have been stored;
//  - and every `intervalMs`, for a lost edit that nothing after it depends on.
import { encodeSyncStep1 } from "@accord/protocol";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

export interface ResyncOptions {
  /** How long a gap may last before the client asks; doubled while it persists. */
  gapGraceMs: number;
  /** Longest wait between two requests for the same gap. */
  maxGapWaitMs: number;
  /** A resync every this many ms while connected; 0 for none. */
  intervalMs: number;
}

export interface Resync {
  /** API Gateway reported a failed invocation on this connection. */
  serviceError(): void;
  /** Sync step 1 messages sent so far, whatever the trigger. */
  readonly requests: number;
  destroy(): void;
}

/** True while the document holds updates it cannot apply yet (a predecessor is missing). */
export function hasGap(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

export function keepInSync(
  provider: WebsocketProvider,
  doc: Y.Doc,
  options: ResyncOptions,
): Resync {
  let requests = 0;
  let gapTimer: ReturnType<typeof setTimeout> | null = null;
  /** Requests made for the gap now open; resets once the document is whole. */
  let gapRequests = 0;

  const request = () => {
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== 1) return;
    ws.send(encodeSyncStep1(Y.encodeStateVector(doc)));
    requests++;
  };

  const watchGap = () => {
    if (!hasGap(doc)) {
      gapRequests = 0;
      return;
    }
    if (gapTimer) return;
    const wait = Math.min(options.maxGapWaitMs, options.gapGraceMs * 2 ** gapRequests);
    gapTimer = setTimeout(() => {
      gapTimer = null;
      if (!hasGap(doc)) {
        gapRequests = 0;
        return;
      }
      gapRequests++;
      request();
      // Watched again after the answer; also now, should no answer come.
      watchGap();
    }, wait);
    unref(gapTimer);
  };

  const afterTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin === provider) watchGap();
  };
  doc.on("afterTransaction", afterTransaction);

  const interval = options.intervalMs > 0 ? setInterval(request, options.intervalMs) : null;
  if (interval) unref(interval);

  return {
    serviceError: request,
    get requests() {
      return requests;
    },
    destroy() {
      doc.off("afterTransaction", afterTransaction);
      if (gapTimer) clearTimeout(gapTimer);
      if (interval) clearInterval(interval);
    },
  };
}

/** Timers never keep a Node process alive on their own (browsers have no unref). */
function unref(timer: ReturnType<typeof setTimeout>) {
  (timer as { unref?: () => void }).unref?.();
}
