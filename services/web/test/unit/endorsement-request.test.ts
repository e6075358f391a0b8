// Requesting an endorsement: who the LEAD is offered, and the sentence shown when the server
// refuses, told from the paper as it is after the refusal.
import type { PaperRole, PaperStatus, WebPaperDetailFragment } from "@accord/client";
import { describe, expect, it } from "vitest";
import {
  canRequestEndorsement,
  endorsementCandidates,
  refusalSentence,
} from "../../src/app/paper/endorsement-request.ts";

type Paper = Pick<
  WebPaperDetailFragment,
  "status" | "viewerRole" | "collaborators" | "endorsements"
>;

const member = (id: string, displayName: string) => ({
  __typename: "Member" as const,
  id,
  displayName,
  affiliation: null,
});
const ana = member("m-ana", "Ana Lima");
const bea = member("m-bea", "Bea Costa");
const cho = member("m-cho", "Cho Park");
const dan = member("m-dan", "Dan Ruiz");

function paper(
  options: {
    status?: PaperStatus;
    viewerRole?: PaperRole | null;
    collaborators?: [ReturnType<typeof member>, PaperRole][];
    endorsedBy?: ReturnType<typeof member>[];
  } = {},
): Paper {
  return {
    status: options.status ?? "ENDORSEMENT",
    viewerRole: options.viewerRole === undefined ? "LEAD" : options.viewerRole,
    collaborators: (
      options.collaborators ?? [
        [ana, "LEAD"],
        [dan, "VIEWER"],
        [bea, "EDITOR"],
        [cho, "COMMENTER"],
      ]
    ).map(([m, role]) => ({ __typename: "Collaborator", role, member: m })),
    endorsements: {
      __typename: "EndorsementConnection",
      edges: (options.endorsedBy ?? []).map((m) => ({
        __typename: "EndorsementEdge",
        node: {
          __typename: "Endorsement",
          organisation: "Ocean Institute",
          statement: null,
          createdAt: "2026-03-10T12:00:00Z",
          member: { __typename: "Member", id: m.id, displayName: m.displayName },
        },
      })),
    },
  } as Paper;
}

const names = (p: Paper, viewerId = ana.id) =>
  endorsementCandidates(p, viewerId).map((c) => c.member.displayName);

describe("who may be asked to endorse", () => {
  it("offers every other collaborator who has not endorsed, by name, whatever their role", () => {
    expect(names(paper({ endorsedBy: [cho] }))).toEqual(["Bea Costa", "Dan Ruiz"]);
  });

  it("never offers the caller, even one who has not endorsed", () => {
    expect(names(paper(), bea.id)).toEqual(["Ana Lima", "Cho Park", "Dan Ruiz"]);
  });

  it("offers nobody once everyone else has endorsed", () => {
    expect(names(paper({ endorsedBy: [bea, cho, dan] }))).toEqual([]);
  });

  it("is open to LEADs only, and only while the paper is in endorsement", () => {
    expect(canRequestEndorsement(paper())).toBe(true);
    expect(canRequestEndorsement(paper({ viewerRole: "EDITOR" }))).toBe(false);
    expect(canRequestEndorsement(paper({ viewerRole: null }))).toBe(false);
    for (const status of ["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"] as const) {
      expect(canRequestEndorsement(paper({ status }))).toBe(false);
    }
  });
});

describe("why a request was refused", () => {
  const server = "The server's own sentence.";
  const refused = (code: "CONFLICT" | "FORBIDDEN" | "BAD_USER_INPUT", now: Paper) =>
    refusalSentence({ code, message: server }, bea, now);

  it("names the status the paper moved to, not only published or archived", () => {
    expect(refused("CONFLICT", paper({ status: "IN_REVIEW" }))).toBe(
      "No request was sent: the paper is in review now, and endorsements can be requested only while it is open for endorsement.",
    );
    expect(refused("CONFLICT", paper({ status: "PUBLISHED" }))).toContain("is published now");
  });

  it("says when the caller is no longer a lead", () => {
    expect(refused("FORBIDDEN", paper({ viewerRole: "EDITOR" }))).toBe(
      "No request was sent: only the paper's leads can ask for endorsements, and you are no longer one.",
    );
  });

  it("says when the member left the paper", () => {
    expect(refused("BAD_USER_INPUT", paper({ collaborators: [[ana, "LEAD"]] }))).toBe(
      "No request was sent: Bea Costa is no longer a collaborator on this paper, and only collaborators can endorse it.",
    );
  });

  it("says when the member endorsed in the meantime", () => {
    expect(refused("CONFLICT", paper({ endorsedBy: [bea] }))).toBe(
      "No request was sent: Bea Costa has already endorsed this paper.",
    );
  });

  it("keeps the server's sentence when the paper explains nothing", () => {
    expect(refused("BAD_USER_INPUT", paper())).toBe(server);
  });

  it("keeps the sentence of a failure that is no refusal, whatever the paper says", () => {
    expect(
      refusalSentence(
        { code: "INTERNAL_SERVER_ERROR", message: server },
        bea,
        paper({ status: "IN_REVIEW" }),
      ),
    ).toBe(server);
  });
});
