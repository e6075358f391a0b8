// The rule a COMMENTER's update must pass (checkSuggestion), and the open suggestions read from a
// document. Updates are made the way an editor client makes them: on its own copy of the paper.
import type { SuggestionAttrs } from "@accord/domain";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeSnapshot, restoreUpdate } from "../src/document.ts";
import {
  checkSuggestion,
  copyDocument,
  openDocumentChecker,
  readSuggestions,
} from "../src/suggestions.ts";

const attrs = (author: string, id = `s-${author}`): SuggestionAttrs => ({
  id,
  author,
  authorName: author.toUpperCase(),
  at: "2026-01-01T00:00:00.000Z",
});

/** The paper: a heading and a paragraph of accepted text, written by the lead. */
function paper(): Y.Doc {
  const doc = new Y.Doc();
  const heading = new Y.XmlElement("heading");
  heading.setAttribute("level", "1");
  heading.insert(0, [new Y.XmlText("Title")]);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Hello world")]);
  doc.getXmlFragment("body").insert(0, [heading, paragraph]);
  return doc;
}

const body = (doc: Y.Doc) => doc.getXmlFragment("body");
const element = (doc: Y.Doc, index: number) => body(doc).get(index) as Y.XmlElement;
const textOf = (doc: Y.Doc, index: number) => element(doc, index).get(0) as Y.XmlText;

/** What a client (a copy of `base`) sends after `edit`. */
function editOf(base: Y.Doc, edit: (client: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(client);
  edit(client);
  return Y.encodeStateAsUpdate(client, before);
}

/** Apply an edit to `base` itself (what the server stored earlier). */
function store(base: Y.Doc, edit: (client: Y.Doc) => void): void {
  Y.applyUpdate(base, editOf(base, edit));
}

const check = (base: Y.Doc, update: Uint8Array, author = "cy") =>
  checkSuggestion(copyDocument(base), update, author);

describe("checkSuggestion: what a COMMENTER may send", () => {
  it.each<[string, (client: Y.Doc) => void]>([
    [
      "text inserted with their own suggestionInsert",
      (c) => textOf(c, 1).insert(5, " there", { suggestionInsert: attrs("cy") }),
    ],
    [
      "their own suggestionDelete on accepted text",
      (c) => textOf(c, 1).format(0, 5, { suggestionDelete: attrs("cy") }),
    ],
    [
      "a new paragraph whose text is all their suggestion",
      (c) => {
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [new Y.XmlText()]);
        body(c).insert(2, [p]);
        (p.get(0) as Y.XmlText).insert(0, "More", { suggestionInsert: attrs("cy") });
      },
    ],
    ["an empty paragraph (Enter)", (c) => body(c).insert(2, [new Y.XmlElement("paragraph")])],
    [
      "a new text node in an existing paragraph, all suggested",
      (c) => {
        const text = new Y.XmlText();
        element(c, 1).insert(1, [text]);
        text.insert(0, "More", { suggestionInsert: attrs("cy") });
      },
    ],
    [
      "a suggested word typed inside bold text (other formatting on new text)",
      (c) => textOf(c, 1).insert(0, "Oh ", { bold: true, suggestionInsert: attrs("cy") }),
    ],
  ])("allows %s", (_what, edit) => {
    const base = paper();
    expect(check(base, editOf(base, edit))).toEqual({ ok: true });
  });

  it.each<[string, (client: Y.Doc) => void, RegExp]>([
    ["plain text", (c) => textOf(c, 1).insert(5, " there"), /not marked/],
    [
      "text marked as someone else's suggestion",
      (c) => textOf(c, 1).insert(5, " there", { suggestionInsert: attrs("ada") }),
      /not marked/,
    ],
    [
      "a suggestionInsert without an author",
      (c) => textOf(c, 1).insert(5, "!", { suggestionInsert: { id: "x" } }),
      /not marked/,
    ],
    ["deleting accepted text", (c) => textOf(c, 1).delete(0, 5), /deletes text/],
    [
      "formatting accepted text",
      (c) => textOf(c, 1).format(0, 5, { bold: true }),
      /formatting.*bold/,
    ],
    [
      "marking accepted text as an insertion",
      (c) => textOf(c, 1).format(0, 5, { suggestionInsert: attrs("cy") }),
      /formatting.*suggestionInsert/,
    ],
    [
      "a suggestionDelete in someone else's name",
      (c) => textOf(c, 1).format(0, 5, { suggestionDelete: attrs("ada") }),
      /someone else/,
    ],
    ["a heading's level", (c) => element(c, 0).setAttribute("level", "2"), /attributes/],
    ["removing a paragraph of accepted text", (c) => body(c).delete(1, 1), /deletes text/],
    [
      "a paragraph of plain text",
      (c) => {
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [new Y.XmlText("Plain")]);
        body(c).insert(2, [p]);
      },
      /not marked/,
    ],
    [
      "an empty block other than a paragraph",
      (c) => body(c).insert(2, [new Y.XmlElement("horizontalRule")]),
      /horizontalRule/,
    ],
    ["edits outside the body", (c) => c.getMap("settings").set("x", 1), /outside/],
    [
      "removing an emptied heading (only an empty line may go)",
      (c) => {
        textOf(c, 0).delete(0, 5);
        body(c).delete(0, 1);
      },
      /deletes text|removes a heading/,
    ],
    [
      "a paragraph split (accepted text moved into a new block)",
      (c) => {
        textOf(c, 1).delete(5, 6);
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [new Y.XmlText(" world")]);
        body(c).insert(2, [p]);
      },
      /not marked|deletes text/,
    ],
  ])("refuses %s", (_what, edit, reason) => {
    const base = paper();
    const result = check(base, editOf(base, edit));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  describe("suggestions already in the text", () => {
    function withSuggestions(): Y.Doc {
      const base = paper();
      store(base, (c) => {
        textOf(c, 1).insert(11, " of mine", { suggestionInsert: attrs("cy", "mine") });
        textOf(c, 1).insert(0, "Theirs ", { suggestionInsert: attrs("ada", "theirs") });
        textOf(c, 0).format(0, 5, { suggestionDelete: attrs("ada", "their-delete") });
      });
      return base;
    }

    it("allows removing their own suggested text, and their own suggested deletion", () => {
      const base = withSuggestions();
      // "Theirs Hello world of mine": their own insertion is the last 8 characters.
      expect(
        check(
          base,
          editOf(base, (c) => textOf(c, 1).delete(18, 8)),
        ),
      ).toEqual({ ok: true });
      expect(
        check(
          base,
          editOf(base, (c) => textOf(c, 1).delete(20, 3)),
        ),
      ).toEqual({ ok: true });
      store(base, (c) => textOf(c, 1).format(7, 5, { suggestionDelete: attrs("cy", "del") }));
      const withdraw = editOf(base, (c) => textOf(c, 1).format(7, 5, { suggestionDelete: null }));
      expect(check(base, withdraw)).toEqual({ ok: true });
    });

    it("refuses removing someone else's suggested text or their suggested deletion", () => {
      const base = withSuggestions();
      expect(
        check(
          base,
          editOf(base, (c) => textOf(c, 1).delete(0, 7)),
        ).ok,
      ).toBe(false);
      const unmark = editOf(base, (c) => textOf(c, 0).format(0, 5, { suggestionDelete: null }));
      expect(check(base, unmark)).toEqual({
        ok: false,
        reason: "changes someone else's suggested deletion",
      });
    });

    it("allows a suggested deletion over someone else's suggested insertion", () => {
      const base = withSuggestions();
      const update = editOf(base, (c) =>
        textOf(c, 1).format(0, 7, { suggestionDelete: attrs("cy", "d2") }),
      );
      expect(check(base, update)).toEqual({ ok: true });
    });

    it("lists the open suggestions with their author and text", () => {
      const base = withSuggestions();
      expect(readSuggestions(base)).toEqual([
        { ...attrs("ada", "their-delete"), kind: "DELETE", text: "Title" },
        { ...attrs("ada", "theirs"), kind: "INSERT", text: "Theirs " },
        { ...attrs("cy", "mine"), kind: "INSERT", text: " of mine" },
      ]);
    });
  });

  it("allows removing an empty line, refuses removing an emptied heading", () => {
    const base = paper();
    store(base, (c) => body(c).insert(2, [new Y.XmlElement("paragraph")]));
    expect(
      check(
        base,
        editOf(base, (c) => body(c).delete(2, 1)),
      ),
    ).toEqual({ ok: true });
    store(base, (c) => textOf(c, 0).delete(0, 5));
    expect(
      check(
        base,
        editOf(base, (c) => body(c).delete(0, 1)),
      ),
    ).toEqual({
      ok: false,
      reason: "removes a heading",
    });
  });

  it("refuses an update that depends on edits the document lacks", () => {
    const base = paper();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
    const start = Y.encodeStateVector(client);
    textOf(client, 1).insert(0, "A", { suggestionInsert: attrs("cy") });
    const middle = Y.encodeStateVector(client);
    textOf(client, 1).insert(1, "B", { suggestionInsert: attrs("cy") });
    const second = Y.encodeStateAsUpdate(client, middle);
    expect(check(base, second)).toEqual({
      ok: false,
      reason: "the update depends on edits the server does not have",
    });
    expect(check(base, Y.encodeStateAsUpdate(client, start))).toEqual({ ok: true });
  });

  it("refuses bytes that are not an update", () => {
    expect(check(paper(), new Uint8Array([1, 2, 3])).ok).toBe(false);
  });
});

describe("openDocumentChecker: the stateful host's standing copy", () => {
  it("follows the document, and is not left changed by a refused update", () => {
    const doc = paper();
    const checker = openDocumentChecker(doc);
    const refusedEdit = editOf(doc, (c) => textOf(c, 1).delete(0, 5));
    expect(checker.check(refusedEdit, "cy").ok).toBe(false);

    const suggestion = editOf(doc, (c) =>
      textOf(c, 1).insert(11, "!", { suggestionInsert: attrs("cy") }),
    );
    expect(checker.check(suggestion, "cy")).toEqual({ ok: true });
    Y.applyUpdate(doc, suggestion);

    // The lead adds a paragraph; a suggestion inside it depends on it.
    store(doc, (c) => {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText("Lead's new text")]);
      body(c).insert(2, [p]);
    });
    const inNew = editOf(doc, (c) =>
      textOf(c, 2).insert(0, "Cy's ", { suggestionInsert: attrs("cy", "s2") }),
    );
    expect(checker.check(inNew, "cy")).toEqual({ ok: true });
    Y.applyUpdate(doc, inNew);

    // Had the refused deletion stayed in the copy, sending it again would change nothing there.
    expect(checker.check(refusedEdit, "cy").ok).toBe(false);
    expect(readSuggestions(doc).map((s) => s.text)).toEqual(["!", "Cy's "]);
  });
});

describe("open suggestions and named versions", () => {
  it("a version restore brings back the suggestions the version had", () => {
    const doc = paper();
    store(doc, (c) => textOf(c, 1).insert(11, " again", { suggestionInsert: attrs("cy", "v1") }));
    store(doc, (c) => textOf(c, 1).format(0, 5, { suggestionDelete: attrs("cy", "v2") }));
    const version = encodeSnapshot(doc);
    // Then the lead accepts the deletion and rejects the insertion.
    store(doc, (c) => {
      textOf(c, 1).delete(11, 6);
      textOf(c, 1).delete(0, 5);
    });
    expect(readSuggestions(doc)).toEqual([]);
    Y.applyUpdate(doc, restoreUpdate(doc, version));
    expect(readSuggestions(doc).map(({ id, kind, text }) => ({ id, kind, text }))).toEqual([
      { id: "v2", kind: "DELETE", text: "Hello" },
      { id: "v1", kind: "INSERT", text: " again" },
    ]);
  });
});

/** A small seeded generator, so a failing run replays with SUGGESTIONS_SEED=<seed>. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("checkSuggestion, randomized", () => {
  const seed = Number(process.env.SUGGESTIONS_SEED ?? Date.now() % 1_000_000);
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  console.log(`suggestions randomized seed: ${seed} (replay with SUGGESTIONS_SEED=${seed})`);

  /** Ranges of a text with their formatting: where suggestions of whom are. */
  function runs(text: Y.XmlText) {
    let index = 0;
    return (text.toDelta() as { insert: string; attributes?: Record<string, unknown> }[]).map(
      (run) => {
        const start = index;
        index += run.insert.length;
        return { start, length: run.insert.length, attributes: run.attributes ?? {} };
      },
    );
  }
  const authorOf = (value: unknown) => (value as SuggestionAttrs | undefined)?.author;

  const STEPS = 150;
  // Each step copies the whole document twice: generous on a busy machine.
  it(
    "allows every sequence of a commenter's own suggestions, and refuses every other edit",
    { timeout: 120_000 },
    () => {
      const base = paper();
      const authors = ["cy", "dee"];
      let stored = 0;
      for (let step = 0; step < STEPS; step++) {
        const author = authors[pick(authors.length)] ?? "cy";
        const text = textOf(base, pick(2));
        const path = body(base)
          .toArray()
          .indexOf(text.parent as Y.XmlElement);
        const length = text.length;
        const at = pick(length + 1);
        const own = runs(text).filter((r) => authorOf(r.attributes.suggestionInsert) === author);
        const accepted = runs(text).filter((r) => r.attributes.suggestionInsert === undefined);
        const allowedEdits: ((c: Y.Doc) => void)[] = [
          (c) => textOf(c, path).insert(at, "ab", { suggestionInsert: attrs(author, `i${step}`) }),
        ];
        const refusedEdits: ((c: Y.Doc) => void)[] = [
          // Without attributes Yjs would take the formatting at the position (maybe their own).
          (c) => textOf(c, path).insert(at, "zz", { suggestionInsert: null }),
          (c) => textOf(c, path).insert(at, "zz", { suggestionInsert: attrs("ada") }),
        ];
        const ownRun = own[pick(own.length)];
        if (ownRun) {
          allowedEdits.push((c) => textOf(c, path).delete(ownRun.start, ownRun.length));
        }
        const acceptedRun = accepted[pick(accepted.length)];
        if (acceptedRun) {
          const deletion = acceptedRun.attributes.suggestionDelete;
          if (deletion === undefined || authorOf(deletion) === author) {
            allowedEdits.push((c) =>
              textOf(c, path).format(acceptedRun.start, acceptedRun.length, {
                suggestionDelete: deletion === undefined ? attrs(author, `d${step}`) : null,
              }),
            );
          } else {
            refusedEdits.push((c) =>
              textOf(c, path).format(acceptedRun.start, acceptedRun.length, {
                suggestionDelete: null,
              }),
            );
          }
          refusedEdits.push((c) => textOf(c, path).delete(acceptedRun.start, 1));
          refusedEdits.push((c) => textOf(c, path).format(acceptedRun.start, 1, { italic: true }));
        }
        const good = allowedEdits[pick(allowedEdits.length)];
        const bad = refusedEdits[pick(refusedEdits.length)];
        if (!good || !bad) throw new Error("no edit to try");
        const refusal = check(base, editOf(base, bad), author);
        expect(refusal.ok, `step ${step}, seed ${seed}: an edit that should be refused`).toBe(
          false,
        );
        const update = editOf(base, good);
        expect(check(base, update, author), `step ${step}, seed ${seed}`).toEqual({ ok: true });
        Y.applyUpdate(base, update);
        stored++;
      }
      expect(stored).toBe(STEPS);
      // The accepted text never changed: rejecting every suggestion gives the paper back.
      const acceptedText = (index: number) =>
        (
          textOf(base, index).toDelta() as {
            insert: string;
            attributes?: Record<string, unknown>;
          }[]
        )
          .filter((run) => run.attributes?.suggestionInsert === undefined)
          .map((run) => run.insert)
          .join("");
      expect([acceptedText(0), acceptedText(1)]).toEqual(["Title", "Hello world"]);
    },
  );
});
