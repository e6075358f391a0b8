// The live connection's state line: connected, reconnecting, offline, signed out or closed,
// with the number of edits kept on this device until the server has them. It also reacts to
// what the line reports: a new sign-in on an expired token, going on- and offline.
import { CloseCode } from "@accord/client";
import { usableToken } from "../auth.ts";
import { h } from "../dom.ts";
import { onSessionChange } from "../session.ts";
import { plural } from "../text.ts";
import { setLiveToken } from "./live.ts";
import { type PaperState, reloadPaper } from "./state.ts";

type ConnectionState =
  | "connected"
  | "connecting"
  | "reconnecting"
  | "offline"
  | "signed-out"
  | "closed";

interface ConnectionFacts {
  unsentEdits: number;
  /**
   * Whether the latest local edit has reached IndexedDB: y-indexeddb writes each update in its
   * own transaction; a read transaction opened after it completes only once that write has.
   */
  storedOnDevice: boolean;
  storeCheck: number;
  signedOut: boolean;
  everConnected: boolean;
  closedReason: string | null;
  /** The server refused to store edits for lack of room (4507); the provider keeps retrying. */
  storageFull: boolean;
}

interface ConnectionStatus {
  element: HTMLElement;
  draw(): void;
  destroy(): void;
}

function describe(state: PaperState, facts: ConnectionFacts): [ConnectionState, string] {
  const { unsentEdits } = facts;
  const pending =
    unsentEdits > 0 ? ` — ${plural(unsentEdits, "unsent edit")} kept on this device` : "";
  if (facts.signedOut) return ["signed-out", `Signed out${pending}. Sign in again to send them.`];
  if (facts.closedReason) return ["closed", facts.closedReason];
  if (!navigator.onLine) return ["offline", `Offline${pending}`];
  if (state.live.wsconnected && state.live.synced) return ["connected", "Connected"];
  if (facts.storageFull) {
    return [
      "reconnecting",
      `The server cannot store edits right now (its storage is full); retrying${pending}`,
    ];
  }
  if (facts.everConnected) return ["reconnecting", `Reconnecting…${pending}`];
  return ["connecting", `Connecting…${pending}`];
}

function closedReasonOf(code: number): string {
  if (code === CloseCode.tooLarge) {
    return "The paper has grown past the size limit: live editing is closed.";
  }
  if (code === CloseCode.forbidden || code === CloseCode.notFound) {
    return "You no longer have access to this paper's live text.";
  }
  return "Live editing was closed by the server. Reload the page to reconnect.";
}

/** Counts edits made here until the server has them, and whether this device has them yet. */
function trackLocalEdits(state: PaperState, facts: ConnectionFacts, draw: () => void): () => void {
  const { live, local, doc } = state;
  const confirmStored = () => {
    const db = (local as unknown as { db: IDBDatabase | null }).db;
    const check = ++facts.storeCheck;
    if (!db) return;
    const read = db.transaction(["updates"], "readonly");
    read.oncomplete = () => {
      if (check !== facts.storeCheck) return;
      facts.storedOnDevice = true;
      draw();
    };
  };
  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === live || origin === local) return;
    facts.storedOnDevice = false;
    confirmStored();
    if (!(live.wsconnected && live.synced)) facts.unsentEdits += 1;
    draw();
  };
  doc.on("update", onDocUpdate);
  return () => doc.off("update", onDocUpdate);
}

/** Follows the provider: status, sync, and the permanent refusals it does not retry itself. */
function trackLive(state: PaperState, facts: ConnectionFacts, draw: () => void): void {
  const { live, context } = state;
  live.on("status", draw);
  live.on("connection-close", (event: CloseEvent | null) => {
    facts.storageFull = event?.code === CloseCode.storageFull;
    draw();
  });
  live.on("sync", (synced: boolean) => {
    if (synced) {
      facts.everConnected = true;
      facts.storageFull = false;
      // The sync exchange sent everything this device had that the server lacked.
      facts.unsentEdits = 0;
    }
    draw();
  });
  const reconnectWithFreshToken = async () => {
    facts.signedOut = true;
    draw();
    await context.reauthenticate();
    const fresh = await usableToken(context.config);
    facts.signedOut = false;
    if (fresh) setLiveToken(live, fresh);
    live.connect();
    draw();
  };
  // "closed" is emitted only for permanent refusals (4400–4499); the provider retries the rest
  // (4529 rate limited, 4503 restarting) with backoff by itself.
  live.on("closed", (event: { code: number }) => {
    if (event.code === CloseCode.unauthenticated) {
      void reconnectWithFreshToken();
      return;
    }
    facts.closedReason = closedReasonOf(event.code);
    draw();
    void reloadPaper(state);
  });
}

/** The browser going on- and offline, and sign-ins elsewhere that bring a new token. */
function trackNetwork(state: PaperState, facts: ConnectionFacts, draw: () => void): () => void {
  const { live } = state;
  const goOffline = () => {
    live.disconnect();
    draw();
  };
  const goOnline = () => {
    facts.closedReason = null;
    live.connect();
    draw();
  };
  window.addEventListener("offline", goOffline);
  window.addEventListener("online", goOnline);
  const stopSessionWatch = onSessionChange((session) => {
    if (session) setLiveToken(live, session.token);
  });
  return () => {
    window.removeEventListener("offline", goOffline);
    window.removeEventListener("online", goOnline);
    stopSessionWatch();
  };
}

export function connectionStatus(state: PaperState): ConnectionStatus {
  const element = h("p", { class: "connection", role: "status", "aria-live": "polite" });
  const facts: ConnectionFacts = {
    unsentEdits: 0,
    storedOnDevice: true,
    storeCheck: 0,
    signedOut: false,
    everConnected: false,
    closedReason: null,
    storageFull: false,
  };
  const draw = () => {
    const [name, text] = describe(state, facts);
    element.dataset.state = name;
    element.dataset.unsent = String(facts.unsentEdits);
    element.dataset.storedOnDevice = String(facts.storedOnDevice);
    element.textContent = text;
  };
  const stopLocalEdits = trackLocalEdits(state, facts, draw);
  trackLive(state, facts, draw);
  const stopNetwork = trackNetwork(state, facts, draw);
  return {
    element,
    draw,
    destroy() {
      stopNetwork();
      stopLocalEdits();
    },
  };
}
