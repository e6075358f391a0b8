// What the parts of an open paper page share: the paper as last fetched, the Yjs document with
// its copy on this device, the live connection and the editor. Each part reads this object and
// registers how it redraws; nothing else is shared between them.
import { type WebPaperDetailFragment, WebPaperDocument } from "@accord/client";
import type { Editor } from "@tiptap/core";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { errorMessage } from "../api.ts";
import { usableToken } from "../auth.ts";
import type { AppContext, Viewer } from "../context.ts";
import { announce, h } from "../dom.ts";
import { createPaperEditor } from "./editor.ts";
import { type CitationSource, citationSource, evidenceNode } from "./evidence.ts";
import { connectLivePaper, type LiveConnection } from "./live.ts";
import { colorFor } from "./presence.ts";
import { suggestionExtensions } from "./suggestions.ts";

export type Paper = WebPaperDetailFragment;

export interface PaperState {
  readonly context: AppContext;
  readonly paperId: string;
  readonly viewer: Viewer;
  /** The paper as last fetched; replaced by `applyPaper`. */
  paper: Paper;
  readonly doc: Y.Doc;
  /** Edits survive a closed tab or a lost connection and are sent on the next connection. */
  readonly local: IndexeddbPersistence;
  readonly live: LiveConnection;
  /** The survey results cited in the paper, for its evidence blocks. */
  readonly evidence: CitationSource;
  readonly editorHost: HTMLElement;
  readonly editor: Editor;
  /** How each part of the page redraws from a newly fetched paper, in page order. */
  readonly redraws: (() => void)[];
}

export async function fetchPaper(context: AppContext, id: string): Promise<Paper | null> {
  return (await context.api.request(WebPaperDocument, { id })).paper;
}

/** Opens the document (device copy first), its live connection and the editor on it. */
export async function openPaperState(
  context: AppContext,
  paperId: string,
  paper: Paper,
  viewer: Viewer,
): Promise<PaperState> {
  let token = await usableToken(context.config);
  if (!token) {
    await context.reauthenticate();
    token = await usableToken(context.config);
  }
  const doc = new Y.Doc();
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
  const evidence = citationSource(context, paperId);
  const editor = createPaperEditor({
    element: editorHost,
    doc,
    awareness: live.awareness,
    user: { name: viewer.displayName, color: colorFor(viewer.id) },
    editable: paper.viewerCan.editText,
    label: `Text of “${paper.title}”`,
    extensions: [
      evidenceNode(evidence),
      ...suggestionExtensions({ id: viewer.id, name: viewer.displayName }),
    ],
  });
  return {
    context,
    paperId,
    viewer,
    paper,
    doc,
    local,
    live,
    evidence,
    editorHost,
    editor,
    redraws: [],
  };
}

export function applyPaper(state: PaperState, next: Paper): void {
  state.paper = next;
  for (const redraw of state.redraws) redraw();
}

export async function reloadPaper(state: PaperState): Promise<void> {
  try {
    const next = await fetchPaper(state.context, state.paperId);
    if (next) applyPaper(state, next);
  } catch (error) {
    announce(errorMessage(error));
  }
}

export function closePaperState(state: PaperState): void {
  state.editor.destroy();
  state.live.destroy();
  void state.local.destroy();
  state.doc.destroy();
}
