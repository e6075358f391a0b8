// exportPaper on a server started without a place for exported files (a Lambda without
// EXPORTS_BUCKET): a plain refusal a person can read, not a masked internal error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASKED_MESSAGE } from "../src/errors.ts";
import { dataOf, startTestApi, type TestApi } from "./support.ts";

const EXPORT = `mutation($p: ID!, $f: ExportFormat!) {
  exportPaper(paperId: $p, format: $f) { url filename }
}`;

let api: TestApi;
let lead: string;
let paperId: string;

beforeAll(async () => {
  api = await startTestApi();
  lead = await api.token("export-lead", { coordinator: true });
  const { createWorkingGroup } = dataOf(
    await api.gql<{ createWorkingGroup: { id: string } }>(
      `mutation { createWorkingGroup(input: { name: "Oceans" }) { id } }`,
      {},
      lead,
    ),
  );
  const { createPaper } = dataOf(
    await api.gql<{ createPaper: { id: string } }>(
      `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Argo data", summary: "" }) { id } }`,
      { g: createWorkingGroup.id },
      lead,
    ),
  );
  paperId = createPaper.id;
});
afterAll(async () => {
  await api.close();
});

describe("exportPaper without exports configured", () => {
  it("is refused as unavailable with a sentence that says why, and leaves a warning", async () => {
    const response = await api.gql(EXPORT, { p: paperId, f: "DOCX" }, lead);
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors ?? [];
    expect(error?.message).toBe("Exports are not configured on this server.");
    expect(error?.message).not.toContain(MASKED_MESSAGE);
    expect(error?.extensions).toEqual({
      code: "FORBIDDEN",
      reason: "UNAVAILABLE",
      feature: "exports",
    });
    expect(error?.path).toEqual(["exportPaper"]);
    expect(api.logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: "exportPaper refused: exports are not configured",
      }),
    );
    // Not an unexpected error: nothing is logged as one.
    expect(api.logs.some((line) => line.message === "unexpected error in a GraphQL request")).toBe(
      false,
    );
  });
});
