// The production bundle stays inside budget.json (gzip bytes): the entry a visitor loads first,
// and everything including the editor chunk; the API explorer, a build of its own, likewise.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  WEB_DIST_DIR as DIST_DIR,
  EXPLORER_DIST_DIR,
  EXPLORER_PAGE,
  ensureWebBuild as ensureBuilt,
  WEB_DIR,
} from "../../src/build.ts";
import { measureBundle, overBudget, readBudget } from "../support/bundle.ts";

beforeAll(async () => {
  await ensureBuilt();
});

describe("bundle budget", () => {
  it("keeps the entry and the whole app under budget.json", () => {
    const budget = readBudget(join(WEB_DIR, "budget.json"));
    const sizes = measureBundle(DIST_DIR);
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.info(
      [
        ...sizes.files.map((f) => `${f.name}: ${kib(f.bytes)} raw, ${kib(f.gzipBytes)} gzip`),
        `entry: ${kib(sizes.entryGzipBytes)} gzip (budget ${kib(budget.entryGzipBytes)})`,
        `total: ${kib(sizes.totalGzipBytes)} gzip (budget ${kib(budget.totalGzipBytes)})`,
      ].join("\n"),
    );
    expect(sizes.entryGzipBytes).toBeGreaterThan(0);
    expect(overBudget(sizes, budget)).toEqual([]);
  });

  it("keeps the explorer under its own line, and out of the app's bundle", () => {
    const budget = readBudget(join(WEB_DIR, "budget.json"));
    const sizes = measureBundle(EXPLORER_DIST_DIR, EXPLORER_PAGE);
    console.info(`explorer: ${(sizes.totalGzipBytes / 1024).toFixed(1)} KiB gzip`);
    // The page loads GraphiQL (and Monaco) from its own files: a CDN would leave nothing here.
    expect(sizes.entryGzipBytes).toBeGreaterThan(100_000);
    expect(sizes.totalGzipBytes).toBeLessThanOrEqual(budget.explorerTotalGzipBytes);
    const appFiles = readdirSync(join(DIST_DIR, "assets"));
    const carriesGraphiql = appFiles.filter((name) =>
      readFileSync(join(DIST_DIR, "assets", name), "utf8").includes("graphiql"),
    );
    expect(carriesGraphiql).toEqual([]);
  });

  it("names each limit a bundle goes over", () => {
    const sizes = measureBundle(DIST_DIR);
    const tight = {
      entryGzipBytes: sizes.entryGzipBytes - 1,
      totalGzipBytes: sizes.totalGzipBytes,
    };
    expect(overBudget(sizes, tight)).toEqual([
      `entry ${sizes.entryGzipBytes} B gzip > budget ${tight.entryGzipBytes} B`,
    ]);
    expect(overBudget(sizes, { entryGzipBytes: 0, totalGzipBytes: 0 })).toHaveLength(2);
  });
});
