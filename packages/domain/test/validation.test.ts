import { describe, expect, it } from "vitest";
import {
  COUNTRY_CODES,
  countryCode,
  DEFAULT_LIMITS,
  DomainError,
  distinctList,
  TEXT_LIMITS as LIMITS,
  longText,
  oneOf,
  text,
  withLimits,
} from "../src/index.ts";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : "not a DomainError";
  }
  return undefined;
}

describe("validation", () => {
  it("accepts ISO 3166-1 alpha-2 codes in any case and rejects others", () => {
    expect(COUNTRY_CODES.size).toBe(249);
    expect(countryCode("country", " ch ")).toBe("CH");
    expect(countryCode("country", "br")).toBe("BR");
    expect(codeOf(() => countryCode("country", "XX"))).toBe("BAD_USER_INPUT");
    expect(codeOf(() => countryCode("country", "CHE"))).toBe("BAD_USER_INPUT");
  });

  it("normalizes whitespace and enforces lengths in characters", () => {
    expect(text("title", "  Ocean   governance ", LIMITS.paperTitle)).toBe("Ocean governance");
    expect(codeOf(() => text("title", "ab", LIMITS.paperTitle))).toBe("BAD_USER_INPUT");
    expect(text("title", "🌊".repeat(200), LIMITS.paperTitle)).toHaveLength(400);
    expect(codeOf(() => text("title", "🌊".repeat(201), LIMITS.paperTitle))).toBe("BAD_USER_INPUT");
  });

  it("names the field and the allowed values in messages", () => {
    try {
      oneOf("community", "ASTROLOGY", ["DIPLOMACY", "POLICY"]);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).details).toEqual({ field: "community" });
      expect((error as DomainError).message).toContain("DIPLOMACY, POLICY");
    }
  });

  it("de-duplicates lists and caps their size", () => {
    expect(distinctList("topics", ["a", "b", "a"], 2)).toEqual(["a", "b"]);
    expect(codeOf(() => distinctList("topics", ["a", "b", "c"], 2))).toBe("BAD_USER_INPUT");
  });

  it("refuses control characters in new text, naming the field", () => {
    const refusals: [string, string][] = [
      ["NUL", "Ocean\u0000governance"],
      ["BEL", "Ocean\u0007governance"],
      ["ESC sequence", "\u001b[31mOcean governance"],
      ["DEL", "Ocean governance\u007f"],
      ["C1 CSI", "Ocean \u009b31m governance"],
      ["C1 NEL", "Ocean\u0085governance"],
      ["vertical tab", "Ocean\u000bgovernance"],
      ["form feed", "Ocean\u000cgovernance"],
    ];
    for (const [what, value] of refusals) {
      for (const check of [
        () => text("title", value, LIMITS.paperTitle),
        () => longText("summary", value, LIMITS.paperSummary),
      ]) {
        try {
          check();
          expect.unreachable(`${what} was accepted`);
        } catch (error) {
          expect((error as DomainError).code, what).toBe("BAD_USER_INPUT");
          expect((error as DomainError).details, what).toMatchObject({
            field: expect.stringMatching(/^(title|summary)$/),
          });
          expect((error as DomainError).message, what).toMatch(/control character \(U\+00/);
        }
      }
    }
    // The message says where: the ESC is the first character.
    expect(() => text("title", "\u001b[31mOcean", LIMITS.paperTitle)).toThrow(
      "title contains a control character (U+001B at character 1); remove it.",
    );
  });

  it("takes tab everywhere and line breaks only in multi-line text", () => {
    expect(text("title", "Ocean\tgovernance", LIMITS.paperTitle)).toBe("Ocean governance");
    expect(longText("summary", "One\r\nTwo\rThree\n\tFour", LIMITS.paperSummary)).toBe(
      "One\nTwo\nThree\n\tFour",
    );
    expect(() => text("title", "Ocean\ngovernance", LIMITS.paperTitle)).toThrow(
      "title must be a single line (line break at character 6).",
    );
    expect(codeOf(() => text("name", "Ocean\r\ngroup", LIMITS.workingGroupName))).toBe(
      "BAD_USER_INPUT",
    );
    // Other Unicode stays: accents, scripts, emoji, no-break space.
    expect(text("title", "Océans 海洋 🌊\u00a0Ωκεανός", LIMITS.paperTitle)).toBe(
      "Océans 海洋 🌊 Ωκεανός",
    );
  });

  it("merges limit overrides onto the defaults", () => {
    const limits = withLimits({ graphql: { maxDepth: 4 } });
    expect(limits.graphql.maxDepth).toBe(4);
    expect(limits.graphql.maxPageSize).toBe(DEFAULT_LIMITS.graphql.maxPageSize);
    expect(limits.collab).toEqual(DEFAULT_LIMITS.collab);
  });
});
