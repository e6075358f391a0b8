// SIGKILL during a version restore (GraphQL restoreVersion): the co-authors type, a version is
// saved, they type more, then the restore is sent and the server is killed a random moment
// later. The file must hold one of the two whole states: the version's paragraphs exactly (the
// restore committed) or every edit seen before it (it did not); never a part of a restore.
import { CreateVersionDocument, RestoreVersionDocument } from "@accord/client";
import { converged, startTyping } from "../local/co-authors.ts";
import { PaperRun } from "../local/paper-run.ts";
import { missing, mulberry32, paragraphTexts, percentile, round } from "../measure.ts";
import { newReport, type Profile, type ScenarioReport, sample } from "../report.ts";

export interface CrashRestoreOptions {
  profile: Profile;
  kills: number;
  authors: number;
  seed: number;
  log?: (line: string) => void;
}

/** Typing before and after the version is saved, ms. */
const TYPING_MS = 400;

export async function crashRestore(options: CrashRestoreOptions): Promise<ScenarioReport> {
  const report = newReport(
    "crash-restore",
    `${options.kills} SIGKILLs during restoreVersion on the local server (${options.authors} stock providers; seed ${options.seed})`,
    options.profile,
  );
  const random = mulberry32(options.seed);
  const log = options.log ?? (() => {});
  const run = await PaperRun.start({ authors: options.authors, title: "Restore kills" });
  const lead = run.authors[0]!;
  const first = run.lives[0]!;
  const typeFor = async (ms: number) => {
    const typing = startTyping(run.lives);
    await new Promise((resolve) => setTimeout(resolve, ms));
    typing.stop();
    await converged(run.lives, "co-authors to converge after typing");
  };
  let restored = 0;
  let notRestored = 0;
  let torn = 0;
  let answered = 0;
  const restoreMs: number[] = [];
  try {
    for (let kill = 1; kill <= options.kills; kill++) {
      await typeFor(TYPING_MS);
      const { createVersion } = await lead.api.request(CreateVersionDocument, {
        input: { paperId: run.paperId, name: `before kill ${kill}` },
      });
      const versionParagraphs = new Set(paragraphTexts(first.doc));
      await typeFor(TYPING_MS);
      const before = new Set(paragraphTexts(first.doc));
      // The kill lands within about one restore's time of the request (measured as they answer).
      const typicalMs = restoreMs.length > 0 ? percentile(restoreMs, 50) : 50;
      const sent = performance.now();
      const restore = lead.api
        .request(RestoreVersionDocument, { versionId: createVersion.id })
        .then(
          () => {
            answered += 1;
            restoreMs.push(performance.now() - sent);
          },
          () => {},
        );
      await new Promise((resolve) => setTimeout(resolve, random() * typicalMs * 1.5));
      const seen = await run.kill();
      await restore;
      const check = await run.check(seen);
      const stored = check.stored.paragraphs;
      const isVersion =
        stored.size === versionParagraphs.size && missing(versionParagraphs, stored).length === 0;
      const isBefore = missing(before, stored).length === 0;
      if (isVersion) restored += 1;
      else if (isBefore) notRestored += 1;
      else {
        torn += 1;
        report.failures.push(
          `kill ${kill}: the file holds neither the version nor the state before the restore (missing from before: ${sample(missing(before, stored))})`,
        );
      }
      if (check.stored.integrity !== "ok") {
        report.failures.push(`kill ${kill}: integrity_check: ${check.stored.integrity}`);
      }
      await run.restart(check.stored);
      const final = new Set(paragraphTexts(first.doc));
      if (final.size !== stored.size || missing(stored, final).length > 0) {
        report.failures.push(
          `kill ${kill}: the clients converged on ${final.size} paragraphs, the file held ${stored.size}`,
        );
      }
      log(
        `restore kill ${kill}/${options.kills}: ${isVersion ? "restored" : isBefore ? "not restored" : "TORN"}; version ${versionParagraphs.size} paragraphs, before ${before.size}, file ${stored.size}`,
      );
    }
  } finally {
    await run.close();
  }
  report.figures.push(
    ["kills during restoreVersion", options.kills],
    ["… the file held the restored version", restored],
    ["… the file held the state before the restore, every seen edit in it", notRestored],
    ["… the file held a part of a restore (must be 0)", torn],
    ["restores answered before the kill", answered],
    [
      "restoreVersion p50 when answered, ms",
      restoreMs.length > 0 ? round(percentile(restoreMs, 50)) : "–",
    ],
  );
  report.notes.push(
    "After each restart the stock clients reconnect and converge on exactly what the file holds (a restore deletes the paragraphs typed after the version, also in the clients).",
  );
  return report;
}
