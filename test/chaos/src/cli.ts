// `pnpm chaos <scenario|all> [--profile short|long] [--seed <n>] [--record]`: runs scenarios,
// prints their figures, exits non-zero on any failure. A long profile (or --record) writes its
// figures into test/bench/RESULTS.md (## Reliability) with this command, the date and machine.
import { parseArgs } from "node:util";
import { formatReport, type Profile } from "./report.ts";
import { writeResults } from "./results.ts";
import { SCENARIOS } from "./scenarios/index.ts";

const USAGE = `Usage: pnpm chaos <scenario|all> [--profile short|long] [--seed <n>] [--minutes <n>] [--record]

Scenarios:
${Object.entries(SCENARIOS)
  .map(([name, s]) => `  ${name.padEnd(18)} ${s.describe}`)
  .join("\n")}

--profile short is what CI runs; long is the run recorded in test/bench/RESULTS.md.
--minutes shortens or lengthens a scenario's main load (scale: the local run; soak: its traffic).
--record writes the figures to RESULTS.md (default: only for --profile long).`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    allowPositionals: true,
    options: {
      profile: { type: "string", default: "short" },
      seed: { type: "string" },
      minutes: { type: "string" },
      record: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [name] = positionals;
  if (values.help || !name) {
    process.stdout.write(`${USAGE}\n`);
    return name || values.help ? 0 : 2;
  }
  if (values.profile !== "short" && values.profile !== "long") {
    process.stderr.write(`--profile must be short or long\n\n${USAGE}\n`);
    return 2;
  }
  const profile: Profile = values.profile;
  const names = name === "all" ? Object.keys(SCENARIOS) : [name];
  for (const n of names) {
    if (!SCENARIOS[n]) {
      process.stderr.write(`no scenario ${n}\n\n${USAGE}\n`);
      return 2;
    }
  }
  const seed = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
  const record = values.record ?? profile === "long";
  let failed = 0;
  for (const n of names) {
    const started = performance.now();
    const log = (line: string) => process.stdout.write(`  ${line}\n`);
    process.stdout.write(`${n} (${profile}, seed ${seed})\n`);
    const report = await SCENARIOS[n]!.run({
      profile,
      seed,
      log,
      ...(values.minutes === undefined ? {} : { minutes: Number(values.minutes) }),
    });
    const durationMs = performance.now() - started;
    process.stdout.write(`\n${formatReport(report)}\n`);
    if (report.failures.length > 0) failed += 1;
    if (record) {
      // With the seed: a reader can run exactly what produced the figures.
      const minutes = values.minutes === undefined ? "" : ` --minutes ${values.minutes}`;
      writeResults(
        report,
        `pnpm chaos ${name} --profile ${profile} --seed ${seed}${minutes}`,
        durationMs,
      );
      process.stdout.write(`Recorded in test/bench/RESULTS.md (## Reliability).\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

// Exit explicitly: stock providers and SDK clients may keep timers that would hold the process.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  },
);
