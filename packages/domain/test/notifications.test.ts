import { describe, expect, it } from "vitest";
import {
  DomainError,
  endorsementRequestMessage,
  mentionedMemberIds,
  mentionsIn,
  mentionToken,
  recipientsOf,
  TEXT_LIMITS,
  withMentionNames,
} from "../src/index.ts";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : "not a DomainError";
  }
  return undefined;
}

describe("mentions", () => {
  it("finds tokens by member id, with their place in the body; plain @text is text", () => {
    const body = "Thanks @[Ana Lima](member:ana-1), and @Ana Lima too; cc @[Bo](member:b2).";
    const mentions = mentionsIn(body);
    expect(mentions.map((m) => [m.memberId, m.label])).toEqual([
      ["ana-1", "Ana Lima"],
      ["b2", "Bo"],
    ]);
    const [first] = mentions;
    expect(body.slice(first!.start, first!.end)).toBe("@[Ana Lima](member:ana-1)");
  });

  it("makes tokens that read back as the same member whatever the display name holds", () => {
    const token = mentionToken("m-1", "Ana [the] Lima\n");
    expect(token).toBe("@[Ana the Lima](member:m-1)");
    expect(mentionsIn(`x ${token} y`)).toMatchObject([{ memberId: "m-1", label: "Ana the Lima" }]);
  });

  it("counts each member once and refuses more than the limit", () => {
    const twice = `${mentionToken("a", "A")} ${mentionToken("b", "B")} ${mentionToken("a", "A")}`;
    expect(mentionedMemberIds("body", twice)).toEqual(["a", "b"]);
    const many = Array.from({ length: TEXT_LIMITS.mentionsPerComment + 1 }, (_, i) =>
      mentionToken(`m${i}`, `Member ${i}`),
    ).join(" ");
    expect(codeOf(() => mentionedMemberIds("body", many))).toBe("BAD_USER_INPUT");
    const enough = Array.from({ length: TEXT_LIMITS.mentionsPerComment }, (_, i) =>
      mentionToken(`m${i}`, `Member ${i}`),
    ).join(" ");
    expect(mentionedMemberIds("body", enough)).toHaveLength(TEXT_LIMITS.mentionsPerComment);
  });

  it("rewrites labels to the members' current names and leaves unknown ids alone", () => {
    const body = "@[Someone](member:a) and @[Other](member:z)";
    expect(withMentionNames(body, new Map([["a", "Ana Lima"]]))).toBe(
      "@[Ana Lima](member:a) and @[Other](member:z)",
    );
  });
});

describe("notification recipients", () => {
  it("are distinct and never the one who acted", () => {
    expect(recipientsOf(["b", "actor", "c", "b"], "actor")).toEqual(["b", "c"]);
    expect(recipientsOf(["actor"], "actor")).toEqual([]);
  });
});

describe("endorsement request message", () => {
  it("is optional, trimmed, and limited in length", () => {
    expect(endorsementRequestMessage(undefined)).toBeNull();
    expect(endorsementRequestMessage("   ")).toBeNull();
    expect(endorsementRequestMessage("  Please endorse.  ")).toBe("Please endorse.");
    expect(
      codeOf(() =>
        endorsementRequestMessage("x".repeat(TEXT_LIMITS.endorsementRequestMessage.max + 1)),
      ),
    ).toBe("BAD_USER_INPUT");
  });
});
