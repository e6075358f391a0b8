// What a scenario measured: figures for the console and RESULTS.md, and the failures (any lost
// edit, integrity problem, unconverged client or unexpected error) that fail a run.
export type Profile = "short" | "long";

export interface ScenarioReport {
  scenario: string;
  /** One line: what was done, at what size. */
  title: string;
  profile: Profile;
  figures: [label: string, value: string | number][];
  /** Empty when the run held every promise it checks. */
  failures: string[];
  /** What the figures do not say by themselves (how a fault was made, what broke first). */
  notes: string[];
}

export function newReport(scenario: string, title: string, profile: Profile): ScenarioReport {
  return { scenario, title, profile, figures: [], failures: [], notes: [] };
}

export function formatReport(report: ScenarioReport): string {
  const lines = [
    `### ${report.scenario} (${report.profile}): ${report.title}`,
    "",
    "| Figure | Value |",
    "|---|---:|",
    ...report.figures.map(([label, value]) => `| ${label} | ${value} |`),
    "",
  ];
  for (const note of report.notes) lines.push(`- ${note}`);
  if (report.failures.length > 0) {
    lines.push("", `**Failures (${report.failures.length})**:`);
    for (const failure of report.failures.slice(0, 20)) lines.push(`- ${failure}`);
  }
  if (report.notes.length > 0 || report.failures.length > 0) lines.push("");
  return lines.join("\n");
}

/** Bounded listing of missing edit names for a failure message. */
export function sample(values: readonly string[], max = 5): string {
  return values.length <= max
    ? values.join(", ")
    : `${values.slice(0, max).join(", ")} … (${values.length})`;
}
