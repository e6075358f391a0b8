// The paper page: the live editor with presence and connection state, and around it the
// outline, word count, comments, versions, workflow, collaborators and endorsements.
import {
  CloseCode,
  type WebPaperDetailFragment,
  WebPaperDocument,
  WebUpdatePaperDocument,
} from "@accord/client";
import { TEXT_LIMITS } from "@accord/domain";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { ApiError, errorMessage } from "../api.ts";
import { usableToken } from "../auth.ts";
import type { AppContext, Page } from "../context.ts";
import { announce, field, h, humanize, messageArea, replaceChildren } from "../dom.ts";
import { onSessionChange } from "../session.ts";
import { commentsPanel } from "./comments.ts";
import { createPaperEditor, outlineOf, wordCount } from "./editor.ts";
import { connectLivePaper, setLiveToken } from "./live.ts";
import {
  collaboratorsPanel,
  endorsementsPanel,
  type PanelContext,
  versionsPanel,
  workflowPanel,
} from "./panels.ts";
import { formattingToolbar } from "./toolbar.ts";

type Paper = WebPaperDetailFragment;

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

/** Why the text cannot be changed by this person now; null when it can. */
function readOnlyReason(paper: Paper): string | null {
  if (paper.viewerCan.editText) return null;
  if (paper.status === "PUBLISHED" || paper.status === "ARCHIVED") {
    return `This paper is ${humanize(paper.status).toLowerCase()}: its text is frozen.`;
  }
  if (paper.viewerRole === "COMMENTER") {
    return "You are a commenter: select text to comment on it; the text itself is read-only.";
  }
  if (paper.viewerRole === "VIEWER") return "You are a viewer: the text is read-only.";
  return "You can read this paper but not change its text.";
}

async function fetchPaper(context: AppContext, id: string): Promise<Paper | null> {
  return (await context.api.request(WebPaperDocument, { id })).paper;
}

interface Signals {
  comments: number;
  paper: number;
}

export const paperPage: Page = async (context, main, params) => {
  const paperId = params.id ?? "";
  let paper: Paper | null;
  let viewer: Awaited<ReturnType<AppContext["viewer"]>>;
  try {
    [paper, viewer] = await Promise.all([fetchPaper(context, paperId), context.viewer()]);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "NOT_FOUND")) {
      main.replaceChildren(h("h1", {}, "Paper"), h("p", { role: "alert" }, errorMessage(error)));
      return undefined;
    }
    paper = null;
    viewer = null;
  }
  if (!paper || !viewer) {
    main.replaceChildren(
      h("h1", {}, "Paper not found"),
      h("p", {}, "This paper does not exist, or you are not one of its collaborators."),
      h("a", { href: "/" }, "Back to the papers"),
    );
    return undefined;
  }
  let token = await usableToken(context.config);
  if (!token) {
    await context.reauthenticate();
    token = await usableToken(context.config);
  }

  const doc = new Y.Doc();
  // Edits survive a closed tab or a lost connection and are sent on the next connection.
  const local = new IndexeddbPersistence(`accord:${viewer.id}:${paperId}`, doc);
  await Promise.race([local.whenSynced, new Promise((resolve) => setTimeout(resolve, 3_000))]);
  const live = connectLivePaper({
    config: context.config,
    paperId,
    token: token ?? "",
    doc,
  });
  if (!navigator.onLine) live.disconnect();

  const editorHost = h("div", { class: "editor-host" });
  const editor = createPaperEditor({
    element: editorHost,
    doc,
    awareness: live.awareness,
    user: { name: viewer.displayName, color: colorFor(viewer.id) },
    editable: paper.viewerCan.editText,
    label: `Text of “${paper.title}”`,
  });

  // --- connection state ---------------------------------------------------------------------
  const connection = h("p", { class: "connection", role: "status", "aria-live": "polite" });
  let unsentEdits = 0;
  // Whether the latest local edit has reached IndexedDB: y-indexeddb writes each update in its
  // own transaction; a read transaction opened after it completes only once that write has.
  let storedOnDevice = true;
  let storeCheck = 0;
  let signedOut = false;
  let everConnected = false;
  let closedReason: string | null = null;
  const drawConnection = () => {
    let state: "connected" | "connecting" | "reconnecting" | "offline" | "signed-out" | "closed";
    let text: string;
    const pending =
      unsentEdits > 0
        ? ` — ${unsentEdits} unsent ${unsentEdits === 1 ? "edit" : "edits"} kept on this device`
        : "";
    if (signedOut) {
      state = "signed-out";
      text = `Signed out${pending}. Sign in again to send them.`;
    } else if (closedReason) {
      state = "closed";
      text = closedReason;
    } else if (!navigator.onLine) {
      state = "offline";
      text = `Offline${pending}`;
    } else if (live.wsconnected && live.synced) {
      state = "connected";
      text = "Connected";
    } else if (everConnected) {
      state = "reconnecting";
      text = `Reconnecting…${pending}`;
    } else {
      state = "connecting";
      text = `Connecting…${pending}`;
    }
    connection.dataset.state = state;
    connection.dataset.unsent = String(unsentEdits);
    connection.dataset.storedOnDevice = String(storedOnDevice);
    connection.textContent = text;
  };
  const confirmStored = () => {
    const db = (local as unknown as { db: IDBDatabase | null }).db;
    const check = ++storeCheck;
    if (!db) return;
    const read = db.transaction(["updates"], "readonly");
    read.oncomplete = () => {
      if (check !== storeCheck) return;
      storedOnDevice = true;
      drawConnection();
    };
  };
  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === live || origin === local) return;
    storedOnDevice = false;
    confirmStored();
    if (!(live.wsconnected && live.synced)) unsentEdits += 1;
    drawConnection();
  };
  doc.on("update", onDocUpdate);
  live.on("status", drawConnection);
  live.on("sync", (synced: boolean) => {
    if (synced) {
      everConnected = true;
      // The sync exchange sent everything this device had that the server lacked.
      unsentEdits = 0;
    }
    drawConnection();
  });
  const reconnectWithFreshToken = async () => {
    signedOut = true;
    drawConnection();
    await context.reauthenticate();
    const fresh = await usableToken(context.config);
    signedOut = false;
    if (fresh) setLiveToken(live, fresh);
    live.connect();
    drawConnection();
  };
  // "closed" is emitted only for permanent refusals (4400–4499); the provider retries the rest
  // (4529 rate limited, 4503 restarting) with backoff by itself.
  live.on("closed", (event: { code: number }) => {
    if (event.code === CloseCode.unauthenticated) {
      void reconnectWithFreshToken();
      return;
    }
    closedReason =
      event.code === CloseCode.tooLarge
        ? "The paper has grown past the size limit: live editing is closed."
        : event.code === CloseCode.forbidden || event.code === CloseCode.notFound
          ? "You no longer have access to this paper's live text."
          : "Live editing was closed by the server. Reload the page to reconnect.";
    drawConnection();
    void reloadPaper();
  });
  const goOffline = () => {
    live.disconnect();
    drawConnection();
  };
  const goOnline = () => {
    closedReason = null;
    live.connect();
    drawConnection();
  };
  window.addEventListener("offline", goOffline);
  window.addEventListener("online", goOnline);
  const stopSessionWatch = onSessionChange((session) => {
    if (session) setLiveToken(live, session.token);
  });

  // --- presence and change signals ----------------------------------------------------------
  const presence = h("ul", { class: "presence", "aria-label": "People here now" });
  const signals: Signals = { comments: 0, paper: 0 };
  const seen = new Map<number, Signals>();
  const signal = (kind: keyof Signals) => {
    signals[kind] += 1;
    live.awareness.setLocalStateField("signals", { ...signals });
  };
  const onAwareness = () => {
    const people: HTMLElement[] = [];
    let reloadComments = false;
    let reloadMeta = false;
    for (const [clientId, state] of live.awareness.getStates()) {
      const user = state.user as { name?: string; color?: string } | undefined;
      if (user?.name) {
        const you = clientId === doc.clientID;
        people.push(
          h(
            "li",
            { class: "person", style: `--person-color: ${user.color ?? "#555"}` },
            you ? `${user.name} (you)` : user.name,
          ),
        );
      }
      const remote = state.signals as Signals | undefined;
      if (clientId === doc.clientID || !remote) continue;
      const before = seen.get(clientId);
      if (before && before.comments !== remote.comments) reloadComments = true;
      if (before && before.paper !== remote.paper) reloadMeta = true;
      seen.set(clientId, { ...remote });
    }
    replaceChildren(presence, people);
    // Two people with one colour cannot tell their carets apart: the higher client id moves on.
    const mine = (live.awareness.getLocalState()?.user as { color?: string } | undefined)?.color;
    const clash = [...live.awareness.getStates()].some(
      ([clientId, state]) =>
        clientId < doc.clientID && (state.user as { color?: string } | undefined)?.color === mine,
    );
    if (mine && clash) {
      const taken = new Set(
        [...live.awareness.getStates()]
          .filter(([clientId]) => clientId !== doc.clientID)
          .map(([, state]) => (state.user as { color?: string } | undefined)?.color)
          .filter((color): color is string => typeof color === "string"),
      );
      const next = colorFor(viewer.id, taken);
      if (next !== mine) editor.commands.updateUser({ name: viewer.displayName, color: next });
    }
    if (reloadComments) void comments.reload();
    if (reloadMeta) void reloadPaper();
  };
  live.awareness.on("change", onAwareness);
  // Others learn our counters now, so that the first change is a change to them.
  live.awareness.setLocalStateField("signals", { ...signals });

  // --- panels -------------------------------------------------------------------------------
  const panelContext: PanelContext = {
    context,
    paper: () => paper!,
    changed: async (next) => {
      if (next) applyPaper(next);
      else await reloadPaper();
      signal("paper");
    },
  };
  const comments = commentsPanel({
    context,
    paperId,
    editor,
    canComment: () => paper!.viewerCan.comment,
    canResolve: () => paper!.viewerCan.resolveComment,
    signalChange: () => signal("comments"),
  });
  const workflow = workflowPanel(panelContext);
  const versions = versionsPanel(panelContext);
  const collaborators = collaboratorsPanel(panelContext);
  const endorsements = endorsementsPanel(panelContext);

  // --- head, outline, word count ------------------------------------------------------------
  const title = h("h1", { class: "paper-title" });
  const meta = h("p", { class: "meta" });
  const summary = h("p", { class: "summary" });
  const readOnly = h("p", { class: "read-only-note", role: "note" });
  const toolbar = formattingToolbar(editor);
  const outline = h("ol", { class: "outline" });
  const words = h("p", { class: "word-count", "aria-live": "off" });
  const detailsMessages = messageArea();
  const titleInput = h("input", {
    name: "title",
    required: true,
    maxlength: TEXT_LIMITS.paperTitle.max,
  });
  const summaryInput = h("textarea", { name: "summary", rows: 3 });
  const detailsForm = h(
    "form",
    { class: "inline-form" },
    field("Title", titleInput),
    field("Summary", summaryInput),
    h("button", { type: "submit" }, "Save details"),
    detailsMessages.element,
  );
  const details = h(
    "details",
    { class: "edit-details" },
    h("summary", {}, "Edit title and summary"),
    detailsForm,
  );
  detailsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    context.api
      .request(WebUpdatePaperDocument, {
        input: {
          id: paperId,
          title: titleInput.value.trim(),
          summary: summaryInput.value.trim(),
          expectedVersion: paper!.version,
        },
      })
      .then(async (result) => {
        details.open = false;
        announce("Details saved.");
        await panelContext.changed(result.updatePaper);
      })
      .catch((error: unknown) => detailsMessages.error(errorMessage(error)));
  });

  const drawMeta = () => {
    const current = paper!;
    title.textContent = current.title;
    document.title = `${current.title} · Accord`;
    meta.textContent = `${current.workingGroup.name} · ${humanize(current.status)}${
      current.topics.length > 0 ? ` · ${current.topics.map((topic) => topic.name).join(", ")}` : ""
    }`;
    summary.textContent = current.summary;
    const reason = readOnlyReason(current);
    readOnly.textContent = reason ?? "";
    readOnly.hidden = reason === null;
    toolbar.hidden = reason !== null;
    details.hidden = !current.viewerCan.editMetadata;
    titleInput.value = current.title;
    summaryInput.value = current.summary;
    editor.setEditable(current.viewerCan.editText);
  };

  const applyPaper = (next: Paper) => {
    paper = next;
    drawMeta();
    workflow.draw();
    versions.draw();
    collaborators.draw();
    endorsements.draw();
    void comments.reload();
  };
  const reloadPaper = async () => {
    try {
      const next = await fetchPaper(context, paperId);
      if (next) applyPaper(next);
    } catch (error) {
      announce(errorMessage(error));
    }
  };

  let drawScheduled = false;
  const drawOutline = () => {
    drawScheduled = false;
    const count = wordCount(editor);
    words.textContent = `${count} ${count === 1 ? "word" : "words"}`;
    const headings = outlineOf(editor);
    replaceChildren(
      outline,
      headings.length === 0
        ? h("li", { class: "meta" }, "Headings appear here.")
        : headings.map((heading) => {
            const jump = h(
              "button",
              { type: "button", class: `link-button level-${heading.level}` },
              heading.text || "(empty heading)",
            );
            jump.addEventListener("click", () => {
              editor
                .chain()
                .focus()
                .setTextSelection(heading.pos + 1)
                .scrollIntoView()
                .run();
            });
            return h("li", {}, jump);
          }),
    );
  };
  const onEditorUpdate = () => {
    if (drawScheduled) return;
    drawScheduled = true;
    requestAnimationFrame(drawOutline);
  };
  editor.on("update", onEditorUpdate);

  main.replaceChildren(
    h(
      "article",
      { class: "paper-page" },
      h(
        "header",
        { class: "paper-head" },
        meta,
        title,
        summary,
        details,
        h(
          "div",
          { class: "live-bar" },
          connection,
          h("span", { class: "visually-hidden" }, "Here now:"),
          presence,
        ),
      ),
      h(
        "div",
        { class: "paper-layout" },
        h(
          "section",
          { class: "editor-column", "aria-label": "Paper text" },
          readOnly,
          toolbar,
          editorHost,
          words,
        ),
        h(
          "aside",
          { class: "side", "aria-label": "Paper tools" },
          h(
            "section",
            { class: "panel", "aria-labelledby": "outline-title" },
            h("h2", { id: "outline-title" }, "Outline"),
            outline,
          ),
          comments.element,
          workflow.element,
          versions.element,
          collaborators.element,
          endorsements.element,
        ),
      ),
    ),
  );
  drawMeta();
  drawConnection();
  drawOutline();
  onAwareness();
  void comments.reload();
  void versions.reload();

  return () => {
    window.removeEventListener("offline", goOffline);
    window.removeEventListener("online", goOnline);
    stopSessionWatch();
    live.awareness.off("change", onAwareness);
    doc.off("update", onDocUpdate);
    comments.destroy();
    editor.destroy();
    live.destroy();
    void local.destroy();
    doc.destroy();
    document.title = "Accord";
  };
};
