// A paper's whole life through GraphQL, with real Yjs documents behind its content: content,
// anchored comments, versions and restore, the status workflow, endorsements, collaborators,
// the activity feed, and what live editing is told along the way.
import { createMemoryStore } from "@accord/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createCollabDocuments } from "../src/index.ts";
import { recordingLive } from "./recording-live.ts";
import { codeOf, dataOf, type GraphqlResponse, startTestApi, type TestApi } from "./support.ts";

const store = createMemoryStore();
const live = recordingLive(store);
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ store, live, documents: createCollabDocuments(store) });
});
afterAll(() => api.close());

interface Person {
  token: string;
  id: string;
}
async function person(name: string, coordinator = false): Promise<Person> {
  const token = await api.token(name, { coordinator });
  const { me } = dataOf(await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token));
  return { token, id: me.id };
}
const as = <T = Record<string, unknown>>(
  who: Person | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<T>> => api.gql<T>(query, variables, who?.token ?? null);

/** The paper body, edited like a TipTap client would, stored like the live host stores it. */
class Body {
  readonly doc = new Y.Doc();
  constructor(
    readonly paperId: string,
    readonly memberId: string,
  ) {}
  async edit(change: (body: Y.XmlFragment) => void) {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    this.doc.on("update", collect);
    this.doc.transact(() => change(this.doc.getXmlFragment("body")));
    this.doc.off("update", collect);
    for (const update of updates) {
      await store.documents.append(this.paperId, update, {
        memberId: this.memberId,
        at: new Date().toISOString(),
      });
    }
  }
}
const block = (name: string, text: string, attributes: Record<string, string> = {}) => {
  const element = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
};

let lead: Person;
let editor: Person;
let commenter: Person;
let viewer: Person;
let outsider: Person;
let coordinator: Person;
let paperId: string;
let body: Body;

const CONTENT = "content { text markdown outline { level text } wordCount lastEditedAt }";

describe("a paper's life", () => {
  it("starts: a group, a paper, three collaborators (live editing told of each)", async () => {
    [lead, editor, commenter, viewer, outsider, coordinator] = await Promise.all([
      person("lead"),
      person("editor"),
      person("commenter"),
      person("viewer"),
      person("outsider"),
      person("coordinator", true),
    ]);
    const group = dataOf(
      await as<{ createWorkingGroup: { id: string } }>(
        lead,
        `mutation { createWorkingGroup(input: { name: "Ocean observation" }) { id } }`,
      ),
    ).createWorkingGroup;
    paperId = dataOf(
      await as<{ createPaper: { id: string } }>(
        lead,
        `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Argo data sharing" }) { id } }`,
        { g: group.id },
      ),
    ).createPaper.id;
    for (const [who, role] of [
      [editor, "EDITOR"],
      [commenter, "COMMENTER"],
      [viewer, "VIEWER"],
    ] as const) {
      const { addCollaborator } = dataOf(
        await as<{
          addCollaborator: { collaborators: { role: string; member: { id: string } }[] };
        }>(
          lead,
          `mutation($p: ID!, $m: ID!, $r: PaperRole!) { addCollaborator(input: { paperId: $p, memberId: $m, role: $r }) {
            collaborators { role member { id } } } }`,
          { p: paperId, m: who.id, r: role },
        ),
      );
      expect(addCollaborator.collaborators).toContainEqual({ role, member: { id: who.id } });
    }
    expect(live.calls.filter((c) => c.kind === "collaboratorChanged")).toEqual([
      { kind: "collaboratorChanged", paperId, memberId: editor.id, role: "EDITOR" },
      { kind: "collaboratorChanged", paperId, memberId: commenter.id, role: "COMMENTER" },
      { kind: "collaboratorChanged", paperId, memberId: viewer.id, role: "VIEWER" },
    ]);
    const again = await as(
      lead,
      `mutation($p: ID!, $m: ID!) { addCollaborator(input: { paperId: $p, memberId: $m, role: EDITOR }) { id } }`,
      { p: paperId, m: editor.id },
    );
    expect(codeOf(again)).toBe("CONFLICT");
  });

  it("reads its live content: text, markdown, outline, word count, last edit", async () => {
    const empty = dataOf(
      await as<{ paper: { content: Record<string, unknown> } }>(
        lead,
        `query($p: ID!) { paper(id: $p) { ${CONTENT} } }`,
        {
          p: paperId,
        },
      ),
    );
    expect(empty.paper.content).toEqual({
      text: "",
      markdown: "",
      outline: [],
      wordCount: 0,
      lastEditedAt: null,
    });
    body = new Body(paperId, editor.id);
    await body.edit((fragment) =>
      fragment.insert(0, [
        block("heading", "Why share float data", { level: "1" }),
        block("paragraph", "Open float data helps every coastal state."),
      ]),
    );
    const { paper } = dataOf(
      await as<{ paper: { content: Record<string, unknown> } }>(
        viewer,
        `query($p: ID!) { paper(id: $p) { ${CONTENT} } }`,
        {
          p: paperId,
        },
      ),
    );
    expect(paper.content).toMatchObject({
      text: "Why share float data\nOpen float data helps every coastal state.",
      outline: [{ level: 1, text: "Why share float data" }],
      wordCount: 11,
    });
    expect(paper.content.markdown).toMatch(/^# Why share float data\n\nOpen float data helps/);
    expect(paper.content.lastEditedAt).toEqual(expect.any(String));
  });

  let threadId: string;
  it("anchors a comment to a range, and the range follows later edits", async () => {
    const text = "Why share float data\nOpen float data helps every coastal state.";
    const from = text.indexOf("float data helps");
    const { addComment } = dataOf(
      await as<{ addComment: { id: string; anchor: Record<string, unknown> } }>(
        commenter,
        `mutation($p: ID!, $from: Int!, $to: Int!) { addComment(input: { paperId: $p, body: "Which floats exactly?", range: { from: $from, to: $to } }) {
          id anchor { quote currentText start end } comments { body author { id } } } }`,
        { p: paperId, from, to: from + "float data".length },
      ),
    );
    threadId = addComment.id;
    expect(addComment.anchor).toMatchObject({ quote: "float data", currentText: "float data" });

    // A Yjs client may send its own relative positions instead; they must point into the text.
    const foreign = await as(
      commenter,
      `mutation($p: ID!) { addComment(input: { paperId: $p, body: "x", anchor: { start: "AAAA", end: "AAAA" } }) { id } }`,
      { p: paperId },
    );
    expect(codeOf(foreign)).toBe("BAD_USER_INPUT");
    const yjsAnchored = dataOf(
      await as<{ addComment: { anchor: { quote: string } } }>(
        commenter,
        `mutation($p: ID!, $s: String!, $e: String!) { addComment(input: { paperId: $p, body: "About the title", anchor: { start: $s, end: $e } }) {
          anchor { quote } } }`,
        {
          p: paperId,
          s: addComment.anchor.start,
          e: addComment.anchor.end,
        },
      ),
    );
    expect(yjsAnchored.addComment.anchor.quote).toBe("float data");

    await body.edit((fragment) => {
      const paragraph = fragment.get(1) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert("Open ".length, "Argo ");
    });
    const { paper } = dataOf(
      await as<{
        paper: { commentThreads: { edges: { node: { anchor: Record<string, unknown> } }[] } };
      }>(
        viewer,
        `query($p: ID!) { paper(id: $p) { commentThreads(first: 1) { edges { node { anchor { quote currentText } } } } } }`,
        { p: paperId },
      ),
    );
    expect(paper.commentThreads.edges[0]?.node.anchor).toEqual({
      quote: "float data",
      currentText: "float data",
    });
  });

  it("lets commenters discuss, authors edit their own words, and anyone but viewers resolve", async () => {
    const reply = await as<{ replyToComment: { comments: { body: string }[] } }>(
      editor,
      `mutation($t: ID!) { replyToComment(input: { threadId: $t, body: "The Argo array." }) { comments { id body } } }`,
      { t: threadId },
    );
    const comments = dataOf(reply).replyToComment.comments as { id: string; body: string }[];
    expect(comments.map((c) => c.body)).toEqual(["Which floats exactly?", "The Argo array."]);
    const replyId = comments[1]!.id;

    const byViewer = await as(
      viewer,
      `mutation($t: ID!) { replyToComment(input: { threadId: $t, body: "me too" }) { id } }`,
      {
        t: threadId,
      },
    );
    expect(codeOf(byViewer)).toBe("FORBIDDEN");
    const toReply = await as(
      commenter,
      `mutation($t: ID!) { replyToComment(input: { threadId: $t, body: "x" }) { id } }`,
      {
        t: replyId,
      },
    );
    expect(codeOf(toReply)).toBe("BAD_USER_INPUT");

    const notMine = await as(
      commenter,
      `mutation($c: ID!) { editComment(input: { id: $c, body: "changed" }) { id } }`,
      {
        c: replyId,
      },
    );
    expect(codeOf(notMine)).toBe("FORBIDDEN");
    const edited = dataOf(
      await as<{ editComment: { body: string; edited: boolean } }>(
        editor,
        `mutation($c: ID!) { editComment(input: { id: $c, body: "The Argo array, all 4000 floats." }) { body edited } }`,
        { c: replyId },
      ),
    );
    expect(edited.editComment).toEqual({ body: "The Argo array, all 4000 floats.", edited: true });

    const resolved = dataOf(
      await as<{ resolveCommentThread: Record<string, unknown> }>(
        commenter,
        `mutation($t: ID!) { resolveCommentThread(threadId: $t) { resolved resolvedBy { id } comments { edited } } }`,
        { t: threadId },
      ),
    );
    expect(resolved.resolveCommentThread).toEqual({
      resolved: true,
      resolvedBy: { id: commenter.id },
      comments: [{ edited: false }, { edited: true }],
    });
    expect(
      codeOf(
        await as(viewer, `mutation($t: ID!) { resolveCommentThread(threadId: $t) { id } }`, {
          t: threadId,
        }),
      ),
    ).toBe("FORBIDDEN");
    const open = dataOf(
      await as<{ paper: { commentThreads: { edges: unknown[] } } }>(
        viewer,
        `query($p: ID!) { paper(id: $p) { commentThreads(resolved: false) { edges { node { id } } } } }`,
        { p: paperId },
      ),
    );
    expect(open.paper.commentThreads.edges).toHaveLength(1);
    const reopened = dataOf(
      await as<{ reopenCommentThread: Record<string, unknown> }>(
        editor,
        `mutation($t: ID!) { reopenCommentThread(threadId: $t) { resolved resolvedBy { id } } }`,
        { t: threadId },
      ),
    );
    expect(reopened.reopenCommentThread).toEqual({ resolved: false, resolvedBy: null });
  });

  it("saves a named version and restores it as a new edit through live editing", async () => {
    const version = dataOf(
      await as<{ createVersion: { id: string; name: string; text: string } }>(
        editor,
        `mutation($p: ID!) { createVersion(input: { paperId: $p, name: "Before review" }) { id name text markdown } }`,
        { p: paperId },
      ),
    ).createVersion;
    expect(version.text).toBe(
      "Why share float data\nOpen Argo float data helps every coastal state.",
    );
    expect(
      codeOf(
        await as(
          commenter,
          `mutation($p: ID!) { createVersion(input: { paperId: $p, name: "mine" }) { id } }`,
          {
            p: paperId,
          },
        ),
      ),
    ).toBe("FORBIDDEN");

    await body.edit((fragment) => {
      fragment.delete(1, 1);
      fragment.insert(1, [block("paragraph", "Rewritten entirely.")]);
    });
    const restore = `mutation($v: ID!) { restoreVersion(versionId: $v) { ${CONTENT} } }`;
    expect(codeOf(await as(editor, restore, { v: version.id }))).toBe("FORBIDDEN");
    expect(codeOf(await as(outsider, restore, { v: version.id }))).toBe("NOT_FOUND");
    const restored = dataOf(
      await as<{ restoreVersion: { content: { text: string } } }>(lead, restore, { v: version.id }),
    );
    expect(restored.restoreVersion.content.text).toBe(
      "Why share float data\nOpen Argo float data helps every coastal state.",
    );
    expect(live.calls.filter((c) => c.kind === "applyServerUpdate")).toEqual([
      { kind: "applyServerUpdate", paperId, memberId: lead.id, bytes: expect.any(Number) },
    ]);
    const versions = dataOf(
      await as<{
        paper: { versions: { edges: { node: { name: string; createdBy: { id: string } } }[] } };
      }>(
        viewer,
        `query($p: ID!) { paper(id: $p) { versions { edges { node { name createdBy { id } } } } } }`,
        { p: paperId },
      ),
    );
    expect(versions.paper.versions.edges.map((e) => e.node)).toEqual([
      { name: "Before review", createdBy: { id: editor.id } },
    ]);
    expect(
      codeOf(await as(outsider, `query($v: ID!) { version(id: $v) { id } }`, { v: version.id })),
    ).toBe("NOT_FOUND");
  });

  it("moves through the workflow only as the role table allows", async () => {
    const transitions = `query($p: ID!) { paper(id: $p) { allowedStatusTransitions viewerCan { changeStatus endorse editText } } }`;
    const forLead = dataOf(
      await as<{ paper: { allowedStatusTransitions: string[] } }>(lead, transitions, {
        p: paperId,
      }),
    );
    expect(forLead.paper.allowedStatusTransitions.sort()).toEqual(["ARCHIVED", "IN_REVIEW"]);
    const forEditor = dataOf(
      await as<{ paper: Record<string, unknown> }>(editor, transitions, { p: paperId }),
    );
    expect(forEditor.paper).toEqual({
      allowedStatusTransitions: [],
      viewerCan: { changeStatus: false, endorse: false, editText: true },
    });

    const move = `mutation($p: ID!, $s: PaperStatus!, $v: Int) { changePaperStatus(input: { id: $p, status: $s, expectedVersion: $v }) { status version publishedAt } }`;
    expect(codeOf(await as(editor, move, { p: paperId, s: "IN_REVIEW" }))).toBe("FORBIDDEN");
    const skipping = await as(lead, move, { p: paperId, s: "PUBLISHED" });
    expect(codeOf(skipping)).toBe("CONFLICT");
    expect(skipping.errors?.[0]?.message).toMatch(
      /DRAFT paper cannot move to PUBLISHED; it can move to IN_REVIEW, ARCHIVED/,
    );
    expect(codeOf(await as(lead, move, { p: paperId, s: "IN_REVIEW", v: 99 }))).toBe("CONFLICT");
    const inReview = dataOf(
      await as<{ changePaperStatus: { status: string; version: number } }>(lead, move, {
        p: paperId,
        s: "IN_REVIEW",
      }),
    );
    expect(inReview.changePaperStatus.status).toBe("IN_REVIEW");
    dataOf(
      await as(lead, move, { p: paperId, s: "ENDORSEMENT", v: inReview.changePaperStatus.version }),
    );
    expect(
      live.calls
        .filter((c) => c.kind === "paperStatusChanged")
        .map((c) => c.kind === "paperStatusChanged" && c.status),
    ).toEqual(["IN_REVIEW", "ENDORSEMENT"]);
  });

  it("collects endorsements once per member while in ENDORSEMENT", async () => {
    const endorse = `mutation($p: ID!, $o: String!) { endorsePaper(input: { paperId: $p, organisation: $o, statement: "We support it." }) {
      organisation statement member { id } paper { endorsementCount } } }`;
    const first = dataOf(
      await as<{ endorsePaper: Record<string, unknown> }>(viewer, endorse, {
        p: paperId,
        o: "Ocean Institute",
      }),
    );
    expect(first.endorsePaper).toEqual({
      organisation: "Ocean Institute",
      statement: "We support it.",
      member: { id: viewer.id },
      paper: { endorsementCount: 1 },
    });
    const twice = await as(viewer, endorse, { p: paperId, o: "Ocean Institute" });
    expect(codeOf(twice)).toBe("CONFLICT");
    expect(twice.errors?.[0]?.message).toMatch(/already endorsed/);
    expect(codeOf(await as(outsider, endorse, { p: paperId, o: "Elsewhere" }))).toBe("NOT_FOUND");
    expect(codeOf(await as(coordinator, endorse, { p: paperId, o: "Platform" }))).toBe("FORBIDDEN");
    expect(codeOf(await as(viewer, endorse, { p: paperId, o: "x" }))).toBe("BAD_USER_INPUT");
    dataOf(await as(editor, endorse, { p: paperId, o: "Coastal League" }));

    const withdraw = `mutation($p: ID!) { withdrawEndorsement(paperId: $p) { endorsementCount viewerEndorsement { organisation } } }`;
    expect(
      dataOf(await as<{ withdrawEndorsement: unknown }>(editor, withdraw, { p: paperId }))
        .withdrawEndorsement,
    ).toEqual({
      endorsementCount: 1,
      viewerEndorsement: null,
    });
    expect(codeOf(await as(editor, withdraw, { p: paperId }))).toBe("NOT_FOUND");
    const list = dataOf(
      await as<{
        paper: {
          endorsements: { edges: { node: { organisation: string } }[] };
          viewerEndorsement: unknown;
        };
      }>(
        viewer,
        `query($p: ID!) { paper(id: $p) { endorsements { edges { node { organisation } } } viewerEndorsement { organisation } } }`,
        { p: paperId },
      ),
    );
    expect(list.paper.endorsements.edges.map((e) => e.node.organisation)).toEqual([
      "Ocean Institute",
    ]);
    expect(list.paper.viewerEndorsement).toEqual({ organisation: "Ocean Institute" });
  });

  it("is frozen once published, and public", async () => {
    const published = dataOf(
      await as<{ changePaperStatus: { status: string; publishedAt: string | null } }>(
        lead,
        `mutation($p: ID!) { changePaperStatus(input: { id: $p, status: PUBLISHED }) { status publishedAt } }`,
        { p: paperId },
      ),
    );
    expect(published.changePaperStatus.publishedAt).toEqual(expect.any(String));

    const comment = await as(
      commenter,
      `mutation($p: ID!) { addComment(input: { paperId: $p, body: "late" }) { id } }`,
      {
        p: paperId,
      },
    );
    expect(comment.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "FROZEN" });
    expect(comment.errors?.[0]?.message).toMatch(/PUBLISHED and frozen/);
    const edit = await as(
      editor,
      `mutation($p: ID!) { updatePaper(input: { id: $p, title: "New title" }) { id } }`,
      {
        p: paperId,
      },
    );
    expect(edit.errors?.[0]?.extensions?.reason).toBe("FROZEN");
    const endorseLate = await as(
      outsider,
      `mutation($p: ID!) { endorsePaper(input: { paperId: $p, organisation: "Late Org" }) { paper { id } } }`,
      {
        p: paperId,
      },
    );
    expect(codeOf(endorseLate)).toBe("FORBIDDEN");

    const seen = dataOf(
      await as<{ paper: { title: string; content: { text: string } } }>(
        null,
        `query($p: ID!) { paper(id: $p) { title content { text } } }`,
        { p: paperId },
      ),
    );
    expect(seen.paper.title).toBe("Argo data sharing");
    const listed = dataOf(
      await as<{ papers: { edges: { node: { id: string } }[] } }>(
        null,
        `{ papers { edges { node { id } } } }`,
      ),
    );
    expect(listed.papers.edges.map((e) => e.node.id)).toEqual([paperId]);
    const draftsForAnonymous = dataOf(
      await as<{ papers: { edges: unknown[] } }>(
        null,
        `{ papers(filter: { status: DRAFT }) { edges { node { id } } } }`,
      ),
    );
    expect(draftsForAnonymous.papers.edges).toEqual([]);
    const archived = dataOf(
      await as<{ changePaperStatus: { status: string } }>(
        coordinator,
        `mutation($p: ID!) { changePaperStatus(input: { id: $p, status: ARCHIVED }) { status } }`,
        { p: paperId },
      ),
    );
    expect(archived.changePaperStatus.status).toBe("ARCHIVED");
    expect(
      codeOf(await as(outsider, `query($p: ID!) { paper(id: $p) { id } }`, { p: paperId })),
    ).toBe("NOT_FOUND");
  });

  it("keeps a LEAD, and tells live editing of role changes and removals", async () => {
    const change = `mutation($p: ID!, $m: ID!, $r: PaperRole!) { changeCollaboratorRole(input: { paperId: $p, memberId: $m, role: $r }) { collaborators { role member { id } } } }`;
    const remove = `mutation($p: ID!, $m: ID!) { removeCollaborator(input: { paperId: $p, memberId: $m }) { collaborators { member { id } } } }`;
    const demoteLead = await as(lead, change, { p: paperId, m: lead.id, r: "EDITOR" });
    expect(codeOf(demoteLead)).toBe("CONFLICT");
    expect(demoteLead.errors?.[0]?.message).toMatch(/at least one LEAD/);
    expect(codeOf(await as(lead, remove, { p: paperId, m: lead.id }))).toBe("CONFLICT");
    expect(codeOf(await as(editor, change, { p: paperId, m: viewer.id, r: "EDITOR" }))).toBe(
      "FORBIDDEN",
    );

    live.calls.length = 0;
    dataOf(await as(lead, change, { p: paperId, m: viewer.id, r: "EDITOR" }));
    dataOf(await as(lead, remove, { p: paperId, m: commenter.id }));
    // Anyone may leave a paper themselves.
    dataOf(await as(editor, remove, { p: paperId, m: editor.id }));
    expect(live.calls).toEqual([
      { kind: "collaboratorChanged", paperId, memberId: viewer.id, role: "EDITOR" },
      { kind: "collaboratorChanged", paperId, memberId: commenter.id, role: null },
      { kind: "collaboratorChanged", paperId, memberId: editor.id, role: null },
    ]);
    expect(codeOf(await as(lead, remove, { p: paperId, m: outsider.id }))).toBe("NOT_FOUND");
  });

  it("records an activity feed, newest first", async () => {
    const { paper } = dataOf(
      await as<{
        paper: {
          activity: {
            edges: {
              node: {
                kind: string;
                actor: { id: string };
                details: { name: string; value: string | null }[];
              };
            }[];
          };
        };
      }>(
        lead,
        `query($p: ID!) { paper(id: $p) { activity(first: 100) { edges { node { kind actor { id } details { name value } } } } } }`,
        { p: paperId },
      ),
    );
    const kinds = paper.activity.edges.map((e) => e.node.kind);
    expect(kinds.at(-1)).toBe("PAPER_CREATED");
    expect(kinds[0]).toBe("COLLABORATOR_REMOVED");
    for (const kind of [
      "COLLABORATOR_ADDED",
      "COMMENT_ADDED",
      "COMMENT_RESOLVED",
      "COMMENT_REOPENED",
      "VERSION_CREATED",
      "VERSION_RESTORED",
      "STATUS_CHANGED",
      "ENDORSED",
      "ENDORSEMENT_WITHDRAWN",
      "COLLABORATOR_ROLE_CHANGED",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const published = paper.activity.edges.find(
      (e) =>
        e.node.kind === "STATUS_CHANGED" &&
        e.node.details.some((d) => d.name === "to" && d.value === "PUBLISHED"),
    );
    expect(published?.node).toEqual({
      kind: "STATUS_CHANGED",
      actor: { id: lead.id },
      details: [
        { name: "from", value: "ENDORSEMENT" },
        { name: "to", value: "PUBLISHED" },
      ],
    });
  });
});

describe("a failed mutation writes nothing", () => {
  it("leaves a paper as it was when one field of an edit is invalid", async () => {
    const someone = await person("careful");
    const group = dataOf(
      await as<{ createWorkingGroup: { id: string } }>(
        someone,
        `mutation { createWorkingGroup(input: { name: "Careful group" }) { id } }`,
      ),
    ).createWorkingGroup;
    const before = await store.papers.list({ workingGroupId: group.id }, { first: 10 });
    const bad = await as(
      someone,
      `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Fine title", topicIds: ["space", "unknown-topic"] }) { id } }`,
      { g: group.id },
    );
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    expect(await store.papers.list({ workingGroupId: group.id }, { first: 10 })).toEqual(before);

    const paper = dataOf(
      await as<{ createPaper: { id: string; version: number } }>(
        someone,
        `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Fine title" }) { id version } }`,
        { g: group.id },
      ),
    ).createPaper;
    const stored = await store.papers.get(paper.id);
    const update = await as(
      someone,
      `mutation($p: ID!) { updatePaper(input: { id: $p, title: "A better title", summary: "${"s".repeat(4001)}" }) { id } }`,
      { p: paper.id },
    );
    expect(codeOf(update)).toBe("BAD_USER_INPUT");
    expect(update.errors?.[0]?.message).toMatch(/summary must be at most 4000 characters/);
    expect(await store.papers.get(paper.id)).toEqual(stored);
  });
});

describe("working groups", () => {
  it("are administered by conveners and coordinators and keep a convener", async () => {
    const convener = await person("wg-convener");
    const member = await person("wg-member");
    const other = await person("wg-other");
    const coordinatorPerson = await person("wg-coordinator", true);
    const group = dataOf(
      await as<{ createWorkingGroup: { id: string; version: number } }>(
        convener,
        `mutation { createWorkingGroup(input: { name: "Space traffic", topicIds: ["space"] }) { id version } }`,
      ),
    ).createWorkingGroup;
    const add = `mutation($g: ID!, $m: ID!, $r: WorkingGroupRole) { addWorkingGroupMember(input: { workingGroupId: $g, memberId: $m, role: $r }) {
      memberships { role member { id } } } }`;
    dataOf(await as(convener, add, { g: group.id, m: member.id }));
    expect(codeOf(await as(member, add, { g: group.id, m: other.id }))).toBe("FORBIDDEN");
    expect(codeOf(await as(convener, add, { g: group.id, m: member.id }))).toBe("CONFLICT");
    dataOf(await as(coordinatorPerson, add, { g: group.id, m: other.id, r: "CONVENER" }));

    const rename = `mutation($g: ID!, $n: String, $v: Int) { updateWorkingGroup(input: { id: $g, name: $n, expectedVersion: $v }) { name version } }`;
    expect(codeOf(await as(member, rename, { g: group.id, n: "Renamed" }))).toBe("FORBIDDEN");
    const renamed = dataOf(
      await as<{ updateWorkingGroup: { name: string; version: number } }>(convener, rename, {
        g: group.id,
        n: "Space traffic management",
        v: group.version,
      }),
    );
    expect(renamed.updateWorkingGroup).toEqual({ name: "Space traffic management", version: 2 });
    expect(codeOf(await as(convener, rename, { g: group.id, n: "Stale", v: 1 }))).toBe("CONFLICT");

    const role = `mutation($g: ID!, $m: ID!, $r: WorkingGroupRole!) { changeWorkingGroupMemberRole(input: { workingGroupId: $g, memberId: $m, role: $r }) { conveners { id } } }`;
    dataOf(await as(convener, role, { g: group.id, m: other.id, r: "MEMBER" }));
    const lastConvener = await as(convener, role, { g: group.id, m: convener.id, r: "MEMBER" });
    expect(codeOf(lastConvener)).toBe("CONFLICT");
    expect(lastConvener.errors?.[0]?.message).toMatch(/at least one convener/);

    const remove = `mutation($g: ID!, $m: ID!) { removeWorkingGroupMember(input: { workingGroupId: $g, memberId: $m }) { memberships { member { id } } } }`;
    expect(codeOf(await as(member, remove, { g: group.id, m: other.id }))).toBe("FORBIDDEN");
    const left = dataOf(
      await as<{ removeWorkingGroupMember: { memberships: { member: { id: string } }[] } }>(
        member,
        remove,
        {
          g: group.id,
          m: member.id,
        },
      ),
    );
    expect(left.removeWorkingGroupMember.memberships.map((m) => m.member.id)).not.toContain(
      member.id,
    );

    const view = `query($g: ID!) { workingGroup(id: $g) { viewerRole viewerCanAdminister viewerCanCreatePaper } }`;
    expect(dataOf(await as(other, view, { g: group.id }))).toEqual({
      workingGroup: {
        viewerRole: "MEMBER",
        viewerCanAdminister: false,
        viewerCanCreatePaper: true,
      },
    });
    expect(dataOf(await as(member, view, { g: group.id }))).toEqual({
      workingGroup: { viewerRole: null, viewerCanAdminister: false, viewerCanCreatePaper: false },
    });
    expect(codeOf(await as(null, view, { g: group.id }))).toBe("UNAUTHENTICATED");

    const groupsOf = `query($m: ID!) { member(id: $m) { workingGroups { role workingGroup { name } } } }`;
    const own = dataOf(
      await as<{ member: { workingGroups: unknown[] } }>(other, groupsOf, { m: other.id }),
    );
    expect(own.member.workingGroups).toEqual([
      { role: "MEMBER", workingGroup: { name: "Space traffic management" } },
    ]);
    const others = dataOf(
      await as<{ member: { workingGroups: unknown[] } }>(member, groupsOf, { m: other.id }),
    );
    expect(others.member.workingGroups).toEqual([]);
  });
});

describe("members", () => {
  it("lists and searches members and coordinators for signed-in callers", async () => {
    const searcher = await person("searcher");
    dataOf(
      await as(
        searcher,
        `mutation { updateMe(input: { displayName: "Ngozi Okafor", affiliation: "Lagos Marine Lab" }) { id } }`,
      ),
    );
    const found = dataOf(
      await as<{ members: { edges: { node: { displayName: string } }[] } }>(
        searcher,
        `{ members(search: "marine") { edges { node { displayName } } } }`,
      ),
    );
    expect(found.members.edges.map((e) => e.node.displayName)).toEqual(["Ngozi Okafor"]);
    const coordinators = dataOf(
      await as<{ coordinators: { displayName: string; platformRole: string }[] }>(
        searcher,
        `{ coordinators { displayName platformRole } }`,
      ),
    );
    expect(coordinators.coordinators.map((c) => c.displayName).sort()).toEqual([
      "coordinator",
      "wg-coordinator",
    ]);
    expect(codeOf(await as(null, `{ members { edges { node { id } } } }`))).toBe("UNAUTHENTICATED");
    expect(codeOf(await as(null, `{ coordinators { id } }`))).toBe("UNAUTHENTICATED");
    expect(codeOf(await as(searcher, `{ member(id: "nobody") { id } }`))).toBe("NOT_FOUND");
  });
});
