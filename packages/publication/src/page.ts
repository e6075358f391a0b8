// The public page of a published paper, and the page that replaces it once the paper is
// archived. Both are complete HTML documents with no script: served as written, from a file
// or an S3 object.
import { evidenceSection } from "./evidence.ts";
import { enumLabel, escapeHtml, longDate, pageUrl } from "./html.ts";
import type { ContentsEntry, PageSite, PublicPaper } from "./model.ts";
import { PAGE_CSS } from "./styles.ts";

/** Where a paper's page is served: /p/<paperId>. */
export function publicPath(paperId: string): string {
  return `/p/${encodeURIComponent(paperId)}`;
}

const DEFAULT_SITE_NAME = "Accord";

/** A summary for link previews: whitespace collapsed, cut at a word near 300 characters. */
function description(summary: string): string {
  const flat = summary.replace(/\s+/g, " ").trim();
  if (flat.length <= 300) return flat;
  const cut = flat.slice(0, 300);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 200))}…`;
}

function head(paper: PublicPaper, site: PageSite): string {
  const siteName = site.siteName ?? DEFAULT_SITE_NAME;
  const url = pageUrl(site.siteUrl, publicPath(paper.id));
  const about = description(paper.summary);
  const meta = [
    `<meta name="description" content="${escapeHtml(about)}">`,
    `<link rel="canonical" href="${escapeHtml(url)}">`,
    '<meta property="og:type" content="article">',
    `<meta property="og:site_name" content="${escapeHtml(siteName)}">`,
    `<meta property="og:title" content="${escapeHtml(paper.title)}">`,
    `<meta property="og:description" content="${escapeHtml(about)}">`,
    // Open Graph wants an absolute URL: without a known origin there is none to give.
    ...(site.siteUrl ? [`<meta property="og:url" content="${escapeHtml(url)}">`] : []),
    `<meta property="article:published_time" content="${escapeHtml(paper.publishedAt)}">`,
    ...paper.authors.map(
      (author) => `<meta property="article:author" content="${escapeHtml(author.displayName)}">`,
    ),
    ...paper.topics.map((topic) => `<meta property="article:tag" content="${escapeHtml(topic)}">`),
    '<meta name="twitter:card" content="summary">',
  ];
  return `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(paper.title)} — ${escapeHtml(siteName)}</title>
${meta.join("\n")}
<style>${PAGE_CSS}</style>
</head>`;
}

function authorsHtml(paper: PublicPaper): string {
  if (paper.authors.length === 0) return "";
  const items = paper.authors
    .map(
      (author) =>
        `<li>${escapeHtml(author.displayName)}${
          author.affiliation
            ? `, <span class="affiliation">${escapeHtml(author.affiliation)}</span>`
            : ""
        }${author.role === "LEAD" ? " (lead author)" : ""}</li>`,
    )
    .join("");
  return `<section aria-labelledby="authors-heading">
<h2 id="authors-heading">Authors</h2>
<ul class="authors">${items}</ul>
</section>`;
}

function factsHtml(paper: PublicPaper): string {
  const facts: [string, string][] = [
    [
      "Published",
      `<time datetime="${escapeHtml(paper.publishedAt)}">${escapeHtml(longDate(paper.publishedAt))}</time>`,
    ],
    ["Working group", escapeHtml(paper.workingGroup)],
  ];
  if (paper.topics.length > 0) {
    facts.push(["Topics", paper.topics.map(escapeHtml).join(", ")]);
  }
  if (paper.diplomacyTypes.length > 0) {
    facts.push([
      "Diplomacy",
      paper.diplomacyTypes.map((type) => escapeHtml(enumLabel(type))).join(", "),
    ]);
  }
  return `<dl class="facts">${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join("")}</dl>`;
}

/** Nested ordered lists from the flat list of headings, each nested under the one before. */
export function contentsList(entries: ContentsEntry[]): string {
  let html = "";
  const open: number[] = [];
  for (const entry of entries) {
    const level = Math.min(6, Math.max(1, Math.trunc(entry.level)));
    if (open.length === 0 || level > open[open.length - 1]!) {
      html += "<ol>";
      open.push(level);
    } else {
      while (open.length > 1 && level < open[open.length - 1]!) {
        html += "</li></ol>";
        open.pop();
      }
      html += "</li>";
    }
    html += `<li><a href="#${escapeHtml(entry.id)}">${escapeHtml(entry.text)}</a>`;
  }
  while (open.length > 0) {
    html += "</li></ol>";
    open.pop();
  }
  return html;
}

function contentsHtml(paper: PublicPaper): string {
  if (paper.body.contents.length === 0) return "";
  return `<nav class="toc" aria-labelledby="toc-heading">
<h2 id="toc-heading">Contents</h2>
${contentsList(paper.body.contents)}
</nav>`;
}

function endorsementsHtml(paper: PublicPaper): string {
  if (paper.endorsements.length === 0) return "";
  const items = paper.endorsements
    .map(
      (endorsement) =>
        `<li><strong>${escapeHtml(endorsement.organisation)}</strong> (endorsed by ${escapeHtml(
          endorsement.endorsedBy,
        )})${endorsement.statement ? `<blockquote>${escapeHtml(endorsement.statement)}</blockquote>` : ""}</li>`,
    )
    .join("");
  return `<section aria-labelledby="endorsements-heading">
<h2 id="endorsements-heading">Endorsed by</h2>
<ul class="endorsements">${items}</ul>
</section>`;
}

function siteHeader(site: PageSite): string {
  return `<header class="site-header"><p>${escapeHtml(site.siteName ?? DEFAULT_SITE_NAME)}: published position papers</p></header>`;
}

function siteFooter(paper: PublicPaper, site: PageSite): string {
  const url = pageUrl(site.siteUrl, publicPath(paper.id));
  return `<footer class="site-footer"><p>Published on ${escapeHtml(
    site.siteName ?? DEFAULT_SITE_NAME,
  )} on ${escapeHtml(longDate(paper.publishedAt))}. Permanent address: <a href="${escapeHtml(
    url,
  )}">${escapeHtml(url)}</a></p></footer>`;
}

/**
 * The public page of a published paper. Every value a member typed is escaped here; the body's
 * HTML comes from @accord/render, which escapes the document's text itself.
 */
export function renderPublicPage(paper: PublicPaper, site: PageSite = {}): string {
  return `<!doctype html>
<html lang="en">
${head(paper, site)}
<body>
<a class="skip-link" href="#main">Skip to the paper</a>
${siteHeader(site)}
<main id="main">
<article>
<header>
<p class="kicker">Position paper</p>
<h1>${escapeHtml(paper.title)}</h1>
${paper.summary.trim() ? `<p class="summary">${escapeHtml(paper.summary)}</p>` : ""}
${factsHtml(paper)}
</header>
${authorsHtml(paper)}
${contentsHtml(paper)}
<div class="paper-text">
${paper.body.html}
</div>
${evidenceSection(
  paper.evidence.filter((item) => !paper.body.evidenceInText?.includes(item.citationId)),
)}
${endorsementsHtml(paper)}
</article>
</main>
${siteFooter(paper, site)}
</body>
</html>
`;
}

/**
 * What a withdrawn paper's address answers (with status 410): no title or text of the paper,
 * only that it is no longer published, and a request to search engines to forget it.
 */
export function renderGonePage(site: PageSite = {}): string {
  const siteName = escapeHtml(site.siteName ?? DEFAULT_SITE_NAME);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Paper withdrawn — ${siteName}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${siteHeader(site)}
<main id="main" class="gone">
<h1>This paper is no longer published</h1>
<p>Its authors or the platform's coordinators have archived it. The page it had here has been withdrawn.</p>
</main>
</body>
</html>
`;
}
