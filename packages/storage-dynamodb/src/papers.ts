// Position papers: the paper item, gsi1/gsi2 orderings and the filters of their lists.
import { badInput, type Collaborator, conflict, type PositionPaper } from "@accord/domain";
import type { PaperFilter, PaperStore } from "@accord/storage";
import { paginate } from "@accord/storage";
import { collaboratorPuts } from "./collaborators.ts";
import {
  batchGet,
  conditionalUpdate,
  type Db,
  getItem,
  type Item,
  lookup,
  queryPartition,
  transact,
} from "./db.ts";
import { byKey, check, dataOf, mapPage, names } from "./items.ts";
import * as keys from "./keys.ts";
import { keysetPage } from "./paging.ts";

function paperIndex(p: PositionPaper) {
  return {
    gsi1pk: keys.PAPERS,
    gsi1sk: keys.byTime(p.createdAt, p.id),
    gsi2pk: keys.groupPapers(p.workingGroupId),
    gsi2sk: keys.byTime(p.createdAt, p.id),
    titleLower: p.title.toLowerCase(),
    summaryLower: p.summary.toLowerCase(),
  };
}

/** "" means unset, as in the port. */
const given = <T extends string>(value: T | undefined): T | undefined =>
  value ? value : undefined;

/** The paper-list filters other than the one the query's key already applies. */
function paperFilterExpression(filter: PaperFilter) {
  const parts: string[] = [];
  const attributeNames: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const data = () => {
    attributeNames["#data"] = "data";
  };
  const status = given(filter.status);
  if (status) {
    data();
    attributeNames["#status"] = "status";
    values[":status"] = status;
    parts.push("#data.#status = :status");
  }
  const topicId = given(filter.topicId);
  if (topicId) {
    data();
    attributeNames["#topicIds"] = "topicIds";
    values[":topicId"] = topicId;
    parts.push("contains(#data.#topicIds, :topicId)");
  }
  const diplomacyType = given(filter.diplomacyType);
  if (diplomacyType) {
    data();
    attributeNames["#diplomacyTypes"] = "diplomacyTypes";
    values[":diplomacyType"] = diplomacyType;
    parts.push("contains(#data.#diplomacyTypes, :diplomacyType)");
  }
  const search = given(filter.search);
  if (search) {
    values[":search"] = search.toLowerCase();
    parts.push("(contains(titleLower, :search) OR contains(summaryLower, :search))");
  }
  const visibleTo = given(filter.visibleTo);
  if (visibleTo) {
    data();
    attributeNames["#status"] = "status";
    values[":published"] = "PUBLISHED";
    values[":visibleTo"] = visibleTo;
    parts.push("(#data.#status = :published OR contains(collaboratorIds, :visibleTo))");
  }
  return { expression: parts.join(" AND "), names: attributeNames, values };
}

/** The same filters in code, for the member-side path of `collaboratorId`. */
function paperMatches(item: Item, filter: PaperFilter): boolean {
  const p = item.data as PositionPaper;
  const collaborators = (item.collaboratorIds as Set<string> | undefined) ?? new Set<string>();
  const groupId = given(filter.workingGroupId);
  if (groupId && p.workingGroupId !== groupId) return false;
  const topicId = given(filter.topicId);
  if (topicId && !p.topicIds.includes(topicId)) return false;
  const status = given(filter.status);
  if (status && p.status !== status) return false;
  const diplomacyType = given(filter.diplomacyType);
  if (diplomacyType && !p.diplomacyTypes.includes(diplomacyType)) return false;
  const collaboratorId = given(filter.collaboratorId);
  if (collaboratorId && !collaborators.has(collaboratorId)) return false;
  const visibleTo = given(filter.visibleTo);
  if (visibleTo && p.status !== "PUBLISHED" && !collaborators.has(visibleTo)) return false;
  const search = given(filter.search);
  if (search) {
    const needle = search.toLowerCase();
    if (!p.title.toLowerCase().includes(needle) && !p.summary.toLowerCase().includes(needle)) {
      return false;
    }
  }
  return true;
}

// A port: the factory is only the closure of its methods over `db` (each is short).
export function paperStore(db: Db): PaperStore {
  const paperKeyOf = (item: Item): [string, string] => {
    const p = item.data as PositionPaper;
    return [p.createdAt, p.id];
  };
  return {
    async get(id) {
      return dataOf<PositionPaper>(await getItem(db, keys.paper(id)));
    },
    async getMany(ids) {
      const found = await batchGet(db, ids.map(keys.paper));
      return ids.map((id) => dataOf<PositionPaper>(lookup(found, keys.paper(id))));
    },
    async create(paper, lead) {
      if (lead.role !== "LEAD") throw badInput("role", "A paper is created with its LEAD.");
      if (lead.paperId !== paper.id) {
        throw badInput("paperId", "The first LEAD must be a collaborator of the new paper.");
      }
      await transact(
        db,
        [
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.paper(paper.id),
                data: paper,
                ...paperIndex(paper),
                leadCount: 1,
                collaboratorIds: new Set([lead.memberId]),
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...collaboratorPuts(db, lead),
        ],
        () => conflict("A paper with this id exists.", { id: paper.id }),
      );
    },
    async update(paper) {
      // SET, not Put: the lead count and collaborator set beside `data` belong to collaborators.
      const index = paperIndex(paper);
      const result = await conditionalUpdate(db, {
        Key: keys.paper(paper.id),
        UpdateExpression:
          "SET #data = :paper, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, titleLower = :titleLower, summaryLower = :summaryLower",
        ConditionExpression: "attribute_exists(pk) AND #data.#version = :previous",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ":paper": paper,
          ":gsi1sk": index.gsi1sk,
          ":gsi2pk": index.gsi2pk,
          ":gsi2sk": index.gsi2sk,
          ":titleLower": index.titleLower,
          ":summaryLower": index.summaryLower,
          ":previous": paper.version - 1,
        },
      });
      check(result, "paper", paper.id);
    },
    async list(filter, page) {
      const collaboratorId = given(filter.collaboratorId);
      if (collaboratorId) {
        // A member works on few papers: read them all (consistent), filter, page in memory.
        const own = await queryPartition(db, keys.member(collaboratorId).pk, "PAPER#");
        const paperKeys = own.map((item) => keys.paper((item.data as Collaborator).paperId));
        const found = await batchGet(db, paperKeys);
        const matching = paperKeys
          .map((key) => lookup(found, key))
          .filter((item): item is Item => item !== undefined && paperMatches(item, filter))
          .map((item) => item.data as PositionPaper)
          .sort((a, b) => byKey(b.createdAt, a.createdAt) || byKey(b.id, a.id));
        return paginate(matching, (p) => [p.createdAt, p.id], page, true);
      }
      const groupId = given(filter.workingGroupId);
      const filterExpression = paperFilterExpression(filter);
      const byGroup = groupId !== undefined;
      const index = byGroup ? "gsi2" : "gsi1";
      const partition = byGroup ? keys.groupPapers(groupId) : keys.PAPERS;
      return mapPage(
        await keysetPage(db, {
          input: {
            IndexName: index,
            KeyConditionExpression: `${index}pk = :collection`,
            ScanIndexForward: false,
            ExpressionAttributeValues: { ":collection": partition, ...filterExpression.values },
            ...(filterExpression.expression
              ? { FilterExpression: filterExpression.expression }
              : {}),
            ...(Object.keys(filterExpression.names).length > 0
              ? { ExpressionAttributeNames: filterExpression.names }
              : {}),
          },
          page,
          keyOf: paperKeyOf,
          startAfter: ([createdAt, id]) => ({
            ...keys.paper(id),
            [`${index}pk`]: partition,
            [`${index}sk`]: keys.byTime(createdAt, id),
          }),
        }),
      );
    },
  };
}
