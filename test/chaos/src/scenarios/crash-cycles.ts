// SIGKILL/restart cycles of the real local server while stock providers type: after every kill
// the file passes `PRAGMA integrity_check`, the paper loads, and it holds every edit another
// client had received; after every restart the clients converge with nothing they typed lost.
import { startTyping, typeParagraph } from "../local/co-authors.ts";
import { PaperRun } from "../local/paper-run.ts";
import { mulberry32, percentile, round } from "../measure.ts";
import { newReport, type Profile, type ScenarioReport, sample } from "../report.ts";

export interface CrashCyclesOptions {
  profile: Profile;
  cycles: number;
  /** Stock providers typing at once (3–10). */
  authors: number;
  /** Typing time before each kill, ms: drawn uniformly from [min, max]. */
  typingMs: [number, number];
  seed: number;
  log?: (line: string) => void;
}

/** Paragraphs each client types while the server is down (sent again on reconnect). */
const OFFLINE_EDITS = 2;

export async function crashCycles(options: CrashCyclesOptions): Promise<ScenarioReport> {
  const report = newReport(
    "crash-cycles",
    `${options.cycles} SIGKILL/restart cycles of the local server (SQLite) while ${options.authors} stock providers type (seed ${options.seed})`,
    options.profile,
  );
  const random = mulberry32(options.seed);
  const log = options.log ?? (() => {});
  const run = await PaperRun.start({ authors: options.authors, title: "Crash cycles" });
  const restartMs: number[] = [];
  const recoveryMs: number[] = [];
  const everSeen = new Set<string>();
  let lostTotal = 0;
  let recoveredTotal = 0;
  let integrityFailures = 0;
  let cyclesWithoutSeen = 0;
  let typedWhileDown = 0;
  let loads = 0;
  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const [min, max] = options.typingMs;
      const typing = startTyping(run.lives);
      // The fault schedule: the kill lands at a random moment of the typing.
      await new Promise((resolve) => setTimeout(resolve, min + random() * (max - min)));
      const seen = await run.kill();
      const typedBefore = run.lives.reduce((n, live) => n + live.typed.length, 0);
      const check = await run.check(seen);
      loads += 1;
      // The clients keep typing while the server is down: offline edits.
      typing.stop();
      for (const live of run.lives) for (let i = 0; i < OFFLINE_EDITS; i++) typeParagraph(live);
      typedWhileDown += run.lives.reduce((n, live) => n + live.typed.length, 0) - typedBefore;
      const newlySeen = [...seen].filter((text) => !everSeen.has(text));
      for (const text of newlySeen) everSeen.add(text);
      if (newlySeen.length === 0) cyclesWithoutSeen += 1;
      lostTotal += check.lost.length;
      if (check.lost.length > 0) {
        report.failures.push(`cycle ${cycle}: seen edits lost: ${sample(check.lost)}`);
      }
      if (check.stored.integrity !== "ok") {
        integrityFailures += 1;
        report.failures.push(`cycle ${cycle}: integrity_check: ${check.stored.integrity}`);
      }
      const restart = await run.restart(check.stored);
      restartMs.push(restart.restartMs);
      recoveryMs.push(restart.recoveryMs);
      recoveredTotal += restart.recovered;
      if (restart.missingTyped.length > 0) {
        report.failures.push(
          `cycle ${cycle}: typed edits missing after convergence: ${sample(restart.missingTyped)}`,
        );
      }
      log(
        `cycle ${cycle}/${options.cycles}: seen ${newlySeen.length} new (${check.seen} in all), lost ${check.lost.length}, recovered ${restart.recovered}, integrity ${check.stored.integrity}, restart ${round(restart.restartMs)} ms, recovery ${round(restart.recoveryMs)} ms`,
      );
    }
  } finally {
    await run.close();
  }
  const typed = run.lives.reduce((n, live) => n + live.typed.length, 0);
  report.figures.push(
    ["cycles (SIGKILL + restart)", options.cycles],
    ["stock providers typing", options.authors],
    ["edits typed", typed],
    ["distinct edits seen by another client before a kill", everSeen.size],
    ["seen edits lost", lostTotal],
    ["edits recovered from clients on reconnect", recoveredTotal],
    ["of which typed while the server was down", typedWhileDown],
    ["integrity_check failures", integrityFailures],
    ["paper loads after a kill (every one must succeed)", loads],
    ["restart p50 / p99 (spawn → listening), ms", `${fmt(restartMs, 50)} / ${fmt(restartMs, 99)}`],
    [
      "recovery p50 / p99 (kill → every client converged), ms",
      `${fmt(recoveryMs, 50)} / ${fmt(recoveryMs, 99)}`,
    ],
  );
  if (cyclesWithoutSeen > 0) {
    report.notes.push(`${cyclesWithoutSeen} cycle(s) were killed before any edit was seen.`);
  }
  report.notes.push(
    `Seen = a paragraph another client had received when the server died (the clients' documents are read after the exit); every kill re-checks every edit seen in earlier cycles too. Each client types ${OFFLINE_EDITS} paragraphs while the server is down. The file is checked with the server down: PRAGMA integrity_check, then the paper loaded from snapshot + tail as the server loads it.`,
    "Restart time includes Node starting and loading the TypeScript sources through tsx's loader; a built server starts faster.",
  );
  return report;
}

const fmt = (values: number[], p: number) => round(percentile(values, p));
