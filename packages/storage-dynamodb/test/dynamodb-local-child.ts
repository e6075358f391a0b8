// Run by dynamodb-local.test.ts as a separate process: starts DynamoDB Local, prints its
// endpoint, then either exits without stopping it ("exit" on stdin) or waits to be killed.
import { startDynamoDbLocal } from "../src/testing/index.ts";

const local = await startDynamoDbLocal();
process.stdout.write(`${JSON.stringify({ endpoint: local.endpoint })}\n`);
process.stdin.setEncoding("utf8");
process.stdin.on("data", (line: string) => {
  if (line.trim() === "exit") process.exit(0);
});
