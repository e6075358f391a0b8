// Whether a failed write means "the store is full": the file system is out of space (ENOSPC),
// over a quota (EDQUOT) or past a file-size limit (EFBIG), as Node reports it, or as SQLite
// reports it (SQLITE_FULL; a write refused with EFBIG surfaces as SQLITE_IOERR_WRITE). Such a
// failure is transient for the client: reads still work and the write succeeds once there is
// room, so the author is closed with a code it retries (4507), not as a server error.
const FULL_CODES = new Set(["ENOSPC", "EDQUOT", "EFBIG", "SQLITE_FULL", "SQLITE_IOERR_WRITE"]);

/** True when `error` (or an error it wraps as `cause`) says the store has no room. */
export function isStorageFull(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === "string" && FULL_CODES.has(code)) return true;
    current = cause;
  }
  return false;
}
