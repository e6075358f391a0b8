// Each kind of activity event told as a sentence a person reads at a glance.
import type { ActivityKind } from "@accord/client";
import { describe, expect, it } from "vitest";
import {
  type ActivityEntry,
  type ActivityWords,
  activitySentence,
} from "../../src/app/activity.ts";

const ana = { id: "m-ana", displayName: "Ana Lima" };
const names: Record<string, string> = { "m-ben": "Ben Ito", "m-ravi": "Ravi Rao" };
const onPaper: ActivityWords = { where: "paper", memberName: (id) => names[id] };
const onGroup: ActivityWords = { where: "group", memberName: (id) => names[id] };

function event(
  kind: ActivityKind,
  details: Record<string, string | null> = {},
  extra: Partial<ActivityEntry> = {},
): ActivityEntry {
  return {
    __typename: "ActivityEvent",
    id: "e1",
    kind,
    at: "2026-03-10T12:00:00Z",
    actor: { __typename: "Member", ...ana },
    details: Object.entries(details).map(([name, value]) => ({
      __typename: "ActivityDetail",
      name,
      value,
    })),
    ...extra,
  } as ActivityEntry;
}

const said = (entry: ActivityEntry, words = onPaper) => {
  const sentence = activitySentence(entry, words);
  return `${sentence.actor} ${sentence.text}`;
};

describe("activity sentences", () => {
  it("tell an editing session with its length and words", () => {
    const session = event("EDITING_SESSION", {
      startedAt: "2026-03-10T11:00:00.000Z",
      endedAt: "2026-03-10T11:12:00.000Z",
      wordsAdded: "340",
      wordsRemoved: "25",
    });
    expect(said(session)).toBe("Ana Lima edited for 12 minutes: +340 / −25 words");
    expect(said({ ...session, paper: { id: "p1", title: "Arctic data" } }, onGroup)).toBe(
      "Ana Lima edited “Arctic data” for 12 minutes: +340 / −25 words",
    );
    expect(said(event("EDITING_SESSION", { wordsAdded: "1204", wordsRemoved: "0" }))).toBe(
      "Ana Lima edited: +1,204 / −0 words",
    );
  });

  it("tell status changes by what they mean", () => {
    expect(said(event("STATUS_CHANGED", { from: "DRAFT", to: "IN_REVIEW" }))).toBe(
      "Ana Lima sent the paper to review",
    );
    expect(said(event("STATUS_CHANGED", { from: "ENDORSEMENT", to: "IN_REVIEW" }))).toBe(
      "Ana Lima took the paper back to review",
    );
    expect(said(event("STATUS_CHANGED", { from: "IN_REVIEW", to: "ENDORSEMENT" }))).toBe(
      "Ana Lima opened the paper for endorsement",
    );
    expect(said(event("STATUS_CHANGED", { from: "ENDORSEMENT", to: "PUBLISHED" }))).toBe(
      "Ana Lima published the paper",
    );
  });

  it("name collaborators, versions, comments and endorsements", () => {
    expect(said(event("COLLABORATOR_ADDED", { memberId: "m-ben", role: "EDITOR" }))).toBe(
      "Ana Lima added Ben Ito to the paper as an editor",
    );
    expect(
      said(event("COLLABORATOR_ROLE_CHANGED", { memberId: "m-ben", from: "EDITOR", to: "VIEWER" })),
    ).toBe("Ana Lima made Ben Ito a viewer on the paper (was editor)");
    expect(said(event("COLLABORATOR_REMOVED", { memberId: "m-gone", role: "EDITOR" }))).toBe(
      "Ana Lima removed a collaborator from the paper",
    );
    expect(said(event("VERSION_CREATED", { versionId: "v1", name: "First outline" }))).toBe(
      "Ana Lima saved the version “First outline” of the paper",
    );
    expect(said(event("COMMENT_ADDED", { threadId: "t1" }))).toBe(
      "Ana Lima commented on the paper",
    );
    expect(said(event("COMMENT_ADDED", { threadId: "t1", reply: "true" }))).toBe(
      "Ana Lima replied to a comment on the paper",
    );
    expect(said(event("COMMENT_RESOLVED", { threadId: "t1" }))).toBe(
      "Ana Lima resolved a comment on the paper",
    );
    expect(said(event("ENDORSED", { organisation: "Ocean Institute" }))).toBe(
      "Ana Lima endorsed the paper on behalf of Ocean Institute",
    );
    expect(said(event("METADATA_EDITED", { fields: "title,summary,diplomacyTypes" }))).toBe(
      "Ana Lima edited the title, the summary and the diplomacy types of the paper",
    );
  });

  it("tell a group's invitations and join requests", () => {
    expect(
      said(
        event("INVITATION_SENT", { role: "MEMBER", inviteeKind: "USERNAME", invitee: "dora" }),
        onGroup,
      ),
    ).toBe("Ana Lima invited dora to the group as a member");
    expect(
      said(event("INVITATION_SENT", { role: "EDITOR", inviteeKind: "EMAIL", invitee: null })),
    ).toBe("Ana Lima invited someone by email to the paper as an editor");
    expect(said(event("JOIN_REQUEST_APPROVED", { memberId: "m-ravi" }), onGroup)).toBe(
      "Ana Lima approved the request of Ravi Rao to join the group",
    );
    expect(said(event("JOIN_REQUESTED", {}), onGroup)).toBe("Ana Lima asked to join the group");
  });

  it("tell who joined, changed role, was removed or left, and a group's new name", () => {
    expect(said(event("GROUP_CREATED", { name: "Polar" }), onGroup)).toBe(
      "Ana Lima started the group",
    );
    expect(said(event("GROUP_MEMBER_ADDED", { memberId: "m-ben", role: "MEMBER" }), onGroup)).toBe(
      "Ana Lima added Ben Ito to the group as a member",
    );
    expect(
      said(
        event("GROUP_MEMBER_ROLE_CHANGED", { memberId: "m-ben", from: "MEMBER", to: "CONVENER" }),
        onGroup,
      ),
    ).toBe("Ana Lima made Ben Ito a convener of the group");
    expect(
      said(
        event("GROUP_MEMBER_REMOVED", { memberId: "m-ben", role: "MEMBER", left: "false" }),
        onGroup,
      ),
    ).toBe("Ana Lima removed Ben Ito from the group");
    expect(
      said(
        event("GROUP_MEMBER_REMOVED", { memberId: "m-ana", role: "MEMBER", left: "true" }),
        onGroup,
      ),
    ).toBe("Ana Lima left the group");
    expect(
      said(
        event("GROUP_UPDATED", { fields: "name", from: "Polar", name: "Polar network" }),
        onGroup,
      ),
    ).toBe("Ana Lima renamed the group from “Polar” to “Polar network”");
    expect(
      said(
        event("GROUP_UPDATED", { fields: "name,description", from: "Polar", name: "Arctic" }),
        onGroup,
      ),
    ).toBe("Ana Lima renamed the group from “Polar” to “Arctic” and edited the description of it");
    expect(said(event("GROUP_UPDATED", { fields: "description,topicIds" }), onGroup)).toBe(
      "Ana Lima edited the description and the topics of the group",
    );
  });

  it("say who when the actor has left, and still tell a kind this app does not know", () => {
    expect(said(event("PAPER_CREATED", { title: "x" }, { actor: null }))).toBe(
      "A former member started the paper",
    );
    expect(said(event("SUGGESTION_ACCEPTED" as ActivityKind))).toBe(
      "Ana Lima — suggestion accepted on the paper",
    );
  });
});
