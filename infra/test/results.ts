// Writes one section of a RESULTS.md, leaving every other section as it is.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Where a test reports what it measured: the gitignored test-artifacts/bench/RESULTS.md, or
 * the tracked test/bench/RESULTS.md when the bench command asks for it (`publish`).
 */
export function resultsFile(repoRoot: string, publish: boolean): string {
  return join(repoRoot, publish ? "test/bench/RESULTS.md" : "test-artifacts/bench/RESULTS.md");
}

/** Replace (or append) the `## <heading>` section: from its heading to the next `## `. */
export function replaceSection(document: string, heading: string, body: string): string {
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const lines = document.split("\n");
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start === -1) {
    const base = document.trimEnd();
    return `${base}${base === "" ? "" : "\n\n"}${section}`;
  }
  const next = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  const before = lines.slice(0, start).join("\n");
  const after = next === -1 ? "" : lines.slice(next).join("\n");
  return `${before}${before === "" ? "" : "\n"}${section}${after === "" ? "" : `\n${after}`}`;
}

export function writeResultsSection(path: string, heading: string, body: string): void {
  const current = existsSync(path)
    ? readFileSync(path, "utf8")
    : "# Benchmark results\n\nFigures measured on this repository, with the command that made them.\n";
  const updated = replaceSection(current, heading, body);
  if (updated === current) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, updated);
}
