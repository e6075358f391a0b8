// Contract tests for surveys, their responses and evidence citations.
import type { EvidenceCitation, Survey, SurveyResponse } from "@accord/domain";
import { describe, expect, it } from "vitest";
import { at, expectCode, group, membership, race, seedPaper } from "./fixtures.ts";
import type { ContractContext } from "./index.ts";

export function survey(id: string, overrides: Partial<Survey> = {}): Survey {
  return {
    id,
    workingGroupId: null,
    title: `Survey ${id}`,
    introduction: "",
    audience: "ALL_MEMBERS",
    audienceCommunities: [],
    opensAt: null,
    closesAt: null,
    status: "DRAFT",
    anonymous: false,
    resultsVisibility: "MEMBERS",
    questions: [
      {
        id: "q1",
        kind: "LIKERT",
        prompt: "Science informs foreign policy",
        required: true,
        diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
        topicIds: ["oceans"],
        scale: 5,
        labels: ["1", "2", "3", "4", "5"],
        min: null,
        max: null,
      },
    ],
    createdBy: "m-coordinator",
    openedAt: null,
    closedAt: null,
    pseudonymKey: "c2VjcmV0",
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function surveyResponse(
  surveyId: string,
  respondentKey: string,
  overrides: Partial<SurveyResponse> = {},
): SurveyResponse {
  return {
    surveyId,
    respondentKey,
    memberId: respondentKey,
    community: "DIPLOMACY",
    answers: [{ questionId: "q1", value: 4, choices: [], text: null }],
    version: 1,
    createdAt: at(1),
    updatedAt: at(1),
    ...overrides,
  };
}

export function citation(id: string, overrides: Partial<EvidenceCitation> = {}): EvidenceCitation {
  return {
    id,
    paperId: "p-1",
    surveyId: "s-1",
    questionId: "q1",
    mode: "LIVE",
    frozenResults: null,
    citedBy: "m-lead",
    citedAt: at(2),
    ...overrides,
  };
}

export function surveyContract({ store }: ContractContext): void {
  describe("surveys", () => {
    it("stores surveys, lists them newest first and reads many in order", async () => {
      await store().workingGroups.create(
        group("g-1"),
        membership("g-1", "m-convener", { role: "CONVENER" }),
      );
      const platform = survey("s-1", { createdAt: at(1), updatedAt: at(1) });
      const ofGroup = survey("s-2", {
        workingGroupId: "g-1",
        audience: "WORKING_GROUP",
        createdAt: at(2),
      });
      const sameTime = survey("s-3", { createdAt: at(2), anonymous: true });
      for (const s of [platform, ofGroup, sameTime]) await store().surveys.create(s);
      expect(await store().surveys.get("s-2")).toEqual(ofGroup);
      expect(await store().surveys.get("s-none")).toBeNull();
      expect((await store().surveys.list()).map((s) => s.id)).toEqual(["s-3", "s-2", "s-1"]);
      expect(
        (await store().surveys.getMany(["s-1", "s-none", "s-1"])).map((s) => s?.id ?? null),
      ).toEqual(["s-1", null, "s-1"]);
      expect(await store().surveys.getMany([])).toEqual([]);
      await expectCode(store().surveys.create(survey("s-1")), "CONFLICT");
    });

    it("updates conditionally and keeps owner, author, creation time and pseudonym key", async () => {
      const created = survey("s-1");
      await store().surveys.create(created);
      const opened: Survey = {
        ...created,
        status: "OPEN",
        openedAt: at(5),
        title: "Opened",
        version: 2,
        updatedAt: at(5),
      };
      await store().surveys.update({
        ...opened,
        workingGroupId: "g-other",
        createdBy: "m-other",
        createdAt: at(9),
        pseudonymKey: "b3RoZXI",
      });
      expect(await store().surveys.get("s-1")).toEqual(opened);
      await expectCode(store().surveys.update({ ...opened, version: 2 }), "CONFLICT");
      await expectCode(store().surveys.update(survey("s-none", { version: 2 })), "NOT_FOUND");
      const winners = await race([
        store().surveys.update({ ...opened, title: "A", version: 3 }),
        store().surveys.update({ ...opened, title: "B", version: 3 }),
      ]);
      expect(winners).toHaveLength(1);
    });
  });

  describe("survey responses", () => {
    it("one response per respondent; listed by respondent key and counted", async () => {
      await store().surveys.create(survey("s-1"));
      await store().surveys.create(survey("s-2"));
      const b = surveyResponse("s-1", "m-b");
      const a = surveyResponse("s-1", "m-a", { community: null });
      const anonymous = surveyResponse("s-1", "pseudonym-z", { memberId: null });
      for (const r of [b, a, anonymous]) await store().surveyResponses.put(r);
      await store().surveyResponses.put(surveyResponse("s-2", "m-a"));
      expect(await store().surveyResponses.get("s-1", "m-a")).toEqual(a);
      expect(await store().surveyResponses.get("s-1", "m-none")).toBeNull();
      expect(await store().surveyResponses.listBySurvey("s-1")).toEqual([a, b, anonymous]);
      expect(await store().surveyResponses.count("s-1")).toBe(3);
      expect(await store().surveyResponses.count("s-none")).toBe(0);
      expect(await store().surveyResponses.listBySurvey("s-none")).toEqual([]);
      await expectCode(store().surveyResponses.put(surveyResponse("s-1", "m-a")), "CONFLICT");
      const both = await race([
        store().surveyResponses.put(surveyResponse("s-2", "m-c")),
        store().surveyResponses.put(surveyResponse("s-2", "m-c", { community: "POLICY" })),
      ]);
      expect(both).toHaveLength(1);
      expect(await store().surveyResponses.count("s-2")).toBe(2);
    });

    it("an edit replaces the answers conditionally and keeps who and when it was created", async () => {
      await store().surveys.create(survey("s-1"));
      const first = surveyResponse("s-1", "m-a");
      await store().surveyResponses.put(first);
      const edited: SurveyResponse = {
        ...first,
        answers: [{ questionId: "q1", value: 2, choices: [], text: null }],
        community: "SCIENCE_TECHNOLOGY",
        version: 2,
        updatedAt: at(3),
      };
      await store().surveyResponses.put({ ...edited, memberId: "m-other", createdAt: at(7) });
      expect(await store().surveyResponses.get("s-1", "m-a")).toEqual(edited);
      await expectCode(store().surveyResponses.put({ ...edited, version: 2 }), "CONFLICT");
      await expectCode(
        store().surveyResponses.put(surveyResponse("s-1", "m-none", { version: 2 })),
        "NOT_FOUND",
      );
      expect(await store().surveyResponses.count("s-1")).toBe(1);
    });

    it("holds a few hundred responses and returns every one", async () => {
      await store().surveys.create(survey("s-1"));
      const keys = Array.from({ length: 230 }, (_, i) => `k-${String(i).padStart(4, "0")}`);
      for (const key of keys) {
        await store().surveyResponses.put(
          surveyResponse("s-1", key, {
            answers: [
              { questionId: "q1", value: 1 + (key.length % 5), choices: [], text: "x".repeat(300) },
            ],
          }),
        );
      }
      const listed = await store().surveyResponses.listBySurvey("s-1");
      expect(listed.map((r) => r.respondentKey)).toEqual(keys);
      expect(await store().surveyResponses.count("s-1")).toBe(230);
    });
  });

  describe("evidence citations", () => {
    it("cites survey results in a paper, lists them oldest first, removes them", async () => {
      await seedPaper(store(), "p-1");
      await store().surveys.create(survey("s-1"));
      const live = citation("c-2", { citedAt: at(3) });
      const frozen = citation("c-1", {
        mode: "FROZEN",
        frozenResults: '{"questionId":"q1"}',
        citedAt: at(3),
      });
      const earlier = citation("c-3", { citedAt: at(1) });
      for (const c of [live, frozen, earlier]) await store().citations.create(c);
      expect(await store().citations.get("c-1")).toEqual(frozen);
      expect(await store().citations.get("c-none")).toBeNull();
      expect(await store().citations.listByPaper("p-1")).toEqual([earlier, frozen, live]);
      expect(await store().citations.listByPaper("p-none")).toEqual([]);
      await expectCode(store().citations.create(citation("c-1")), "CONFLICT");
      await store().citations.remove("c-2");
      await expectCode(store().citations.remove("c-2"), "NOT_FOUND");
      expect((await store().citations.listByPaper("p-1")).map((c) => c.id)).toEqual(["c-3", "c-1"]);
    });
  });
}
