// The short profile of the serverless faults (serverless-local on DynamoDB Local): after every
// fault phase every client converges and the table holds every edit seen and typed.
import { expect, it } from "vitest";
import { SCENARIOS } from "../src/scenarios/index.ts";

it(
  "faults on the serverless path lose no edit and every client converges",
  { timeout: 180_000 },
  async () => {
    const report = await SCENARIOS["serverless-faults"]!.run({
      profile: "short",
      seed: 20_261_205,
    });
    // The failures say which phase lost what or did not converge: shown whole when the run fails.
    expect(report.failures).toEqual([]);
    const figure = (label: string) => report.figures.find(([name]) => name === label)?.[1];
    expect(figure("seen edits lost")).toBe(0);
    expect(figure("typed edits missing from the table after convergence")).toBe(0);
    // The faults were really injected.
    expect(report.figures.filter(([name]) => name.startsWith("injected: ")).length).toBeGreaterThan(
      3,
    );
  },
);
