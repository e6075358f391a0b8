// A paper's body as a typed tree, and that tree as HTML, Markdown, DOCX and PDF.
export type { Checkpoint, ExportDocument } from "./document.ts";
export {
  EXPORT_FORMATS,
  type ExportFormat,
  exportFilename,
  type RenderedExport,
  renderExport,
} from "./export.ts";
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
