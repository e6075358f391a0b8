// The compactor's event filter and the storage adapter agree on what a log append is: every
// key isLogEntryKey accepts passes the filter, and the filter drops every other kind of item of
// a paper, so the compactor is invoked for log appends and nothing else.

import { isLogEntryKey } from "@accord/storage-dynamodb";
import { describe, expect, it } from "vitest";
import { logAppendFilter } from "../lib/constructs/stream-compaction.ts";
import { LOG_APPEND_PATTERN, matchesPattern } from "../lib/stream-filter.ts";

const passes = (event: unknown) => matchesPattern(LOG_APPEND_PATTERN, event);

const record = (eventName: string, pk: string, sk: string) => ({
  eventName,
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } } },
});

const ENTRY = "01JNB0V7Q4G6R8T2W5Y9Z3C1D7";

describe("the compactor's stream filter", () => {
  it("is the pattern the event source mapping carries", () => {
    expect(JSON.parse(logAppendFilter().pattern)).toEqual(LOG_APPEND_PATTERN);
  });

  it("passes every log append the adapter recognises", () => {
    for (const [pk, sk] of [
      ["PAPER#p1", `DOC#LOG#${ENTRY}`],
      ["PAPER#8f2b6c1e-4d1a-4c1e-9f0a-1b2c3d4e5f60", `DOC#LOG#${ENTRY}.3`],
    ] as const) {
      expect(isLogEntryKey({ pk, sk }), sk).not.toBeNull();
      expect(passes(record("INSERT", pk, sk)), sk).toBe(true);
    }
  });

  it("drops other items of a paper, other partitions, and changes that are not inserts", () => {
    const dropped = [
      record("INSERT", "PAPER#p1", "DOC#META"),
      record("INSERT", "PAPER#p1", "DOC#SNAP#0000000002#tok#0000"),
      record("INSERT", "PAPER#p1", `RETIRED#LOG#${ENTRY}`),
      record("INSERT", "PAPER#p1", "CONN#c1"),
      record("INSERT", "PAPER#p1", "COLLAB#ada"),
      record("INSERT", "PAPER#p1", "PAPER"),
      record("INSERT", "MEMBER#ada", "MEMBER"),
      record("INSERT", "MSG#c1\u0000m1", "PART#000001"),
      // A retired entry's TTL expiry and any update of a log item.
      record("REMOVE", "PAPER#p1", `DOC#LOG#${ENTRY}`),
      record("MODIFY", "PAPER#p1", `DOC#LOG#${ENTRY}`),
    ];
    for (const event of dropped) {
      expect(passes(event), JSON.stringify(event)).toBe(false);
      const keys = event.dynamodb.Keys;
      if (event.eventName === "INSERT") {
        expect(isLogEntryKey({ pk: keys.pk.S, sk: keys.sk.S })).toBeNull();
      }
    }
  });

  it("passes the later parts of a long append too, which the compactor then skips", () => {
    const later = record("INSERT", "PAPER#p1", `DOC#LOG#${ENTRY}.3#001`);
    expect(passes(later)).toBe(true);
    expect(isLogEntryKey({ pk: "PAPER#p1", sk: `DOC#LOG#${ENTRY}.3#001` })).toBeNull();
  });
});
