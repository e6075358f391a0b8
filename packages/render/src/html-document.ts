// The HTML export: one standalone, self-contained page (inline stylesheet, no scripts, no
// outside resources) with a table of contents, the body and the comments as notes.
import type { Checkpoint, ExportDocument } from "./document.ts";
import { escapeHtml, renderHtmlBody, tableOfContents } from "./html.ts";

const STYLE = `
body{font:16px/1.55 Georgia,"Times New Roman",serif;color:#1d1d1f;max-width:46rem;margin:2rem auto;padding:0 1rem}
h1,h2,h3,h4,h5,h6{font-family:Helvetica,Arial,sans-serif;line-height:1.25}
header .details{color:#555;font-size:.9rem;margin:.2rem 0}
.summary{font-style:italic}
nav.toc ol{list-style:none;padding-left:0}
nav.toc li.l2{padding-left:1rem}nav.toc li.l3{padding-left:2rem}nav.toc li.l4,nav.toc li.l5,nav.toc li.l6{padding-left:3rem}
blockquote{border-left:3px solid #bbb;margin-left:0;padding-left:1rem;color:#444}
pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}
code{font-family:"Courier New",monospace}
aside.evidence{border:1px solid #ccc;padding:.25rem .75rem}
section.notes{border-top:1px solid #ccc;margin-top:2rem;font-size:.9rem}
@media print{nav.toc{page-break-after:always}a{color:inherit}}
`.trim();

export function renderHtmlDocument(
  document: ExportDocument,
  checkpoint: Checkpoint = () => {},
): string {
  const toc = tableOfContents(document.tree);
  checkpoint();
  const body = renderHtmlBody(document.tree, { notes: document.notes });
  checkpoint();
  const nav =
    toc.length === 0
      ? ""
      : `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc
          .map(
            (entry) =>
              `<li class="l${entry.level}"><a href="#${escapeHtml(entry.id)}">${escapeHtml(entry.text)}</a></li>`,
          )
          .join("")}</ol></nav>\n`;
  const details = document.details
    .map((line) => `<p class="details">${escapeHtml(line)}</p>`)
    .join("");
  const summary = document.summary ? `<p class="summary">${escapeHtml(document.summary)}</p>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: http:">
<title>${escapeHtml(document.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 class="title">${escapeHtml(document.title)}</h1>${details}${summary}</header>
${nav}<main>
${body}
</main>
</body>
</html>
`;
}
