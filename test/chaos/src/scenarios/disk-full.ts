// A full disk under the local server: its data directory sits on a small tmpfs that is filled
// to the last byte while co-authors type (SQLite then fails with SQLITE_FULL). Where mounting is
// not allowed, the server's file-size limit is lowered to one byte instead (`prlimit --pid`,
// RLIMIT_FSIZE: every write fails with EFBIG, which SQLite reports as an I/O error). The server
// must refuse the writes it cannot store (the writer's socket closes with 4507, storage full, a
// code the provider retries with backoff; GraphQL answers an error), keep serving reads, stay up,
// and lose nothing already seen; once space is back the clients converge and the file holds
// every edit typed.
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccordGraphQLError, CloseCode, CreateVersionDocument } from "@accord/client";
import { closeAll, converged, openLive, seenByOthers, startTyping } from "../local/co-authors.ts";
import { PaperRun } from "../local/paper-run.ts";
import { missing, paragraphTexts, waitUntil } from "../measure.ts";
import { newReport, type Profile, type ScenarioReport, sample } from "../report.ts";

export interface DiskFullOptions {
  profile: Profile;
  authors: number;
  /** How long the co-authors type on the full disk, ms. */
  fullMs: number;
  /** auto: a tmpfs when mounting is allowed, else the file-size limit; rlimit: always the latter. */
  method?: "auto" | "rlimit";
  log?: (line: string) => void;
}

type Limiter =
  | { kind: "tmpfs"; mount: string; filler: string }
  | { kind: "rlimit"; parent: string };

/** A 32 MiB tmpfs when this process may mount one (root with CAP_SYS_ADMIN), else null. */
function mountTmpfs(): string | null {
  const mount = mkdtempSync(join(tmpdir(), "accord-chaos-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=32m", "tmpfs", mount], { stdio: "ignore" });
    return mount;
  } catch {
    rmSync(mount, { recursive: true, force: true });
    return null;
  }
}

/** Fill the file system holding `filler` until a write fails with ENOSPC; bounded. */
function fillUp(filler: string): number {
  const fd = openSync(filler, "a");
  const chunk = Buffer.alloc(64 * 1024, 0x78);
  let written = 0;
  try {
    // At most 1 GiB: a tmpfs that grew past its size would otherwise loop for long.
    for (let i = 0; i < 16_384; i++) {
      try {
        written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
        throw error;
      }
    }
    // The last partial blocks: byte by byte is too slow, halve the chunk instead.
    for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
      try {
        written += writeSync(fd, chunk.subarray(0, size));
      } catch {
        // Smaller pieces may still fit.
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

export async function diskFull(options: DiskFullOptions): Promise<ScenarioReport> {
  const log = options.log ?? (() => {});
  const mount = options.method === "rlimit" ? null : mountTmpfs();
  const limiter: Limiter = mount
    ? { kind: "tmpfs", mount, filler: join(mount, "filler") }
    : { kind: "rlimit", parent: tmpdir() };
  const report = newReport(
    "disk-full",
    `a full disk under the local server while ${options.authors} stock providers type for ${options.fullMs} ms (${limiter.kind === "tmpfs" ? "32 MiB tmpfs filled up: ENOSPC" : "RLIMIT_FSIZE (soft) lowered to 1 byte: EFBIG"})`,
    options.profile,
  );
  let run: PaperRun | null = null;
  try {
    run = await PaperRun.start({
      authors: options.authors,
      title: "Disk full",
      parentDir: limiter.kind === "tmpfs" ? limiter.mount : limiter.parent,
    });
    const running = run;
    // Some edits stored while there is room.
    const typing = startTyping(running.lives);
    await new Promise((resolve) => setTimeout(resolve, 300));
    typing.stop();
    await converged(running.lives, "co-authors to converge before the disk fills");
    const storedBefore = new Set(paragraphTexts(running.lives[0]!.doc));
    const closesBefore = running.lives.map((live) => live.closeCodes.length);
    const typedBefore = running.lives.reduce((n, live) => n + live.typed.length, 0);

    if (limiter.kind === "tmpfs") {
      log(`disk-full: filled the tmpfs with ${fillUp(limiter.filler)} bytes`);
    } else {
      execFileSync("prlimit", ["--pid", String(running.server.pid), "--fsize=1:unlimited"]);
    }
    const fullTyping = startTyping(running.lives);
    await new Promise((resolve) => setTimeout(resolve, options.fullMs));
    fullTyping.stop();
    // A GraphQL write on the full disk: refused with an error, not a hang or a crash.
    const graphqlError = await running.authors[0]!.api.request(CreateVersionDocument, {
      input: { paperId: running.paperId, name: "on a full disk" },
    }).then(
      () => "none (the write succeeded)",
      (error: unknown) =>
        error instanceof AccordGraphQLError
          ? `${error.code} (HTTP ${error.status})`
          : String(error),
    );
    const seenWhileFull = seenByOthers(running.lives);
    // Reads go on: a newcomer joins on the full disk and syncs everything stored before it.
    const newcomer = openLive(
      `ws://127.0.0.1:${running.server.port}/collab`,
      running.paperId,
      running.authors[0]!,
    );
    const joined = performance.now();
    let newcomerMs: number | null = null;
    try {
      await waitUntil(
        "a newcomer to sync on the full disk",
        () =>
          newcomer.provider.synced &&
          missing(storedBefore, new Set(paragraphTexts(newcomer.doc))).length === 0,
        30_000,
      );
      newcomerMs = performance.now() - joined;
    } catch (error) {
      report.failures.push(`reads on the full disk: ${(error as Error).message}`);
    } finally {
      closeAll([newcomer]);
    }
    const closeCodes = running.lives.flatMap((live, i) => live.closeCodes.slice(closesBefore[i]));
    const serverUp = running.server.alive();
    if (!serverUp) report.failures.push("the server process died on the full disk");

    // Space comes back: the clients converge through the same server process.
    if (limiter.kind === "tmpfs") rmSync(limiter.filler);
    else
      execFileSync("prlimit", ["--pid", String(running.server.pid), "--fsize=unlimited:unlimited"]);
    const freed = performance.now();
    await converged(running.lives, "co-authors to converge once space is back", 120_000);
    const convergedMs = performance.now() - freed;
    const typed = running.lives.flatMap((live) => live.typed);
    // Everything the clients converged on went through the server: it must all be in the file.
    const seen = await running.kill();
    const check = await running.check(seen);
    const lostSeen = missing(seenWhileFull, check.stored.paragraphs);
    const lostTyped = missing(typed, check.stored.paragraphs);
    if (lostSeen.length > 0) {
      report.failures.push(`edits seen on the full disk lost: ${sample(lostSeen)}`);
    }
    if (lostTyped.length > 0) {
      report.failures.push(`typed edits missing from the file: ${sample(lostTyped)}`);
    }
    if (check.stored.integrity !== "ok") {
      report.failures.push(`integrity_check: ${check.stored.integrity}`);
    }
    const refusals = closeCodes.filter((code) => code === CloseCode.storageFull).length;
    const serverErrors = closeCodes.filter((code) => code === CloseCode.serverError).length;
    if (refusals === 0) {
      report.failures.push(
        `no write was refused with ${CloseCode.storageFull} (storage full) on the full disk (close codes: ${closeCodes.join(", ") || "none"})`,
      );
    }
    if (serverErrors > 0) {
      report.failures.push(
        `${serverErrors} close(s) with 1011 (server error) on the full disk: a full store is transient (4507)`,
      );
    }
    if (!graphqlError.startsWith("INTERNAL_SERVER_ERROR")) {
      report.failures.push(`a GraphQL write on the full disk answered: ${graphqlError}`);
    }
    const failedAppends = running.server.log.filter((line) =>
      line.includes("collab.append_failed"),
    );
    report.figures.push(
      ["how the disk was filled", limiter.kind === "tmpfs" ? "tmpfs (ENOSPC)" : "RLIMIT_FSIZE"],
      ["edits typed on the full disk", typed.length - typedBefore],
      ["live-editing closes with 4507 (storage full, retried) on the full disk", refusals],
      ["live-editing closes with 1011 (server error) on the full disk", serverErrors],
      [
        "other close codes on the full disk",
        closeCodes.filter((c) => c !== CloseCode.storageFull && c !== 1011).join(", ") || "none",
      ],
      ["appends the server logged as failed", failedAppends.length],
      ["GraphQL createVersion on the full disk", graphqlError],
      ["server process stayed up", serverUp ? "yes" : "no"],
      [
        "a newcomer synced on the full disk (reads served), ms",
        newcomerMs === null ? "no" : Math.round(newcomerMs),
      ],
      ["edits another client had seen by the end of the full-disk phase", seenWhileFull.size],
      ["seen edits lost", lostSeen.length],
      ["typed edits missing from the file after space came back", lostTyped.length],
      ["space back → every client converged, ms", Math.round(convergedMs)],
      ["integrity_check", check.stored.integrity],
    );
    const sampleLine = failedAppends[0];
    if (sampleLine)
      report.notes.push(
        `The server's log line for a refused append: \`${sampleLine.slice(0, 300)}\``,
      );
  } finally {
    await run?.close();
    if (limiter.kind === "tmpfs") {
      execFileSync("umount", [limiter.mount], { stdio: "ignore" });
      rmSync(limiter.mount, { recursive: true, force: true });
    }
  }
  return report;
}
