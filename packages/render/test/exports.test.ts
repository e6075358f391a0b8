import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type ExportDocument, exportFilename, renderExport } from "../src/exports.ts";
import { type PaperNote, paperTree } from "../src/index.ts";
import { docOf, samplePaper } from "./fixtures.ts";

/** The sample paper with a comment on "two thirds" and one on the whole paper. */
function sampleExport(): ExportDocument {
  const doc = samplePaper();
  const paragraph = doc.getXmlFragment("body").get(1) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  const position = (index: number, assoc: number) =>
    Buffer.from(
      Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc)),
    ).toString("base64");
  const notes: PaperNote[] = [
    { id: "whole", quote: null, paragraphs: ["Ben Ode: a good first draft"] },
    { id: "t1", quote: "two thirds", paragraphs: ["Ana Ruiz: source?", "Cy Lee: UNCLOS"] },
  ];
  return {
    title: "Ocean governance: a joint position",
    details: ["Working group: Oceans", "Status: PUBLISHED"],
    summary: "What the high seas need.",
    tree: paperTree(doc, {
      anchors: [{ noteId: "t1", start: position(20, 0), end: position(30, -1) }],
    }),
    notes,
  };
}

async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text: text.replace(/\s+/g, " "), pages: totalPages };
}

describe("exports", () => {
  it("Markdown: title block, body and comments as footnotes", async () => {
    const file = await renderExport("MARKDOWN", sampleExport());
    const markdown = new TextDecoder().decode(file.bytes);
    expect(file.contentType).toBe("text/markdown; charset=utf-8");
    expect(markdown).toMatch(
      /^# Ocean governance: a joint position\n\nWorking group: Oceans {2}\nStatus: PUBLISHED\n\n_What the high seas need._\n\n# Ocean governance\n/,
    );
    expect(markdown).toContain("The high seas cover **two thirds**[^1] of the ocean.");
    expect(markdown).toContain(
      "[^1]: “two thirds”: Ana Ruiz: source? / Cy Lee: UNCLOS\n[^2]: Ben Ode: a good first draft\n",
    );
  });

  it("HTML: one standalone page with contents, body and notes, nothing loaded from outside", async () => {
    const file = await renderExport("HTML", sampleExport());
    const html = new TextDecoder().decode(file.bytes);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<title>Ocean governance: a joint position</title>");
    expect(html).toContain('<li class="l2"><a href="#recommendations">Recommendations</a></li>');
    expect(html).toContain('<h2 id="recommendations">Recommendations</h2>');
    expect(html).toContain('<strong>two thirds</strong><sup class="note-ref" id="note-ref-1">');
    expect(html).toContain('<li id="note-2"><p>Ben Ode: a good first draft</p></li>');
    expect(html).not.toMatch(/<script|<link|@import|src="http/);
  });

  it("DOCX: Word opens it with its headings, lists, marks, links and footnotes", async () => {
    const file = await renderExport("DOCX", sampleExport());
    expect(file.extension).toBe("docx");
    const buffer = Buffer.from(file.bytes);
    const { value: html } = await mammoth.convertToHtml({ buffer });
    expect(html).toContain("<h1>Ocean governance</h1>");
    expect(html).toContain("<h2>Recommendations</h2>");
    expect(html).toContain("<strong>two thirds</strong>");
    expect(html).toContain("<em>BBNJ</em>");
    expect(html).toContain("<s>struck</s>");
    expect(html).toContain('<a href="https://example.org/bbnj">the treaty</a>');
    // Lists come back as lists, nested as written.
    expect(html).toMatch(
      /<ul><li>Ratify the <em>BBNJ<\/em> agreement<\/li><li>Fund monitoring<ol><li>satellites<\/li><li>buoys<\/li><\/ol><\/li><\/ul>/,
    );
    // The comment on "two thirds" is a footnote; the comment on the whole paper a closing list.
    expect(html).toMatch(
      /<strong>two thirds<\/strong><sup><a href="#footnote-1" id="footnote-ref-1">\[1\]<\/a><\/sup>/,
    );
    expect(html).toContain("“two thirds”: Ana Ruiz: source? / Cy Lee: UNCLOS");
    expect(html).toContain("Ben Ode: a good first draft");
    const { value: raw } = await mammoth.extractRawText({ buffer });
    expect(raw).toContain("Ocean governance: a joint position");
    expect(raw).toContain('{"a": 1}');
  });

  it("PDF: the text, in order, with comments as notes", async () => {
    const file = await renderExport("PDF", sampleExport());
    expect(file.contentType).toBe("application/pdf");
    expect(Buffer.from(file.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const { text, pages } = await pdfText(file.bytes);
    expect(pages).toBe(1);
    const order = [
      "Ocean governance: a joint position",
      "Working group: Oceans",
      "What the high seas need.",
      "The high seas cover two thirds[1] of the ocean.",
      "Recommendations",
      "Ratify the BBNJ agreement",
      "3. satellites",
      "Science informs diplomacy.",
      "See the treaty and code()",
      "Comments",
      "1. “two thirds”: Ana Ruiz: source? / Cy Lee: UNCLOS",
      "2. Ben Ode: a good first draft",
      "1 / 1",
    ];
    let at = 0;
    for (const expected of order) {
      const found = text.indexOf(expected, at);
      expect(found, `"${expected}" after position ${at} in: ${text}`).toBeGreaterThanOrEqual(0);
      at = found + expected.length;
    }
  });

  it("PDF: long papers flow onto numbered pages; Greek, Cyrillic and Polish in DejaVu", async () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) => ({
      type: "paragraph",
      content: [
        { type: "text", text: `Paragraph ${i + 1}. ${"Ocean policy needs data. ".repeat(12)}` },
      ],
    }));
    const doc = docOf([
      { type: "paragraph", content: [{ type: "text", text: "Ἀθῆναι, Москва, Łódź, Zürich" }] },
      ...paragraphs,
    ]);
    const file = await renderExport("PDF", {
      title: "Long",
      details: [],
      summary: null,
      tree: paperTree(doc),
      notes: [],
    });
    const { text, pages } = await pdfText(file.bytes);
    expect(pages).toBeGreaterThan(3);
    expect(text).toContain("Paragraph 120.");
    expect(text).toContain("Ἀθῆναι, Москва, Łódź, Zürich");
    expect(text).toContain(`${pages} / ${pages}`);
  });

  it("stops a render at its checkpoint", async () => {
    for (const format of ["HTML", "DOCX", "PDF"] as const) {
      let calls = 0;
      const stop = () => {
        if (++calls > 1) throw new Error("past the deadline");
      };
      await expect(renderExport(format, sampleExport(), stop)).rejects.toThrow("past the deadline");
    }
  });

  it("names files after the title", () => {
    expect(exportFilename("Ocean governance: a joint position", "PDF")).toBe(
      "Ocean-governance-a-joint-position.pdf",
    );
    expect(exportFilename("Énergie / climat", "DOCX")).toBe("Energie-climat.docx");
    expect(exportFilename("東京", "MARKDOWN")).toBe("paper.md");
  });
});
