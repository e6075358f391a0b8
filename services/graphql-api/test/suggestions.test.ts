// PositionPaper.suggestions: the open suggestions (track changes) read from the paper's live
// document, with their author as a Member; viewerCan.suggest for each role and status.
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

interface SuggestionView {
  id: string;
  kind: string;
  text: string;
  authorName: string;
  createdAt: string;
  author: { id: string; displayName: string } | null;
}

describe("PositionPaper.suggestions", () => {
  let lead: Person;
  let commenter: Person;
  let paperId: string;

  it("lists the open suggestions of the stored document with their author", async () => {
    [lead, commenter] = [await person("sugg-lead"), await person("sugg-commenter")];
    const { createWorkingGroup } = dataOf(
      await api.gql<{ createWorkingGroup: { id: string } }>(
        `mutation { createWorkingGroup(input: { name: "Seabed mapping" }) { id } }`,
        {},
        lead.token,
      ),
    );
    paperId = dataOf(
      await api.gql<{ createPaper: { id: string } }>(
        `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Shared bathymetry" }) { id } }`,
        { g: createWorkingGroup.id },
        lead.token,
      ),
    ).createPaper.id;
    dataOf(
      await api.gql(
        `mutation($p: ID!, $m: ID!) { addCollaborator(input: { paperId: $p, memberId: $m, role: COMMENTER }) { id } }`,
        { p: paperId, m: commenter.id },
        lead.token,
      ),
    );
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    const text = new Y.XmlText("Data is shared yearly.");
    paragraph.insert(0, [text]);
    doc.getXmlFragment("body").insert(0, [paragraph]);
    const mark = (id: string, author: string) => ({
      id,
      author,
      authorName: "Cy Commenter",
      at: "2026-03-01T09:30:00.000Z",
    });
    text.format(15, 6, { suggestionDelete: mark("d1", commenter.id) });
    text.insert(21, " monthly", { suggestionInsert: mark("i1", commenter.id) });
    text.insert(0, "Today ", { suggestionInsert: mark("i0", "no-such-member") });
    await store.documents.append(paperId, Y.encodeStateAsUpdate(doc), {
      memberId: commenter.id,
      at: new Date().toISOString(),
    });

    const { paper } = dataOf(
      await api.gql<{ paper: { suggestions: SuggestionView[] } }>(
        `query($p: ID!) { paper(id: $p) { suggestions {
          id kind text authorName createdAt author { id displayName } } } }`,
        { p: paperId },
        commenter.token,
      ),
    );
    expect(paper.suggestions).toEqual([
      {
        id: "i0",
        kind: "INSERT",
        text: "Today ",
        authorName: "Cy Commenter",
        createdAt: "2026-03-01T09:30:00.000Z",
        author: null,
      },
      {
        id: "d1",
        kind: "DELETE",
        text: "yearly",
        authorName: "Cy Commenter",
        createdAt: "2026-03-01T09:30:00.000Z",
        author: { id: commenter.id, displayName: expect.any(String) },
      },
      {
        id: "i1",
        kind: "INSERT",
        text: " monthly",
        authorName: "Cy Commenter",
        createdAt: "2026-03-01T09:30:00.000Z",
        author: { id: commenter.id, displayName: expect.any(String) },
      },
    ]);
    // What the text says while they are open: suggested insertions are not part of it yet.
    const content = dataOf(
      await api.gql<{ paper: { content: { text: string } } }>(
        `query($p: ID!) { paper(id: $p) { content { text } } }`,
        { p: paperId },
        lead.token,
      ),
    );
    expect(content.paper.content.text).toContain("yearly");
  });

  it("tells who may suggest: COMMENTER, EDITOR and LEAD while the paper is not frozen", async () => {
    const can = async (who: Person) =>
      dataOf(
        await api.gql<{ paper: { viewerCan: { suggest: boolean; editText: boolean } } }>(
          `query($p: ID!) { paper(id: $p) { viewerCan { suggest editText } } }`,
          { p: paperId },
          who.token,
        ),
      ).paper.viewerCan;
    expect(await can(commenter)).toEqual({ suggest: true, editText: false });
    expect(await can(lead)).toEqual({ suggest: true, editText: true });
    const viewer = await person("sugg-viewer");
    dataOf(
      await api.gql(
        `mutation($p: ID!, $m: ID!) { addCollaborator(input: { paperId: $p, memberId: $m, role: VIEWER }) { id } }`,
        { p: paperId, m: viewer.id },
        lead.token,
      ),
    );
    expect(await can(viewer)).toEqual({ suggest: false, editText: false });
    dataOf(
      await api.gql(
        `mutation($p: ID!) { changePaperStatus(input: { id: $p, status: ARCHIVED }) { id } }`,
        { p: paperId },
        lead.token,
      ),
    );
    expect(await can(commenter)).toEqual({ suggest: false, editText: false });
  });
});
