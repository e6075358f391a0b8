// Which failed writes are a full store (closed with 4507, retried) and which are server errors.
import { describe, expect, it } from "vitest";
import { isStorageFull } from "../src/stateful/storage-full.ts";

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("isStorageFull", () => {
  it("knows a full file system, a quota and a file-size limit, as Node and SQLite report them", () => {
    for (const code of ["ENOSPC", "EDQUOT", "EFBIG", "SQLITE_FULL", "SQLITE_IOERR_WRITE"]) {
      expect(isStorageFull(withCode(code)), code).toBe(true);
    }
  });

  it("looks through errors that wrap the cause", () => {
    const wrapped = new Error("Cannot append", { cause: withCode("SQLITE_FULL") });
    expect(isStorageFull(new Error("append failed", { cause: wrapped }))).toBe(true);
  });

  it("takes anything else for a server error", () => {
    expect(isStorageFull(withCode("SQLITE_CORRUPT"))).toBe(false);
    expect(isStorageFull(withCode("SQLITE_BUSY"))).toBe(false);
    expect(isStorageFull(new Error("database or disk is full"))).toBe(false);
    expect(isStorageFull(null)).toBe(false);
    expect(isStorageFull("ENOSPC")).toBe(false);
  });
});
