// @accord/render/exports: the export files (Markdown, HTML, DOCX, PDF) of a paper, each with its
// media type and extension. Apart from the main entry so that what only reads a paper (the
// live-editing engine and its Lambdas) never bundles docx and pdfkit; those two load on first use.
import type { Checkpoint, ExportDocument } from "./document.ts";
import { renderHtmlDocument } from "./html-document.ts";
import { escapeMarkdown, renderMarkdown } from "./markdown.ts";

export type { Checkpoint, ExportDocument } from "./document.ts";

export const EXPORT_FORMATS = ["MARKDOWN", "HTML", "DOCX", "PDF"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RenderedExport {
  bytes: Uint8Array;
  contentType: string;
  /** Without the dot. */
  extension: string;
}

const FILE_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  MARKDOWN: { contentType: "text/markdown; charset=utf-8", extension: "md" },
  HTML: { contentType: "text/html; charset=utf-8", extension: "html" },
  DOCX: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
  },
  PDF: { contentType: "application/pdf", extension: "pdf" },
};

function markdownDocument(document: ExportDocument): string {
  const head = [
    `# ${escapeMarkdown(document.title)}`,
    ...(document.details.length > 0 ? [document.details.map(escapeMarkdown).join("  \n")] : []),
    ...(document.summary ? [`_${escapeMarkdown(document.summary)}_`] : []),
  ];
  const body = renderMarkdown(document.tree, { notes: document.notes });
  return `${[...head, ...(body ? [body] : [])].join("\n\n")}\n`;
}

export async function renderExport(
  format: ExportFormat,
  document: ExportDocument,
  checkpoint: Checkpoint = () => {},
): Promise<RenderedExport> {
  const text = new TextEncoder();
  const bytes =
    format === "MARKDOWN"
      ? text.encode(markdownDocument(document))
      : format === "HTML"
        ? text.encode(renderHtmlDocument(document, checkpoint))
        : format === "DOCX"
          ? await (await import("./docx.ts")).renderDocx(document, checkpoint)
          : await (await import("./pdf.ts")).renderPdf(document, checkpoint);
  checkpoint();
  return { bytes, ...FILE_TYPES[format] };
}

/** A file name from the paper's title: letters, digits and dashes only. */
export function exportFilename(title: string, format: ExportFormat): string {
  const base =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "paper";
  return `${base}.${FILE_TYPES[format].extension}`;
}
