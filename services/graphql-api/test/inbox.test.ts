// The inbox through GraphQL: who is notified of mentions, replies, status changes, invitations
// and endorsement requests (never the one who acted, only people who may read the paper), what
// a notification links to, marking read, and the state a badge polls.
import { mentionToken, TEXT_LIMITS } from "@accord/domain";
import { createMemoryStore } from "@accord/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf, dataOf, startTestApi, type TestApi } from "./support.ts";

let api: TestApi;
const token: Record<string, string> = {};
const PEOPLE = ["ana", "bea", "cai", "dan", "eve"] as const;
/** Member ids by first name, set once everyone has signed in. */
const id = {} as Record<(typeof PEOPLE)[number], string>;
let groupId: string;

const NOTIFICATION = `id kind read readAt threadId excerpt fromStatus toStatus message
  actor { id } paper { id title } invitation { id targetName }`;

interface NotificationView {
  id: string;
  kind: string;
  read: boolean;
  readAt: string | null;
  threadId: string | null;
  excerpt: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  message: string | null;
  actor: { id: string } | null;
  paper: { id: string; title: string } | null;
  invitation: { id: string; targetName: string } | null;
}

async function inbox(who: string, unreadOnly = false): Promise<NotificationView[]> {
  const data = dataOf(
    await api.gql<{ inbox: { edges: { node: NotificationView }[] } }>(
      `query($u: Boolean) { inbox(first: 100, unreadOnly: $u) { edges { node { ${NOTIFICATION} } } } }`,
      { u: unreadOnly },
      token[who],
    ),
  );
  return data.inbox.edges.map((edge) => edge.node);
}

async function inboxState(who: string) {
  return dataOf(
    await api.gql<{ inboxState: { unreadCount: number; version: string } }>(
      "{ inboxState { unreadCount version } }",
      {},
      token[who],
    ),
  ).inboxState;
}

async function markAllRead(who: string) {
  dataOf(await api.gql("mutation { markAllNotificationsRead { unreadCount } }", {}, token[who]));
}

/** A paper led by ana with bea (EDITOR), cai (COMMENTER) and eve (VIEWER); dan is outside. */
async function newPaper(title: string): Promise<string> {
  const paperId = dataOf(
    await api.gql<{ createPaper: { id: string } }>(
      `mutation($g: ID!, $t: String!) { createPaper(input: { workingGroupId: $g, title: $t }) { id } }`,
      { g: groupId, t: title },
      token.ana,
    ),
  ).createPaper.id;
  for (const [who, role] of [
    ["bea", "EDITOR"],
    ["cai", "COMMENTER"],
    ["eve", "VIEWER"],
  ] as const) {
    dataOf(
      await api.gql(
        `mutation($p: ID!, $m: ID!, $r: PaperRole!) { addCollaborator(input: { paperId: $p, memberId: $m, role: $r }) { id } }`,
        { p: paperId, m: id[who], r: role },
        token.ana,
      ),
    );
  }
  return paperId;
}

const ADD_COMMENT = `mutation($p: ID!, $b: String!) {
  addComment(input: { paperId: $p, body: $b }) { id comments { id body mentions { id displayName } } }
}`;
const REPLY = `mutation($t: ID!, $b: String!) { replyToComment(input: { threadId: $t, body: $b }) { id } }`;

beforeAll(async () => {
  api = await startTestApi();
  for (const who of PEOPLE) {
    token[who] = await api.token(`inbox-${who}`);
    const me = dataOf(
      await api.gql<{ updateMe: { id: string } }>(
        `mutation($n: String!) { updateMe(input: { displayName: $n }) { id } }`,
        { n: `${who[0]!.toUpperCase()}${who.slice(1)} Lima` },
        token[who],
      ),
    );
    id[who] = me.updateMe.id;
  }
  groupId = dataOf(
    await api.gql<{ createWorkingGroup: { id: string } }>(
      `mutation { createWorkingGroup(input: { name: "Ocean observation" }) { id } }`,
      {},
      token.ana,
    ),
  ).createWorkingGroup.id;
});
afterAll(() => api.close());

describe("mentions", () => {
  it("notify the mentioned member only, linking to the thread, with the name in the text", async () => {
    const paperId = await newPaper("Deep-sea mining moratorium");
    for (const who of ["ana", "bea", "cai", "eve"]) await markAllRead(who);
    const body = `Could ${mentionToken(id.bea, "whoever")} check the figures? @Cai Lima is plain text.`;
    const thread = dataOf(
      await api.gql<{
        addComment: {
          id: string;
          comments: { body: string; mentions: { id: string; displayName: string }[] }[];
        };
      }>(ADD_COMMENT, { p: paperId, b: body }, token.ana),
    ).addComment;
    const [comment] = thread.comments;
    // The label is the member's own name, whatever the client wrote.
    expect(comment?.body).toContain(mentionToken(id.bea, "Bea Lima"));
    expect(comment?.mentions.map((m) => m.id)).toEqual([id.bea]);

    const [mention, ...others] = await inbox("bea", true);
    expect(others).toEqual([]);
    expect(mention).toMatchObject({
      kind: "MENTION",
      read: false,
      threadId: thread.id,
      actor: { id: id.ana },
      paper: { id: paperId, title: "Deep-sea mining moratorium" },
      excerpt: "Could @Bea Lima check the figures? @Cai Lima is plain text.",
    });
    for (const who of ["ana", "cai", "eve"]) expect(await inbox(who, true)).toEqual([]);
  });

  it("refuse a member who cannot read the paper, an unknown id, and too many members", async () => {
    const paperId = await newPaper("Seabed cables");
    const outsider = await api.gql(
      ADD_COMMENT,
      { p: paperId, b: `Ask ${mentionToken(id.dan, "Dan Lima")}` },
      token.ana,
    );
    expect(codeOf(outsider)).toBe("BAD_USER_INPUT");
    expect(outsider.errors?.[0]?.message).toMatch(/cannot read this paper/);
    expect(
      codeOf(
        await api.gql(
          ADD_COMMENT,
          { p: paperId, b: mentionToken("no-such-member", "X") },
          token.ana,
        ),
      ),
    ).toBe("BAD_USER_INPUT");
    const tooMany = Array.from({ length: TEXT_LIMITS.mentionsPerComment + 1 }, (_, i) =>
      mentionToken(`m${i}`, `M ${i}`),
    ).join(" ");
    expect(codeOf(await api.gql(ADD_COMMENT, { p: paperId, b: tooMany }, token.ana))).toBe(
      "BAD_USER_INPUT",
    );
    // Nothing was posted and nobody told.
    const threads = dataOf(
      await api.gql<{ paper: { commentThreads: { edges: unknown[] } } }>(
        `query($p: ID!) { paper(id: $p) { commentThreads { edges { node { id } } } } }`,
        { p: paperId },
        token.ana,
      ),
    );
    expect(threads.paper.commentThreads.edges).toEqual([]);
    expect((await inbox("dan")).filter((n) => n.kind === "MENTION")).toEqual([]);
  });

  it("on an edit, notify only the members the earlier text did not mention", async () => {
    const paperId = await newPaper("Marine protected areas");
    for (const who of ["bea", "cai"]) await markAllRead(who);
    const first = dataOf(
      await api.gql<{ addComment: { comments: { id: string }[] } }>(
        ADD_COMMENT,
        { p: paperId, b: `Over to ${mentionToken(id.bea, "Bea")}` },
        token.ana,
      ),
    ).addComment.comments[0]!;
    dataOf(
      await api.gql(
        `mutation($c: ID!, $b: String!) { editComment(input: { id: $c, body: $b }) { id } }`,
        {
          c: first.id,
          b: `Over to ${mentionToken(id.bea, "Bea")} and ${mentionToken(id.cai, "Cai")}`,
        },
        token.ana,
      ),
    );
    expect((await inbox("bea", true)).map((n) => n.kind)).toEqual(["MENTION"]);
    expect((await inbox("cai", true)).map((n) => n.kind)).toEqual(["MENTION"]);
  });
});

describe("replies", () => {
  it("notify those who started or took part in the thread, a mentioned one only once", async () => {
    const paperId = await newPaper("Fisheries subsidies");
    for (const who of ["ana", "bea", "cai", "eve"]) await markAllRead(who);
    const threadId = dataOf(
      await api.gql<{ addComment: { id: string } }>(
        ADD_COMMENT,
        { p: paperId, b: "Start" },
        token.cai,
      ),
    ).addComment.id;
    dataOf(await api.gql(REPLY, { t: threadId, b: "First reply" }, token.bea));
    // cai started it and bea replied; ana replies mentioning bea.
    dataOf(
      await api.gql(REPLY, { t: threadId, b: `Agreed, ${mentionToken(id.bea, "Bea")}` }, token.ana),
    );
    const cai = await inbox("cai", true);
    expect(cai.map((n) => [n.kind, n.actor?.id, n.threadId])).toEqual([
      ["REPLY", id.ana, threadId],
      ["REPLY", id.bea, threadId],
    ]);
    expect((await inbox("bea", true)).map((n) => n.kind)).toEqual(["MENTION"]);
    // ana is told of no reply of her own, eve took no part.
    expect(await inbox("ana", true)).toEqual([]);
    expect(await inbox("eve", true)).toEqual([]);
  });
});

describe("status changes", () => {
  it("notify every collaborator but the one who changed it, and nobody outside", async () => {
    const paperId = await newPaper("Ocean acidification");
    for (const who of ["ana", "bea", "cai", "dan", "eve"]) await markAllRead(who);
    dataOf(
      await api.gql(
        `mutation($p: ID!) { changePaperStatus(input: { id: $p, status: IN_REVIEW }) { status } }`,
        { p: paperId },
        token.ana,
      ),
    );
    for (const who of ["bea", "cai", "eve"]) {
      expect(await inbox(who, true)).toMatchObject([
        {
          kind: "STATUS_CHANGED",
          fromStatus: "DRAFT",
          toStatus: "IN_REVIEW",
          paper: { id: paperId },
        },
      ]);
    }
    expect(await inbox("ana", true)).toEqual([]);
    expect(await inbox("dan", true)).toEqual([]);
  });
});

describe("invitations", () => {
  it("notify an invited username that is already a member, with the invitation", async () => {
    const paperId = await newPaper("Blue carbon");
    await markAllRead("dan");
    const invitationId = dataOf(
      await api.gql<{ inviteCollaborator: { id: string } }>(
        `mutation($p: ID!) { inviteCollaborator(input: { paperId: $p, username: "inbox-dan", role: COMMENTER }) { id } }`,
        { p: paperId },
        token.ana,
      ),
    ).inviteCollaborator.id;
    const [invited] = await inbox("dan", true);
    // dan may not read the draft yet: the invitation names it, the paper stays hidden.
    expect(invited).toMatchObject({
      kind: "INVITATION",
      invitation: { id: invitationId, targetName: "Blue carbon" },
      paper: null,
    });
    dataOf(
      await api.gql(
        `mutation($i: ID!) { acceptInvitation(id: $i) { id } }`,
        { i: invitationId },
        token.dan,
      ),
    );
    expect((await inbox("dan"))[0]?.paper).toEqual({ id: paperId, title: "Blue carbon" });
  });
});

describe("endorsement requests", () => {
  it("reach the collaborator asked, with the note, while the paper is in ENDORSEMENT", async () => {
    const paperId = await newPaper("High seas treaty");
    await markAllRead("cai");
    const REQUEST = `mutation($p: ID!, $m: ID!, $note: String) {
      requestEndorsement(input: { paperId: $p, memberId: $m, message: $note }) { id }
    }`;
    const early = await api.gql(REQUEST, { p: paperId, m: id.cai }, token.ana);
    expect(codeOf(early)).toBe("CONFLICT");
    // A draft is not open for endorsement yet, as when endorsing it; it is not frozen.
    expect(early.errors?.[0]?.extensions).toMatchObject({ reason: "NOT_OPEN", status: "DRAFT" });
    for (const status of ["IN_REVIEW", "ENDORSEMENT"]) {
      dataOf(
        await api.gql(
          `mutation($p: ID!, $s: PaperStatus!) { changePaperStatus(input: { id: $p, status: $s }) { status } }`,
          { p: paperId, s: status },
          token.ana,
        ),
      );
    }
    await markAllRead("cai");
    dataOf(
      await api.gql(REQUEST, { p: paperId, m: id.cai, note: "  For your institute?  " }, token.ana),
    );
    expect(await inbox("cai", true)).toMatchObject([
      { kind: "ENDORSEMENT_REQUESTED", message: "For your institute?", actor: { id: id.ana } },
    ]);
    expect(codeOf(await api.gql(REQUEST, { p: paperId, m: id.dan }, token.ana))).toBe(
      "BAD_USER_INPUT",
    );
    expect(codeOf(await api.gql(REQUEST, { p: paperId, m: id.cai }, token.bea))).toBe("FORBIDDEN");
  });
});

describe("reading the inbox", () => {
  it("marks read by id (own ones only) or all, with the count and version following", async () => {
    const paperId = await newPaper("Ocean literacy");
    await markAllRead("bea");
    await markAllRead("cai");
    const start = await inboxState("bea");
    expect(start.unreadCount).toBe(0);
    for (const n of [1, 2, 3]) {
      dataOf(
        await api.gql(
          ADD_COMMENT,
          { p: paperId, b: `Note ${n} for ${mentionToken(id.bea, "B")}` },
          token.ana,
        ),
      );
    }
    dataOf(await api.gql(ADD_COMMENT, { p: paperId, b: mentionToken(id.cai, "C") }, token.ana));
    const three = await inboxState("bea");
    expect(three.unreadCount).toBe(3);
    expect(three.version).not.toBe(start.version);
    // Polling again without a change answers the same version.
    expect(await inboxState("bea")).toEqual(three);

    const [newest, , oldest] = await inbox("bea", true);
    const [caisOwn] = await inbox("cai", true);
    const marked = dataOf(
      await api.gql<{ markNotificationsRead: { unreadCount: number; version: string } }>(
        `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { unreadCount version } }`,
        { ids: [newest!.id, caisOwn!.id] },
        token.bea,
      ),
    ).markNotificationsRead;
    expect(marked.unreadCount).toBe(2);
    expect(marked.version).not.toBe(three.version);
    // cai's notification is untouched by bea's request.
    expect((await inbox("cai", true)).map((n) => n.id)).toEqual([caisOwn!.id]);
    const all = await inbox("bea");
    expect(all.find((n) => n.id === newest!.id)).toMatchObject({ read: true });
    expect(all.find((n) => n.id === oldest!.id)).toMatchObject({ read: false, readAt: null });

    const tooMany = await api.gql(
      `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { unreadCount } }`,
      { ids: Array.from({ length: TEXT_LIMITS.notificationsMarkedAtOnce + 1 }, (_, i) => `n${i}`) },
      token.bea,
    );
    expect(codeOf(tooMany)).toBe("BAD_USER_INPUT");

    await markAllRead("bea");
    expect((await inboxState("bea")).unreadCount).toBe(0);
    expect(await inbox("bea", true)).toEqual([]);
    expect(codeOf(await api.gql("{ inboxState { unreadCount } }"))).toBe("UNAUTHENTICATED");
  });

  it("hides the paper and the text once the member may no longer read the paper", async () => {
    const paperId = await newPaper("Plastic pollution");
    await markAllRead("eve");
    dataOf(
      await api.gql(
        ADD_COMMENT,
        { p: paperId, b: `Secret for ${mentionToken(id.eve, "E")}` },
        token.ana,
      ),
    );
    dataOf(
      await api.gql(
        `mutation($p: ID!, $m: ID!) { removeCollaborator(input: { paperId: $p, memberId: $m }) { id } }`,
        { p: paperId, m: id.eve },
        token.ana,
      ),
    );
    expect(await inbox("eve", true)).toMatchObject([
      { kind: "MENTION", paper: null, excerpt: null },
    ]);
  });
});

describe("a failure to notify", () => {
  it("is logged and does not fail the comment", async () => {
    const store = createMemoryStore();
    store.notifications.add = async () => {
      throw new Error("the inbox is unavailable");
    };
    const broken = await startTestApi({ store });
    try {
      const ana = await broken.token("broken-ana");
      const bea = await broken.token("broken-bea");
      const beaId = dataOf(await broken.gql<{ me: { id: string } }>("{ me { id } }", {}, bea)).me
        .id;
      const group = dataOf(
        await broken.gql<{ createWorkingGroup: { id: string } }>(
          `mutation { createWorkingGroup(input: { name: "Tides" }) { id } }`,
          {},
          ana,
        ),
      ).createWorkingGroup.id;
      const paperId = dataOf(
        await broken.gql<{ createPaper: { id: string } }>(
          `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Tidal energy" }) { id } }`,
          { g: group },
          ana,
        ),
      ).createPaper.id;
      dataOf(
        await broken.gql(
          `mutation($p: ID!, $m: ID!) { addCollaborator(input: { paperId: $p, memberId: $m, role: EDITOR }) { id } }`,
          { p: paperId, m: beaId },
          ana,
        ),
      );
      const posted = await broken.gql<{ addComment: { id: string } }>(
        ADD_COMMENT,
        { p: paperId, b: `Hello ${mentionToken(beaId, "Bea")}` },
        ana,
      );
      expect(dataOf(posted).addComment.id).toBeTruthy();
      expect(broken.logs.some((line) => line.message === "notification not delivered")).toBe(true);
    } finally {
      await broken.close();
    }
  });
});
