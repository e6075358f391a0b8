// What an outsider can learn or store: a reply's id tells a non-member nothing (NOT_FOUND as
// for a missing id), and control characters never reach storage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, startTestApi, type TestApi } from "../support.ts";

let api: TestApi;
let ada: string;
let mallory: string;
let paperId: string;
let threadId: string;
let replyId: string;

beforeAll(async () => {
  api = await startTestApi();
  ada = await api.token("ada");
  mallory = await api.token("mallory");
  const { createWorkingGroup } = dataOf(
    await api.gql<{ createWorkingGroup: { id: string } }>(
      `mutation { createWorkingGroup(input: { name: "Ocean observation" }) { id } }`,
      {},
      ada,
    ),
  );
  paperId = dataOf(
    await api.gql<{ createPaper: { id: string } }>(
      `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Argo data sharing" }) { id } }`,
      { g: createWorkingGroup.id },
      ada,
    ),
  ).createPaper.id;
  threadId = dataOf(
    await api.gql<{ addComment: { id: string } }>(
      `mutation($p: ID!) { addComment(input: { paperId: $p, body: "Which floats?" }) { id } }`,
      { p: paperId },
      ada,
    ),
  ).addComment.id;
  const { replyToComment } = dataOf(
    await api.gql<{ replyToComment: { comments: { id: string }[] } }>(
      `mutation($t: ID!) { replyToComment(input: { threadId: $t, body: "The deep ones." }) { comments { id } } }`,
      { t: threadId },
      ada,
    ),
  );
  replyId = replyToComment.comments.at(-1)!.id;
});
afterAll(() => api.close());

describe("a reply's id and a stranger", () => {
  const missing = "00000000-0000-4000-8000-000000000000";
  const mutations: Record<string, (id: string) => [string, Record<string, unknown>]> = {
    replyToComment: (id) => [
      'mutation($t: ID!) { replyToComment(input: { threadId: $t, body: "hi" }) { id } }',
      { t: id },
    ],
    resolveCommentThread: (id) => [
      "mutation($t: ID!) { resolveCommentThread(threadId: $t) { id } }",
      { t: id },
    ],
    reopenCommentThread: (id) => [
      "mutation($t: ID!) { reopenCommentThread(threadId: $t) { id } }",
      { t: id },
    ],
    editComment: (id) => [
      'mutation($c: ID!) { editComment(input: { id: $c, body: "mine now" }) { id } }',
      { c: id },
    ],
  };

  it.each(
    Object.keys(mutations),
  )("%s answers a non-member NOT_FOUND for a reply, a thread and a missing id alike", async (name) => {
    const answers = [];
    for (const id of [replyId, threadId, missing]) {
      const [query, variables] = mutations[name]!(id);
      const response = await api.gql(query, variables, mallory);
      const error = response.errors?.[0];
      // The message names only the id given: never the thread root or the paper.
      answers.push({
        code: error?.extensions?.code,
        message: error?.message.replace(id, "<id>"),
      });
      expect(JSON.stringify(response)).not.toContain(paperId);
      if (id !== threadId) expect(JSON.stringify(response)).not.toContain(threadId);
    }
    expect(answers[0]?.code).toBe("NOT_FOUND");
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("still tells a collaborator that an id is a reply, and which thread to use", async () => {
    const response = await api.gql(
      "mutation($t: ID!) { resolveCommentThread(threadId: $t) { id } }",
      { t: replyId },
      ada,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toContain(threadId);
  });
});

describe("control characters", () => {
  const hostile = {
    NUL: "Ocean\u0000group",
    BEL: "Ocean\u0007group",
    "ESC sequence": "\u001b[2J\u001b[31mOcean group",
    DEL: "Ocean group\u007f",
    "C1 CSI": "Ocean \u009b31m group",
  };

  it.each(Object.entries(hostile))("refuses %s in names, titles and comments", async (_, value) => {
    const attempts: [string, string, Record<string, unknown>][] = [
      [
        "name",
        "mutation($v: String!) { createWorkingGroup(input: { name: $v }) { id } }",
        { v: value },
      ],
      [
        "displayName",
        "mutation($v: String) { updateMe(input: { displayName: $v }) { id } }",
        { v: value },
      ],
      [
        "title",
        "mutation($p: ID!, $v: String) { updatePaper(input: { id: $p, title: $v }) { id } }",
        { p: paperId, v: value },
      ],
      [
        "body",
        "mutation($p: ID!, $v: String!) { addComment(input: { paperId: $p, body: $v }) { id } }",
        { p: paperId, v: value },
      ],
    ];
    for (const [field, query, variables] of attempts) {
      const response = await api.gql(query, variables, ada);
      expect(response.errors?.[0]?.extensions, field).toMatchObject({
        code: "BAD_USER_INPUT",
        field,
      });
      expect(response.errors?.[0]?.message, field).toMatch(/control character/);
    }
    // Nothing was stored.
    const { paper } = dataOf(
      await api.gql<{ paper: { title: string } }>(
        "query($p: ID!) { paper(id: $p) { title } }",
        { p: paperId },
        ada,
      ),
    );
    expect(paper.title).toBe("Argo data sharing");
  });

  it("takes line breaks and tabs in a comment, and refuses a line break in a title", async () => {
    const comment = await api.gql<{ addComment: { comments: { body: string }[] } }>(
      "mutation($p: ID!, $v: String!) { addComment(input: { paperId: $p, body: $v }) { comments { body } } }",
      { p: paperId, v: "First line\r\n\tindented second" },
      ada,
    );
    expect(dataOf(comment).addComment.comments[0]?.body).toBe("First line\n\tindented second");
    const title = await api.gql(
      "mutation($p: ID!, $v: String) { updatePaper(input: { id: $p, title: $v }) { id } }",
      { p: paperId, v: "Argo\ndata" },
      ada,
    );
    expect(title.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "title" });
  });
});
