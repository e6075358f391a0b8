// Inviting people by username or email (to a paper or a working group), the pending list with
// revoke buttons, and a working group's join requests: ask to join, approve or decline.
import {
  type PaperRole,
  WebDecideJoinRequestDocument,
  WebGroupInvitationsDocument,
  type WebInvitationFragment,
  WebInviteCollaboratorDocument,
  WebInviteGroupMemberDocument,
  type WebJoinRequestFragment,
  WebMyJoinRequestsDocument,
  WebPaperInvitationsDocument,
  WebRequestToJoinGroupDocument,
  WebRevokeInvitationDocument,
  WebWithdrawJoinRequestDocument,
  type WorkingGroupRole,
} from "@accord/client";
import { PAPER_ROLES, WORKING_GROUP_ROLES } from "@accord/domain";
import { errorMessage } from "./api.ts";
import type { AppContext } from "./context.ts";
import { field, formatDate, h, humanize, messageArea, replaceChildren } from "./dom.ts";
import { showList } from "./text.ts";

type Target =
  | { kind: "PAPER"; paperId: string }
  | { kind: "WORKING_GROUP"; workingGroupId: string };

/** "dave" or "dave@example.org": an @ with a dot after it reads as an email address. */
const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

function invitationItem(
  context: AppContext,
  invitation: WebInvitationFragment,
  after: () => void,
  messages: ReturnType<typeof messageArea>,
): HTMLElement {
  const role = invitation.paperRole ?? invitation.groupRole ?? "";
  const revoke = h("button", { type: "button" }, "Revoke");
  revoke.setAttribute(
    "aria-label",
    `Revoke the invitation of ${invitation.invitee ?? "this person"}`,
  );
  revoke.addEventListener("click", () => {
    revoke.disabled = true;
    context.api
      .request(WebRevokeInvitationDocument, { id: invitation.id })
      .then(after)
      .catch((error: unknown) => {
        revoke.disabled = false;
        messages.error(errorMessage(error));
      });
  });
  return h(
    "li",
    { "data-invitation": invitation.id },
    h("strong", {}, invitation.invitee ?? "(an email address)"),
    ` · ${humanize(role)} · expires ${formatDate(invitation.expiresAt)} `,
    revoke,
  );
}

function pendingInvitations(context: AppContext, target: Target): Promise<WebInvitationFragment[]> {
  return target.kind === "PAPER"
    ? context.api
        .request(WebPaperInvitationsDocument, { paperId: target.paperId })
        .then((r) => r.paperInvitations)
    : context.api
        .request(WebGroupInvitationsDocument, { workingGroupId: target.workingGroupId })
        .then((r) => r.workingGroupInvitations);
}

function sendInvitation(
  context: AppContext,
  target: Target,
  invitee: string,
  role: string,
): Promise<unknown> {
  const who = looksLikeEmail(invitee) ? { email: invitee } : { username: invitee };
  return target.kind === "PAPER"
    ? context.api.request(WebInviteCollaboratorDocument, {
        input: { paperId: target.paperId, ...who, role: role as PaperRole },
      })
    : context.api.request(WebInviteGroupMemberDocument, {
        input: { workingGroupId: target.workingGroupId, ...who, role: role as WorkingGroupRole },
      });
}

/** Username or email and the role offered, the paper's default EDITOR, the group's MEMBER. */
function inviteForm(target: Target) {
  const invitee = h("input", {
    name: "invitee",
    autocomplete: "off",
    required: true,
    placeholder: "username or name@example.org",
  });
  const roles: readonly string[] = target.kind === "PAPER" ? PAPER_ROLES : WORKING_GROUP_ROLES;
  const defaultRole = target.kind === "PAPER" ? "EDITOR" : "MEMBER";
  const role = h(
    "select",
    { name: "inviteRole" },
    roles.map((value) => h("option", { value, selected: value === defaultRole }, humanize(value))),
  );
  const form = h(
    "form",
    { class: "inline-form", "aria-label": "Send an invitation" },
    field(
      "Invite by username or email",
      invitee,
      "They join with this role when they first sign in with that username or email.",
    ),
    field("Invited role", role),
    h("button", { type: "submit" }, "Send invitation"),
  );
  return { form, invitee, role };
}

/**
 * The invite form and the list of pending invitations of a paper or group. `visible` is false
 * for callers who may not invite (the section hides itself).
 */
export function invitationsSection(
  context: AppContext,
  target: Target,
): { element: HTMLElement; refresh(visible: boolean): void } {
  const messages = messageArea();
  const list = h("ul", { class: "invitations", "aria-label": "Pending invitations" });
  const { form, invitee, role } = inviteForm(target);
  const element = h(
    "div",
    { class: "invitations-section" },
    h("h3", {}, "Invitations"),
    list,
    form,
    messages.element,
  );
  let shown = false;

  const load = () => {
    if (!shown) return;
    pendingInvitations(context, target)
      .then((invitations) =>
        showList(
          list,
          invitations.map((i) => invitationItem(context, i, load, messages)),
          "No pending invitations.",
        ),
      )
      .catch((error: unknown) => messages.error(errorMessage(error)));
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = invitee.value.trim();
    sendInvitation(context, target, value, role.value)
      .then(() => {
        invitee.value = "";
        messages.info(`Invitation sent to ${value}.`);
        load();
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  });

  return {
    element,
    refresh(visible) {
      shown = visible;
      element.hidden = !visible;
      load();
    },
  };
}

function joinRequestItem(
  context: AppContext,
  request: WebJoinRequestFragment,
  after: () => void,
  messages: ReturnType<typeof messageArea>,
): HTMLElement {
  const name = request.member.displayName;
  const decide = (approve: boolean) => {
    context.api
      .request(WebDecideJoinRequestDocument, { input: { id: request.id, approve } })
      .then(() => {
        messages.info(approve ? `${name} joined the group.` : `Declined ${name}'s request.`);
        after();
      })
      .catch((error: unknown) => messages.error(errorMessage(error)));
  };
  const approve = h("button", { type: "button", "aria-label": `Approve ${name}` }, "Approve");
  const decline = h("button", { type: "button", "aria-label": `Decline ${name}` }, "Decline");
  approve.addEventListener("click", () => decide(true));
  decline.addEventListener("click", () => decide(false));
  return h(
    "li",
    { "data-join-request": request.id },
    h("strong", {}, name),
    request.member.affiliation ? ` (${request.member.affiliation})` : "",
    ` · asked ${formatDate(request.createdAt)}`,
    request.message ? h("p", { class: "meta" }, request.message) : null,
    approve,
    " ",
    decline,
  );
}

/** A convener's view of a group: invitations and the requests waiting for a decision. */
export function groupAdministration(context: AppContext, workingGroupId: string): HTMLElement {
  const invitations = invitationsSection(context, { kind: "WORKING_GROUP", workingGroupId });
  const messages = messageArea();
  const requests = h("ul", { class: "join-requests", "aria-label": "Join requests" });
  const load = () => {
    context.api
      .request(WebGroupInvitationsDocument, { workingGroupId })
      .then((r) =>
        showList(
          requests,
          r.joinRequests.map((jr) => joinRequestItem(context, jr, load, messages)),
          "No one is asking to join.",
        ),
      )
      .catch((error: unknown) => messages.error(errorMessage(error)));
  };
  invitations.refresh(true);
  load();
  return h(
    "details",
    { class: "group-administration" },
    h("summary", {}, "Invitations and join requests"),
    invitations.element,
    h("h3", {}, "Join requests"),
    requests,
    messages.element,
  );
}

/** For a group the caller is not in: ask to join, or withdraw the request waiting. */
export function joinRequestControl(
  context: AppContext,
  group: { id: string; name: string },
): HTMLElement {
  const messages = messageArea();
  const body = h("div", { class: "join-request" });
  const draw = (pendingId: string | null) => {
    if (pendingId) {
      const withdraw = h("button", { type: "button" }, "Withdraw request");
      withdraw.addEventListener("click", () => {
        context.api
          .request(WebWithdrawJoinRequestDocument, { id: pendingId })
          .then(() => draw(null))
          .catch((error: unknown) => messages.error(errorMessage(error)));
      });
      replaceChildren(
        body,
        h("span", { class: "meta" }, "Request sent to the conveners. "),
        withdraw,
      );
      return;
    }
    const message = h("input", { name: "joinMessage", autocomplete: "off" });
    const form = h(
      "form",
      { class: "inline-form", "aria-label": `Ask to join ${group.name}` },
      field("Why you would like to join (optional)", message),
      h("button", { type: "submit" }, "Ask to join"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      context.api
        .request(WebRequestToJoinGroupDocument, {
          input: { workingGroupId: group.id, message: message.value.trim() },
        })
        .then((r) => draw(r.requestToJoinGroup.id))
        .catch((error: unknown) => messages.error(errorMessage(error)));
    });
    replaceChildren(body, form);
  };
  context.api
    .request(WebMyJoinRequestsDocument, {})
    .then((r) =>
      draw(
        r.myJoinRequests.find((jr) => jr.workingGroup.id === group.id && jr.status === "PENDING")
          ?.id ?? null,
      ),
    )
    .catch((error: unknown) => messages.error(errorMessage(error)));
  return h("div", {}, body, messages.element);
}
