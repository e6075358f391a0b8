// The short profile of the soak: mixed traffic on the real local server for a few seconds, then
// everybody leaves. It fails on any error, any seen edit lost, or a document still open after the
// server's unload delay; the slopes it prints are judged only by the long profile (an hour).
import { expect, it } from "vitest";
import { SCENARIOS } from "../src/scenarios/index.ts";
import { slopePerHour } from "../src/soak/samples.ts";

it(
  "mixed traffic on the local server loses nothing, errs nowhere and leaves no document open",
  { timeout: 150_000 },
  async () => {
    const report = await SCENARIOS.soak!.run({ profile: "short", seed: 20_261_205 });
    // The failures say what was lost, which errors happened, what stayed open: shown whole.
    expect(report.failures).toEqual([]);
    const figure = (label: string) => report.figures.find(([name]) => name === label)?.[1];
    expect(figure("errors (clients, GraphQL, sampling)")).toBe(0);
    expect(figure("seen edits lost (in a read, in GraphQL at the end, in the SQLite file)")).toBe(
      "0 / 0 / 0",
    );
    expect(String(figure("open documents / connections after everyone left"))).toMatch(/^0 \/ 0 /);
    // Something was at stake: every kind of traffic happened.
    expect(figure("edits typed")).toBeGreaterThan(0);
    expect(figure("role changes on a live connection")).toBeGreaterThan(0);
    expect(figure("comments")).toBeGreaterThan(0);
    expect(String(figure("versions saved / restored"))).toMatch(/^[1-9]\d* \/ [1-9]\d*$/);
    // The server logged every document it opened, and as many unloads.
    const [loaded, unloaded] = String(
      figure("documents loaded / unloaded by the server (its log)"),
    ).split(" / ");
    expect(Number(loaded)).toBeGreaterThanOrEqual(2);
    expect(unloaded).toBe(loaded);
  },
);

it("slopes are least squares per hour", () => {
  // 1 MiB more every 6 minutes, with noise that cancels out: 10 MiB per hour.
  const points = Array.from({ length: 11 }, (_, i) => ({
    atMs: i * 360_000,
    value: 100 + i + (i % 2 === 0 ? 0.5 : -0.5),
  }));
  expect(slopePerHour(points)).toBeCloseTo(10, 0);
  expect(slopePerHour(points.slice(0, 1))).toBeNaN();
});
