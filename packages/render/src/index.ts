// A paper's body as a typed tree, and that tree as safe HTML and Markdown. The export files
// (DOCX, PDF, standalone HTML) are @accord/render/exports.
export {
  escapeHtml,
  type HtmlBodyOptions,
  renderHtmlBody,
  safeHref,
  type TocEntry,
  tableOfContents,
} from "./html.ts";
export { type MarkdownOptions, renderMarkdown } from "./markdown.ts";
export type { PaperNote } from "./notes.ts";
export {
  type Block,
  BODY_FRAGMENT,
  type Inline,
  type Mark,
  type NoteAnchor,
  type PaperTree,
  type PaperTreeOptions,
  paperTree,
} from "./tree.ts";
export { appendBody, type BodyJson } from "./write.ts";
