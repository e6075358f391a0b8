// Accord from a Node app, against the local server (`npx -y pnpm@10.34.8 start`):
//
//   ACCORD_TOKEN=$(npx -y pnpm@10.34.8 --silent token ada) \
//   ACCORD_SECOND_TOKEN=$(npx -y pnpm@10.34.8 --silent token bo) node index.mjs
//
// Ada starts a working group and a paper through GraphQL and invites Bo as an editor; both open
// the paper live with the stock y-websocket provider (through connectPaper); Ada types, Bo sees
// it, and the paper's text is read back through GraphQL.
// #region quickstart
import {
  AddCollaboratorDocument,
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  connectPaper,
  createClient,
  MeDocument,
  PaperContentDocument,
} from "@accord/client";
import * as Y from "yjs";

const graphqlUrl = process.env.ACCORD_GRAPHQL_URL ?? "http://localhost:4000/graphql";
const collabUrl = process.env.ACCORD_COLLAB_URL ?? "ws://localhost:4000/collab";
const adaToken = process.env.ACCORD_TOKEN;
const boToken = process.env.ACCORD_SECOND_TOKEN;
if (!adaToken || !boToken) throw new Error("Set ACCORD_TOKEN and ACCORD_SECOND_TOKEN.");

// GraphQL: typed documents in, typed results out.
const ada = createClient({ url: graphqlUrl, token: adaToken });
const bo = createClient({ url: graphqlUrl, token: boToken });
const { me: boMember } = await bo.request(MeDocument); // a first request creates the member
const { createWorkingGroup: group } = await ada.request(CreateWorkingGroupDocument, {
  input: { name: "Ocean observation", topicIds: ["oceans"] },
});
const { createPaper: paper } = await ada.request(CreatePaperDocument, {
  input: { workingGroupId: group.id, title: "Sharing ocean data across borders" },
});
await ada.request(AddCollaboratorDocument, {
  input: { paperId: paper.id, memberId: boMember.id, role: "EDITOR" },
});
console.log(`paper ${paper.id} in working group "${group.name}"`);

// Live editing: one Y.Doc and one stock provider per editor. The token travels as a WebSocket
// subprotocol; on Node 20 connectPaper loads `ws` by itself.
const open = (token) => {
  const doc = new Y.Doc();
  const provider = connectPaper({ url: collabUrl, paperId: paper.id, token, doc });
  const synced = new Promise((resolve) => provider.once("sync", resolve));
  return { doc, provider, synced };
};
const adaLive = open(adaToken);
const boLive = open(boToken);
await Promise.all([adaLive.synced, boLive.synced]);

// The body is a Y.XmlFragment in the ProseMirror/TipTap schema: type a paragraph into it.
const paragraph = new Y.XmlElement("paragraph");
paragraph.insert(0, [new Y.XmlText("Open data makes ocean science a shared language.")]);
adaLive.doc.getXmlFragment("body").insert(0, [paragraph]);

const boBody = boLive.doc.getXmlFragment("body");
await new Promise((resolve) => {
  const check = () => {
    if (boBody.length === 0) return;
    boBody.unobserveDeep(check);
    resolve();
  };
  boBody.observeDeep(check);
  check();
});
console.log(`Bo sees: ${boBody.toString()}`);

// What GraphQL reads is what the server stored.
const { paper: stored } = await ada.request(PaperContentDocument, { id: paper.id });
console.log(`content: ${stored?.content.text.trim()} (${stored?.content.wordCount} words)`);

adaLive.provider.destroy();
boLive.provider.destroy();
// #endregion quickstart
