// Surveys, their responses and evidence citations (keys.ts and the README's access patterns).
// A response is one item holding its JSON text: compact (no attribute name per answer) and
// cheap to read back by the thousand when results are computed.
import {
  conflict,
  type EvidenceCitation,
  notFound,
  type Survey,
  type SurveyResponse,
} from "@accord/domain";
import type { EvidenceCitationStore, SurveyResponseStore, SurveyStore } from "@accord/storage";
import {
  batchGet,
  conditionalPut,
  countPartition,
  type Db,
  getItem,
  lookup,
  queryPages,
  queryPartition,
  transact,
} from "./db.ts";
import { at, byKey, dataOf, names } from "./items.ts";
import * as keys from "./keys.ts";

export function surveyStore(db: Db): SurveyStore {
  const listed = (s: Survey) => ({ ...keys.surveyListed(s.createdAt, s.id), data: s });
  return {
    async get(id) {
      return dataOf<Survey>(await getItem(db, keys.survey(id)));
    },
    async getMany(ids) {
      const found = await batchGet(db, [...new Set(ids)].map(keys.survey));
      return ids.map((id) => dataOf<Survey>(lookup(found, keys.survey(id))));
    },
    async create(s) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.survey(s.id), data: s },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          { Put: { TableName: db.table, Item: listed(s) } },
        ],
        () => conflict("A survey with this id exists."),
      );
    },
    async update(next) {
      const stored = dataOf<Survey>(await getItem(db, keys.survey(next.id)));
      if (!stored) throw notFound("survey", next.id);
      const kept: Survey = {
        ...next,
        workingGroupId: stored.workingGroupId,
        createdBy: stored.createdBy,
        createdAt: stored.createdAt,
        pseudonymKey: stored.pseudonymKey,
      };
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.survey(kept.id), data: kept },
              ConditionExpression: "#data.#version = :previous",
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ":previous": kept.version - 1 },
            },
          },
          { Put: { TableName: db.table, Item: listed(kept) } },
        ],
        () =>
          conflict("The survey was changed by someone else; reload it and try again.", {
            id: kept.id,
          }),
      );
    },
    async list() {
      const items = await queryPartition(db, keys.SURVEYS_PK, keys.SURVEY_PREFIX);
      return items
        .map((item) => item.data as Survey)
        .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id));
    },
  };
}

const responseOf = (json: unknown) => JSON.parse(String(json)) as SurveyResponse;

export function surveyResponseStore(db: Db): SurveyResponseStore {
  return {
    async get(surveyId, respondentKey) {
      const item = await getItem(db, keys.surveyResponse(surveyId, respondentKey));
      return item ? responseOf(item.json) : null;
    },
    async put(r) {
      const key = keys.surveyResponse(r.surveyId, r.respondentKey);
      if (r.version === 1) {
        const result = await conditionalPut(db, {
          Item: { ...key, version: 1, json: JSON.stringify(r) },
          ConditionExpression: "attribute_not_exists(pk)",
        });
        if (!result.ok) throw conflict("You have already responded to this survey.");
        return;
      }
      const item = await getItem(db, key);
      if (!item) throw notFound("survey response", r.surveyId);
      const stored = responseOf(item.json);
      const kept: SurveyResponse = { ...r, memberId: stored.memberId, createdAt: stored.createdAt };
      const result = await conditionalPut(db, {
        Item: { ...key, version: kept.version, json: JSON.stringify(kept) },
        ConditionExpression: "version = :previous",
        ExpressionAttributeValues: { ":previous": kept.version - 1 },
      });
      if (!result.ok) {
        throw result.old
          ? conflict("Your response was changed meanwhile; reload it and try again.")
          : notFound("survey response", r.surveyId);
      }
    },
    async listBySurvey(surveyId) {
      // Eventually consistent is not enough here: results right after closing must hold the
      // last responses. Pages of up to 1 MB, in key order.
      const responses: SurveyResponse[] = [];
      for await (const page of queryPages(db, {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": keys.surveyPk(surveyId),
          ":prefix": keys.RESPONSE_PREFIX,
        },
        ProjectionExpression: "json",
        ConsistentRead: true,
      })) {
        for (const item of page.items) responses.push(responseOf(item.json));
      }
      return responses;
    },
    async count(surveyId) {
      return countPartition(db, keys.surveyPk(surveyId), keys.RESPONSE_PREFIX);
    },
  };
}

export function evidenceCitationStore(db: Db): EvidenceCitationStore {
  return {
    async get(id) {
      return dataOf<EvidenceCitation>(await getItem(db, keys.citation(id)));
    },
    async create(c) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.citation(c.id), data: c },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.paperCitation(c.paperId, c.citedAt, c.id), data: c },
            },
          },
        ],
        (reasons) => (at(reasons, 0) ? conflict("A citation with this id exists.") : undefined),
      );
    },
    async remove(id) {
      const stored = dataOf<EvidenceCitation>(await getItem(db, keys.citation(id)));
      if (!stored) throw notFound("citation", id);
      await transact(
        db,
        [
          {
            Delete: {
              TableName: db.table,
              Key: keys.citation(id),
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          {
            Delete: {
              TableName: db.table,
              Key: keys.paperCitation(stored.paperId, stored.citedAt, id),
            },
          },
        ],
        () => notFound("citation", id),
      );
    },
    async listByPaper(paperId) {
      const items = await queryPartition(db, keys.paperPk(paperId), keys.CITATION_PREFIX);
      return items
        .map((item) => item.data as EvidenceCitation)
        .sort((a, b) => byKey(a.citedAt, b.citedAt) || byKey(a.id, b.id));
    },
  };
}
