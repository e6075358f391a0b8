// The sentence shown when an export fails: a refusal over an export limit names the limit and
// the format, anything else reads as the server said it.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/app/api.ts";
import { exportFailureMessage } from "../../src/app/paper/export.ts";

const tooLarge = (limit: string, value: number, message = "Refused.") =>
  new ApiError("BAD_USER_INPUT", message, [], {
    code: "BAD_USER_INPUT",
    reason: "PAYLOAD_TOO_LARGE",
    limit,
    value,
  });

describe("exportFailureMessage", () => {
  it("says the paper is too large for the format, naming the limit", () => {
    expect(exportFailureMessage(tooLarge("maxBodyCharacters", 1_000_000), "DOCX", false)).toBe(
      "This paper is too large to export as Word (DOCX): an export takes at most 1,000,000 characters of text.",
    );
    expect(exportFailureMessage(tooLarge("maxCommentThreads", 2_000), "HTML", true)).toBe(
      "This paper is too large to export as HTML with its comments: an export includes at most 2,000 comment threads. Export it without comments.",
    );
    expect(exportFailureMessage(tooLarge("renderTimeoutMs", 10_000), "PDF", true)).toBe(
      "This paper is too large to export as PDF with its comments: making the file took longer than 10 seconds. Try Markdown or HTML, or export without comments.",
    );
    expect(exportFailureMessage(tooLarge("maxFileBytes", 25 * 1_048_576), "PDF", false)).toBe(
      "This paper is too large to export as PDF: the file would be over 25 MB. Try Markdown or HTML.",
    );
  });

  it("keeps the server's words for a limit it does not know", () => {
    expect(
      exportFailureMessage(tooLarge("maxImages", 10, "At most 10 images."), "MARKDOWN", false),
    ).toBe("This paper is too large to export as Markdown. At most 10 images.");
  });

  it("shows any other refusal as the server put it", () => {
    const unavailable = new ApiError(
      "FORBIDDEN",
      "Exports are not configured on this server.",
      [],
      {
        code: "FORBIDDEN",
        reason: "UNAVAILABLE",
      },
    );
    expect(exportFailureMessage(unavailable, "DOCX", false)).toBe(
      "Exports are not configured on this server.",
    );
    expect(exportFailureMessage(new TypeError("x is undefined"), "DOCX", false)).toBe(
      "Something went wrong here. Reload the page and try again.",
    );
  });
});
