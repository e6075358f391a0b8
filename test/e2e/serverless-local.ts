// `pnpm serverless-local`: the real Lambda handlers on this machine — the GraphQL handler behind
// an HTTP API stand-in, the collab handlers behind the API Gateway WebSocket emulator, the
// compaction handler fed by the table's stream — on DynamoDB Local (Java 17+). Prints the URLs
// and a development token; Ctrl-C stops everything.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startServerlessLocal } from "@accord/test-support";

const USAGE = `Usage: pnpm serverless-local [--http-port 4010] [--ws-port 4011] [--data-dir .data]
                            [--dynamodb-endpoint http://127.0.0.1:8000 --table accord] [--user ada]
                            [--compact-after 500]

Starts DynamoDB Local (unless --dynamodb-endpoint names a running one with --table), the GraphQL
Lambda on http://127.0.0.1:<http-port>/graphql and the collab Lambdas on ws://127.0.0.1:<ws-port>/local.
The compaction Lambda reads the table's stream (log appends, batches of 100) as on AWS; a table
given with --table must have the stream of the shared definition. --compact-after sets how many
log entries a paper collects before it is compacted.
Tokens are development tokens signed with the key in --data-dir, the one pnpm start and
pnpm token use (default ACCORD_DATA_DIR or ./.data): pnpm token <user> mints more.`;

async function main() {
  const { values } = parseArgs({
    options: {
      "http-port": { type: "string", default: "4010" },
      "ws-port": { type: "string", default: "4011" },
      "data-dir": { type: "string" },
      "dynamodb-endpoint": { type: "string" },
      table: { type: "string" },
      user: { type: "string", default: "ada" },
      "compact-after": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values["dynamodb-endpoint"] && !values.table) {
    throw new Error(
      "--dynamodb-endpoint needs --table (an existing table made from the shared definition).",
    );
  }
  const dataDir = resolve(values["data-dir"] ?? (process.env.ACCORD_DATA_DIR || ".data"));
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  if (nodeMajor < 22) {
    // Says the same as the README: the AWS SDK's own warning below is about its future releases.
    process.stdout.write(
      `Node ${process.versions.node}: supported (≥ 20.19). Lambda runs Node 22, and AWS SDK releases ` +
        "after January 2027 need it (the SDK warns below); the pinned SDK works on Node 20.\n",
    );
  }
  process.stdout.write("Starting DynamoDB Local and the Lambda handlers…\n");
  const local = await startServerlessLocal({
    dataDir,
    httpPort: Number(values["http-port"]),
    wsPort: Number(values["ws-port"]),
    logLevel: process.env.LOG_LEVEL ?? "info",
    ...(values["compact-after"] ? { compactAfterEntries: Number(values["compact-after"]) } : {}),
    ...(values["dynamodb-endpoint"] && values.table
      ? { dynamodb: { endpoint: values["dynamodb-endpoint"], tableName: values.table } }
      : {}),
  });
  const token = await local.mintToken(values.user, { coordinator: true });
  const query = JSON.stringify({ query: "{ me { id displayName } }" });
  process.stdout.write(
    [
      "",
      "Accord serverless-local is running (the real Lambda handlers, emulated API Gateway):",
      `  GraphQL            ${local.graphqlUrl}   (JWT authorizer: every request needs a token)`,
      `  Live editing       ${local.wsUrl}   (connectPaper({ url, transport: "apigateway" }))`,
      `  @connections       ${local.managementEndpoint}`,
      `  DynamoDB Local     ${local.dynamodbEndpoint}   table ${local.tableName}`,
      "  Compaction         the table's stream → the compaction handler (log appends only)",
      `  Signing key        ${dataDir}`,
      "",
      `A token for "${values.user}" (coordinator, 8 h), and commands that use it:`,
      "",
      `  TOKEN=${token}`,
      "",
      `  curl -s ${local.graphqlUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '${query}'`,
      "",
      "  # the serverless client example (test/examples/serverless), once its dependencies are installed:",
      `  ACCORD_GRAPHQL_URL=${local.graphqlUrl} ACCORD_WS_URL=${local.wsUrl} ACCORD_TOKEN=$TOKEN node index.mjs`,
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("Stopping…\n");
    await local.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(1);
});
