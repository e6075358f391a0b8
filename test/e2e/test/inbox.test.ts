// Mentions and the inbox end to end, on each target (the one-process backend on SQLite, and the
// Lambda handlers on DynamoDB Local): a mention reaches the mentioned collaborator's inbox, the
// polled state moves, replies and status changes follow, marking read brings the count down.
import {
  AddCollaboratorDocument,
  AddCommentDocument,
  ChangePaperStatusDocument,
  CreatePaperDocument,
  CreateWorkingGroupDocument,
  InboxDocument,
  InboxStateDocument,
  MarkAllNotificationsReadDocument,
  MarkNotificationsReadDocument,
  ReplyToCommentDocument,
} from "@accord/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Person, signIn } from "../src/client-app.ts";
import { selectTargets, startTarget, type Target } from "../src/targets.ts";

const TARGETS = selectTargets(process.env.TARGET);

describe.each(TARGETS)("%s", (name) => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget(name, { env: process.env });
  }, 120_000);

  afterAll(async () => {
    await target?.close();
  });

  async function inbox(who: Person, unreadOnly: boolean) {
    const { inbox } = await who.api.request(InboxDocument, { first: 50, unreadOnly });
    return inbox.edges.map((edge) => edge.node);
  }

  // Each step is a few Lambda invocations against DynamoDB Local: the deadline is generous.
  it("delivers mentions, replies and status changes to the right inboxes", async () => {
    const ana = await signIn(target, "inbox-ana");
    const bea = await signIn(target, "inbox-bea");
    const cai = await signIn(target, "inbox-cai");
    const { createWorkingGroup } = await ana.api.request(CreateWorkingGroupDocument, {
      input: { name: "Inbox working group", description: "" },
    });
    const { createPaper } = await ana.api.request(CreatePaperDocument, {
      input: { workingGroupId: createWorkingGroup.id, title: "Shared ocean observations" },
    });
    const paperId = createPaper.id;
    for (const who of [bea, cai]) {
      await ana.api.request(AddCollaboratorDocument, {
        input: { paperId, memberId: who.memberId, role: "COMMENTER" },
      });
    }
    const before = (await bea.api.request(InboxStateDocument)).inboxState;
    expect(before.unreadCount).toBe(0);

    const { addComment } = await ana.api.request(AddCommentDocument, {
      input: { paperId, body: `Over to @[Bea](member:${bea.memberId}) for the data.` },
    });
    const after = (await bea.api.request(InboxStateDocument)).inboxState;
    expect(after.unreadCount).toBe(1);
    expect(after.version).not.toBe(before.version);
    expect(await inbox(bea, true)).toMatchObject([
      {
        kind: "MENTION",
        threadId: addComment.id,
        actor: { id: ana.memberId },
        paper: { id: paperId },
        excerpt: `Over to @${bea.displayName} for the data.`,
      },
    ]);
    expect(await inbox(cai, true)).toEqual([]);

    // Bea replies: Ana, who started the thread, is told; Bea is not told of her own reply.
    await bea.api.request(ReplyToCommentDocument, {
      input: { threadId: addComment.id, body: "On it." },
    });
    expect((await inbox(ana, true)).map((n) => n.kind)).toEqual(["REPLY"]);

    await ana.api.request(ChangePaperStatusDocument, {
      input: { id: paperId, status: "IN_REVIEW" },
    });
    expect(await inbox(cai, true)).toMatchObject([
      { kind: "STATUS_CHANGED", fromStatus: "DRAFT", toStatus: "IN_REVIEW" },
    ]);
    expect((await inbox(ana, true)).map((n) => n.kind)).toEqual(["REPLY"]);

    const [mention] = await inbox(bea, true);
    const marked = await bea.api.request(MarkNotificationsReadDocument, { ids: [mention!.id] });
    expect(marked.markNotificationsRead.unreadCount).toBe(1);
    const cleared = await bea.api.request(MarkAllNotificationsReadDocument);
    expect(cleared.markAllNotificationsRead.unreadCount).toBe(0);
    expect(await inbox(bea, true)).toEqual([]);
    expect((await inbox(bea, false)).every((n) => n.read)).toBe(true);
  }, 120_000);
});
