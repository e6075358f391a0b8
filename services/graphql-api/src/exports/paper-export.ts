// One export of a paper: what the caller may read (the body as it is now, the comment threads
// when asked for), checked against the export limits, rendered by @accord/render and handed to
// the exports port for a short-lived download link.
import { loadDocument } from "@accord/collab";
import { DomainError, newId, type PositionPaper } from "@accord/domain";
import { type PaperNote, type PaperTree, paperTree } from "@accord/render";
import {
  type Checkpoint,
  type ExportDocument,
  type ExportFormat,
  exportFilename,
  renderExport,
} from "@accord/render/exports";
import { paperFor } from "../access.ts";
import type { RequestContext } from "../context.ts";
import type { CommentThreadModel } from "../models.ts";
import { threadsOf } from "../resolvers/comments.ts";
import type { Exports } from "./files.ts";

export interface PaperExportResult {
  url: string;
  filename: string;
  contentType: string;
  bytes: number;
  expiresAt: string;
}

const tooLarge = (message: string, details: Record<string, unknown>) =>
  new DomainError("PAYLOAD_TOO_LARGE", message, details);

function textLength(tree: PaperTree): number {
  let length = 0;
  const visit = (blocks: PaperTree["blocks"]) => {
    for (const block of blocks) {
      if (block.type === "paragraph" || block.type === "heading") {
        for (const inline of block.content)
          if (inline.type === "text") length += inline.text.length;
      } else if (block.type === "codeBlock") {
        length += block.text.length;
      } else if (block.type === "blockquote") {
        visit(block.blocks);
      } else if (block.type === "bulletList" || block.type === "orderedList") {
        for (const item of block.items) visit(item.blocks);
      }
    }
  };
  visit(tree.blocks);
  return length;
}

async function nameOf(context: RequestContext, memberId: string | null): Promise<string> {
  if (!memberId) return "Someone";
  return (await context.loaders.members.load(memberId))?.displayName ?? "A former member";
}

async function notesOf(
  context: RequestContext,
  threads: CommentThreadModel[],
): Promise<PaperNote[]> {
  return Promise.all(
    threads.map(async (thread) => ({
      id: thread.root.id,
      quote: thread.root.anchor?.quote || null,
      paragraphs: [
        ...(await Promise.all(
          thread.comments.map(
            async (c) =>
              `${await nameOf(context, c.authorId)} (${c.createdAt.slice(0, 10)}): ${c.body}`,
          ),
        )),
        ...(thread.root.resolved ? ["(resolved)"] : []),
      ],
    })),
  );
}

async function detailsOf(context: RequestContext, paper: PositionPaper): Promise<string[]> {
  const [group, collaborators] = await Promise.all([
    context.loaders.workingGroups.load(paper.workingGroupId),
    context.loaders.collaboratorsByPaper.load(paper.id),
  ]);
  const authors = await Promise.all(
    collaborators
      .filter((c) => c.role === "LEAD" || c.role === "EDITOR")
      .map((c) => nameOf(context, c.memberId)),
  );
  const status =
    paper.status === "PUBLISHED" && paper.publishedAt
      ? `Published ${paper.publishedAt.slice(0, 10)}`
      : `Status: ${paper.status}`;
  return [
    ...(group ? [`Working group: ${group.name}`] : []),
    ...(authors.length > 0 ? [`Authors: ${authors.join(", ")}`] : []),
    `${status} · exported ${context.now().slice(0, 10)}`,
  ];
}

export async function exportPaper(
  context: RequestContext,
  exports: Exports,
  request: { paperId: string; format: ExportFormat; includeComments: boolean },
): Promise<PaperExportResult> {
  const { paper } = await paperFor(context, request.paperId, "read");
  const { limits } = exports;
  const started = context.clock().getTime();
  const checkpoint: Checkpoint = () => {
    if (context.clock().getTime() - started > limits.renderTimeoutMs) {
      throw tooLarge(
        `This paper took longer than ${limits.renderTimeoutMs / 1000} s to export as ${request.format}; try Markdown or HTML, or export without comments.`,
        { limit: "renderTimeoutMs", value: limits.renderTimeoutMs },
      );
    }
  };
  const threads = request.includeComments ? await threadsOf(context, paper.id) : [];
  if (threads.length > limits.maxCommentThreads) {
    throw tooLarge(
      `This paper has ${threads.length} comment threads; an export includes at most ${limits.maxCommentThreads}. Export it without comments.`,
      { limit: "maxCommentThreads", value: limits.maxCommentThreads },
    );
  }
  const doc = await loadDocument(context.store.documents, paper.id);
  let tree: PaperTree;
  try {
    tree = paperTree(doc, {
      anchors: threads.flatMap((t) =>
        t.root.anchor
          ? [{ noteId: t.root.id, start: t.root.anchor.start, end: t.root.anchor.end }]
          : [],
      ),
    });
  } finally {
    doc.destroy();
  }
  const length = textLength(tree);
  if (length > limits.maxBodyCharacters) {
    throw tooLarge(
      `This paper has ${length.toLocaleString("en")} characters of text; an export takes at most ${limits.maxBodyCharacters.toLocaleString("en")}.`,
      { limit: "maxBodyCharacters", value: limits.maxBodyCharacters },
    );
  }
  const document: ExportDocument = {
    title: paper.title,
    details: await detailsOf(context, paper),
    summary: paper.summary || null,
    tree,
    notes: await notesOf(context, threads),
  };
  const rendered = await renderExport(request.format, document, checkpoint);
  if (rendered.bytes.byteLength > limits.maxFileBytes) {
    throw tooLarge(
      `The ${request.format} file would be ${rendered.bytes.byteLength} bytes; an export keeps at most ${limits.maxFileBytes}.`,
      { limit: "maxFileBytes", value: limits.maxFileBytes },
    );
  }
  const filename = exportFilename(paper.title, request.format);
  const expiresAt = new Date(context.clock().getTime() + limits.linkTtlSeconds * 1000);
  const { url } = await exports.files.publish(
    { id: newId(), filename, contentType: rendered.contentType, bytes: rendered.bytes },
    expiresAt,
  );
  context.logger.info("paper exported", {
    requestId: context.requestId,
    paperId: paper.id,
    format: request.format,
    bytes: rendered.bytes.byteLength,
    ms: context.clock().getTime() - started,
  });
  return {
    url,
    filename,
    contentType: rendered.contentType,
    bytes: rendered.bytes.byteLength,
    expiresAt: expiresAt.toISOString(),
  };
}
