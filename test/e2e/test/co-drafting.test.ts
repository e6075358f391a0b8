// Co-drafting a position paper end to end, as a client app does it, against each target:
// TARGET=local | serverless-local | aws selects one; unset, both local targets run so the one-process
// backend and the serverless path are held to the same behaviour. Only public endpoints are used:
// the client SDK's typed operations and connectPaper() with the stock y-websocket provider.
import {
  AccordGraphQLError,
  AddCollaboratorDocument,
  AddCommentDocument,
  ChangeCollaboratorRoleDocument,
  CreatePaperDocument,
  CreateVersionDocument,
  CreateWorkingGroupDocument,
  createClient,
  MeDocument,
  PaperContentDocument,
  PaperDocument,
  type PaperRole,
  RemoveCollaboratorDocument,
  RestoreVersionDocument,
  VersionsDocument,
} from "@accord/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  allOf,
  appendBlock,
  bodyText,
  closed,
  LiveEditing,
  type Person,
  paragraph,
  refused,
  refusedOrClosed,
  rewrite,
  signIn,
  synced,
  until,
} from "../src/client-app.ts";
import { selectTargets, startTarget, type Target } from "../src/targets.ts";

const TARGETS = selectTargets(process.env.TARGET);

describe.each(TARGETS)("%s", (name) => {
  let target: Target;
  let live: LiveEditing;

  beforeAll(async () => {
    target = await startTarget(name, { env: process.env });
    live = new LiveEditing(target);
  }, 120_000);

  // Each open provider holds a process exit listener until it is destroyed.
  afterEach(() => live?.closeAll());

  afterAll(async () => {
    await target?.close();
  });

  /** A coordinator's working group and a paper in it, with collaborators invited by the lead. */
  async function draft(lead: Person, title: string, invite: [Person, PaperRole][] = []) {
    const { createWorkingGroup } = await lead.api.request(CreateWorkingGroupDocument, {
      input: { name: `${title} working group`, description: "Oceans and supply chains" },
    });
    const { createPaper } = await lead.api.request(CreatePaperDocument, {
      input: {
        workingGroupId: createWorkingGroup.id,
        title,
        diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
      },
    });
    for (const [who, role] of invite) {
      await lead.api.request(AddCollaboratorDocument, {
        input: { paperId: createPaper.id, memberId: who.memberId, role },
      });
    }
    return createPaper.id;
  }

  async function content(who: Person, paperId: string) {
    const { paper } = await who.api.request(PaperContentDocument, { id: paperId });
    if (!paper) throw new Error(`${who.username} cannot read paper ${paperId}`);
    return paper.content;
  }

  it("signs in: the token's first use creates the member, with the platform role it carries", async () => {
    const ada = await signIn(target, "ada", { coordinator: true });
    const bo = await signIn(target, "bo");
    expect(ada.memberId).not.toBe(bo.memberId);
    expect(ada.displayName).not.toBe("");

    const again = await ada.api.request(MeDocument);
    expect(again.me?.id).toBe(ada.memberId);
    expect(again.me?.platformRole).toBe("COORDINATOR");
    expect((await bo.api.request(MeDocument)).me?.platformRole).toBe("MEMBER");
  });

  it("refuses GraphQL with a token that is not valid", async () => {
    const api = createClient({ url: target.graphqlUrl, token: "not-a-token" });
    const error = await api.request(MeDocument).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AccordGraphQLError);
    const refusal = error as AccordGraphQLError;
    // 401 on every path: from the HTTP API's JWT authorizer before any Lambda runs (its body is
    // not GraphQL), or from the local server with UNAUTHENTICATED in the body.
    expect(refusal.status).toBe(401);
    expect(refusal.data).toBeNull();
  });

  it("co-drafts a paper: two editors converge and GraphQL reads the content back", async () => {
    const ada = await signIn(target, "ada", { coordinator: true });
    const bo = await signIn(target, "bo");
    const cy = await signIn(target, "cy");
    const paperId = await draft(ada, "Deep sea minerals: a joint position", [
      [bo, "EDITOR"],
      [cy, "COMMENTER"],
    ]);

    const { paper } = await bo.api.request(PaperDocument, { id: paperId });
    expect(paper?.viewerRole).toBe("EDITOR");
    expect(paper?.viewerCan.editText).toBe(true);
    expect(
      paper?.collaborators
        .map((c) => [c.member?.id, c.role])
        .sort(([a], [b]) => (a! < b! ? -1 : 1)),
    ).toEqual(
      [
        [ada.memberId, "LEAD"],
        [bo.memberId, "EDITOR"],
        [cy.memberId, "COMMENTER"],
      ].sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );

    const adaLive = live.open(ada, paperId);
    const boLive = live.open(bo, paperId);
    await Promise.all([synced(adaLive), synced(boLive)]);
    // Both type at once, before either has seen the other's text.
    appendBlock(adaLive.doc, "heading", ["Deep sea minerals"], { level: 1 });
    paragraph(
      adaLive.doc,
      "The seabed is a ",
      { text: "common heritage", marks: { bold: {} } },
      " of humankind.",
    );
    appendBlock(boLive.doc, "heading", ["Recommendations"], { level: 2 });
    paragraph(boLive.doc, "A moratorium until the science is in.");

    const converged = await until(
      "both editors to hold all four blocks alike",
      () => {
        const text = bodyText(adaLive.doc);
        return text.split("\n").length === 4 && text === bodyText(boLive.doc) ? text : undefined;
      },
      allOf(adaLive, boLive),
    );

    // Each editor received the other's update, which the server stores before passing it on.
    const read = await content(cy, paperId);
    expect(read.text).toBe(converged);
    expect(read.wordCount).toBe(3 + 8 + 1 + 7);
    expect(read.lastEditedAt).not.toBeNull();
    const headings = converged
      .split("\n")
      .filter((line) => line === "Deep sea minerals" || line === "Recommendations");
    expect(read.outline).toEqual(
      headings.map((text) => ({ level: text === "Recommendations" ? 2 : 1, text })),
    );
    expect(read.markdown.split("\n\n").sort()).toEqual(
      [
        "# Deep sea minerals",
        "The seabed is a **common heritage** of humankind.",
        "## Recommendations",
        "A moratorium until the science is in.",
      ].sort(),
    );

    // A COMMENTER comments on words of the text.
    const from = read.text.indexOf("common heritage");
    const { addComment } = await cy.api.request(AddCommentDocument, {
      input: { paperId, body: "Whose heritage?", range: { from, to: from + 15 } },
    });
    expect(addComment.anchor?.quote).toBe("common heritage");
    expect(addComment.comments[0]?.author?.id).toBe(cy.memberId);
  }, 60_000);

  it("refuses a VIEWER's edit: it reaches neither the other editors nor the stored text", async () => {
    const ada = await signIn(target, "ada", { coordinator: true });
    const vera = await signIn(target, "vera");
    const paperId = await draft(ada, "Space debris mitigation", [[vera, "VIEWER"]]);
    const { paper } = await vera.api.request(PaperDocument, { id: paperId });
    expect(paper?.viewerCan.editText).toBe(false);

    const adaLive = live.open(ada, paperId);
    const veraLive = live.open(vera, paperId);
    await Promise.all([synced(adaLive), synced(veraLive)]);
    paragraph(adaLive.doc, "Orbits are a shared resource.");
    await until(
      "the viewer to read the lead's text",
      () => (bodyText(veraLive.doc).includes("shared resource") ? true : undefined),
      veraLive.subscribe,
    );

    paragraph(veraLive.doc, "A viewer may not write this.");
    expect(await refused(veraLive)).not.toBe("");

    // Sent after the refusal: once the viewer has it, the server has dealt with the refused edit.
    paragraph(adaLive.doc, "Operators remove what they launch.");
    await until(
      "the viewer to read the lead's next paragraph",
      () => (bodyText(veraLive.doc).includes("remove what they launch") ? true : undefined),
      veraLive.subscribe,
    );
    expect(bodyText(adaLive.doc)).toBe(
      "Orbits are a shared resource.\nOperators remove what they launch.",
    );
    expect(veraLive.closedWith).toBeNull();
    const read = await content(ada, paperId);
    expect(read.text).toBe("Orbits are a shared resource.\nOperators remove what they launch.");

    // Someone opening the paper afresh never sees it either.
    const adaAgain = live.open(ada, paperId);
    await synced(adaAgain);
    expect(bodyText(adaAgain.doc)).not.toContain("viewer may not");
  }, 60_000);

  it("role changes made through GraphQL reach open connections", async () => {
    const ada = await signIn(target, "ada", { coordinator: true });
    const bo = await signIn(target, "bo");
    const vera = await signIn(target, "vera");
    const zed = await signIn(target, "zed");
    const paperId = await draft(ada, "Critical minerals supply chains", [
      [bo, "EDITOR"],
      [vera, "VIEWER"],
    ]);
    const [adaLive, boLive, veraLive] = [
      live.open(ada, paperId),
      live.open(bo, paperId),
      live.open(vera, paperId),
    ];
    await Promise.all([synced(adaLive), synced(boLive), synced(veraLive)]);
    paragraph(boLive.doc, "Diversify sources before export controls bite.");
    await until(
      "the lead to read the editor's text",
      () => (bodyText(adaLive.doc).includes("Diversify sources") ? true : undefined),
      adaLive.subscribe,
    );

    // Demoted to VIEWER: bo's open connection turns read-only (or is closed) at once.
    await ada.api.request(ChangeCollaboratorRoleDocument, {
      input: { paperId, memberId: bo.memberId, role: "VIEWER" },
    });
    const seen = boLive.refusals.length;
    paragraph(boLive.doc, "Written after the demotion.");
    const outcome = await refusedOrClosed(boLive, seen);
    expect([4403, "refused"]).toContain(outcome);
    paragraph(adaLive.doc, "Stockpile what cannot be diversified.");
    await until(
      "the viewer to read the lead's next paragraph",
      () => (bodyText(veraLive.doc).includes("Stockpile") ? true : undefined),
      veraLive.subscribe,
    );
    expect(bodyText(veraLive.doc)).not.toContain("after the demotion");
    expect((await content(ada, paperId)).text).toBe(
      "Diversify sources before export controls bite.\nStockpile what cannot be diversified.",
    );

    // Removed: vera's connection is closed for good, and GraphQL no longer shows her the draft.
    const veraClosed = closed(veraLive);
    await ada.api.request(RemoveCollaboratorDocument, {
      input: { paperId, memberId: vera.memberId },
    });
    expect(await veraClosed).toBe(4403);
    const hidden = await vera.api.request(PaperContentDocument, { id: paperId }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(hidden).toBeInstanceOf(AccordGraphQLError);
    expect((hidden as AccordGraphQLError).code).toBe("NOT_FOUND");

    // Someone who is no collaborator cannot open the draft, told as if it did not exist (as
    // GraphQL's NOT_FOUND); a token that is not valid, no paper.
    expect(await closed(live.open(zed, paperId))).toBe(4404);
    expect(await closed(live.open(zed, paperId, "not-a-token"))).toBe(4401);
  }, 60_000);

  it("restores a named version through GraphQL into the open editors", async () => {
    const ada = await signIn(target, "ada", { coordinator: true });
    const bo = await signIn(target, "bo");
    const paperId = await draft(ada, "Ocean acidification monitoring", [[bo, "EDITOR"]]);
    const adaLive = live.open(ada, paperId);
    const boLive = live.open(bo, paperId);
    await Promise.all([synced(adaLive), synced(boLive)]);

    paragraph(adaLive.doc, "Shared buoys across national waters.");
    paragraph(adaLive.doc, "Open data within a month.");
    const first = "Shared buoys across national waters.\nOpen data within a month.";
    await until(
      "the editor to read the first draft",
      () => (bodyText(boLive.doc) === first ? true : undefined),
      boLive.subscribe,
    );
    const { createVersion } = await ada.api.request(CreateVersionDocument, {
      input: { paperId, name: "First draft" },
    });
    expect(createVersion.text).toBe(first);

    rewrite(boLive.doc, "Everything rewritten.");
    await until(
      "the lead to read the rewrite",
      () => (bodyText(adaLive.doc) === "Everything rewritten." ? true : undefined),
      adaLive.subscribe,
    );
    expect((await content(ada, paperId)).text).toBe("Everything rewritten.");

    const { restoreVersion } = await ada.api.request(RestoreVersionDocument, {
      versionId: createVersion.id,
    });
    expect(restoreVersion.content.text).toBe(first);
    await until(
      "both open editors to receive the restore",
      () => (bodyText(adaLive.doc) === first && bodyText(boLive.doc) === first ? true : undefined),
      allOf(adaLive, boLive),
    );
    expect((await content(bo, paperId)).text).toBe(first);

    const { paper } = await bo.api.request(VersionsDocument, { paperId });
    expect(paper?.versions.edges.map((e) => e.node.name)).toEqual(["First draft"]);

    // The restore is a new edit: editing goes on from it.
    paragraph(boLive.doc, "Reviewed after the restore.");
    await until(
      "the lead to read the edit after the restore",
      () => (bodyText(adaLive.doc).endsWith("Reviewed after the restore.") ? true : undefined),
      adaLive.subscribe,
    );
  }, 60_000);
});
