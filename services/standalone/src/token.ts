// `pnpm token <username> [--coordinator] [--ttl 8h] [--data-dir .data]`: prints a local
// development token signed with the data directory's key (the one `pnpm start` uses).

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadOrCreateDevSigningKey, mintLocalToken, parseDuration } from "@accord/identity";

const USAGE = `Usage: pnpm token <username> [--coordinator] [--ttl 8h] [--name "Full Name"] [--email a@b.org] [--data-dir .data]

Prints a token for Authorization: Bearer <token> (GraphQL) and ?token=<token> (live editing).
The data directory defaults to ACCORD_DATA_DIR or ./.data, as for pnpm start.`;

async function main() {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const username = positionals[0];
  if (!username || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  try {
    const dataDir = resolve(values["data-dir"] ?? (process.env.ACCORD_DATA_DIR || ".data"));
    const key = await loadOrCreateDevSigningKey(dataDir);
    const token = await mintLocalToken(key, {
      username,
      coordinator: values.coordinator ?? false,
      ttlSeconds: parseDuration(values.ttl ?? "8h"),
      ...(values.name ? { name: values.name } : {}),
      ...(values.email ? { email: values.email } : {}),
    });
    process.stdout.write(`${token}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

function parse() {
  const args = process.argv.slice(2);
  return parseArgs({
    // `pnpm token -- ada` passes the "--" through; accept it as npm users type it.
    args: args[0] === "--" ? args.slice(1) : args,
    allowPositionals: true,
    strict: true,
    options: {
      coordinator: { type: "boolean" },
      ttl: { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

await main();
