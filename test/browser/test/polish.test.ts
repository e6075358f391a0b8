// The app as a new member finds it: the working groups page reached from the navigation, a
// group's page where conveners rename it and manage members (removal asks first) and members
// leave; empty lists that say so instead of showing a "none" item; counts in the singular when
// there is one; diplomacy types on papers; comments by others appearing without a reload; and
// the activity feed telling what happened. Each new page checked with axe-core.

import {
  MeDocument,
  UpdateMeDocument,
  WebAddCollaboratorDocument,
  WebAddCommentDocument,
  WebAddWorkingGroupMemberDocument,
  WebCreatePaperDocument,
  WebCreateWorkingGroupDocument,
  WorkingGroupDocument,
} from "@accord/client";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type Backend,
  openPaper,
  seriousViolations,
  signedInPage,
  useBrowserSuite,
} from "../src/harness.ts";

let backend: Backend;
let browser: Browser;

useBrowserSuite((suite) => {
  backend = suite.backend;
  browser = suite.browser;
});

// Comments by someone outside the live room arrive with the page's next check (every 15 s).
const POLL_DEADLINE = { timeout: 60_000 };

/** A member with a display name of our choosing; their id. */
async function member(username: string, displayName: string): Promise<string> {
  const api = backend.as(username);
  await api.request(UpdateMeDocument, { input: { displayName } });
  const me = await api.request(MeDocument);
  if (!me.me) throw new Error(`${username} has no member record`);
  return me.me.id;
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });

/** What is in the list items of `selector`: "none" notes must not be among them. */
function listItems(page: Page, selector: string): Promise<string[]> {
  return page.locator(`${selector} > li`).allInnerTexts();
}

async function membersOf(groupId: string, as: string) {
  const result = await backend.as(as).request(WorkingGroupDocument, { id: groupId });
  return (result.workingGroup?.memberships ?? []).map((m) => [m.member.displayName, m.role]);
}

describe("working groups", () => {
  it("are a page of their own, from the navigation to a group's members and papers", async () => {
    await member("gina", "Gina Okafor");
    const hugoId = await member("hugo", "Hugo Lind");
    const ivanId = await member("ivan", "Ivan Petrov");
    const gina = await signedInPage(browser, backend, "gina", "/");
    const { page } = gina;

    // The navigation's "Working groups" lands on the working groups, not on the papers.
    await nav(page).getByRole("link", { name: "Working groups" }).click();
    await page.waitForURL((url) => url.pathname === "/groups");
    await page.getByRole("heading", { name: "Working groups", exact: true }).waitFor();
    await expect(
      nav(page).getByRole("link", { name: "Working groups" }).getAttribute("aria-current"),
    ).resolves.toBe("page");
    // No group yet: a sentence, not a list with one "none" item.
    await page.locator(".empty-state", { hasText: "There are no working groups yet" }).waitFor();
    expect(await listItems(page, ".group-list")).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("Name", { exact: true }).fill("Polar observation");
    await page.getByRole("button", { name: "Create group" }).click();
    await page.waitForURL((url) => /^\/groups\/[^/]+$/.test(url.pathname));
    const groupId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
    await page.getByRole("heading", { name: "Polar observation", exact: true }).waitFor();
    await page.locator(".empty-state", { hasText: "No papers in this group" }).waitFor();
    expect(await listItems(page, ".group-page .paper-list")).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // Two colleagues join (through the API); the page lists them after a reload.
    const api = backend.as("gina");
    for (const memberId of [hugoId, ivanId]) {
      await api.request(WebAddWorkingGroupMemberDocument, {
        input: { workingGroupId: groupId, memberId },
      });
    }
    await page.reload();
    const members = page.locator(".members");
    await members.locator("li", { hasText: "Ivan Petrov" }).waitFor();
    await page.getByRole("heading", { name: "Members (3)" }).waitFor();

    // The convener renames the group.
    await page.getByText("Rename or describe the group").click();
    await page.getByLabel("Group name").fill("Polar observation network");
    await page.getByRole("button", { name: "Save group details" }).click();
    await page.getByRole("heading", { name: "Polar observation network", exact: true }).waitFor();
    const renamed = await api.request(WorkingGroupDocument, { id: groupId });
    expect(renamed.workingGroup?.name).toBe("Polar observation network");

    // …makes Hugo a convener, and back.
    await page.getByLabel("Role of Hugo Lind").selectOption("CONVENER");
    await expect
      .poll(() => membersOf(groupId, "gina"), { timeout: 20_000 })
      .toContainEqual(["Hugo Lind", "CONVENER"]);
    await page.getByLabel("Role of Hugo Lind").selectOption("MEMBER");
    await expect
      .poll(() => membersOf(groupId, "gina"), { timeout: 20_000 })
      .toContainEqual(["Hugo Lind", "MEMBER"]);

    // Removing asks first; Cancel keeps Hugo in the group.
    await page.getByRole("button", { name: "Remove Hugo Lind from the group" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove Hugo Lind from Polar observation" });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await membersOf(groupId, "gina")).toContainEqual(["Hugo Lind", "MEMBER"]);
    await page.getByRole("button", { name: "Remove Hugo Lind from the group" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove Hugo Lind" }).click();
    await members.locator("li", { hasText: "Hugo Lind" }).waitFor({ state: "detached" });
    expect((await membersOf(groupId, "gina")).map(([name]) => name)).not.toContain("Hugo Lind");
    // The group's feed tells what its convener did.
    const groupFeed = page.locator(".activity-panel");
    for (const sentence of [
      "Gina Okafor started the group",
      "Gina Okafor added Ivan Petrov to the group as a member",
      "Gina Okafor renamed the group from “Polar observation” to “Polar observation network”",
      "Gina Okafor made Hugo Lind a convener of the group",
      "Gina Okafor removed Hugo Lind from the group",
    ]) {
      await groupFeed.locator(".activity-item", { hasText: sentence }).waitFor();
    }

    // Ivan, a member, leaves the group himself.
    const ivan = await signedInPage(browser, backend, "ivan", `/groups/${groupId}`);
    await ivan.page.getByText("You are a member of this group.").waitFor();
    await ivan.page.getByRole("button", { name: "Leave this group" }).click();
    await ivan.page.getByRole("dialog").getByRole("button", { name: "Leave the group" }).click();
    await ivan.page.getByText("You are not in this group.").waitFor();
    await ivan.page.getByRole("button", { name: "Ask to join" }).waitFor();
    await ivan.page
      .locator(".activity-panel .activity-item", { hasText: "Ivan Petrov left the group" })
      .waitFor();
    expect((await membersOf(groupId, "gina")).map(([name]) => name)).toEqual(["Gina Okafor"]);

    // One group in the list: "1 working group", not "1 working groups".
    await nav(page).getByRole("link", { name: "Working groups" }).click();
    await page.getByText("1 working group shown").waitFor();
    await page.locator(".group-list > li", { hasText: "Polar observation network" }).waitFor();

    for (const { context } of [gina, ivan]) await context.close();
  });
});

describe("papers and their activity", () => {
  it("show diplomacy types, empty states, others' comments without a reload, and the story", async () => {
    await member("ana", "Ana Lima");
    const benId = await member("ben", "Ben Ito");
    const api = backend.as("ana");
    const group = await api.request(WebCreateWorkingGroupDocument, {
      input: { name: "Ocean science diplomacy", description: "" },
    });
    const groupId = group.createWorkingGroup.id;
    const paper = await api.request(WebCreatePaperDocument, {
      input: {
        workingGroupId: groupId,
        title: "Blue carbon accounting",
        summary: "Counting what the sea stores.",
        diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY", "DIPLOMACY_FOR_SCIENCE"],
      },
    });
    const paperId = paper.createPaper.id;
    await api.request(WebAddCollaboratorDocument, {
      input: { paperId, memberId: benId, role: "COMMENTER" },
    });

    // The list of papers: one paper in the singular, with its diplomacy types.
    const ana = await signedInPage(browser, backend, "ana", "/");
    const { page } = ana;
    await page.getByText("1 paper shown").waitFor();
    const item = page.locator(".paper-item", { hasText: "Blue carbon accounting" });
    await expect(item.locator(".diplomacy-type").allInnerTexts()).resolves.toEqual([
      "Science for diplomacy",
      "Diplomacy for science",
    ]);

    await item.getByRole("link", { name: "Blue carbon accounting" }).click();
    await openPaper(page);
    await expect(page.locator(".paper-head .diplomacy-type").allInnerTexts()).resolves.toEqual([
      "Science for diplomacy",
      "Diplomacy for science",
    ]);
    // Empty lists say so beside the list, not as an item of it.
    await page.locator(".comments-panel .empty-state", { hasText: "No comments yet." }).waitFor();
    expect(await listItems(page, ".threads")).toEqual([]);
    await page.locator(".empty-state", { hasText: "No named versions yet." }).waitFor();
    expect(await listItems(page, ".versions")).toEqual([]);
    await page.getByText("0 endorsements", { exact: true }).waitFor();
    // A draft is not open for endorsement yet, and the panel says when it will be.
    await page
      .getByText("Endorsements open when the lead moves the paper to endorsement.")
      .waitFor();
    const feed = page.locator(".activity-panel");
    await feed.locator(".activity-item", { hasText: "Ana Lima started the paper" }).waitFor();
    await feed
      .locator(".activity-item", { hasText: "added Ben Ito to the paper as a commenter" })
      .waitFor();

    // Ben comments from elsewhere (not in the live room): Ana sees it without reloading.
    await backend.as("ben").request(WebAddCommentDocument, {
      input: { paperId, body: "Which inventory method do we follow?" },
    });
    await page
      .locator(".thread .comment-body", { hasText: "Which inventory method do we follow?" })
      .waitFor(POLL_DEADLINE);
    await feed.locator(".activity-item", { hasText: "Ben Ito commented on the paper" }).waitFor();
    await page.locator(".comments-panel .empty-state").waitFor({ state: "detached" });

    // A status change is in the feed at once, as a sentence with a relative time.
    await page.getByRole("button", { name: "Send to review" }).click();
    const review = feed.locator(".activity-item", {
      hasText: "Ana Lima sent the paper to review",
    });
    await review.waitFor();
    await expect(review.locator("time").innerText()).resolves.toBe("just now");
    // Newest first: the status change above the comment.
    const sentences = await feed.locator(".activity-item").allInnerTexts();
    expect(sentences.findIndex((s) => s.includes("sent the paper to review"))).toBeLessThan(
      sentences.findIndex((s) => s.includes("commented on the paper")),
    );
    expect(await seriousViolations(page)).toEqual([]);

    // The group's page tells the same story, naming the paper.
    await page.goto(`${backend.origin}/groups/${groupId}`);
    const groupFeed = page.locator(".activity-panel");
    await groupFeed
      .locator(".activity-item", { hasText: "Ana Lima sent “Blue carbon accounting” to review" })
      .waitFor();
    await groupFeed
      .locator(".activity-item", { hasText: "Ben Ito commented on “Blue carbon accounting”" })
      .waitFor();
    await page.getByText("1 paper you can see.").waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await ana.context.close();
  });
});
