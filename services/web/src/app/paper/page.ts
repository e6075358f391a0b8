// The paper page: the live editor with presence and connection state, and around it the
// outline, word count, comments, versions, workflow, collaborators and endorsements. Each part
// is its own module over the shared PaperState; this one loads the paper and lays them out.

import { paperActivityPanel } from "../activity.ts";
import { ApiError, errorMessage } from "../api.ts";
import type { AppContext, Page, Viewer } from "../context.ts";
import { h } from "../dom.ts";
import { commentsPanel } from "./comments.ts";
import { connectionStatus } from "./connection.ts";
import { BODY_FIELD } from "./editor.ts";
import { exportPanel } from "./export.ts";
import { paperHead } from "./head.ts";
import { outlinePanel } from "./outline.ts";
import {
  collaboratorsPanel,
  endorsementsPanel,
  type PanelContext,
  versionsPanel,
  workflowPanel,
} from "./panels.ts";
import { presenceList, roomSignals } from "./presence.ts";
import {
  applyPaper,
  closePaperState,
  fetchPaper,
  openPaperState,
  type Paper,
  type PaperState,
  reloadPaper,
} from "./state.ts";
import { suggestionsPanel } from "./suggestions-panel.ts";
import { textColumn } from "./text.ts";

/** The paper and the signed-in member; null (after drawing why) when the page cannot open. */
async function loadPaper(
  context: AppContext,
  main: HTMLElement,
  paperId: string,
): Promise<{ paper: Paper; viewer: Viewer } | null> {
  let paper: Paper | null;
  let viewer: Viewer | null;
  try {
    [paper, viewer] = await Promise.all([fetchPaper(context, paperId), context.viewer()]);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "NOT_FOUND")) {
      main.replaceChildren(h("h1", {}, "Paper"), h("p", { role: "alert" }, errorMessage(error)));
      return null;
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
    return null;
  }
  return { paper, viewer };
}

/** The side panels, each redrawn (in page order) whenever the paper is fetched again. */
function sidePanels(state: PaperState, signal: ReturnType<typeof roomSignals>) {
  const panelContext: PanelContext = {
    context: state.context,
    paper: () => state.paper,
    changed: async (next) => {
      if (next) applyPaper(state, next);
      else await reloadPaper(state);
      signal("paper");
    },
  };
  const comments = commentsPanel({
    context: state.context,
    paperId: state.paperId,
    editor: state.editor,
    canComment: () => state.paper.viewerCan.comment,
    canResolve: () => state.paper.viewerCan.resolveComment,
    signalChange: () => signal("comments"),
  });
  const workflow = workflowPanel(panelContext);
  const versions = versionsPanel(panelContext);
  const collaborators = collaboratorsPanel(panelContext);
  const endorsements = endorsementsPanel(panelContext);
  const suggestions = suggestionsPanel({
    editor: state.editor,
    body: state.doc.getXmlFragment(BODY_FIELD),
    viewerId: state.viewer.id,
    canReview: () => state.paper.viewerCan.editText,
    canSuggest: () => state.paper.viewerCan.suggest,
  });
  return { panelContext, comments, workflow, versions, collaborators, endorsements, suggestions };
}

export const paperPage: Page = async (context, main, params) => {
  const paperId = params.id ?? "";
  const loaded = await loadPaper(context, main, paperId);
  if (!loaded) return undefined;
  const state = await openPaperState(context, paperId, loaded.paper, loaded.viewer);

  const connection = connectionStatus(state);
  const activity = paperActivityPanel({
    context,
    paperId,
    viewerId: loaded.viewer.id,
    memberName: (id) =>
      state.paper.collaborators.find((c) => c.member.id === id)?.member.displayName,
    onOthersComments: () => void panels.comments.reload(),
  });
  const roomSignal = roomSignals(state.live.awareness);
  // Whatever this page changes (or hears another page changed) is in the feed at once.
  const signal: typeof roomSignal = (kind) => {
    roomSignal(kind);
    void activity.refresh();
  };
  const panels = sidePanels(state, signal);
  const presence = presenceList(state, {
    onRemoteChange: (kind) => {
      void (kind === "comments" ? panels.comments.reload() : reloadPaper(state));
      void activity.refresh();
    },
  });
  const outline = outlinePanel(state.editor);
  const text = textColumn(state, outline.words);
  const liveBar = h(
    "div",
    { class: "live-bar" },
    connection.element,
    h("span", { class: "visually-hidden" }, "Here now:"),
    presence.element,
  );
  const head = paperHead(state, panels.panelContext.changed, liveBar);
  state.redraws.push(
    head.draw,
    text.draw,
    panels.workflow.draw,
    panels.versions.draw,
    panels.collaborators.draw,
    panels.endorsements.draw,
    panels.suggestions.draw,
    () => void panels.comments.reload(),
  );

  main.replaceChildren(
    h(
      "article",
      { class: "paper-page" },
      head.element,
      h(
        "div",
        { class: "paper-layout" },
        text.element,
        h(
          "aside",
          { class: "side", "aria-label": "Paper tools" },
          outline.element,
          panels.comments.element,
          panels.suggestions.element,
          panels.workflow.element,
          panels.versions.element,
          panels.collaborators.element,
          panels.endorsements.element,
          exportPanel({ context, paperId }).element,
          activity.element,
        ),
      ),
    ),
  );
  head.draw();
  text.draw();
  panels.suggestions.draw();
  connection.draw();
  outline.draw();
  presence.draw();
  void panels.comments.reload();
  void panels.versions.reload();
  void activity.refresh();

  return () => {
    connection.destroy();
    presence.destroy();
    panels.comments.destroy();
    panels.suggestions.destroy();
    activity.destroy();
    closePaperState(state);
    document.title = "Accord";
  };
};
