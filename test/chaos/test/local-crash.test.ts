// The short profile of the local crash scenarios (the real server process on SQLite, stock
// providers): every run must lose no seen edit, keep the file intact and converge.
import { describe, expect, it } from "vitest";
import type { ScenarioReport } from "../src/report.ts";
import { SCENARIOS } from "../src/scenarios/index.ts";

const SEED = 20_261_205;

function figure(report: ScenarioReport, label: string): string | number | undefined {
  return report.figures.find(([name]) => name === label)?.[1];
}

async function runShort(name: string): Promise<ScenarioReport> {
  const report = await SCENARIOS[name]!.run({ profile: "short", seed: SEED });
  // The failures say what was lost and where: shown whole when the run fails.
  expect(report.failures).toEqual([]);
  return report;
}

describe("local server crashes (short profile)", () => {
  it(
    "SIGKILL/restart cycles lose no seen edit and leave the file intact",
    { timeout: 120_000 },
    async () => {
      const report = await runShort("crash-cycles");
      expect(figure(report, "cycles (SIGKILL + restart)")).toBe(5);
      expect(figure(report, "seen edits lost")).toBe(0);
      expect(figure(report, "integrity_check failures")).toBe(0);
      expect(figure(report, "paper loads after a kill (every one must succeed)")).toBe(5);
      // Something was at stake: other clients had received edits before the kills.
      expect(figure(report, "distinct edits seen by another client before a kill")).toBeGreaterThan(
        0,
      );
      // The offline edits came back from the clients.
      expect(figure(report, "edits recovered from clients on reconnect")).toBeGreaterThan(0);
    },
  );

  it("a SIGKILL timed to a compaction loses nothing", { timeout: 120_000 }, async () => {
    const report = await runShort("crash-compaction");
    expect(figure(report, "seen edits lost")).toBe(0);
    expect(figure(report, "integrity_check failures")).toBe(0);
  });

  it(
    "a SIGKILL during restoreVersion leaves the whole version or the whole state before it",
    { timeout: 120_000 },
    async () => {
      const report = await runShort("crash-restore");
      expect(figure(report, "… the file held a part of a restore (must be 0)")).toBe(0);
    },
  );

  it(
    "a full disk refuses writes with 4507 (transient), keeps the server up and loses nothing seen",
    { timeout: 120_000 },
    async () => {
      const report = await runShort("disk-full");
      expect(figure(report, "server process stayed up")).toBe("yes");
      expect(figure(report, "seen edits lost")).toBe(0);
      expect(figure(report, "typed edits missing from the file after space came back")).toBe(0);
      expect(
        figure(report, "live-editing closes with 4507 (storage full, retried) on the full disk"),
      ).toBeGreaterThan(0);
      expect(figure(report, "live-editing closes with 1011 (server error) on the full disk")).toBe(
        0,
      );
      expect(String(figure(report, "GraphQL createVersion on the full disk"))).toMatch(
        /^INTERNAL_SERVER_ERROR/,
      );
      expect(figure(report, "integrity_check")).toBe("ok");
    },
  );
});
