// End to end on the serverless path, as a client app sees it: the typed GraphQL client against
// the GraphQL Lambda (HTTP API stand-in with its JWT authorizer), stock y-websocket providers
// through connectPaper() against the collab Lambdas (API Gateway WebSocket emulator), all on
// DynamoDB Local — started here with startServerlessLocal (what `pnpm serverless-local` runs).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AccordClient,
  AddCollaboratorDocument,
  ChangeCollaboratorRoleDocument,
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  connectPaper,
  createClient,
  MeDocument,
  PaperContentDocument,
  RemoveCollaboratorDocument,
} from "@accord/client";
import { type ServerlessLocal, startServerlessLocal } from "@accord/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

const DEADLINE_MS = 15_000;

let local: ServerlessLocal;
let dataDir: string;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "accord-serverless-e2e-"));
  local = await startServerlessLocal({ dataDir, logLevel: "error" });
}, 120_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await local?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Person {
  name: string;
  token: string;
  api: AccordClient;
  memberId: string;
}

async function person(name: string, coordinator = false): Promise<Person> {
  const token = await local.mintToken(name, { coordinator });
  const api = createClient({ url: local.graphqlUrl, token });
  const { me } = await api.request(MeDocument);
  if (!me) throw new Error(`${name} has no member record`);
  return { name, token, api, memberId: me.id };
}

function live(who: Person, paperId: string): WebsocketProvider {
  const provider = connectPaper({
    url: local.wsUrl,
    paperId,
    token: who.token,
    doc: new Y.Doc(),
    WebSocketImpl: WebSocket,
    transport: "apigateway",
    maxBackoffTime: 300,
  });
  providers.push(provider);
  return provider;
}

interface Emitter {
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

function until(what: string, check: () => boolean, sources: Emitter[]) {
  if (check()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const listener = () => {
      if (!check()) return;
      finish();
      resolve();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out waiting for ${what}`));
    }, DEADLINE_MS);
    const finish = () => {
      clearTimeout(timer);
      for (const source of sources) {
        source.off("update", listener);
        source.off("sync", listener);
      }
    };
    for (const source of sources) {
      source.on("update", listener);
      source.on("sync", listener);
    }
  });
}

const synced = (p: WebsocketProvider) => until("sync", () => p.synced, [p]);

function closedWith(p: WebsocketProvider): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for a close")), DEADLINE_MS);
    p.once("closed", (event: { code: number }) => {
      clearTimeout(timer);
      resolve(event.code);
    });
  });
}

function write(doc: Y.Doc, text: string) {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const body = doc.getXmlFragment("body");
  body.insert(body.length, [paragraph]);
}

const text = (doc: Y.Doc) =>
  doc
    .getXmlFragment("body")
    .toArray()
    .map((block) => (block instanceof Y.XmlElement ? block.toString().replace(/<[^>]+>/g, "") : ""))
    .join("\n");

/**
 * The paper's text as GraphQL reads it from storage. An update is stored before it is passed on,
 * and a refusal is sent instead of storing: once a client saw either, one read is enough.
 */
async function storedText(api: AccordClient, paperId: string) {
  const { paper } = await api.request(PaperContentDocument, { id: paperId });
  return paper?.content.text ?? "";
}

describe("serverless-local end to end", () => {
  it("co-drafts a paper live, with the role table applied as GraphQL changes it", async () => {
    const ada = await person("ada", true);
    const bo = await person("bo");
    const vera = await person("vera");
    const zed = await person("zed");

    const { createWorkingGroup } = await ada.api.request(CreateWorkingGroupDocument, {
      input: { name: "Oceans and supply chains" },
    });
    const { createPaper } = await ada.api.request(CreatePaperDocument, {
      input: {
        workingGroupId: createWorkingGroup.id,
        title: "Deep-sea minerals: a joint position",
      },
    });
    const paperId = createPaper.id;
    for (const [who, role] of [
      [bo, "EDITOR"],
      [vera, "VIEWER"],
    ] as const) {
      await ada.api.request(AddCollaboratorDocument, {
        input: { paperId, memberId: who.memberId, role },
      });
    }

    const [adaLive, boLive, veraLive] = [
      live(ada, paperId),
      live(bo, paperId),
      live(vera, paperId),
    ];
    await Promise.all([synced(adaLive), synced(boLive), synced(veraLive)]);
    write(adaLive.doc, "The seabed is a common heritage.");
    write(boLive.doc, "Moratorium until the science is in.");
    const both = (d: Y.Doc) => text(d).split("\n").filter(Boolean).length === 2;
    await until(
      "everyone has both paragraphs",
      () => [adaLive, boLive, veraLive].every((p) => both(p.doc)),
      [adaLive.doc, boLive.doc, veraLive.doc],
    );
    expect(text(veraLive.doc)).toBe(text(adaLive.doc));
    const afterBoth = await storedText(ada.api, paperId);
    expect(afterBoth).toContain("The seabed is a common heritage.");
    expect(afterBoth).toContain("Moratorium until the science is in.");

    // A VIEWER's edit is refused by the protocol and never stored.
    const refused = new Promise<void>((resolve) => {
      vi.spyOn(console, "warn").mockImplementation((message: unknown) => {
        if (String(message).includes("Permission denied")) resolve();
      });
    });
    write(veraLive.doc, "A viewer may not write this.");
    await refused;
    expect(await storedText(ada.api, paperId)).not.toContain("viewer may not");

    // Demoted through GraphQL: bo's open connection turns read-only at once.
    await ada.api.request(ChangeCollaboratorRoleDocument, {
      input: { paperId, memberId: bo.memberId, role: "VIEWER" },
    });
    const boRefused = new Promise<void>((resolve) => {
      vi.spyOn(console, "warn").mockImplementation((message: unknown) => {
        if (String(message).includes("Permission denied")) resolve();
      });
    });
    write(boLive.doc, "Written after the demotion.");
    await boRefused;
    expect(await storedText(ada.api, paperId)).not.toContain("after the demotion");

    // Removed through GraphQL: vera's connection is closed with 4403 and stays closed.
    const veraClosed = closedWith(veraLive);
    await ada.api.request(RemoveCollaboratorDocument, {
      input: { paperId, memberId: vera.memberId },
    });
    expect(await veraClosed).toBe(4403);

    // Someone who is no collaborator cannot open the draft at all.
    expect(await closedWith(live(zed, paperId))).toBe(4403);
  }, 90_000);

  it("refuses GraphQL without a valid token before the Lambda runs", async () => {
    const response = await fetch(local.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer not-a-token" },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    expect(response.status).toBe(401);
  });
});
