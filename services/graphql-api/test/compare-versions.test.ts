// Query.compareVersions: a named version against another or against the paper now, each
// addition and deletion with its author as a Member, words per author; and the editing sessions
// compaction records, read back from the paper's activity feed.
import { compactPaper } from "@accord/collab";
import { withLimits } from "@accord/domain";
import { createMemoryStore } from "@accord/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCollabDocuments } from "../src/index.ts";
import { recordingLive } from "./recording-live.ts";
import { dataOf, startTestApi, type TestApi } from "./support.ts";

const store = createMemoryStore();
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    store,
    live: recordingLive(store),
    documents: createCollabDocuments(store),
  });
});
afterAll(() => api.close());

interface Person {
  token: string;
  id: string;
}
async function person(name: string): Promise<Person> {
  const token = await api.token(name);
  const { me } = dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token));
  return { token, id: me.id };
}

async function paperOf(lead: Person, title: string, editor?: Person): Promise<string> {
  const { createWorkingGroup } = dataOf(
    await api.gql<{ createWorkingGroup: { id: string } }>(
      `mutation($n: String!) { createWorkingGroup(input: { name: $n }) { id } }`,
      { n: `${title} group` },
      lead.token,
    ),
  );
  const paperId = dataOf(
    await api.gql<{ createPaper: { id: string } }>(
      `mutation($g: ID!, $t: String!) { createPaper(input: { workingGroupId: $g, title: $t }) { id } }`,
      { g: createWorkingGroup.id, t: title },
      lead.token,
    ),
  ).createPaper.id;
  if (editor) {
    dataOf(
      await api.gql(
        `mutation($p: ID!, $m: ID!) { addCollaborator(input: { paperId: $p, memberId: $m, role: EDITOR }) { id } }`,
        { p: paperId, m: editor.id },
        lead.token,
      ),
    );
  }
  return paperId;
}

/** Two members typing into one paper, each keystroke stored as the live host stores it. */
class Writers {
  private readonly docs = new Map<string, Y.Doc>();
  private second = 0;
  constructor(
    private readonly paperId: string,
    members: readonly string[],
  ) {
    for (const member of members) this.docs.set(member, new Y.Doc());
  }

  private text(member: string) {
    const body = this.docs.get(member)!.getXmlFragment("body");
    return (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  }

  async edit(member: string, change: (doc: Y.Doc) => void) {
    const doc = this.docs.get(member)!;
    const updates: Uint8Array[] = [];
    const listener = (update: Uint8Array) => updates.push(update);
    doc.on("update", listener);
    change(doc);
    doc.off("update", listener);
    for (const update of updates) {
      for (const [other, otherDoc] of this.docs)
        if (other !== member) Y.applyUpdate(otherDoc, update);
      await store.documents.append(this.paperId, update, {
        memberId: member,
        at: new Date(Date.UTC(2026, 2, 1, 9, 0, this.second++)).toISOString(),
      });
    }
  }

  async start(member: string) {
    await this.edit(member, (doc) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText()]);
      doc.getXmlFragment("body").insert(0, [paragraph]);
    });
  }

  async type(member: string, value: string) {
    for (const char of value) {
      await this.edit(member, () => this.text(member).insert(this.text(member).length, char));
    }
  }

  async remove(member: string, from: number, length: number) {
    await this.edit(member, () => this.text(member).delete(from, length));
  }
}

const COMPARE = `query($p: ID!, $f: ID!, $t: ID) { compareVersions(paperId: $p, from: $f, to: $t) {
  from { id } to { id }
  blocks { type level runs { text change author { id } } }
  authors { author { id } wordsAdded wordsRemoved } } }`;

interface Comparison {
  compareVersions: {
    from: { id: string };
    to: { id: string } | null;
    blocks: {
      type: string;
      level: number | null;
      runs: { text: string; change: string; author: { id: string } | null }[];
    }[];
    authors: { author: { id: string } | null; wordsAdded: number; wordsRemoved: number }[];
  };
}

async function saveVersion(paperId: string, who: Person, name: string): Promise<string> {
  return dataOf(
    await api.gql<{ createVersion: { id: string } }>(
      `mutation($p: ID!, $n: String!) { createVersion(input: { paperId: $p, name: $n }) { id } }`,
      { p: paperId, n: name },
      who.token,
    ),
  ).createVersion.id;
}

describe("compareVersions", () => {
  it("shows each author's additions and deletions, across compaction, against now and a version", async () => {
    const [lead, editor] = [await person("cmp-lead"), await person("cmp-editor")];
    const paperId = await paperOf(lead, "Ocean acidification", editor);
    const writers = new Writers(paperId, [lead.id, editor.id]);
    await writers.start(lead.id);
    await writers.type(lead.id, "Reefs need monitoring ");
    const first = await saveVersion(paperId, lead, "Outline");
    await writers.remove(editor.id, 11, 11); // "monitoring "
    await writers.type(editor.id, "funding now ");
    // Merge most of that into the snapshot: the authors must survive it.
    const compacted = await compactPaper(store.documents, paperId, {
      limits: withLimits({ collab: { compactAfterEntries: 5 } }),
      now: new Date().toISOString(),
      record: store,
    });
    expect(compacted.outcome).toBe("compacted");
    await writers.type(lead.id, "urgently");

    const now = dataOf(
      await api.gql<Comparison>(COMPARE, { p: paperId, f: first, t: null }, editor.token),
    ).compareVersions;
    expect(now.from.id).toBe(first);
    expect(now.to).toBeNull();
    expect(now.blocks).toEqual([
      {
        type: "paragraph",
        level: null,
        runs: [
          { text: "Reefs need ", change: "SAME", author: null },
          { text: "monitoring ", change: "DELETED", author: { id: editor.id } },
          { text: "funding now ", change: "ADDED", author: { id: editor.id } },
          { text: "urgently", change: "ADDED", author: { id: lead.id } },
        ],
      },
    ]);
    expect(now.authors).toEqual([
      { author: { id: editor.id }, wordsAdded: 2, wordsRemoved: 1 },
      { author: { id: lead.id }, wordsAdded: 1, wordsRemoved: 0 },
    ]);

    const second = await saveVersion(paperId, editor, "Funding");
    const between = dataOf(
      await api.gql<Comparison>(COMPARE, { p: paperId, f: first, t: second }, lead.token),
    ).compareVersions;
    expect(between.to?.id).toBe(second);
    expect(between.blocks).toEqual(now.blocks);

    // The sessions compaction recorded, as the feed shows them.
    const feed = dataOf(
      await api.gql<{
        paper: {
          activity: {
            edges: {
              node: {
                kind: string;
                actor: { id: string };
                details: { name: string; value: string }[];
              };
            }[];
          };
        };
      }>(
        `query($p: ID!) { paper(id: $p) { activity(first: 50) { edges { node {
          kind actor { id } details { name value } } } } } }`,
        { p: paperId },
        lead.token,
      ),
    ).paper.activity.edges.map((edge) => edge.node);
    const sessions = feed.filter((event) => event.kind === "EDITING_SESSION");
    const detailsOf = (memberId: string) =>
      Object.fromEntries(
        sessions.find((s) => s.actor.id === memberId)!.details.map((d) => [d.name, d.value]),
      );
    expect(detailsOf(lead.id)).toMatchObject({ wordsAdded: "3", wordsRemoved: "0" });
    expect(detailsOf(editor.id)).toMatchObject({ wordsAdded: "2", wordsRemoved: "1" });
    expect(Object.keys(detailsOf(editor.id)).sort()).toEqual([
      "endedAt",
      "startedAt",
      "wordsAdded",
      "wordsRemoved",
    ]);
  });

  it("refuses a version of another paper (BAD_USER_INPUT) and a paper the caller cannot read (NOT_FOUND)", async () => {
    const [lead, outsider] = [await person("cmp-lead-2"), await person("cmp-outsider")];
    const paperId = await paperOf(lead, "Space debris");
    const otherId = await paperOf(lead, "Orbital slots");
    const version = await saveVersion(paperId, lead, "v1");
    const otherVersion = await saveVersion(otherId, lead, "v1");

    const mixed = await api.gql(COMPARE, { p: paperId, f: version, t: otherVersion }, lead.token);
    expect(mixed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const swapped = await api.gql(COMPARE, { p: otherId, f: version, t: null }, lead.token);
    expect(swapped.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const hidden = await api.gql(COMPARE, { p: paperId, f: version, t: null }, outsider.token);
    expect(hidden.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const unknown = await api.gql(COMPARE, { p: paperId, f: "no-such", t: null }, lead.token);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
