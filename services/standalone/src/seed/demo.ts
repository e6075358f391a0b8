// The demo platform: members across communities, working groups, papers in every status with
// text (a Yjs body, written through the documents port), comments, versions, endorsements, and
// a closed perception survey with a few hundred synthetic responses. Everything comes from a
// seeded random stream and fixed dates, so two runs with one seed store the same platform.
// It is loaded only when asked (`pnpm seed`, `pnpm start -- --seed demo`).
import {
  type Community,
  type Member,
  type PositionPaper,
  type Survey,
  type SurveyAnswer,
  type SurveyQuestion,
  surveyQuestions,
} from "@accord/domain";
import { createCollabDocuments, seedTopics } from "@accord/graphql-api";
import type { Store } from "@accord/storage";
import * as Y from "yjs";
import {
  COMMENT_LINES,
  type DemoPaper,
  GROUPS,
  ORGANISATIONS,
  PAPERS,
  PEOPLE,
  REPLY_LINES,
} from "./data.ts";

export const DEMO_SURVEY_ID = "demo-survey-perceptions";
export const DEFAULT_DEMO_SEED = 2010;

export interface DemoOptions {
  /** The random stream's seed: the same seed gives the same platform. */
  seed?: number;
  /** How many synthetic survey responses (default 320). */
  responses?: number;
}

export interface DemoCounts {
  members: number;
  workingGroups: number;
  papers: number;
  comments: number;
  versions: number;
  endorsements: number;
  surveys: number;
  surveyResponses: number;
}

/** mulberry32: small, fast, and the same on every platform. */
function randomStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// The demo's history happens over the first months of 2026, whatever today is.
const START = Date.parse("2026-01-12T09:00:00.000Z");
const at = (days: number, hours = 0) =>
  new Date(START + (days * 24 + hours) * 3_600_000).toISOString();

const memberId = (username: string) => `demo-member-${username}`;

/** The paper's body in the editor's schema: a Y.XmlFragment named "body" of headings and paragraphs. */
function bodyUpdate(paper: DemoPaper, index: number): Uint8Array {
  const doc = new Y.Doc();
  // Yjs picks a random client id; a fixed one keeps the update (and anchors into it) the same.
  doc.clientID = 1_000 + index;
  const body = doc.getXmlFragment("body");
  const nodes: Y.XmlElement[] = [];
  for (const section of paper.sections) {
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", "2");
    heading.insert(0, [new Y.XmlText(section.heading)]);
    nodes.push(heading);
    for (const text of section.paragraphs) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(text)]);
      nodes.push(paragraph);
    }
  }
  body.insert(0, nodes);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

async function seedMembers(store: Store): Promise<void> {
  for (const [index, person] of PEOPLE.entries()) {
    const member: Member = {
      id: memberId(person.username),
      // Local tokens name the username as subject: `pnpm token amira` signs in as Amira.
      subject: person.username,
      displayName: person.displayName,
      affiliation: person.affiliation,
      country: person.country,
      community: person.community,
      expertiseTopicIds: person.expertise,
      platformRole: person.coordinator ? "COORDINATOR" : "MEMBER",
      version: 1,
      createdAt: at(index % 5),
      updatedAt: at(index % 5),
    };
    await store.members.create(member);
  }
}

async function seedGroups(store: Store): Promise<void> {
  for (const [index, group] of GROUPS.entries()) {
    const [first, ...otherConveners] = group.conveners;
    if (!first) continue;
    const created = at(5 + index);
    await store.workingGroups.create(
      {
        id: group.id,
        name: group.name,
        description: group.description,
        topicIds: group.topics,
        createdBy: memberId(first),
        version: 1,
        createdAt: created,
        updatedAt: created,
      },
      { workingGroupId: group.id, memberId: memberId(first), role: "CONVENER", addedAt: created },
    );
    for (const [offset, username] of [...otherConveners, ...group.members].entries()) {
      await store.workingGroups.addMembership({
        workingGroupId: group.id,
        memberId: memberId(username),
        role: otherConveners.includes(username) ? "CONVENER" : "MEMBER",
        addedAt: at(6 + index, offset + 1),
      });
    }
  }
}

interface PaperTally {
  comments: number;
  versions: number;
  endorsements: number;
}

async function seedPaper(
  store: Store,
  paper: DemoPaper,
  index: number,
  next: () => number,
): Promise<PaperTally> {
  const lead = memberId(paper.lead);
  await createPaper(store, paper, index);
  const documents = createCollabDocuments(store);
  const document = await documents.open(paper.id);
  const tally: PaperTally = { comments: 0, versions: 0, endorsements: 0 };
  await store.versions.create({
    id: `${paper.id}-v1`,
    paperId: paper.id,
    name: "First full draft",
    createdBy: lead,
    createdAt: at(12 + index * 3),
    snapshot: document.snapshot(),
  });
  tally.versions += 1;
  tally.comments += await seedThreads(store, paper, index, next, document);
  if (paper.status !== "DRAFT") {
    await store.versions.create({
      id: `${paper.id}-v2`,
      paperId: paper.id,
      name: paper.status === "IN_REVIEW" ? "Sent for review" : "Final text",
      createdBy: lead,
      createdAt: at(20 + index * 3),
      snapshot: document.snapshot(),
    });
    tally.versions += 1;
  }
  if (paper.status === "ENDORSEMENT" || paper.status === "PUBLISHED") {
    tally.endorsements += await seedEndorsements(store, paper, index, next);
  }
  return tally;
}

/** The paper, its LEAD, editors and commenters, and its text. */
async function createPaper(store: Store, paper: DemoPaper, index: number) {
  const created = at(10 + index * 3);
  const lead = memberId(paper.lead);
  const published = paper.status === "PUBLISHED" ? at(40 + index) : null;
  const record: PositionPaper = {
    id: paper.id,
    workingGroupId: paper.group,
    title: paper.title,
    summary: paper.summary,
    topicIds: paper.topics,
    diplomacyTypes: paper.diplomacyTypes,
    status: paper.status,
    createdBy: lead,
    publishedAt: published,
    version: 1,
    createdAt: created,
    updatedAt: published ?? at(30 + index),
  };
  await store.papers.create(record, {
    paperId: paper.id,
    memberId: lead,
    role: "LEAD",
    addedBy: lead,
    addedAt: created,
  });
  const roles = [
    ...paper.editors.map((username) => [username, "EDITOR"] as const),
    ...paper.commenters.map((username) => [username, "COMMENTER"] as const),
  ];
  for (const [offset, [username, role]] of roles.entries()) {
    await store.collaborators.add({
      paperId: paper.id,
      memberId: memberId(username),
      role,
      addedBy: lead,
      addedAt: at(10 + index * 3, offset + 1),
    });
  }
  await store.documents.append(paper.id, bodyUpdate(paper, index), {
    memberId: lead,
    at: at(11 + index * 3),
  });
}

/** Up to two threads on the text, each answered by the lead; returns the comments made. */
async function seedThreads(
  store: Store,
  paper: DemoPaper,
  index: number,
  next: () => number,
  document: Awaited<ReturnType<ReturnType<typeof createCollabDocuments>["open"]>>,
): Promise<number> {
  const lead = memberId(paper.lead);
  const text = document.content().text;
  const speakers = [...paper.editors, ...paper.commenters];
  const threads = Math.min(speakers.length, 2);
  for (let thread = 0; thread < threads; thread += 1) {
    const author = memberId(speakers[thread] ?? paper.lead);
    const from = Math.min(text.length - 1, Math.floor(next() * Math.max(1, text.length - 40)));
    const to = Math.min(text.length, from + 20 + Math.floor(next() * 20));
    const commentId = `${paper.id}-c${thread + 1}`;
    const when = at(13 + index * 3, thread * 2);
    const resolved = paper.status === "PUBLISHED" || paper.status === "ARCHIVED";
    await store.comments.create({
      id: commentId,
      paperId: paper.id,
      threadId: commentId,
      authorId: author,
      body: COMMENT_LINES[Math.floor(next() * COMMENT_LINES.length)] ?? "",
      anchor: document.anchorFor(from, to),
      resolved,
      resolvedBy: resolved ? lead : null,
      resolvedAt: resolved ? at(14 + index * 3) : null,
      version: 1,
      createdAt: when,
      updatedAt: when,
    });
    await store.comments.create({
      id: `${commentId}-r1`,
      paperId: paper.id,
      threadId: commentId,
      authorId: lead,
      body: REPLY_LINES[Math.floor(next() * REPLY_LINES.length)] ?? "",
      anchor: null,
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      version: 1,
      createdAt: at(13 + index * 3, thread * 2 + 1),
      updatedAt: at(13 + index * 3, thread * 2 + 1),
    });
  }
  return threads * 2;
}

/** Members outside the paper endorse it for their organisations; returns how many did. */
async function seedEndorsements(
  store: Store,
  paper: DemoPaper,
  index: number,
  next: () => number,
): Promise<number> {
  const speakers = [...paper.editors, ...paper.commenters];
  const outside = PEOPLE.filter(
    (person) => person.username !== paper.lead && !speakers.includes(person.username),
  );
  const endorsers = outside.filter(() => next() < 0.45).slice(0, 6);
  for (const [offset, person] of endorsers.entries()) {
    await store.endorsements.create({
      paperId: paper.id,
      memberId: memberId(person.username),
      organisation: ORGANISATIONS[person.username] ?? person.affiliation,
      statement: offset === 0 ? "We support these recommendations." : null,
      createdAt: at(35 + index, offset),
    });
  }
  return endorsers.length;
}

const SURVEY_QUESTIONS: SurveyQuestion[] = surveyQuestions([
  {
    kind: "LIKERT",
    scale: 5,
    prompt: "Scientific advice should inform our country's foreign-policy objectives.",
    diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
  },
  {
    kind: "LIKERT",
    scale: 5,
    prompt: "Diplomats in my country seek out scientific evidence before negotiations.",
    diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
    topicIds: ["climate-change"],
  },
  {
    kind: "LIKERT",
    scale: 5,
    prompt: "Diplomacy makes international research collaboration easier.",
    diplomacyTypes: ["DIPLOMACY_FOR_SCIENCE"],
  },
  {
    kind: "LIKERT",
    scale: 5,
    prompt: "Technology controls should leave room for open fundamental research.",
    diplomacyTypes: ["DIPLOMACY_FOR_SCIENCE"],
    topicIds: ["technology-controls"],
  },
  {
    kind: "LIKERT",
    scale: 5,
    prompt: "Scientific cooperation can improve relations between countries in tension.",
    diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
  },
  {
    kind: "LIKERT",
    scale: 5,
    prompt: "Joint research on supply chains builds trust between partners.",
    diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
    topicIds: ["supply-chains"],
  },
  {
    kind: "SINGLE_CHOICE",
    prompt: "Which area of economic security most needs science diplomacy?",
    labels: ["Critical materials", "Semiconductors", "Energy supply", "Food and fertiliser"],
    topicIds: ["supply-chains"],
  },
  {
    kind: "RANKING",
    prompt: "Rank these responses to supply-chain risks, most useful first.",
    labels: [
      "Shared supply-chain mapping",
      "Coordinated export controls",
      "Joint research security standards",
      "Stockpiling agreements",
    ],
    topicIds: ["supply-chains", "technology-controls"],
  },
  {
    kind: "NUMBER",
    prompt: "For how many years have you worked with the other community?",
    min: 0,
    max: 60,
    required: false,
  },
  {
    kind: "TEXT",
    prompt: "What would make science diplomacy work better where you are?",
    required: false,
  },
]);

// Communities in the proportions of a science-and-technology diplomacy platform's members.
const COMMUNITY_WEIGHTS: readonly [Community | null, number][] = [
  ["SCIENCE_TECHNOLOGY", 0.4],
  ["DIPLOMACY", 0.3],
  ["POLICY", 0.12],
  ["INDUSTRY", 0.08],
  ["JOURNALISM", 0.05],
  ["OTHER", 0.03],
  [null, 0.02],
];

function pickCommunity(next: () => number): Community | null {
  let draw = next();
  for (const [community, weight] of COMMUNITY_WEIGHTS) {
    if (draw < weight) return community;
    draw -= weight;
  }
  return null;
}

/** A Likert point around a community's leaning: scientists rate science's role higher. */
function likert(next: () => number, question: SurveyQuestion, community: Community | null): number {
  const science = community === "SCIENCE_TECHNOLOGY";
  const diplomacy = community === "DIPLOMACY";
  const type = question.diplomacyTypes[0];
  const centre =
    type === "SCIENCE_IN_DIPLOMACY"
      ? science
        ? 4.2
        : diplomacy
          ? 3.3
          : 3.7
      : type === "DIPLOMACY_FOR_SCIENCE"
        ? science
          ? 3.4
          : diplomacy
            ? 4.0
            : 3.6
        : science
          ? 3.9
          : diplomacy
            ? 3.8
            : 3.5;
  const noise = (next() + next() + next() - 1.5) * 1.6;
  return Math.max(1, Math.min(5, Math.round(centre + noise)));
}

function syntheticAnswers(next: () => number, community: Community | null): SurveyAnswer[] {
  return SURVEY_QUESTIONS.flatMap((question): SurveyAnswer[] => {
    const blank = { questionId: question.id, value: null, choices: [], text: null };
    switch (question.kind) {
      case "LIKERT":
        return [{ ...blank, value: likert(next, question, community) }];
      case "SINGLE_CHOICE":
        return [{ ...blank, choices: [Math.floor(next() * question.labels.length)] }];
      case "RANKING": {
        const order = question.labels.map((_, index) => ({
          index,
          key: next() + (index === 0 ? 0.3 : 0),
        }));
        return [
          { ...blank, choices: order.sort((a, b) => b.key - a.key).map((entry) => entry.index) },
        ];
      }
      case "NUMBER":
        return next() < 0.8 ? [{ ...blank, value: Math.floor(next() * next() * 30) }] : [];
      case "TEXT":
        return next() < 0.15
          ? [{ ...blank, text: "Regular joint briefings before negotiations." }]
          : [];
      default:
        return [];
    }
  });
}

async function seedSurvey(store: Store, next: () => number, responses: number): Promise<void> {
  const coordinator = PEOPLE.find((person) => person.coordinator);
  const survey: Survey = {
    id: DEMO_SURVEY_ID,
    workingGroupId: null,
    title: "How do our communities see science and technology diplomacy?",
    introduction:
      "The Royal Society and AAAS (2010) name three types: science in diplomacy, diplomacy for science and science for diplomacy. Tell us how you see each, and how they bear on economic security.",
    audience: "ALL_MEMBERS",
    audienceCommunities: [],
    opensAt: at(20),
    closesAt: at(50),
    status: "CLOSED",
    anonymous: true,
    resultsVisibility: "MEMBERS",
    questions: SURVEY_QUESTIONS,
    createdBy: memberId(coordinator?.username ?? "nadia"),
    openedAt: at(20),
    closedAt: at(50),
    // Synthetic respondents are no members, so no pseudonym is ever derived from this key.
    pseudonymKey: "ZGVtby1wbGF0Zm9ybS1zdXJ2ZXk",
    version: 3,
    createdAt: at(18),
    updatedAt: at(50),
  };
  await store.surveys.create(survey);
  for (let index = 0; index < responses; index += 1) {
    const community = pickCommunity(next);
    // Anonymous surveys keep the day only.
    const day = `${at(20 + Math.floor(next() * 30)).slice(0, 10)}T00:00:00.000Z`;
    await store.surveyResponses.put({
      surveyId: survey.id,
      respondentKey: `demo-respondent-${String(index).padStart(4, "0")}`,
      memberId: null,
      community,
      answers: syntheticAnswers(next, community),
      version: 1,
      createdAt: day,
      updatedAt: day,
    });
  }
}

/**
 * Load the demo platform into `store`; null when it is already there (its first member exists),
 * so asking twice changes nothing.
 */
export async function seedDemo(
  store: Store,
  options: DemoOptions = {},
): Promise<DemoCounts | null> {
  const first = PEOPLE[0];
  if (first && (await store.members.get(memberId(first.username)))) return null;
  const next = randomStream(options.seed ?? DEFAULT_DEMO_SEED);
  const responses = options.responses ?? 320;
  await seedTopics(store);
  await seedMembers(store);
  await seedGroups(store);
  const counts: DemoCounts = {
    members: PEOPLE.length,
    workingGroups: GROUPS.length,
    papers: PAPERS.length,
    comments: 0,
    versions: 0,
    endorsements: 0,
    surveys: 1,
    surveyResponses: responses,
  };
  for (const [index, paper] of PAPERS.entries()) {
    const tally = await seedPaper(store, paper, index, next);
    counts.comments += tally.comments;
    counts.versions += tally.versions;
    counts.endorsements += tally.endorsements;
  }
  await seedSurvey(store, next, responses);
  return counts;
}
