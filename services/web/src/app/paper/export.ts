// Exporting a paper as a file: the format, whether comment threads come along as notes, and a
// button that asks the API for the file and starts its download from the short-lived link.
import { type ExportFormat, ExportPaperDocument } from "@accord/client";
import { EXPORT_LIMITS } from "@accord/domain";
import { ApiError, errorMessage } from "../api.ts";
import type { AppContext } from "../context.ts";
import { announce, field, h, messageArea, replaceChildren } from "../dom.ts";

/** The formats offered, in the order shown, with the names a person knows them by. */
const EXPORT_FORMATS: readonly { format: ExportFormat; label: string }[] = [
  { format: "MARKDOWN", label: "Markdown" },
  { format: "HTML", label: "HTML" },
  { format: "DOCX", label: "Word (DOCX)" },
  { format: "PDF", label: "PDF" },
];

const labelOf = (format: ExportFormat) =>
  EXPORT_FORMATS.find((entry) => entry.format === format)?.label ?? format;

/** The PDF's fonts cover only some scripts (see ExportFormat.PDF in the schema). */
const PDF_HINT =
  "PDF shows Latin, Greek and Cyrillic text; Chinese, Japanese, Korean and Indic scripts " +
  "come out as empty boxes, and Hebrew and Arabic are not laid out right to left. " +
  "Use Word or HTML for those.";

/** A limit's value as the server sent it, or the shared default when it sent none. */
function limitValue(
  extensions: Readonly<Record<string, unknown>>,
  limit: keyof typeof EXPORT_LIMITS,
) {
  return typeof extensions.value === "number" ? extensions.value : EXPORT_LIMITS[limit];
}

/** The sentence for a failed export: a refusal over a limit says which, anything else as sent. */
export function exportFailureMessage(
  error: unknown,
  format: ExportFormat,
  includeComments: boolean,
): string {
  if (!(error instanceof ApiError) || error.extensions.reason !== "PAYLOAD_TOO_LARGE") {
    return errorMessage(error);
  }
  const as = labelOf(format);
  const tooLarge = `This paper is too large to export as ${as}`;
  switch (error.extensions.limit) {
    case "maxBodyCharacters":
      return `${tooLarge}: an export takes at most ${limitValue(error.extensions, "maxBodyCharacters").toLocaleString("en")} characters of text.`;
    case "maxCommentThreads":
      return `${tooLarge} with its comments: an export includes at most ${limitValue(error.extensions, "maxCommentThreads").toLocaleString("en")} comment threads. Export it without comments.`;
    case "renderTimeoutMs":
      return `${tooLarge}${includeComments ? " with its comments" : ""}: making the file took longer than ${limitValue(error.extensions, "renderTimeoutMs") / 1000} seconds. Try Markdown or HTML${includeComments ? ", or export without comments" : ""}.`;
    case "maxFileBytes":
      return `${tooLarge}: the file would be over ${Math.round(limitValue(error.extensions, "maxFileBytes") / 1_048_576)} MB. Try Markdown or HTML${includeComments ? ", or export without comments" : ""}.`;
    default:
      return `${tooLarge}. ${error.message}`;
  }
}

export function exportPanel(options: { context: AppContext; paperId: string }): {
  element: HTMLElement;
} {
  const messages = messageArea();
  const format = h(
    "select",
    { name: "exportFormat" },
    EXPORT_FORMATS.map((entry) => h("option", { value: entry.format }, entry.label)),
  );
  const formatField = field("Format", format, PDF_HINT);
  const hint = formatField.querySelector<HTMLElement>(".hint");
  // The hint is about PDF only: shown, and read with the select, while PDF is chosen.
  const showHint = () => {
    if (!hint) return;
    hint.hidden = format.value !== "PDF";
    if (hint.hidden) format.removeAttribute("aria-describedby");
    else format.setAttribute("aria-describedby", hint.id);
  };
  format.addEventListener("change", showHint);
  showHint();
  const includeComments = h("input", {
    type: "checkbox",
    id: "export-include-comments",
    name: "includeComments",
  });
  const button = h("button", { type: "submit" }, "Export");
  const form = h(
    "form",
    { class: "inline-form", "aria-label": "Export the paper" },
    formatField,
    h(
      "p",
      { class: "choice" },
      includeComments,
      h("label", { for: "export-include-comments" }, "Include comments as notes"),
    ),
    button,
    messages.element,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = format.value as ExportFormat;
    const withComments = includeComments.checked;
    button.disabled = true;
    button.textContent = "Exporting…";
    form.setAttribute("aria-busy", "true");
    messages.info(`Making the ${labelOf(chosen)} file…`);
    options.context.api
      .request(ExportPaperDocument, {
        paperId: options.paperId,
        format: chosen,
        includeComments: withComments,
      })
      .then(({ exportPaper: file }) => {
        // The server sends the file as an attachment, so following the link keeps the page; the
        // link stays in view for a browser that held the download back (it works for minutes).
        const link = h(
          "a",
          { href: file.url, download: file.filename, rel: "noopener" },
          file.filename,
        );
        const until = new Date(file.expiresAt).toLocaleTimeString(undefined, {
          timeStyle: "short",
        });
        replaceChildren(
          messages.element,
          h(
            "p",
            { class: "info", role: "status" },
            "Downloading ",
            link,
            `. The link works until ${until}.`,
          ),
        );
        link.click();
        announce(`${file.filename} is downloading.`);
      })
      .catch((error: unknown) => {
        messages.error(exportFailureMessage(error, chosen, withComments));
      })
      .finally(() => {
        button.disabled = false;
        button.textContent = "Export";
        form.removeAttribute("aria-busy");
      });
  });
  const element = h(
    "section",
    { class: "panel export-panel", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title" }, "Export"),
    form,
  );
  return { element };
}
