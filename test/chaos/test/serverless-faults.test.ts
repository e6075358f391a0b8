// The short profile of the serverless faults (serverless-local on DynamoDB Local): after every
// fault phase (DynamoDB throttled, slow or losing answers; $default repeated, reordered, dying
// or killed before or after its append; PostToConnection throttled, slow or answering Gone; the
// compactor failing) every client converges and the table holds every edit seen and typed.
import { expect, it } from "vitest";
import { SCENARIOS } from "../src/scenarios/index.ts";

it(
  "faults on the serverless path lose no edit and every client converges",
  { timeout: 420_000 },
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
    expect(figure("phases after which the table or a client held updates back (a gap)")).toBe(0);
    // The faults were really injected: among them invocations killed on either side of their
    // append, and PostToConnection throttled, slow and answering Gone.
    expect(report.figures.filter(([name]) => name.startsWith("injected: ")).length).toBeGreaterThan(
      3,
    );
    for (const injected of [
      "injected: $default killed before its append",
      "injected: $default killed after its append, before the fan-out",
      "injected: management calls throttled (429 LimitExceededException)",
      "injected: management calls slowed",
      "injected: posts answered 410 Gone (open connection)",
    ]) {
      expect(figure(injected), injected).toBeGreaterThan(0);
    }
  },
);
