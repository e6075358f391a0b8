// Writes a long run's figures into test/bench/RESULTS.md, section "## Reliability": one
// subsection per scenario (replaced when the scenario runs again), each with the command, date
// and machine that produced it. Only the chaos command calls this, never a test.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { formatReport, type ScenarioReport } from "./report.ts";

export const RESULTS_FILE = fileURLToPath(new URL("../../bench/RESULTS.md", import.meta.url));
const SECTION = "## Reliability";
const INTRO = `${SECTION}

Crash, fault and scale runs of live editing (test/chaos). The short profile runs in CI
(\`npx vitest run --project chaos\`) and fails on any lost edit or error; the figures below are
long runs made by hand with the command shown. "Seen" means received by another client before
the fault; a seen edit lost is a failure.
`;

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length}× ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

/** The subsection for one report: command, date, machine, then the figures. */
export function subsection(report: ScenarioReport, command: string, durationMs: number): string {
  const [heading, ...rest] = formatReport(report).split("\n");
  return [
    heading,
    "",
    `Command: \`${command}\` (${new Date().toISOString().slice(0, 10)}, ${Math.round(durationMs / 1000)} s; ${machine()}).`,
    ...rest,
  ].join("\n");
}

/** Replace (or add) the scenario's subsection in RESULTS.md's Reliability section. */
export function writeResults(report: ScenarioReport, command: string, durationMs: number) {
  const text = readFileSync(RESULTS_FILE, "utf8");
  const start = text.indexOf(`\n${SECTION}\n`);
  let before: string;
  let section: string;
  let after: string;
  if (start === -1) {
    before = `${text.trimEnd()}\n\n`;
    section = INTRO;
    after = "";
  } else {
    before = text.slice(0, start + 1);
    const next = text.indexOf("\n## ", start + SECTION.length + 1);
    section = next === -1 ? text.slice(start + 1) : text.slice(start + 1, next + 1);
    after = next === -1 ? "" : text.slice(next + 1);
  }
  const body = subsection(report, command, durationMs).trimEnd();
  const marker = `### ${report.scenario} (`;
  const at = section.indexOf(marker);
  if (at === -1) {
    section = `${section.trimEnd()}\n\n${body}\n`;
  } else {
    const end = section.indexOf("\n### ", at + marker.length);
    section = `${section.slice(0, at)}${body}\n${end === -1 ? "" : section.slice(end)}`;
  }
  writeFileSync(RESULTS_FILE, `${before}${section.trimEnd()}\n${after ? `\n${after}` : ""}`);
}
