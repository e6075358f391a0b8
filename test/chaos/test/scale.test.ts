// The short profile of the scale run: a few stock clients on a few papers of the real local
// server, then on serverless-local, from worker threads. It fails on any error or lost edit;
// latency is measured and printed by `pnpm chaos scale`, never asserted here (a shared CI
// machine's timing is not the product's).
import { expect, it } from "vitest";
import { SCENARIOS } from "../src/scenarios/index.ts";

it(
  "stock clients on several papers, local and serverless, see no error and lose no edit",
  { timeout: 180_000 },
  async () => {
    const report = await SCENARIOS.scale!.run({ profile: "short", seed: 20_261_205 });
    // The failures say which part lost what or which errors the clients saw: shown whole.
    expect(report.failures).toEqual([]);
    const figure = (label: string) => report.figures.find(([name]) => name === label)?.[1];
    for (const part of ["local", "serverless"]) {
      expect(figure(`${part}: errors (client side)`)).toBe(0);
      expect(figure(`${part}: lost edits (watchers)`)).toBe(0);
    }
    expect(figure("local: errors (server log)")).toBe(0);
    expect(figure("local: lost edits (SQLite file)")).toBe(0);
    expect(figure("serverless: handler invocations that failed")).toBe(0);
    expect(figure("serverless: lost edits (DynamoDB table)")).toBe(0);
    // Something was at stake: every watcher received edits on both hosts.
    expect(figure("local: deliveries measured")).toBeGreaterThan(0);
    expect(figure("serverless: deliveries measured")).toBeGreaterThan(0);
  },
);
