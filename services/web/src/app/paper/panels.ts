// The side panels of a paper other than comments: workflow, versions, collaborators and
// endorsements. Each draws from the paper as last fetched and calls `changed` after a mutation.
import {
  type PaperRole,
  type PaperStatus,
  WebAddCollaboratorDocument,
  WebChangeCollaboratorRoleDocument,
  WebChangePaperStatusDocument,
  WebCreateVersionDocument,
  WebEndorsePaperDocument,
  WebMembersDocument,
  type WebPaperDetailFragment,
  WebRemoveCollaboratorDocument,
  WebRestoreVersionDocument,
  WebVersionDocument,
  type WebVersionQuery,
  WebVersionsDocument,
  type WebVersionsQuery,
  WebWithdrawEndorsementDocument,
} from "@accord/client";
import { PAPER_ROLES, TEXT_LIMITS } from "@accord/domain";
import { errorMessage } from "../api.ts";
import type { AppContext } from "../context.ts";
import { announce, field, formatDate, h, humanize, messageArea, replaceChildren } from "../dom.ts";
import { invitationsSection } from "../invitations.ts";
import { plural, showList } from "../text.ts";
import { compareVersionsForm } from "./compare.ts";
import { endorsementRequest } from "./endorsement-request.ts";

type Paper = WebPaperDetailFragment;

export interface PanelContext {
  context: AppContext;
  paper: () => Paper;
  /** The paper changed here: refetch it and tell the others in the room. */
  changed: (paper?: Paper) => Promise<void>;
}

const STATUS_ACTIONS: Record<PaperStatus, string> = {
  DRAFT: "Back to draft",
  IN_REVIEW: "Send to review",
  ENDORSEMENT: "Open for endorsement",
  PUBLISHED: "Publish",
  ARCHIVED: "Archive",
};

function panel(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h(
    "section",
    { class: "panel", "aria-labelledby": id },
    h("h2", { id }, title),
    ...children,
  );
}

export function workflowPanel(p: PanelContext): { element: HTMLElement; draw(): void } {
  const messages = messageArea();
  const body = h("div");
  const draw = () => {
    const paper = p.paper();
    const buttons = paper.allowedStatusTransitions.map((status) => {
      const button = h("button", { type: "button", "data-status": status }, STATUS_ACTIONS[status]);
      button.addEventListener("click", () => {
        button.disabled = true;
        p.context.api
          .request(WebChangePaperStatusDocument, {
            input: { id: paper.id, status, expectedVersion: paper.version },
          })
          .then(async (result) => {
            announce(`The paper is now ${humanize(status).toLowerCase()}.`);
            await p.changed(result.changePaperStatus);
          })
          .catch((error: unknown) => {
            button.disabled = false;
            messages.error(errorMessage(error));
          });
      });
      return button;
    });
    replaceChildren(
      body,
      h(
        "p",
        {},
        "Status: ",
        h("strong", { class: "paper-status" }, humanize(paper.status)),
        paper.viewerRole ? ` · your role: ${humanize(paper.viewerRole)}` : "",
      ),
      buttons.length > 0 ? h("div", { class: "button-row" }, buttons) : null,
    );
  };
  draw();
  return { element: panel("workflow-title", "Workflow", body, messages.element), draw };
}

type Messages = ReturnType<typeof messageArea>;
type Version = NonNullable<WebVersionQuery["version"]>;
type VersionSummary = NonNullable<WebVersionsQuery["paper"]>["versions"]["edges"][number]["node"];

function versionForm(p: PanelContext, reload: () => Promise<void>, messages: Messages) {
  const name = h("input", {
    name: "versionName",
    required: true,
    maxlength: TEXT_LIMITS.versionName.max,
  });
  const form = h(
    "form",
    { class: "inline-form", "aria-label": "Name a version" },
    field("Version name", name),
    h("button", { type: "submit" }, "Save version"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const paper = p.paper();
    p.context.api
      .request(WebCreateVersionDocument, { input: { paperId: paper.id, name: name.value.trim() } })
      .then(async () => {
        name.value = "";
        announce("Version saved.");
        await reload();
        await p.changed();
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return form;
}

/**
 * A saved version's text, read-only, with a restore button for those who may restore; the
 * dialog's parts and its close button (focused once they are shown).
 */
function versionDetails(
  p: PanelContext,
  versionId: string,
  version: Version,
  close: () => void,
): { parts: (HTMLElement | null)[]; closeButton: HTMLButtonElement } {
  const dialogMessages = messageArea();
  const closeButton = h("button", { type: "button" }, "Close");
  closeButton.addEventListener("click", close);
  const restore = h("button", { type: "button", class: "primary" }, "Restore this version");
  restore.addEventListener("click", () => {
    restore.disabled = true;
    p.context.api
      .request(WebRestoreVersionDocument, { versionId })
      .then(async (restored) => {
        close();
        announce(`Restored “${version.name}”.`);
        await p.changed(restored.restoreVersion);
      })
      .catch((error: unknown) => {
        restore.disabled = false;
        dialogMessages.error(errorMessage(error));
      });
  });
  const canRestore = p.paper().viewerCan.restoreVersion;
  const parts = [
    h("h2", { id: "version-title" }, `Version “${version.name}”`),
    h("p", { class: "meta" }, `Saved ${formatDate(version.createdAt)} · read-only`),
    h(
      "pre",
      { class: "version-text", tabindex: 0, "aria-label": "Text of this version" },
      version.text,
    ),
    canRestore
      ? h(
          "p",
          { class: "hint" },
          "Restoring brings this text back as a new edit: nothing is lost, and everyone editing sees it at once.",
        )
      : null,
    dialogMessages.element,
    h("div", { class: "button-row" }, canRestore ? restore : null, closeButton),
  ];
  return { parts, closeButton };
}

/** Opens a modal dialog on one version, loading its text. */
function showVersion(p: PanelContext, versionId: string): void {
  const dialog = h("dialog", { class: "version-dialog", "aria-labelledby": "version-title" });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  dialog.addEventListener("close", () => dialog.remove());
  replaceChildren(dialog, h("p", { role: "status" }, "Loading version…"));
  document.body.append(dialog);
  dialog.showModal();
  p.context.api
    .request(WebVersionDocument, { id: versionId })
    .then((result) => {
      const version = result.version;
      if (!version) throw new Error("gone");
      const details = versionDetails(p, versionId, version, close);
      replaceChildren(dialog, details.parts);
      details.closeButton.focus();
    })
    .catch((error: unknown) => {
      const closeButton = h("button", { type: "button" }, "Close");
      closeButton.addEventListener("click", close);
      replaceChildren(dialog, h("p", { role: "alert" }, errorMessage(error)), closeButton);
    });
}

function versionItem(p: PanelContext, version: VersionSummary): HTMLElement {
  const open = h("button", { type: "button", class: "link-button" }, `View “${version.name}”`);
  open.addEventListener("click", () => showVersion(p, version.id));
  return h(
    "li",
    {},
    open,
    h(
      "span",
      { class: "meta" },
      ` ${formatDate(version.createdAt)} · ${version.createdBy?.displayName ?? "former member"}`,
    ),
  );
}

export function versionsPanel(p: PanelContext): {
  element: HTMLElement;
  draw(): void;
  reload(): Promise<void>;
} {
  const messages = messageArea();
  const list = h("ol", { class: "versions" });
  const compare = compareVersionsForm(p);
  const reload = async () => {
    try {
      const result = await p.context.api.request(WebVersionsDocument, { paperId: p.paper().id });
      const versions = result.paper?.versions.edges.map((edge) => edge.node) ?? [];
      compare.setVersions(versions);
      showList(
        list,
        versions.map((version) => versionItem(p, version)),
        "No named versions yet.",
      );
    } catch (error) {
      messages.error(errorMessage(error));
    }
  };
  const form = versionForm(p, reload, messages);
  const draw = () => {
    form.hidden = !p.paper().viewerCan.createVersion;
  };
  draw();
  return {
    element: panel("versions-title", "Versions", form, messages.element, list, compare.element),
    draw,
    reload,
  };
}

/** Find a member by name and add them with a role (for those who manage collaborators). */
function addCollaboratorForm(p: PanelContext, messages: Messages): HTMLFormElement {
  const search = h("input", { type: "search", name: "memberSearch", autocomplete: "off" });
  const candidates = h("select", { name: "member" }, h("option", { value: "" }, "Search first"));
  const role = h(
    "select",
    { name: "role" },
    PAPER_ROLES.map((value) =>
      h("option", { value, selected: value === "EDITOR" }, humanize(value)),
    ),
  );
  const addForm = h(
    "form",
    { class: "inline-form", "aria-label": "Add a collaborator" },
    field("Find a member", search),
    h("button", { type: "button", "data-action": "search" }, "Search"),
    field("Member", candidates),
    field("Role", role),
    h("button", { type: "submit" }, "Add collaborator"),
  );
  const runSearch = () => {
    p.context.api
      .request(WebMembersDocument, { search: search.value.trim(), first: 20 })
      .then((result) => {
        const members = result.members.edges.map((edge) => edge.node);
        replaceChildren(
          candidates,
          members.length === 0
            ? h("option", { value: "" }, "No member matches")
            : members.map((member) =>
                h(
                  "option",
                  { value: member.id },
                  member.affiliation
                    ? `${member.displayName} (${member.affiliation})`
                    : member.displayName,
                ),
              ),
        );
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  };
  addForm.querySelector('[data-action="search"]')?.addEventListener("click", runSearch);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      runSearch();
    }
  });
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!candidates.value) {
      messages.error("Search for a member and choose one first.");
      return;
    }
    p.context.api
      .request(WebAddCollaboratorDocument, {
        input: { paperId: p.paper().id, memberId: candidates.value, role: role.value as PaperRole },
      })
      .then((result) => p.changed(result.addCollaborator))
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return addForm;
}

/** One collaborator: name and role, or a role picker and a remove button for managers. */
function collaboratorItem(
  p: PanelContext,
  collaborator: Paper["collaborators"][number],
  manage: boolean,
  messages: Messages,
): HTMLElement {
  const paper = p.paper();
  const name = collaborator.member.displayName;
  if (!manage) {
    return h("li", {}, h("strong", {}, name), ` · ${humanize(collaborator.role)}`);
  }
  const roleSelect = h(
    "select",
    { "aria-label": `Role of ${name}` },
    PAPER_ROLES.map((value) =>
      h("option", { value, selected: value === collaborator.role }, humanize(value)),
    ),
  );
  roleSelect.addEventListener("change", () => {
    p.context.api
      .request(WebChangeCollaboratorRoleDocument, {
        input: {
          paperId: paper.id,
          memberId: collaborator.member.id,
          role: roleSelect.value as PaperRole,
        },
      })
      .then((result) => p.changed(result.changeCollaboratorRole))
      .catch((error: unknown) => {
        roleSelect.value = collaborator.role;
        messages.error(errorMessage(error));
      });
  });
  const remove = h("button", { type: "button", "aria-label": `Remove ${name}` }, "Remove");
  remove.addEventListener("click", () => {
    p.context.api
      .request(WebRemoveCollaboratorDocument, {
        input: { paperId: paper.id, memberId: collaborator.member.id },
      })
      .then((result) => p.changed(result.removeCollaborator))
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  return h("li", {}, h("strong", {}, name), " ", roleSelect, " ", remove);
}

export function collaboratorsPanel(p: PanelContext): { element: HTMLElement; draw(): void } {
  const messages = messageArea();
  const list = h("ul", { class: "collaborators" });
  const addForm = addCollaboratorForm(p, messages);
  const invitations = invitationsSection(p.context, { kind: "PAPER", paperId: p.paper().id });
  const draw = () => {
    const paper = p.paper();
    const manage = paper.viewerCan.manageCollaborators;
    invitations.refresh(manage);
    replaceChildren(
      list,
      paper.collaborators.map((collaborator) =>
        collaboratorItem(p, collaborator, manage, messages),
      ),
    );
    addForm.hidden = !manage;
  };
  draw();
  return {
    element: panel(
      "collaborators-title",
      "Collaborators",
      list,
      addForm,
      messages.element,
      invitations.element,
    ),
    draw,
  };
}

export function endorsementsPanel(p: PanelContext): { element: HTMLElement; draw(): void } {
  const messages = messageArea();
  const body = h("div");
  const request = endorsementRequest(p);
  const organisation = h("input", {
    name: "organisation",
    required: true,
    maxlength: TEXT_LIMITS.organisation.max,
  });
  const statement = h("textarea", { name: "statement", rows: 2 });
  const form = h(
    "form",
    { class: "inline-form", "aria-label": "Endorse this paper" },
    field("On behalf of (organisation)", organisation),
    field("Statement (optional)", statement),
    h("button", { type: "submit" }, "Endorse"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    p.context.api
      .request(WebEndorsePaperDocument, {
        input: {
          paperId: p.paper().id,
          organisation: organisation.value.trim(),
          ...(statement.value.trim() ? { statement: statement.value.trim() } : {}),
        },
      })
      .then(async () => {
        announce("Thank you: your endorsement is recorded.");
        await p.changed();
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });
  const draw = () => {
    const paper = p.paper();
    const withdraw = h("button", { type: "button" }, "Withdraw my endorsement");
    withdraw.addEventListener("click", () => {
      p.context.api
        .request(WebWithdrawEndorsementDocument, { paperId: paper.id })
        .then((result) => p.changed(result.withdrawEndorsement))
        .catch((error: unknown) => messages.error(errorMessage(error)));
    });
    const endorsements = paper.endorsements.edges.map((edge) => edge.node);
    replaceChildren(
      body,
      h("p", {}, plural(paper.endorsementCount, "endorsement")),
      paper.status === "DRAFT" || paper.status === "IN_REVIEW"
        ? h(
            "p",
            { class: "meta" },
            "Endorsements open when the lead moves the paper to endorsement.",
          )
        : null,
      endorsements.length > 0
        ? h(
            "ul",
            {},
            endorsements.map((endorsement) =>
              h(
                "li",
                {},
                h("strong", {}, endorsement.organisation),
                ` — ${endorsement.member.displayName}`,
                endorsement.statement ? h("p", { class: "meta" }, endorsement.statement) : null,
              ),
            ),
          )
        : null,
      paper.viewerEndorsement && paper.status === "ENDORSEMENT" ? withdraw : null,
    );
    form.hidden = !paper.viewerCan.endorse || paper.viewerEndorsement !== null;
    request.draw();
  };
  draw();
  return {
    element: panel(
      "endorsements-title",
      "Endorsements",
      body,
      form,
      messages.element,
      request.element,
    ),
    draw,
  };
}
