// Why an endorsement is refused: a paper not yet open for endorsement (DRAFT, IN_REVIEW) is
// not frozen; the error says which, so a client can tell "come back later" from "too late".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, startTestApi, type TestApi } from "./support.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const ENDORSE = `mutation($p: ID!) { endorsePaper(input: { paperId: $p, organisation: "Ocean Institute" }) { organisation } }`;
const MOVE = `mutation($p: ID!, $s: PaperStatus!) { changePaperStatus(input: { id: $p, status: $s }) { status } }`;

describe("endorsing a paper outside ENDORSEMENT", () => {
  it("is NOT_OPEN before endorsement, allowed during it, FROZEN once published", async () => {
    const lead = await api.token("endorsement-lead");
    const group = dataOf(
      await api.gql<{ createWorkingGroup: { id: string } }>(
        `mutation { createWorkingGroup(input: { name: "Endorsement reasons" }) { id } }`,
        {},
        lead,
      ),
    );
    const paper = dataOf(
      await api.gql<{ createPaper: { id: string } }>(
        `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Reasons" }) { id } }`,
        { g: group.createWorkingGroup.id },
        lead,
      ),
    );
    const p = paper.createPaper.id;

    for (const status of ["DRAFT", "IN_REVIEW"]) {
      if (status !== "DRAFT") dataOf(await api.gql(MOVE, { p, s: status }, lead));
      const refused = await api.gql(ENDORSE, { p }, lead);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: "CONFLICT",
        reason: "NOT_OPEN",
        status,
      });
      expect(refused.errors?.[0]?.message).toMatch(/not open for endorsement yet/);
      expect(refused.errors?.[0]?.message).not.toMatch(/frozen/i);
    }

    dataOf(await api.gql(MOVE, { p, s: "ENDORSEMENT" }, lead));
    dataOf(await api.gql(ENDORSE, { p }, lead));

    dataOf(await api.gql(MOVE, { p, s: "PUBLISHED" }, lead));
    const late = await api.gql(ENDORSE, { p }, await api.token("endorsement-late"));
    // A non-collaborator may see a published paper but holds no role that endorses.
    expect(late.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const closed = await api.gql(ENDORSE, { p }, lead);
    expect(closed.errors?.[0]?.extensions).toMatchObject({
      code: "CONFLICT",
      reason: "FROZEN",
      status: "PUBLISHED",
    });
    expect(closed.errors?.[0]?.message).toMatch(/endorsements are closed/);
  });
});
