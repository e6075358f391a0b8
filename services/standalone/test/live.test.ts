// GraphQL and live editing in one process: edits made through the stock y-websocket provider
// show in GraphQL's content, a version restored through GraphQL reaches open editors at once,
// and removing a collaborator closes their live connection.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AccordClient,
  AccordGraphQLError,
  AddCollaboratorDocument,
  AddCommentDocument,
  CreatePaperDocument,
  CreateVersionDocument,
  CreateWorkingGroupDocument,
  createClient,
  MeDocument,
  PaperContentDocument,
  RemoveCollaboratorDocument,
  RestoreVersionDocument,
} from "@accord/client";
import { loadOrCreateDevSigningKey, mintLocalToken } from "@accord/identity";
import { silentLogger } from "@accord/logging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { type RunningServer, startServer } from "../src/index.ts";

const dataDir = mkdtempSync(join(tmpdir(), "accord-live-"));
let server: RunningServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startServer({ port: 0, dataDir, logger: silentLogger, development: false });
});
afterAll(async () => {
  // Shut down with editors still connected: close() must not wait on their sockets.
  await server.close();
  for (const provider of providers) provider.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolve when `check` holds, re-checking on each `subscribe` notification; fail at the deadline. */
function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  subscribe: (recheck: () => void) => () => void,
  deadlineMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error: Error | null, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolve(value as T);
    };
    const recheck = () => {
      Promise.resolve(check()).then(
        (value) => value !== undefined && finish(null, value),
        (error: Error) => finish(error),
      );
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), deadlineMs);
    const unsubscribe = subscribe(recheck);
    recheck();
  });
}

function connect(paperId: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.collabUrl, paperId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  providers.push(provider);
  return { doc, provider, body: doc.getXmlFragment("body") };
}

const paragraph = (text: string) => {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
};

let lead: AccordClient;
let editorToken: string;
let editorId: string;
let paperId: string;

describe("live editing beside GraphQL", () => {
  beforeAll(async () => {
    const key = await loadOrCreateDevSigningKey(dataDir);
    lead = createClient({
      url: server.url,
      token: await mintLocalToken(key, { username: "lead" }),
    });
    editorToken = await mintLocalToken(key, { username: "editor" });
    const editor = createClient({ url: server.url, token: editorToken });
    editorId = (await editor.request(MeDocument)).me!.id;
    const group = (
      await lead.request(CreateWorkingGroupDocument, { input: { name: "Energy grids" } })
    ).createWorkingGroup;
    paperId = (
      await lead.request(CreatePaperDocument, {
        input: { workingGroupId: group.id, title: "Cross-border grid interconnection" },
      })
    ).createPaper.id;
    await lead.request(AddCollaboratorDocument, {
      input: { paperId, memberId: editorId, role: "EDITOR" },
    });
  });

  it("shows text typed in a live editor in GraphQL's content", async () => {
    const { doc, provider, body } = connect(paperId, editorToken);
    await until(
      "sync",
      () => (provider.synced ? true : undefined),
      (recheck) => {
        provider.on("sync", recheck);
        return () => provider.off("sync", recheck);
      },
    );
    doc.transact(() => body.insert(0, [paragraph("Grids that cross borders need shared rules.")]));
    const text = await until(
      "the edit in GraphQL",
      async () => {
        const { paper } = await lead.request(PaperContentDocument, { id: paperId });
        return paper?.content.text.includes("shared rules") ? paper.content.text : undefined;
      },
      (recheck) => {
        const interval = setInterval(recheck, 50);
        return () => clearInterval(interval);
      },
    );
    expect(text).toBe("Grids that cross borders need shared rules.");

    const from = text.indexOf("shared rules");
    const { addComment } = await lead.request(AddCommentDocument, {
      input: { paperId, body: "Which rules?", range: { from, to: from + "shared rules".length } },
    });
    expect(addComment.anchor?.quote).toBe("shared rules");
  });

  it("delivers a version restored through GraphQL to open editors at once", async () => {
    const { doc, provider, body } = connect(paperId, editorToken);
    await until(
      "sync",
      () => (provider.synced ? true : undefined),
      (recheck) => {
        provider.on("sync", recheck);
        return () => provider.off("sync", recheck);
      },
    );
    const version = (
      await lead.request(CreateVersionDocument, { input: { paperId, name: "First draft" } })
    ).createVersion;
    expect(version.text).toBe("Grids that cross borders need shared rules.");
    doc.transact(() => {
      body.delete(0, body.length);
      body.insert(0, [paragraph("Everything rewritten.")]);
    });
    await until(
      "the rewrite in GraphQL",
      async () => {
        const { paper } = await lead.request(PaperContentDocument, { id: paperId });
        return paper?.content.text === "Everything rewritten." ? true : undefined;
      },
      (recheck) => {
        const interval = setInterval(recheck, 50);
        return () => clearInterval(interval);
      },
    );
    const restored = await lead.request(RestoreVersionDocument, { versionId: version.id });
    expect(restored.restoreVersion.content.text).toBe(
      "Grids that cross borders need shared rules.",
    );
    const seen = await until(
      "the restore in the open editor",
      () => {
        const text = body
          .toArray()
          .map((node) => (node as Y.XmlElement).toString())
          .join("");
        return text.includes("shared rules") && !text.includes("rewritten") ? text : undefined;
      },
      (recheck) => {
        doc.on("update", recheck);
        return () => doc.off("update", recheck);
      },
    );
    expect(seen).toContain("Grids that cross borders need shared rules.");
  });

  it("closes a removed collaborator's live connection (4403)", async () => {
    const { provider } = connect(paperId, editorToken);
    await until(
      "sync",
      () => (provider.synced ? true : undefined),
      (recheck) => {
        provider.on("sync", recheck);
        return () => provider.off("sync", recheck);
      },
    );
    const closed = new Promise<number>((resolve) => {
      provider.on("connection-close", (event: { code: number } | null) => {
        if (event) resolve(event.code);
      });
    });
    await lead.request(RemoveCollaboratorDocument, { input: { paperId, memberId: editorId } });
    expect(await closed).toBe(4403);
    provider.shouldConnect = false;

    const editor = createClient({ url: server.url, token: editorToken });
    const refused = await editor.request(PaperContentDocument, { id: paperId }).catch((e) => e);
    expect(refused).toBeInstanceOf(AccordGraphQLError);
    expect((refused as AccordGraphQLError).code).toBe("NOT_FOUND");
  });
});
