// SIGKILL timed to compaction: the local server compacts a paper's log when its tail reaches
// limits.collab.compactAfterEntries (500 by default), right after broadcasting the append that
// reached it. The paper is made large (so writing its snapshot takes a while) and the kill is
// sent when a client has received about that many appends since the last restart, with a random
// jitter; the file then shows whether the compaction had committed. Either way it must pass
// integrity_check, load, and hold every edit seen.
import { DEFAULT_LIMITS } from "@accord/domain";
import { converged, startTyping, typeParagraph } from "../local/co-authors.ts";
import { PaperRun } from "../local/paper-run.ts";
import { mulberry32, percentile, round, waitUntil } from "../measure.ts";
import { newReport, type Profile, type ScenarioReport, sample } from "../report.ts";

export interface CrashCompactionOptions {
  profile: Profile;
  kills: number;
  authors: number;
  /** Size the paper grows to before the kills, in KiB of paragraph text. */
  paperKiB: number;
  seed: number;
  log?: (line: string) => void;
}

const COMPACT_AFTER = DEFAULT_LIMITS.collab.compactAfterEntries;
/** One large paragraph per update, well under the 1 MiB update limit. */
const BIG_PARAGRAPH = 200 * 1024;

export async function crashCompaction(options: CrashCompactionOptions): Promise<ScenarioReport> {
  const report = newReport(
    "crash-compaction",
    `${options.kills} SIGKILLs timed to a compaction of a ${options.paperKiB} KiB paper (compaction after ${COMPACT_AFTER} log entries; ${options.authors} stock providers typing; seed ${options.seed})`,
    options.profile,
  );
  const random = mulberry32(options.seed);
  const log = options.log ?? (() => {});
  const run = await PaperRun.start({ authors: options.authors, title: "Compaction kills" });
  const [observer] = run.lives;
  if (!observer) throw new Error("no authors");
  let appendsSeen = 0;
  observer.doc.on("update", (_update: Uint8Array, origin: unknown) => {
    if (origin === observer.provider) appendsSeen += 1;
  });
  let committed = 0;
  let uncommitted = 0;
  let lost = 0;
  const recoveryMs: number[] = [];
  try {
    for (let i = 0; i < Math.ceil((options.paperKiB * 1024) / BIG_PARAGRAPH); i++) {
      typeParagraph(observer, BIG_PARAGRAPH);
    }
    await converged(run.lives, "the large paper to reach every client", 120_000);
    // A first kill and restart: from then on the tail length at each start is known.
    let seen = await run.kill();
    let check = await run.check(seen);
    await run.restart(check.stored);
    for (let kill = 1; kill <= options.kills; kill++) {
      const tail = check.stored.tailEntries;
      const version = check.stored.snapshotVersion;
      // Clients re-sending what the file lacked may have appended up to one entry each.
      const trigger = Math.max(1, COMPACT_AFTER - tail - Math.floor(random() * options.authors));
      const ownBefore = observer.typed.length;
      appendsSeen = 0;
      const typing = startTyping(run.lives);
      await waitUntil(
        `${trigger} appends since the restart`,
        () => appendsSeen + (observer.typed.length - ownBefore) >= trigger,
        120_000,
      );
      const jitterMs = random() * 30;
      await new Promise((resolve) => setTimeout(resolve, jitterMs));
      seen = await run.kill();
      typing.stop();
      check = await run.check(seen);
      const didCommit = check.stored.snapshotVersion > version;
      if (didCommit) committed += 1;
      else uncommitted += 1;
      lost += check.lost.length;
      if (check.lost.length > 0) {
        report.failures.push(`kill ${kill}: seen edits lost: ${sample(check.lost)}`);
      }
      if (check.stored.integrity !== "ok") {
        report.failures.push(`kill ${kill}: integrity_check: ${check.stored.integrity}`);
      }
      const restart = await run.restart(check.stored);
      recoveryMs.push(restart.recoveryMs);
      if (restart.missingTyped.length > 0) {
        report.failures.push(
          `kill ${kill}: typed edits missing after convergence: ${sample(restart.missingTyped)}`,
        );
      }
      log(
        `compaction kill ${kill}/${options.kills}: tail ${tail} → ${check.stored.tailEntries}, snapshot v${version} → v${check.stored.snapshotVersion} (${didCommit ? "committed" : "not committed"}), seen ${check.seen}, lost ${check.lost.length}`,
      );
    }
  } finally {
    await run.close();
  }
  report.figures.push(
    ["kills timed to a compaction", options.kills],
    ["… the compaction had committed (new snapshot in the file)", committed],
    ["… the compaction had not committed (old snapshot + full tail)", uncommitted],
    ["seen edits lost", lost],
    ["integrity_check failures", report.failures.filter((f) => f.includes("integrity")).length],
    [
      "recovery p50 / p99 (kill → every client converged), ms",
      `${round(percentile(recoveryMs, 50))} / ${round(percentile(recoveryMs, 99))}`,
    ],
  );
  report.notes.push(
    "A kill lands before, during or after the snapshot transaction; the file cannot tell 'before' from 'during' (SQLite rolls an unfinished transaction back), so both count as not committed.",
  );
  return report;
}
