// The stateful host's promise: an update reaches nobody before it is durable, however slow the
// disk, and an update storage refused reaches nobody at all.
import {
  CloseCode,
  decodeMessage,
  encodeSyncStep1,
  encodeUpdate,
  isPermanentClose,
} from "@accord/protocol";
import type { DocumentStore, Store } from "@accord/storage";
import { createMemoryStore } from "@accord/storage";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCollabHost, documentFromState, readContent } from "../src/index.ts";
import { authenticate, hostLimits, join, seed, settle } from "./host-helpers.ts";

/** A store whose appends wait until the test releases them, or fail when told to. */
function slowDisk(store: Store) {
  const waiting: { release: () => void; fail: (error: Error) => void }[] = [];
  let wake = () => {};
  const documents: DocumentStore = {
    ...store.documents,
    append(paperId, update, origin) {
      return new Promise((resolve, reject) => {
        waiting.push({
          release: () => resolve(store.documents.append(paperId, update, origin)),
          fail: reject,
        });
        wake();
      });
    },
  };
  /** Resolves once `count` appends are waiting. */
  const issued = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${count} appends never came`)), 5_000);
      wake = () => {
        if (waiting.length < count) return;
        clearTimeout(timer);
        resolve();
      };
      wake();
    });
  return { store: { ...store, documents }, waiting, issued };
}

function paragraphUpdate(text: string) {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("body").insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

const received = (sent: Uint8Array[]) =>
  sent.map(decodeMessage).filter((m) => m.type === "update" || m.type === "syncStep2");

const textOf = (messages: ReturnType<typeof received>) => {
  const doc = new Y.Doc();
  for (const m of messages) if ("update" in m) Y.applyUpdate(doc, m.update);
  return readContent(doc).text;
};

describe("durable before broadcast", () => {
  it("holds updates and sync answers back until the append is durable", async () => {
    const memory = createMemoryStore();
    await seed(memory, "p", { ada: "LEAD", bo: "EDITOR", cy: "EDITOR" });
    const { store, waiting, issued } = slowDisk(memory);
    const host = createCollabHost({ store, authenticate, limits: hostLimits() });
    const ada = await join(host, "p", "ada");
    const bo = await join(host, "p", "bo");
    const cy = await join(host, "p", "cy");

    ada.connection.receive(encodeUpdate(paragraphUpdate("first")));
    ada.connection.receive(encodeUpdate(paragraphUpdate("second")));
    cy.connection.receive(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await issued(2);
    // Nothing is durable yet: bo has nothing, cy's answer waits.
    expect(textOf(received(bo.socket.sent))).toBe("");
    expect(received(cy.socket.sent)).toHaveLength(0);

    waiting[0]!.release();
    await bo.socket.until("bo gets the first update", () => received(bo.socket.sent).length === 1);
    expect(textOf(received(bo.socket.sent))).toBe("first");
    const answers = () => received(cy.socket.sent).filter((m) => m.type === "syncStep2");
    expect(answers()).toHaveLength(0);

    waiting[1]!.release();
    await cy.socket.until("cy gets its answer", () => answers().length > 0);
    expect(textOf(received(bo.socket.sent)).split("\n").sort()).toEqual(["first", "second"]);
    expect(textOf(received(cy.socket.sent)).split("\n").sort()).toEqual(["first", "second"]);
    await host.close();
  });

  it("sends an update storage refused to nobody, and closes its author with 1011", async () => {
    const memory = createMemoryStore();
    await seed(memory, "p", { ada: "LEAD", bo: "EDITOR" });
    const { store, waiting, issued } = slowDisk(memory);
    const host = createCollabHost({ store, authenticate, limits: hostLimits() });
    const ada = await join(host, "p", "ada");
    const bo = await join(host, "p", "bo");
    ada.connection.receive(encodeUpdate(paragraphUpdate("lost")));
    await issued(1);
    waiting[0]!.fail(new Error("disk full"));
    await ada.socket.until("ada is closed", () => ada.socket.closedWith !== null);
    expect(ada.socket.closedWith?.code).toBe(CloseCode.serverError);

    // The open document was reloaded from storage: asking for everything does not bring it.
    await settle(bo);
    expect(textOf(received(bo.socket.sent))).toBe("");
    await host.close();
  });

  it("a full store closes the author with 4507 (retried), keeps serving reads and loses nothing stored", async () => {
    const memory = createMemoryStore();
    await seed(memory, "p", { ada: "LEAD", bo: "EDITOR", cy: "EDITOR" });
    // Appends fail as SQLite fails them on a full disk, until space comes back.
    let full = false;
    const store: Store = {
      ...memory,
      documents: {
        ...memory.documents,
        append(paperId, update, origin, options) {
          if (full) {
            const error = Object.assign(new Error("database or disk is full"), {
              code: "SQLITE_FULL",
            });
            return Promise.reject(new Error("append failed", { cause: error }));
          }
          return memory.documents.append(paperId, update, origin, options);
        },
      },
    };
    const host = createCollabHost({ store, authenticate, limits: hostLimits() });
    const ada = await join(host, "p", "ada");
    const bo = await join(host, "p", "bo");
    ada.connection.receive(encodeUpdate(paragraphUpdate("stored")));
    await bo.socket.until("bo gets the stored edit", () => textOf(received(bo.socket.sent)) !== "");

    full = true;
    const refused = paragraphUpdate("refused");
    ada.connection.receive(encodeUpdate(refused));
    await ada.socket.until("ada is closed", () => ada.socket.closedWith !== null);
    expect(ada.socket.closedWith?.code).toBe(CloseCode.storageFull);
    expect(isPermanentClose(ada.socket.closedWith?.code ?? 0)).toBe(false);
    await settle(bo);
    expect(bo.socket.closedWith).toBeNull();
    expect(textOf(received(bo.socket.sent))).toBe("stored");

    // Reads go on while the store is full: a newcomer syncs what was stored.
    const cy = await join(host, "p", "cy");
    cy.connection.receive(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await cy.socket.until("cy gets the stored text", () => textOf(received(cy.socket.sent)) !== "");
    expect(textOf(received(cy.socket.sent))).toBe("stored");

    // Space is back: the author's reconnection sends the edit again, and it is stored.
    full = false;
    const again = await join(host, "p", "ada");
    again.connection.receive(encodeUpdate(refused));
    await cy.socket.until("cy gets the edit sent again", () =>
      textOf(received(cy.socket.sent)).includes("refused"),
    );
    await host.close();
    const { doc } = documentFromState(await memory.documents.load("p"));
    expect(readContent(doc).text.split("\n").sort()).toEqual(["refused", "stored"]);
  });
});
