// The deployed entry module (src/lambda.ts) as Lambda runs it: configuration from the
// environment at module scope, DynamoDB (Local) underneath, identity from the JWT authorizer.

import { type DynamoDbLocal, startDynamoDbLocal } from "@accord/test-support";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphqlEvent } from "../src/lambda-handler.ts";
import recorded from "./events/http-api-v2-jwt.json" with { type: "json" };

let dynamo: DynamoDbLocal;
let handler: typeof import("../src/lambda.ts").handler;
const saved = { ...process.env };

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  process.env.TABLE_NAME = dynamo.tableName;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.OIDC_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI";
  process.env.OIDC_CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado";
  process.env.LOG_LEVEL = "warn";
  delete process.env.MANAGEMENT_ENDPOINT;
  ({ handler } = await import("../src/lambda.ts"));
}, 120_000);

afterAll(async () => {
  process.env = saved;
  await dynamo?.stop();
});

let sequence = 0;
async function call(query: string, variables: Record<string, unknown> = {}) {
  const event = structuredClone(recorded) as unknown as GraphqlEvent;
  event.requestContext.requestId = `entry-${++sequence}`;
  event.body = JSON.stringify({ query, variables });
  const result = await handler(event, { awsRequestId: `aws-${sequence}` } as Context);
  return { status: result.statusCode, body: JSON.parse(result.body ?? "null") };
}

describe("the GraphQL Lambda entry on DynamoDB", () => {
  it("creates and reads back a working group and a paper as the authorizer's member", async () => {
    const me = await call("{ me { displayName platformRole } topics { id } }");
    expect(me.status).toBe(200);
    expect(me.body.data.me).toEqual({ displayName: "amina.diallo", platformRole: "COORDINATOR" });
    expect(me.body.data.topics).toHaveLength(6);

    const group = await call(
      `mutation { createWorkingGroup(input: { name: "Polar science", topicIds: ["oceans"] }) { id } }`,
    );
    const groupId = group.body.data.createWorkingGroup.id;
    const paper = await call(
      `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Arctic research stations" }) { id } }`,
      { g: groupId },
    );
    const paperId = paper.body.data.createPaper.id;
    const read = await call(
      `query($p: ID!) { paper(id: $p) { title status workingGroup { name } collaborators { role }
        content { text wordCount } } papers(first: 5) { edges { node { id } } } }`,
      { p: paperId },
    );
    expect(read.body.data).toEqual({
      paper: {
        title: "Arctic research stations",
        status: "DRAFT",
        workingGroup: { name: "Polar science" },
        collaborators: [{ role: "LEAD" }],
        content: { text: "", wordCount: 0 },
      },
      papers: { edges: [{ node: { id: paperId } }] },
    });
  });
});
