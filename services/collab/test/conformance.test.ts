// One table of live-editing scenarios, run through both hosts: the same replies, broadcasts and
// close codes whether a paper is served by the local process or by the Lambdas.
import { documentFromState, type LiveNotifier, readSuggestions } from "@accord/collab";
import type { Limits } from "@accord/domain";
import {
  CloseCode,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSyncStep2,
  encodeTextFrames,
  encodeUpdate,
} from "@accord/protocol";
import type { Store } from "@accord/storage";
import { afterEach, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  conformanceLimits,
  type HostDriver,
  seedPaper,
  serverlessDriver,
  statefulDriver,
} from "./conformance-drivers.ts";

const hosts = [
  ["stateful", statefulDriver],
  ["serverless", serverlessDriver],
] as const;

/** A Yjs update adding a paragraph with `text`, from a fresh client. */
function edit(text: string, size = 0): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text + "x".repeat(size))]);
  doc.getXmlFragment("body").insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
}

async function storedText(store: Store, paperId = "p"): Promise<string> {
  const { doc } = documentFromState(await store.documents.load(paperId));
  const text = doc.getXmlFragment("body").toString();
  doc.destroy();
  return text;
}

function awarenessOf(name: string): Uint8Array {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalStateField("user", { name });
  const message = encodeAwareness(
    awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
  );
  awareness.destroy();
  return message;
}

describe.each(hosts)("live editing on the %s host", (_name, create) => {
  let driver: HostDriver;
  afterEach(async () => {
    await driver?.close();
  });

  async function paper(
    limits: Limits = conformanceLimits(),
    status: Parameters<typeof seedPaper>[3] = "DRAFT",
  ) {
    driver = create(limits);
    await seedPaper(
      driver.store,
      "p",
      { ada: "LEAD", bo: "EDITOR", cy: "COMMENTER", vi: "VIEWER" },
      status,
    );
    return driver;
  }
  const join = async (name: string, token = `user:${name}`, paperId: string | null = "p") => {
    const client = await driver.connect(name, paperId, token);
    if (client.closed) throw new Error(`${name} refused: ${JSON.stringify(client.closed)}`);
    return client;
  };
  const refusal = async (paperId: string | null, token: string | null) =>
    (await driver.connect("refused", paperId, token)).closed?.code;

  it("answers a sync step 1 with the stored document and its own step 1", async () => {
    await paper();
    await driver.store.documents.append("p", edit("stored"), {
      memberId: "ada",
      at: "2025-01-01T00:00:01.000Z",
    });
    const ada = await join("ada");
    await driver.barrier(ada);
    const step2 = ada.receivedOf("syncStep2").at(-1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, step2?.update ?? new Uint8Array());
    expect(doc.getXmlFragment("body").toString()).toBe("<paragraph>stored</paragraph>");
    expect(ada.receivedOf("syncStep1").length).toBeGreaterThan(0);
  });

  it("stores an editor's update before passing it to the others, not back to its author", async () => {
    await paper();
    const [ada, bo] = [await join("ada"), await join("bo")];
    await ada.send(encodeUpdate(edit("hello")));
    await driver.barrier(ada);
    await driver.until("bo to get the update", () => bo.receivedOf("update").length === 1);
    expect(await storedText(driver.store)).toBe("<paragraph>hello</paragraph>");
    expect(ada.receivedOf("update")).toHaveLength(0);
  });

  it.each([
    ["a VIEWER", "vi", "DRAFT", "read-only"],
    ["a COMMENTER (plain text, not a suggestion)", "cy", "DRAFT", "suggestions only"],
    ["the LEAD of a published paper", "ada", "PUBLISHED", "frozen"],
  ] as const)("refuses %s's update with permission-denied, storing and sending nothing", async (_who, name, status, reason) => {
    await paper(conformanceLimits(), status);
    const [writer, other] = [await join(name), await join("bo")];
    await writer.send(encodeUpdate(edit("not allowed")));
    await driver.barrier(writer);
    await driver.barrier(other);
    expect(
      writer
        .receivedOf("permissionDenied")
        .map((m) => m.reason)
        .join(),
    ).toContain(reason);
    expect(writer.closed).toBeNull();
    expect(other.receivedOf("update")).toHaveLength(0);
    expect((await driver.store.documents.load("p")).tail).toHaveLength(0);
  });

  it("takes a read-only client's sync step 2 that brings only deletions it knows of without a word", async () => {
    await paper();
    // The paper has text with a deletion; the reader's copy knows both.
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("draft text")]);
    doc.getXmlFragment("body").insert(0, [paragraph]);
    (paragraph.get(0) as Y.XmlText).delete(0, 6);
    await driver.store.documents.append("p", Y.encodeStateAsUpdate(doc), {
      memberId: "ada",
      at: "2025-01-01T00:00:01.000Z",
    });
    const vi = await join("vi");
    await vi.send(encodeSyncStep2(Y.encodeStateAsUpdate(new Y.Doc())));
    await vi.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))));
    await driver.barrier(vi);
    expect(vi.receivedOf("permissionDenied")).toHaveLength(0);
    expect(vi.closed).toBeNull();
    expect((await driver.store.documents.load("p")).tail).toHaveLength(1);
  });

  it("echoes presence to its sender and passes it to the others", async () => {
    await paper();
    const [ada, vi] = [await join("ada"), await join("vi")];
    await ada.send(awarenessOf("Ada"));
    await driver.until(
      "both to see Ada",
      () => ada.receivedOf("awareness").length > 0 && vi.receivedOf("awareness").length > 0,
    );
    await vi.send(encodeQueryAwareness());
    await driver.until(
      "vi to be told who is here again",
      () =>
        vi.receivedOf("awareness").length > 1 ||
        ada.received.some((m) => m.type === "queryAwareness"),
    );
  });

  it("reassembles a chunked update and treats it as one", async () => {
    await paper();
    const [ada, bo] = [await join("ada"), await join("bo")];
    const frames = encodeTextFrames(encodeUpdate(edit("chunked", 3_000)), 1_024);
    expect(frames.length).toBeGreaterThan(2);
    for (const frame of frames) await ada.send(frame);
    await driver.barrier(ada);
    await driver.until("bo to get it", () => bo.receivedOf("update").length === 1);
    expect(await storedText(driver.store)).toContain("chunked");
  });

  describe("bad input: the documented close, nothing stored, the others unaffected", () => {
    it.each([
      [
        "a malformed message",
        (): Uint8Array | string => new Uint8Array([0, 9, 1, 2]),
        CloseCode.badRequest,
      ],
      [
        "a frame that is not base64",
        (): Uint8Array | string => "not base64!",
        CloseCode.badRequest,
      ],
      [
        "a truncated update",
        (): Uint8Array | string => encodeUpdate(new Uint8Array([1, 5, 200])),
        CloseCode.badRequest,
      ],
    ] as const)("%s", async (_what, frame, code) => {
      await paper();
      const [ada, bo] = [await join("ada"), await join("bo")];
      await ada.send(frame());
      await driver.until("ada closed", () => ada.closed !== null);
      expect(ada.closed?.code).toBe(code);
      await bo.send(encodeUpdate(edit("still fine")));
      await driver.barrier(bo);
      expect(bo.closed).toBeNull();
      expect(await storedText(driver.store)).toBe("<paragraph>still fine</paragraph>");
    });

    it("an update over maxUpdateBytes: 4413", async () => {
      await paper(conformanceLimits({ maxUpdateBytes: 1_000 }));
      const ada = await join("ada");
      await ada.send(encodeUpdate(edit("big", 2_000)));
      await driver.until("ada closed", () => ada.closed !== null);
      expect(ada.closed?.code).toBe(CloseCode.tooLarge);
      expect((await driver.store.documents.load("p")).tail).toHaveLength(0);
    });

    it("an update that would grow the document past its limit: 4413", async () => {
      await paper(conformanceLimits({ maxDocumentBytes: 3_000 }));
      const ada = await join("ada");
      await ada.send(encodeUpdate(edit("first", 1_000)));
      await driver.barrier(ada);
      await ada.send(encodeUpdate(edit("second", 2_500)));
      await driver.until("ada closed", () => ada.closed !== null);
      expect(ada.closed?.code).toBe(CloseCode.tooLarge);
      expect(await storedText(driver.store)).not.toContain("second");
    });

    it("a flood of frames: 4529, which the stock provider retries", async () => {
      await paper(conformanceLimits({ maxMessagesPerSecond: 10 }));
      const ada = await join("ada");
      for (let sent = 0; sent < 2_000 && !ada.closed; sent++) await ada.send(awarenessOf("Ada"));
      await driver.until("ada closed", () => ada.closed !== null);
      expect(ada.closed?.code).toBe(CloseCode.rateLimited);
    });

    it("one unfinished chunk repeated: every copy counts, 4529", async () => {
      await paper(conformanceLimits({ maxMessagesPerSecond: 10 }));
      const ada = await join("ada");
      const [first] = encodeTextFrames(encodeUpdate(edit("x", 3_000)), 1_024);
      for (let sent = 0; sent < 2_000 && !ada.closed; sent++) await ada.send(first ?? "");
      await driver.until("ada closed", () => ada.closed !== null);
      expect(ada.closed?.code).toBe(CloseCode.rateLimited);
      expect((await driver.store.documents.load("p")).tail).toHaveLength(0);
    });
  });

  describe("the gate", () => {
    it.each([
      ["no token", "p", null, CloseCode.unauthenticated],
      ["a bad token", "p", "forged", CloseCode.unauthenticated],
      ["an expired token", "p", `expiring:${Date.now() - 1_000}:ada`, CloseCode.unauthenticated],
      ["no paper named", null, "user:ada", CloseCode.badRequest],
      ["a paper that does not exist", "nope", "user:ada", CloseCode.notFound],
      [
        "a draft the caller may not see (as a missing one)",
        "p",
        "user:outsider",
        CloseCode.notFound,
      ],
      ["a draft, for someone seen for the first time", "p", "user:newcomer", CloseCode.notFound],
    ] as const)("refuses %s", async (_what, paperId, token, code) => {
      await paper();
      expect(await refusal(paperId, token)).toBe(code);
    });

    it("admits someone seen for the first time to a published paper, read-only", async () => {
      await paper(conformanceLimits(), "PUBLISHED");
      const newcomer = await join("newcomer", "user:newcomer");
      await newcomer.send(encodeUpdate(edit("no")));
      await driver.barrier(newcomer);
      expect(newcomer.receivedOf("permissionDenied")).toHaveLength(1);
      expect(await driver.store.members.getBySubject("newcomer")).not.toBeNull();
    });

    it("takes the coordinator role from the token", async () => {
      await paper();
      expect(await refusal("p", "user:outsider")).toBe(CloseCode.notFound);
      const coordinator = await join("outsider", "coordinator:outsider");
      await coordinator.send(encodeUpdate(edit("no")));
      await driver.barrier(coordinator);
      expect(coordinator.receivedOf("permissionDenied")).toHaveLength(1);
    });

    it("closes a connection whose token has expired with 4401", async () => {
      await paper();
      const expiresAt = Date.now() + 3_000;
      const ada = await join("ada", `expiring:${expiresAt}:ada`);
      // The stateful host closes at expiry by itself, the serverless one at the next frame.
      await driver.until("the token to expire", () => Date.now() > expiresAt);
      await ada.send(awarenessOf("Ada"));
      await driver.until("ada closed", () => ada.closed !== null);
      expect(ada.closed?.code).toBe(CloseCode.unauthenticated);
    });
  });

  describe("suggestions: a COMMENTER's update is checked against the text", () => {
    const mark = (author: string, id: string) => ({
      id,
      author,
      authorName: author,
      at: "2025-01-01T00:00:02.000Z",
    });
    /** The stored paper, "Accepted text." by the lead, and a client's copy of it. */
    async function accepted(extra?: (text: Y.XmlText) => void) {
      const doc = new Y.Doc();
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("Accepted text.")]);
      doc.getXmlFragment("body").insert(0, [paragraph]);
      extra?.(paragraph.get(0) as Y.XmlText);
      await driver.store.documents.append("p", Y.encodeStateAsUpdate(doc), {
        memberId: "ada",
        at: "2025-01-01T00:00:01.000Z",
      });
      return doc;
    }
    /** A raw Yjs update, as a client holding `doc` would send after `edit`. */
    function crafted(doc: Y.Doc, edit: (text: Y.XmlText) => void): Uint8Array {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(client);
      const paragraph = client.getXmlFragment("body").get(0) as Y.XmlElement;
      edit(paragraph.get(0) as Y.XmlText);
      return Y.encodeStateAsUpdate(client, before);
    }

    it("stores a suggested insertion and passes it on", async () => {
      await paper();
      const doc = await accepted();
      const [cy, ada] = [await join("cy"), await join("ada")];
      await cy.send(
        encodeUpdate(
          crafted(doc, (t) =>
            t.insert(8, " and suggested", { suggestionInsert: mark("cy", "s1") }),
          ),
        ),
      );
      await driver.barrier(cy);
      await driver.until("ada to get the suggestion", () => ada.receivedOf("update").length === 1);
      expect(cy.receivedOf("permissionDenied")).toHaveLength(0);
      const stored = documentFromState(await driver.store.documents.load("p")).doc;
      expect(readSuggestions(stored)).toMatchObject([
        { id: "s1", kind: "INSERT", author: "cy", text: " and suggested" },
      ]);
    });

    it.each([
      [
        "changes accepted text",
        (t: Y.XmlText) => t.delete(0, 9),
        "deletes text that is not the sender's suggestion",
      ],
      [
        "inserts text in someone else's name",
        (t: Y.XmlText) => t.insert(0, "Forged ", { suggestionInsert: mark("bo", "f1") }),
        "not marked as the sender's suggestion",
      ],
      [
        "deletes another author's suggestion",
        (t: Y.XmlText) => t.delete(14, 6),
        "deletes text that is not the sender's suggestion",
      ],
      [
        "withdraws another author's suggested deletion",
        (t: Y.XmlText) => t.format(0, 8, { suggestionDelete: null }),
        "someone else's suggested deletion",
      ],
    ] as const)("refuses an update that %s: permission-denied, nothing stored or sent", async (_what, edit, reason) => {
      await paper();
      const doc = await accepted((t) => {
        t.insert(14, " Bo's", { suggestionInsert: mark("bo", "b1") });
        t.format(0, 8, { suggestionDelete: mark("bo", "b2") });
      });
      const [cy, ada] = [await join("cy"), await join("ada")];
      await cy.send(encodeUpdate(crafted(doc, edit)));
      await driver.barrier(cy);
      await driver.barrier(ada);
      expect(
        cy
          .receivedOf("permissionDenied")
          .map((m) => m.reason)
          .join(),
      ).toContain(reason);
      expect(cy.closed).toBeNull();
      expect(ada.receivedOf("update")).toHaveLength(0);
      expect((await driver.store.documents.load("p")).tail).toHaveLength(1);
    });

    it("lets a COMMENTER withdraw their own suggestion", async () => {
      await paper();
      const doc = await accepted();
      const cy = await join("cy");
      const suggestion = crafted(doc, (t) =>
        t.insert(14, " Mine.", { suggestionInsert: mark("cy", "c1") }),
      );
      await cy.send(encodeUpdate(suggestion));
      await driver.barrier(cy);
      Y.applyUpdate(doc, suggestion);
      await cy.send(encodeUpdate(crafted(doc, (t) => t.delete(14, 6))));
      await driver.barrier(cy);
      expect(cy.receivedOf("permissionDenied")).toHaveLength(0);
      expect(await storedText(driver.store)).toBe("<paragraph>Accepted text.</paragraph>");
    });

    it("stores suggestions made offline when they arrive together in a sync step 2", async () => {
      await paper();
      const doc = await accepted();
      // The commenter's copy on the device: several suggestions made without a connection.
      const device = new Y.Doc();
      Y.applyUpdate(device, Y.encodeStateAsUpdate(doc));
      const text = (device.getXmlFragment("body").get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(14, " Offline.", { suggestionInsert: mark("cy", "o1") });
      text.format(0, 8, { suggestionDelete: mark("cy", "o2") });
      text.delete(14, 1);
      const [cy, ada] = [await join("cy"), await join("ada")];
      await cy.send(encodeSyncStep2(Y.encodeStateAsUpdate(device, Y.encodeStateVector(doc))));
      await driver.barrier(cy);
      await driver.until("ada to get them", () => ada.receivedOf("update").length === 1);
      expect(cy.receivedOf("permissionDenied")).toHaveLength(0);
      const stored = documentFromState(await driver.store.documents.load("p")).doc;
      expect(readSuggestions(stored).map((s) => [s.id, s.kind, s.text])).toEqual([
        ["o2", "DELETE", "Accepted"],
        ["o1", "INSERT", "Offline."],
      ]);
    });

    it("refuses even a proper suggestion on a published paper", async () => {
      await paper(conformanceLimits(), "PUBLISHED");
      const doc = await accepted();
      const cy = await join("cy");
      await cy.send(
        encodeUpdate(
          crafted(doc, (t) => t.insert(0, "New ", { suggestionInsert: mark("cy", "x") })),
        ),
      );
      await driver.barrier(cy);
      expect(
        cy
          .receivedOf("permissionDenied")
          .map((m) => m.reason)
          .join(),
      ).toContain("frozen");
      expect((await driver.store.documents.load("p")).tail).toHaveLength(1);
    });
  });

  describe("role and status changes on open connections", () => {
    async function change(
      notifier: LiveNotifier,
      store: Store,
      memberId: string,
      role: "VIEWER" | "EDITOR" | null,
    ) {
      if (role === null) await store.collaborators.remove("p", memberId);
      else await store.collaborators.setRole("p", memberId, role);
      await notifier.collaboratorChanged("p", memberId, role);
    }

    it("closes a removed collaborator with 4403", async () => {
      await paper();
      const bo = await join("bo");
      await change(driver.notifier, driver.store, "bo", null);
      await driver.until("bo closed", () => bo.closed !== null);
      expect(bo.closed?.code).toBe(CloseCode.forbidden);
    });

    it("refuses a demoted editor's next update, and asks a re-promoted one for what it has", async () => {
      await paper();
      const bo = await join("bo");
      await change(driver.notifier, driver.store, "bo", "VIEWER");
      await bo.send(encodeUpdate(edit("demoted")));
      await driver.barrier(bo);
      expect(bo.receivedOf("permissionDenied")).toHaveLength(1);
      const steps = bo.receivedOf("syncStep1").length;
      await change(driver.notifier, driver.store, "bo", "EDITOR");
      await driver.until(
        "bo to be asked to resync",
        () => bo.receivedOf("syncStep1").length > steps,
      );
      await bo.send(encodeUpdate(edit("promoted")));
      await driver.barrier(bo);
      expect(await storedText(driver.store)).toBe("<paragraph>promoted</paragraph>");
    });

    it("makes everyone read-only when the paper is published, and closes outsiders when it is archived", async () => {
      await paper(conformanceLimits(), "IN_REVIEW");
      const ada = await join("ada");
      await driver.store.papers.update({
        ...(await driver.store.papers.get("p"))!,
        status: "PUBLISHED",
        version: 2,
      });
      await driver.notifier.paperStatusChanged("p", "PUBLISHED");
      await ada.send(encodeUpdate(edit("frozen")));
      await driver.barrier(ada);
      expect(ada.receivedOf("permissionDenied")).toHaveLength(1);
      const reader = await join("outsider");
      await driver.store.papers.update({
        ...(await driver.store.papers.get("p"))!,
        status: "ARCHIVED",
        version: 3,
      });
      await driver.notifier.paperStatusChanged("p", "ARCHIVED");
      await driver.until("the outsider closed", () => reader.closed !== null);
      expect(reader.closed?.code).toBe(CloseCode.forbidden);
      expect(ada.closed).toBeNull();
    });

    it("ends a connection admitted while its role changed with the new role", async () => {
      await paper();
      const { store, notifier } = driver;
      // The demotion lands after the gate read the role and before the connection is registered.
      const get = store.collaborators.get.bind(store.collaborators);
      let armed = true;
      store.collaborators.get = async (paperId, memberId) => {
        const found = await get(paperId, memberId);
        if (armed && memberId === "bo") {
          armed = false;
          await change(notifier, store, "bo", "VIEWER");
        }
        return found;
      };
      const bo = await join("bo");
      await bo.send(encodeUpdate(edit("should be refused")));
      await driver.barrier(bo);
      expect(bo.receivedOf("permissionDenied")).toHaveLength(1);
      expect((await store.documents.load("p")).tail).toHaveLength(0);
    });
  });
});
