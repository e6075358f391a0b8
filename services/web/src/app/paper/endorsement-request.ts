// Asking a collaborator to endorse the paper: for its LEADs while it is open for endorsement.
// The request is an inbox notification for the member asked; nothing on the paper changes.
import {
  type AccordErrorCode,
  type PaperStatus,
  RequestEndorsementDocument,
  type WebPaperDetailFragment,
} from "@accord/client";
import { TEXT_LIMITS } from "@accord/domain";
import { ApiError, errorMessage } from "../api.ts";
import type { AppContext } from "../context.ts";
import { field, h, humanize, messageArea, replaceChildren } from "../dom.ts";

type Paper = Pick<
  WebPaperDetailFragment,
  "status" | "viewerRole" | "collaborators" | "endorsements"
>;
type Collaborator = WebPaperDetailFragment["collaborators"][number];

/** What the endorsements panel gives this part (its PanelContext fits). */
interface RequestContext {
  context: AppContext;
  paper: () => WebPaperDetailFragment;
  /** Fetch the paper again and redraw. */
  changed: () => Promise<void>;
}

const MESSAGE_MAX = TEXT_LIMITS.endorsementRequestMessage.max;

/** May the caller ask for endorsements now? The server's own rule: LEADs, in ENDORSEMENT. */
export function canRequestEndorsement(paper: Paper): boolean {
  return paper.viewerRole === "LEAD" && paper.status === "ENDORSEMENT";
}

/**
 * Whom the caller may ask: the collaborators other than themself who have not endorsed yet, by
 * name. The endorsements come from the paper's first page of them; the server refuses anyone
 * beyond it who already has, and the refusal says so.
 */
export function endorsementCandidates(paper: Paper, viewerId: string): Collaborator[] {
  const endorsed = new Set(paper.endorsements.edges.map((edge) => edge.node.member.id));
  return paper.collaborators
    .filter((c) => c.member.id !== viewerId && !endorsed.has(c.member.id))
    .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName));
}

/** Codes that mean the server looked at the paper and said no (not a transport failure). */
const REFUSALS: ReadonlySet<AccordErrorCode> = new Set([
  "CONFLICT",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "NOT_FOUND",
]);

function isRefusal(code: AccordErrorCode): boolean {
  return REFUSALS.has(code);
}

/**
 * Why a request was refused, told from the paper as fetched after the refusal (the server's
 * sentence for a paper no longer in ENDORSEMENT speaks of published papers even when it went
 * back to review). Falls back to the server's own sentence.
 */
export function refusalSentence(
  failure: { code: AccordErrorCode; message: string },
  member: { id: string; displayName: string },
  paperNow: Paper,
): string {
  if (!isRefusal(failure.code)) return failure.message;
  const name = member.displayName;
  if (paperNow.status !== "ENDORSEMENT") {
    return `No request was sent: the paper is ${statusWords(paperNow.status)} now, and endorsements can be requested only while it is open for endorsement.`;
  }
  if (paperNow.viewerRole !== "LEAD") {
    return "No request was sent: only the paper's leads can ask for endorsements, and you are no longer one.";
  }
  if (!paperNow.collaborators.some((c) => c.member.id === member.id)) {
    return `No request was sent: ${name} is no longer a collaborator on this paper, and only collaborators can endorse it.`;
  }
  if (paperNow.endorsements.edges.some((edge) => edge.node.member.id === member.id)) {
    return `No request was sent: ${name} has already endorsed this paper.`;
  }
  return failure.message;
}

function statusWords(status: PaperStatus): string {
  return humanize(status).toLowerCase();
}

/**
 * The "Request an endorsement" part of the endorsements panel. Its messages stay outside the
 * form, so a refusal that hides the form (the paper left ENDORSEMENT) is still read.
 */
export function endorsementRequest(p: RequestContext): { element: HTMLElement; draw(): void } {
  const messages = messageArea();
  const member = h("select", { name: "endorser", required: true });
  const note = h("textarea", { name: "requestMessage", rows: 2, maxlength: MESSAGE_MAX });
  const send = h("button", { type: "submit" }, "Send request");
  const form = h(
    "form",
    { class: "inline-form", "aria-labelledby": "endorsement-request-title" },
    field("Collaborator to ask", member),
    field(
      "Message (optional)",
      note,
      `Up to ${MESSAGE_MAX.toLocaleString("en")} characters; they read it in their inbox.`,
    ),
    send,
  );
  const nobody = h("p", { class: "meta" });
  const section = h(
    "div",
    { class: "endorsement-request" },
    h("h3", { id: "endorsement-request-title" }, "Request an endorsement"),
    form,
    nobody,
  );
  const element = h("div", {}, section, messages.element);
  // Asked from this page: marked in the list so nobody is asked twice by accident.
  const asked = new Set<string>();
  let viewerId: string | null = null;

  const draw = () => {
    const paper = p.paper();
    section.hidden = viewerId === null || !canRequestEndorsement(paper);
    if (section.hidden || viewerId === null) return;
    const candidates = endorsementCandidates(paper, viewerId);
    const chosen = member.value;
    replaceChildren(
      member,
      candidates.map((c) =>
        h(
          "option",
          { value: c.member.id, selected: c.member.id === chosen },
          `${c.member.displayName} (${humanize(c.role)})${asked.has(c.member.id) ? " · asked" : ""}`,
        ),
      ),
    );
    form.hidden = candidates.length === 0;
    nobody.hidden = candidates.length > 0;
    nobody.textContent =
      paper.collaborators.length > 1
        ? "Every other collaborator has endorsed this paper."
        : "There is nobody else to ask: add collaborators first.";
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const paperId = p.paper().id;
    const target = p.paper().collaborators.find((c) => c.member.id === member.value)?.member;
    if (!target) {
      messages.error("Choose the collaborator to ask first.");
      return;
    }
    const message = note.value.trim();
    send.disabled = true;
    messages.clear();
    p.context.api
      .request(RequestEndorsementDocument, {
        input: { paperId, memberId: target.id, ...(message ? { message } : {}) },
      })
      .then(() => {
        asked.add(target.id);
        note.value = "";
        draw();
        messages.info(
          `Request sent: ${target.displayName} will find it in their inbox${message ? ", with your message" : ""}.`,
        );
      })
      .catch(async (error: unknown) => {
        if (!(error instanceof ApiError)) {
          messages.error(errorMessage(error));
          return;
        }
        // A refusal means the paper moved on (status, roles, endorsements): show it as it is
        // now, and say why from that.
        if (isRefusal(error.code)) await p.changed();
        messages.error(refusalSentence(error, target, p.paper()));
      })
      .finally(() => {
        send.disabled = false;
      });
  });

  p.context
    .viewer()
    .then((viewer) => {
      viewerId = viewer?.id ?? null;
      draw();
    })
    .catch((error: unknown) => messages.error(errorMessage(error)));
  draw();
  return { element, draw };
}
