// Invitations and joining, as people do them in the app: a LEAD invites a co-author by username
// before they have ever signed in, and at their first sign-in they are an EDITOR of the paper; a
// member asks to join a working group and a convener approves them.
import { WebPaperDocument, WebWorkingGroupsDocument } from "@accord/client";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  createPaper,
  openPaper,
  seriousViolations,
  signedInPage,
  typeAtEnd,
  useBrowserSuite,
  waitForText,
} from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

describe("invitations", () => {
  it("a co-author invited by username is an EDITOR at their first sign-in; a revoked one is not", async () => {
    const paperId = await createPaper(backend, "lena", {});
    const path = `/papers/${paperId}`;
    const lead = await signedInPage(browser, backend, "lena", path);
    await openPaper(lead.page);

    const invite = async (who: string) => {
      await lead.page.getByLabel("Invite by username or email").fill(who);
      await lead.page.getByLabel("Invited role").selectOption("EDITOR");
      await lead.page.getByRole("button", { name: "Send invitation" }).click();
      await lead.page.locator(".invitations li", { hasText: who }).waitFor();
    };
    await invite("dora");
    await invite("zed@example.org");
    // Inviting dora twice is refused with a message that says why.
    await lead.page.getByLabel("Invite by username or email").fill("dora");
    await lead.page.getByRole("button", { name: "Send invitation" }).click();
    await expect(
      lead.page.locator(".invitations-section [role=alert]").innerText(),
    ).resolves.toMatch(/already has a pending invitation/);
    // The LEAD revokes zed's invitation: it leaves the pending list.
    await lead.page
      .getByRole("button", { name: "Revoke the invitation of zed@example.org" })
      .click();
    await lead.page.locator(".invitations li", { hasText: "zed@example.org" }).waitFor({
      state: "detached",
    });
    expect(await seriousViolations(lead.page)).toEqual([]);

    // dora signs in for the first time, straight onto the paper, and can write at once.
    const dora = await signedInPage(browser, backend, "dora", path);
    await openPaper(dora.page);
    await expect(dora.page.locator(".paper-body").getAttribute("contenteditable")).resolves.toBe(
      "true",
    );
    await typeAtEnd(dora.page, "Invited and writing.");
    await waitForText(
      lead.page,
      (t) => t.includes("Invited and writing."),
      "dora's text at lena's",
    );
    const seen = await backend.as("dora").request(WebPaperDocument, { id: paperId });
    expect(seen.paper?.viewerRole).toBe("EDITOR");

    // The lead's page lists dora as a collaborator once it reloads, and no longer as invited.
    await lead.page.reload();
    await openPaper(lead.page);
    await lead.page.locator(".collaborators li", { hasText: "dora" }).waitFor();
    await lead.page
      .locator(".invitations-section .empty-state", { hasText: "No pending invitations" })
      .waitFor();

    // zed, whose invitation was revoked, signs in and finds no paper.
    const zed = await backend
      .as("zed")
      .request(WebPaperDocument, { id: paperId })
      .catch((error: unknown) => error);
    expect(String(zed)).toMatch(/No paper|not found/i);
    for (const { context } of [lead, dora]) await context.close();
  });
});

describe("joining a working group", () => {
  it("a member asks to join, a convener approves, and they are in the group", async () => {
    await createPaper(backend, "carla", {});
    const groups = await backend.as("carla").request(WebWorkingGroupsDocument, { first: 100 });
    const group = groups.workingGroups.edges.find((e) => e.node.viewerRole === "CONVENER")?.node;
    if (!group) throw new Error("carla convenes no group");
    const itemOf = (page: typeof ravi.page) =>
      page.locator(".group-list > li", { hasText: group.name });

    const ravi = await signedInPage(browser, backend, "ravi", "/groups");
    await itemOf(ravi.page)
      .getByLabel("Why you would like to join (optional)")
      .fill("I model sea-level rise.");
    await itemOf(ravi.page).getByRole("button", { name: "Ask to join" }).click();
    await itemOf(ravi.page).getByText("Request sent to the conveners.").waitFor();

    // Conveners decide on their group's page.
    const convener = await signedInPage(browser, backend, "carla", `/groups/${group.id}`);
    await convener.page.getByText("Invitations and join requests").click();
    const request = convener.page.locator(".join-requests li", { hasText: "ravi" });
    await request.getByText("I model sea-level rise.").waitFor();
    await request.getByRole("button", { name: "Approve ravi" }).click();
    await convener.page.getByText("ravi joined the group.").waitFor();
    await convener.page.getByText("No one is asking to join.").waitFor();
    expect(await seriousViolations(convener.page)).toEqual([]);

    // ravi is a member now: his list says so and offers no "Ask to join" any more.
    await ravi.page.reload();
    await itemOf(ravi.page).getByText("(member)").waitFor();
    await expect(
      itemOf(ravi.page).getByRole("button", { name: "Ask to join" }).count(),
    ).resolves.toBe(0);
    const after = await backend.as("ravi").request(WebWorkingGroupsDocument, { first: 100 });
    expect(after.workingGroups.edges.find((e) => e.node.id === group.id)?.node.viewerRole).toBe(
      "MEMBER",
    );
    for (const { context } of [ravi, convener]) await context.close();
  });
});
