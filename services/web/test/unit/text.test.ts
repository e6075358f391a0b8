// The app's wording of counts and times: one helper for every page, so "1 papers" cannot come back.
import { describe, expect, it } from "vitest";
import { duration, plural, relativeTime } from "../../src/app/text.ts";

describe("plural", () => {
  it("says one thing in the singular and everything else in the plural", () => {
    expect(plural(1, "paper")).toBe("1 paper");
    expect(plural(0, "paper")).toBe("0 papers");
    expect(plural(2, "endorsement")).toBe("2 endorsements");
    expect(plural(1, "unsent edit")).toBe("1 unsent edit");
  });

  it("takes an irregular plural and groups thousands", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(3, "person", "people")).toBe("3 people");
    expect(plural(1204, "word")).toBe("1,204 words");
  });
});

describe("relativeTime", () => {
  const now = Date.parse("2026-03-10T12:00:00Z");
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it("reads like a person would say it", () => {
    expect(relativeTime(ago(10), now)).toBe("just now");
    // A server clock a little ahead of this one is still "just now", not "in 5 seconds".
    expect(relativeTime(ago(-5), now)).toBe("just now");
    expect(relativeTime(ago(50), now)).toBe("1 minute ago");
    expect(relativeTime(ago(3 * 60), now)).toBe("3 minutes ago");
    expect(relativeTime(ago(2 * 3600), now)).toBe("2 hours ago");
    expect(relativeTime(ago(26 * 3600), now)).toBe("yesterday");
    expect(relativeTime(ago(15 * 24 * 3600), now)).toBe("2 weeks ago");
    expect(relativeTime(ago(400 * 24 * 3600), now)).toBe("last year");
  });

  it("leaves what is not a date as it is", () => {
    expect(relativeTime("not a date", now)).toBe("not a date");
  });
});

describe("duration", () => {
  it("rounds to minutes and names hours", () => {
    expect(duration(20_000)).toBe("less than a minute");
    expect(duration(60_000)).toBe("1 minute");
    expect(duration(12 * 60_000)).toBe("12 minutes");
    expect(duration(60 * 60_000)).toBe("1 hour");
    expect(duration(65 * 60_000)).toBe("1 hour 5 minutes");
    expect(duration(125 * 60_000)).toBe("2 hours 5 minutes");
  });
});
