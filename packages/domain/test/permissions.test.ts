import { describe, expect, it } from "vitest";
import {
  type Actor,
  decidePaperAction,
  decideStatusTransition,
  decideWorkingGroupAction,
  PAPER_ROLES,
  PAPER_STATUSES,
  type PaperAction,
  type PaperRole,
} from "../src/index.ts";

const member: Actor = { memberId: "m1", platformRole: "MEMBER" };
const coordinator: Actor = { memberId: "c1", platformRole: "COORDINATOR" };
const draft = { status: "DRAFT" } as const;

describe("paper role table", () => {
  it("hides unpublished papers from non-collaborators and anonymous callers", () => {
    expect(decidePaperAction(null, null, draft, "read")).toBe("NOT_FOUND");
    expect(decidePaperAction(member, null, draft, "read")).toBe("NOT_FOUND");
    expect(decidePaperAction(member, null, draft, "editText")).toBe("NOT_FOUND");
    expect(decidePaperAction(null, null, { status: "PUBLISHED" }, "read")).toBe("ALLOW");
    expect(decidePaperAction(member, null, { status: "PUBLISHED" }, "editText")).toBe("FORBIDDEN");
  });

  it("lets LEAD and EDITOR write text, COMMENTER comment, VIEWER only read", () => {
    const expected: Record<PaperRole, Partial<Record<PaperAction, string>>> = {
      LEAD: {
        editText: "ALLOW",
        comment: "ALLOW",
        manageCollaborators: "ALLOW",
        restoreVersion: "ALLOW",
      },
      EDITOR: {
        editText: "ALLOW",
        comment: "ALLOW",
        manageCollaborators: "FORBIDDEN",
        restoreVersion: "FORBIDDEN",
      },
      COMMENTER: { editText: "FORBIDDEN", comment: "ALLOW", editMetadata: "FORBIDDEN" },
      VIEWER: { editText: "FORBIDDEN", comment: "FORBIDDEN", read: "ALLOW" },
    };
    for (const role of PAPER_ROLES) {
      for (const [action, decision] of Object.entries(expected[role])) {
        expect(
          decidePaperAction(member, role, draft, action as PaperAction),
          `${role} ${action}`,
        ).toBe(decision);
      }
    }
  });

  it("freezes published and archived text for everyone", () => {
    for (const status of ["PUBLISHED", "ARCHIVED"] as const) {
      expect(decidePaperAction(member, "LEAD", { status }, "editText")).toBe("FROZEN");
      expect(decidePaperAction(member, "EDITOR", { status }, "editMetadata")).toBe("FROZEN");
    }
    expect(decidePaperAction(member, "LEAD", { status: "IN_REVIEW" }, "editText")).toBe("ALLOW");
  });

  it("accepts endorsements only while the paper is in ENDORSEMENT", () => {
    expect(decidePaperAction(member, "VIEWER", { status: "ENDORSEMENT" }, "endorse")).toBe("ALLOW");
    // Not yet open is not frozen: the same endorsement will be welcome later.
    expect(decidePaperAction(member, "VIEWER", draft, "endorse")).toBe("NOT_OPEN");
    expect(decidePaperAction(member, "VIEWER", { status: "IN_REVIEW" }, "endorse")).toBe(
      "NOT_OPEN",
    );
    expect(decidePaperAction(member, "VIEWER", { status: "PUBLISHED" }, "endorse")).toBe("FROZEN");
    expect(decidePaperAction(member, "VIEWER", { status: "ARCHIVED" }, "endorse")).toBe("FROZEN");
  });

  it("gives coordinators reading and administration but not the pen", () => {
    expect(decidePaperAction(coordinator, null, draft, "read")).toBe("ALLOW");
    expect(decidePaperAction(coordinator, null, draft, "manageCollaborators")).toBe("ALLOW");
    expect(decidePaperAction(coordinator, null, draft, "editText")).toBe("FORBIDDEN");
  });
});

describe("status workflow", () => {
  it("allows exactly the documented transitions for a LEAD", () => {
    const allowed = new Set<string>();
    for (const from of PAPER_STATUSES) {
      for (const to of PAPER_STATUSES) {
        if (decideStatusTransition(member, "LEAD", { status: from }, to) === "ALLOW") {
          allowed.add(`${from}->${to}`);
        }
      }
    }
    expect([...allowed].sort()).toEqual(
      [
        "DRAFT->IN_REVIEW",
        "DRAFT->ARCHIVED",
        "IN_REVIEW->DRAFT",
        "IN_REVIEW->ENDORSEMENT",
        "IN_REVIEW->ARCHIVED",
        "ENDORSEMENT->IN_REVIEW",
        "ENDORSEMENT->PUBLISHED",
        "ENDORSEMENT->ARCHIVED",
        "PUBLISHED->ARCHIVED",
      ].sort(),
    );
  });

  it("rejects skipping steps and non-leads", () => {
    expect(decideStatusTransition(member, "LEAD", draft, "PUBLISHED")).toBe("INVALID_TRANSITION");
    expect(decideStatusTransition(member, "EDITOR", draft, "IN_REVIEW")).toBe("FORBIDDEN");
    expect(decideStatusTransition(member, null, draft, "IN_REVIEW")).toBe("NOT_FOUND");
    expect(decideStatusTransition(coordinator, null, { status: "ENDORSEMENT" }, "PUBLISHED")).toBe(
      "ALLOW",
    );
    expect(decideStatusTransition(coordinator, null, draft, "IN_REVIEW")).toBe("FORBIDDEN");
  });
});

describe("working group actions", () => {
  it("lets conveners and coordinators administer, members create papers", () => {
    expect(decideWorkingGroupAction(null, null, "read")).toBe("UNAUTHENTICATED");
    expect(decideWorkingGroupAction(member, null, "read")).toBe("ALLOW");
    expect(decideWorkingGroupAction(member, "MEMBER", "administer")).toBe("FORBIDDEN");
    expect(decideWorkingGroupAction(member, "CONVENER", "administer")).toBe("ALLOW");
    expect(decideWorkingGroupAction(member, "MEMBER", "createPaper")).toBe("ALLOW");
    expect(decideWorkingGroupAction(member, null, "createPaper")).toBe("FORBIDDEN");
    expect(decideWorkingGroupAction(coordinator, null, "administer")).toBe("ALLOW");
  });
});
