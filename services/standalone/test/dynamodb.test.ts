// The local backend on DynamoDB Local (--store dynamodb): the table is created on first start,
// and what GraphQL writes is there after a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  createClient,
  PaperDocument,
} from "@accord/client";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { silentLogger } from "@accord/logging";
import { type DynamoDbLocal, startDynamoDbLocal, uniqueTableName } from "@accord/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../src/index.ts";

let dynamo: DynamoDbLocal;
const dataDir = mkdtempSync(join(tmpdir(), "accord-dynamo-"));
beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
}, 120_000);
afterAll(async () => {
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("--store dynamodb", () => {
  it("creates its table on DynamoDB Local and keeps papers across a restart", async () => {
    const options = {
      port: 0,
      dataDir,
      store: "dynamodb" as const,
      dynamodbEndpoint: dynamo.endpoint,
      table: uniqueTableName("standalone"),
      logger: silentLogger,
      development: false,
    };
    const key = await loadOrCreateDevSigningKey(dataDir);
    const token = await mintLocalToken(key, { username: "pilar" });

    const first = await startServer(options);
    const client = createClient({ url: first.url, token });
    const group = (
      await client.request(CreateWorkingGroupDocument, { input: { name: "Quantum tech" } })
    ).createWorkingGroup;
    const paper = (
      await client.request(CreatePaperDocument, {
        input: {
          workingGroupId: group.id,
          title: "Export controls on quantum sensors",
          topicIds: ["technology-controls"],
        },
      })
    ).createPaper;
    await first.close();

    const second = await startServer(options);
    try {
      const again = createClient({ url: second.url, token });
      const { paper: read } = await again.request(PaperDocument, { id: paper.id });
      expect(read).toMatchObject({
        title: "Export controls on quantum sensors",
        workingGroup: { name: "Quantum tech" },
        topics: [{ id: "technology-controls" }],
        viewerRole: "LEAD",
      });
    } finally {
      await second.close();
    }
  });

  it("says which DynamoDB it cannot reach", async () => {
    await expect(
      startServer({
        port: 0,
        dataDir,
        store: "dynamodb",
        dynamodbEndpoint: "http://127.0.0.1:9",
        table: "unreachable",
        logger: silentLogger,
      }),
    ).rejects.toThrow(/Cannot reach DynamoDB at http:\/\/127.0.0.1:9/);
  });
});
