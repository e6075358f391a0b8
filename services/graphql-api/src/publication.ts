// Public pages of published papers, written when a paper is published, rewritten when its page
// changes (its authors), and replaced by the 410 page when it is archived. What the page shows
// is what an anonymous reader may see through GraphQL, gathered here; the HTML is
// @accord/publication's, the body @accord/render's.
import { documentFromState } from "@accord/collab";
import {
  computeSurveyResults,
  decideSurveyAction,
  type EvidenceCitation,
  type PositionPaper,
  type QuestionResults,
} from "@accord/domain";
import {
  evidenceFigure,
  type PageSite,
  type PublicAuthor,
  type PublicationSite,
  type PublicBody,
  type PublicEndorsement,
  type PublicEvidence,
  type PublicPaper,
  renderGonePage,
  renderPublicPage,
} from "@accord/publication";
import { paperTree, renderHtmlBody, tableOfContents } from "@accord/render";
import type { Store } from "@accord/storage";
import type { RequestContext } from "./context.ts";
import { loadExisting } from "./loaders.ts";

/** Where public pages go, and the site they are served from. */
export interface Publications {
  site: PublicationSite;
  page?: PageSite | undefined;
}

/** Heading ids of the body get this prefix: the page's own ids cannot clash with them. */
const BODY_ID_PREFIX = "text-";

/** The body's HTML and contents, each cited result's figures where its block stands. */
async function bodyOf(
  store: Store,
  paperId: string,
  evidence: readonly PublicEvidence[],
): Promise<PublicBody> {
  const { doc } = documentFromState(await store.documents.load(paperId));
  try {
    const tree = paperTree(doc);
    const evidenceInText: string[] = [];
    const html = renderHtmlBody(tree, {
      idPrefix: BODY_ID_PREFIX,
      evidenceHtml(citationId) {
        const item = evidence.find((e) => e.citationId === citationId);
        // A second block citing the same result keeps its placeholder: ids stay unique.
        if (!item || evidenceInText.includes(citationId)) return null;
        evidenceInText.push(citationId);
        return evidenceFigure(item);
      },
    });
    return {
      html,
      contents: tableOfContents(tree).map((entry) => ({
        ...entry,
        id: BODY_ID_PREFIX + entry.id,
      })),
      evidenceInText,
    };
  } finally {
    doc.destroy();
  }
}

async function authorsOf(context: RequestContext, paperId: string): Promise<PublicAuthor[]> {
  const collaborators = (await context.loaders.collaboratorsByPaper.load(paperId)).filter(
    (c): c is typeof c & { role: "LEAD" | "EDITOR" } => c.role === "LEAD" || c.role === "EDITOR",
  );
  const members = await context.loaders.members.loadMany(collaborators.map((c) => c.memberId));
  const authors: PublicAuthor[] = [];
  collaborators.forEach((collaborator, index) => {
    const member = members[index];
    if (!member || member instanceof Error) return;
    authors.push({
      displayName: member.displayName,
      affiliation: member.affiliation,
      role: collaborator.role,
    });
  });
  // Leads first, each group in the order they joined the paper.
  return authors.sort((a, b) => Number(b.role === "LEAD") - Number(a.role === "LEAD"));
}

async function endorsementsOf(
  context: RequestContext,
  paperId: string,
): Promise<PublicEndorsement[]> {
  const endorsements = [];
  let after: string | null = null;
  for (;;) {
    const page = await context.store.endorsements.listByPaper(paperId, { first: 100, after });
    endorsements.push(...page.items);
    if (!page.hasNextPage) break;
    after = page.cursors[page.cursors.length - 1] ?? null;
  }
  const members = await context.loaders.members.loadMany(endorsements.map((e) => e.memberId));
  return endorsements.map((endorsement, index) => {
    const member = members[index];
    return {
      organisation: endorsement.organisation,
      endorsedBy: member && !(member instanceof Error) ? member.displayName : "a member",
      statement: endorsement.statement,
    };
  });
}

/**
 * A cited result as an anonymous reader of the paper sees it (as the `evidence` field answers
 * them): frozen figures always, live figures only when anyone may see the survey's results.
 */
async function evidenceOf(
  context: RequestContext,
  citation: EvidenceCitation,
): Promise<PublicEvidence | null> {
  const survey = await context.store.surveys.get(citation.surveyId);
  const question = survey?.questions.find((q) => q.id === citation.questionId);
  if (!survey || !question) return null;
  let results: QuestionResults | null = null;
  if (citation.mode === "FROZEN" && citation.frozenResults) {
    results = JSON.parse(citation.frozenResults) as QuestionResults;
  } else {
    const anonymous = { groupRole: null, community: null, responded: false };
    const decision = decideSurveyAction(null, survey, anonymous, "viewResults", context.now());
    if (decision === "ALLOW") {
      const responses = await context.store.surveyResponses.listBySurvey(survey.id);
      results =
        computeSurveyResults(survey, responses).questions.find(
          (q) => q.questionId === citation.questionId,
        ) ?? null;
    }
  }
  return {
    citationId: citation.id,
    surveyTitle: survey.title,
    prompt: question.prompt,
    kind: question.kind,
    mode: citation.mode,
    citedAt: citation.citedAt,
    results,
  };
}

/** Everything the public page of `paper` shows. */
export async function publicPaperOf(
  context: RequestContext,
  paper: PositionPaper,
): Promise<PublicPaper> {
  const [group, topics, authors, endorsements, citations] = await Promise.all([
    context.loaders.workingGroups.load(paper.workingGroupId),
    loadExisting(context.loaders.topics, paper.topicIds),
    authorsOf(context, paper.id),
    endorsementsOf(context, paper.id),
    context.store.citations.listByPaper(paper.id),
  ]);
  const evidence = (await Promise.all(citations.map((c) => evidenceOf(context, c)))).filter(
    (item): item is PublicEvidence => item !== null,
  );
  const body = await bodyOf(context.store, paper.id, evidence);
  return {
    id: paper.id,
    title: paper.title,
    summary: paper.summary,
    workingGroup: group?.name ?? "",
    publishedAt: paper.publishedAt ?? paper.updatedAt,
    authors,
    endorsements,
    topics: topics.map((topic) => topic.name),
    diplomacyTypes: paper.diplomacyTypes,
    body,
    evidence,
  };
}

/** Attempts at writing a page before the failure is surfaced. */
const WRITE_ATTEMPTS = 3;

/**
 * Write with retries; a page that could not be written is logged as an error with the
 * PublicationFailures metric (Accord/PublicationFailures, Service=graphql) and rethrown.
 */
async function writeWithRetries(
  context: RequestContext,
  what: string,
  paperId: string,
  write: () => Promise<void>,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      lastError = error;
      if (attempt < WRITE_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 50 * 4 ** (attempt - 1)));
      }
    }
  }
  context.logger.error("a public page was not written", {
    requestId: context.requestId,
    what,
    paperId,
    attempts: WRITE_ATTEMPTS,
    error: lastError,
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: "Accord",
          Dimensions: [["Service"]],
          Metrics: [{ Name: "PublicationFailures", Unit: "Count" }],
        },
      ],
    },
    Service: "graphql",
    PublicationFailures: 1,
  });
  throw lastError;
}

/**
 * Render and write the page of a PUBLISHED paper. The status is read again once the page is
 * written: an archiving stored meanwhile (by another request) gets its 410 page back, so pages
 * written concurrently never leave an archived paper readable.
 */
export async function publishPage(context: RequestContext, paper: PositionPaper): Promise<void> {
  const publications = context.publications;
  if (!publications || paper.status !== "PUBLISHED") return;
  const html = renderPublicPage(await publicPaperOf(context, paper), publications.page);
  await writeWithRetries(context, "publish", paper.id, () =>
    publications.site.write({ paperId: paper.id, status: "published", html }),
  );
  const stored = await context.store.papers.get(paper.id);
  if (stored?.status !== "PUBLISHED") await withdrawPage(context, paper.id);
}

/** Replace a paper's page by the 410 page. */
export async function withdrawPage(context: RequestContext, paperId: string): Promise<void> {
  const publications = context.publications;
  if (!publications) return;
  const html = renderGonePage(publications.page);
  await writeWithRetries(context, "withdraw", paperId, () =>
    publications.site.write({ paperId, status: "gone", html }),
  );
}

/** After a change that shows on a paper's page (its authors): write the page again. */
export async function refreshPage(context: RequestContext, paperId: string): Promise<void> {
  if (!context.publications) return;
  context.loaders.papers.clear(paperId);
  const paper = await context.loaders.papers.load(paperId);
  if (paper?.status === "PUBLISHED") await publishPage(context, paper);
}

/**
 * After a member renamed themself or changed their affiliation: write again the pages of the
 * published papers they author.
 */
export async function refreshPagesOfAuthor(
  context: RequestContext,
  memberId: string,
): Promise<void> {
  if (!context.publications) return;
  let after: string | null = null;
  for (;;) {
    const page = await context.store.papers.list(
      { collaboratorId: memberId, status: "PUBLISHED" },
      { first: 100, after },
    );
    for (const paper of page.items) {
      const role = (await context.loaders.collaboratorsByPaper.load(paper.id)).find(
        (c) => c.memberId === memberId,
      )?.role;
      if (role === "LEAD" || role === "EDITOR") await publishPage(context, paper);
    }
    if (!page.hasNextPage) return;
    after = page.cursors[page.cursors.length - 1] ?? null;
  }
}

/**
 * Write the page of every PUBLISHED paper that has none: papers published before public pages
 * existed, or loaded by a seed straight into storage. `hasPage` says which have one. Returns
 * how many pages were written.
 */
export async function writeMissingPages(
  context: RequestContext,
  hasPage: (paperId: string) => Promise<boolean>,
): Promise<number> {
  if (!context.publications) return 0;
  let written = 0;
  let after: string | null = null;
  for (;;) {
    const page = await context.store.papers.list({ status: "PUBLISHED" }, { first: 100, after });
    for (const paper of page.items) {
      if (await hasPage(paper.id)) continue;
      await publishPage(context, paper);
      written++;
    }
    if (!page.hasNextPage) return written;
    after = page.cursors[page.cursors.length - 1] ?? null;
  }
}
