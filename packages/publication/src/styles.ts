// The one stylesheet of public pages, inlined in each page so that a page is one object that
// needs nothing else to render (the sites' policy allows inline styles, not scripts).

export const PAGE_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5260; --line: #d5d9e0; --accent: #1d4f91; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; color: var(--ink); background: #fff; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
.skip-link { position: absolute; left: -10000px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip-link:focus { left: 1rem; }
.site-header, .site-footer { font-family: system-ui, sans-serif; font-size: .9375rem; color: var(--muted); }
.site-header { border-bottom: 1px solid var(--line); padding: .75rem 1.5rem; }
.site-header p { margin: 0; font-weight: 600; color: var(--ink); }
.site-footer { border-top: 1px solid var(--line); padding: 1rem 1.5rem; margin-top: 3rem; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
h1, h2, h3, h4, h5, h6 { font-family: system-ui, sans-serif; line-height: 1.25; }
h1 { font-size: 2rem; margin: .25rem 0 1rem; }
.kicker { font-family: system-ui, sans-serif; text-transform: uppercase; letter-spacing: .06em; font-size: .8125rem; color: var(--muted); margin: 0; }
.summary { font-size: 1.1875rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font-family: system-ui, sans-serif; font-size: .9375rem; margin: 1.5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.authors, .endorsements { padding-left: 1.25rem; }
.toc { border: 1px solid var(--line); border-radius: 4px; padding: .75rem 1.25rem; margin: 2rem 0; font-family: system-ui, sans-serif; font-size: .9375rem; }
.toc h2 { font-size: 1rem; margin: .25rem 0 .5rem; }
.toc ol { padding-left: 1.25rem; margin: 0; }
.paper-text blockquote { border-left: 4px solid var(--line); margin-left: 0; padding-left: 1rem; color: var(--muted); }
.paper-text pre { background: #f4f5f7; padding: .75rem; overflow-x: auto; }
.paper-text img { max-width: 100%; height: auto; }
.evidence-item { border: 1px solid var(--line); border-radius: 4px; padding: .75rem 1rem; margin: 1rem 0; }
.evidence-item figcaption { margin-bottom: .5rem; }
.evidence-meta { display: block; color: var(--muted); font-size: .875rem; font-family: system-ui, sans-serif; margin-top: .25rem; }
table { border-collapse: collapse; width: 100%; font-family: system-ui, sans-serif; font-size: .875rem; margin: .5rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left; }
td.number, th.number { text-align: right; }
.gone { text-align: center; padding-top: 4rem; }
@media print {
  @page { margin: 2cm; }
  body { font-size: 11pt; color: #000; }
  .skip-link, .site-header { display: none; }
  main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  .paper-text a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  .evidence-item, table, figure, blockquote, pre { break-inside: avoid; }
  .toc { border: none; padding: 0; }
  .site-footer { border-top: 1px solid #000; }
}
`;
