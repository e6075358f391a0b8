// Accord's serverless path from a Node app: against serverless-local
// (`npx -y pnpm@10.34.8 serverless-local`, which prints the URLs and a token) or a deployed
// stage (GraphqlUrl and WebSocketUrl from the stack outputs, a Cognito ID token):
//
//   ACCORD_GRAPHQL_URL=http://127.0.0.1:4010/graphql ACCORD_WS_URL=ws://127.0.0.1:4011/local \
//   ACCORD_TOKEN=<the printed token> node index.mjs
//
// One author writes through API Gateway's WebSocket API (base64 text frames, at most 32 KB each,
// which connectPaper's transport handles); a second connection of the same author receives it.
// #region serverless
import {
  CloseCode,
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  connectPaper,
  createClient,
  PaperContentDocument,
} from "@accord/client";
import * as Y from "yjs";

const graphqlUrl = process.env.ACCORD_GRAPHQL_URL ?? "http://127.0.0.1:4010/graphql";
const wsUrl = process.env.ACCORD_WS_URL ?? "ws://127.0.0.1:4011/local";
const token = process.env.ACCORD_TOKEN;
if (!token) throw new Error("Set ACCORD_TOKEN.");

const api = createClient({ url: graphqlUrl, token });
const { createWorkingGroup: group } = await api.request(CreateWorkingGroupDocument, {
  input: { name: "Space traffic", topicIds: ["space"] },
});
const { createPaper: paper } = await api.request(CreatePaperDocument, {
  input: { workingGroupId: group.id, title: "Coordinating satellite manoeuvres" },
});
console.log(`paper ${paper.id}`);

// `*.execute-api.*.amazonaws.com` URLs get the API Gateway transport by themselves; a local
// emulator's URL needs it named.
const open = () => {
  const doc = new Y.Doc();
  const provider = connectPaper({
    url: wsUrl,
    paperId: paper.id,
    token,
    doc,
    transport: "apigateway",
  });
  provider.on("connection-close", (event) => {
    // 4400–4499 are refusals the provider does not retry (4401: sign in again).
    if (event && event.code >= 4400 && event.code < 4500) {
      console.error(`refused: ${event.code} ${event.reason}`);
      if (event.code === CloseCode.unauthenticated) process.exitCode = 1;
    }
  });
  const synced = new Promise((resolve) => provider.once("sync", resolve));
  return { doc, provider, synced };
};
const writer = open();
const reader = open();
await Promise.all([writer.synced, reader.synced]);

const paragraph = new Y.XmlElement("paragraph");
paragraph.insert(0, [new Y.XmlText("Operators announce manoeuvres before they burn.")]);
writer.doc.getXmlFragment("body").insert(0, [paragraph]);

const body = reader.doc.getXmlFragment("body");
await new Promise((resolve) => {
  const check = () => {
    if (body.length === 0) return;
    body.unobserveDeep(check);
    resolve();
  };
  body.observeDeep(check);
  check();
});
console.log(`the second connection sees: ${body.toString()}`);

const { paper: stored } = await api.request(PaperContentDocument, { id: paper.id });
console.log(`content: ${stored?.content.text.trim()}`);

writer.provider.destroy();
reader.provider.destroy();
// #endregion serverless
