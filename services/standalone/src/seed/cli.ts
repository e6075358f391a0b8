// `pnpm seed [--data-dir .data] [--seed 2010] [--responses 320]`: load the demo platform into
// the local server's SQLite file (stop the server first, or start it with `--seed demo`).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openSqliteStore } from "@accord/storage-sqlite";
import { SQLITE_FILE } from "../index.ts";
import { DEFAULT_DEMO_SEED, seedDemo } from "./demo.ts";

const USAGE = `Usage: pnpm seed [--data-dir .data] [--seed ${DEFAULT_DEMO_SEED}] [--responses 320]`;

function wholeNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) {
    process.stderr.write(`--${name} must be a whole number (got "${text}").\n${USAGE}\n`);
    process.exit(2);
  }
  return Number(text);
}

const { values } = parseArgs({
  args: process.argv[2] === "--" ? process.argv.slice(3) : process.argv.slice(2),
  options: {
    "data-dir": { type: "string" },
    seed: { type: "string" },
    responses: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const dataDir = values["data-dir"] ?? process.env.ACCORD_DATA_DIR ?? ".data";
mkdirSync(dataDir, { recursive: true });
const store = openSqliteStore({ file: join(dataDir, SQLITE_FILE) });
try {
  const counts = await seedDemo(store, {
    seed: wholeNumber(values.seed, "seed", DEFAULT_DEMO_SEED),
    responses: wholeNumber(values.responses, "responses", 320),
  });
  process.stdout.write(
    counts
      ? `Demo platform loaded into ${dataDir}: ${Object.entries(counts)
          .map(([what, count]) => `${count} ${what}`)
          .join(
            ", ",
          )}.\nSign in as any of them, e.g. amira, or nadia (a coordinator: pnpm token nadia --coordinator).\n`
      : `${dataDir} has the demo platform already; nothing changed.\n`,
  );
} finally {
  await store.close();
}
