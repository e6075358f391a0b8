import { describe, expect, it } from "vitest";
import {
  COUNTRY_CODES,
  countryCode,
  DEFAULT_LIMITS,
  DomainError,
  distinctList,
  LIMITS,
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

  it("merges limit overrides onto the defaults", () => {
    const limits = withLimits({ graphql: { maxDepth: 4 } });
    expect(limits.graphql.maxDepth).toBe(4);
    expect(limits.graphql.maxPageSize).toBe(DEFAULT_LIMITS.graphql.maxPageSize);
    expect(limits.collab).toEqual(DEFAULT_LIMITS.collab);
  });
});
