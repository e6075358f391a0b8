// The data of the GraphQL path benchmark: a working group, people with profiles, one paper in
// ENDORSEMENT with collaborators, a body of a few thousand words typed by several authors (stored
// as a compacted snapshot plus a tail, as the live host leaves it), anchored comment threads,
// named versions and endorsements. Everything but the body goes in through the Lambda handler,
// so both stores hold what the API itself wrote.
import type { GraphqlEvent, GraphqlLambdaHandler } from "@accord/graphql-api";
import type { Store } from "@accord/storage";
import * as Y from "yjs";
import type { GraphqlBenchConfig } from "./graphql-config.ts";

export const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_BenchPool";
// Only awsRequestId is read (by the integration), never the rest of the Lambda context.
const lambdaContext = { awsRequestId: "bench" } as Parameters<GraphqlLambdaHandler>[1];

export type Claims = Record<string, string>;

export function claimsOf(username: string): Claims {
  return {
    iss: ISSUER,
    sub: `sub-${username}`,
    username,
    client_id: "bench-client",
    token_use: "access",
    scope: "aws.cognito.signin.user.admin",
    auth_time: "1795845000",
    iat: "1795845000",
    exp: "4102444800",
  };
}

let requestCounter = 0;

/** An HTTP API v2 event as API Gateway sends it after its JWT authorizer accepted the token. */
export function eventFor(claims: Claims, body: string): GraphqlEvent {
  const requestId = `bench-${++requestCounter}`;
  return {
    version: "2.0",
    routeKey: "POST /graphql",
    rawPath: "/graphql",
    rawQueryString: "",
    cookies: [],
    headers: {
      accept: "application/graphql-response+json, application/json",
      "accept-encoding": "gzip, deflate, br",
      authorization: "Bearer eyJraWQiOiJrZXktMSIsImFsZyI6IlJTMjU2In0.e30.c2lnbmF0dXJl",
      "content-length": String(Buffer.byteLength(body)),
      "content-type": "application/json",
      host: "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
      "user-agent": "accord-client/1.0",
      "x-amzn-trace-id": "Root=1-67f1a2b3-0123456789abcdef01234567",
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
    },
    requestContext: {
      accountId: "123456789012",
      apiId: "a1b2c3d4e5",
      authorizer: { jwt: { claims, scopes: ["aws.cognito.signin.user.admin"] } },
      domainName: "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "a1b2c3d4e5",
      http: {
        method: "POST",
        path: "/graphql",
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "accord-client/1.0",
      },
      requestId,
      routeKey: "POST /graphql",
      stage: "$default",
      time: "28/Nov/2026:06:00:00 +0000",
      timeEpoch: 1795845600000,
    },
    body,
    isBase64Encoded: false,
  } as GraphqlEvent;
}

/** Call the handler as `username`; the data, or an error naming the operation. */
export async function call<T>(
  invoke: GraphqlLambdaHandler,
  username: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const result = await invoke(
    eventFor(claimsOf(username), JSON.stringify({ query, variables })),
    lambdaContext,
  );
  const body = JSON.parse(result.body ?? "null") as { data?: T; errors?: unknown[] };
  if (result.statusCode !== 200 || body.errors?.length || !body.data) {
    throw new Error(`${query.slice(0, 60)}… failed (${result.statusCode}): ${result.body}`);
  }
  return body.data;
}

/** mulberry32: small, seedable, good enough to pick words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "the a of and to in on for with by from that which as is are be should must may will " +
  "ocean observation data sharing climate energy transition space debris orbital norms supply " +
  "chains critical minerals technology controls export research cooperation scientists diplomats " +
  "states parties agreement framework governance capacity building developing countries access " +
  "benefit monitoring verification transparency emissions adaptation resilience infrastructure " +
  "satellites spectrum registry treaty protocol convention commission secretariat working group " +
  "position paper recommendation evidence assessment risk uncertainty model scenario baseline " +
  "national international regional multilateral bilateral stakeholders industry civil society " +
  "funding mechanism open standards interoperability archive repository license public interest"
).split(" ");

const HEADINGS = [
  "Summary",
  "Background and scope",
  "State of the science",
  "Diplomatic context",
  "Existing agreements",
  "Gaps in data sharing",
  "Capacity building",
  "Technology controls",
  "Supply chain risks",
  "Funding mechanisms",
  "Governance options",
  "Recommendations",
];

export interface PaperBody {
  /** Every update, in the order the authors' editors sent them, with who typed it. */
  log: { update: Uint8Array; author: number }[];
  words: number;
}

/**
 * Type the paper body the way editors produce it: each author's own Y.Doc, kept in sync, sends
 * one update per small transaction (a few words), sometimes a typo deleted again, sometimes bold.
 */
export function typePaperBody(config: GraphqlBenchConfig["document"], seed: number): PaperBody {
  const random = prng(seed);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const main = new Y.Doc();
  // Fixed client ids: the same seed gives the same bytes (ids are varints in every update).
  const authors = Array.from({ length: config.authors }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = 0x5eed0 + i;
    return doc;
  });
  const log: PaperBody["log"] = [];
  let words = 0;

  const asAuthor = (index: number, change: (body: Y.XmlFragment) => void) => {
    const doc = authors[index]!;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(main, Y.encodeStateVector(doc)));
    const captured: Uint8Array[] = [];
    const collect = (update: Uint8Array) => captured.push(update);
    doc.on("update", collect);
    doc.transact(() => change(doc.getXmlFragment("body")));
    doc.off("update", collect);
    for (const update of captured) {
      Y.applyUpdate(main, update);
      log.push({ update, author: index });
    }
  };

  /** Append a block (path of element names, innermost holds the text) and type into it. */
  const typeBlock = (
    author: number,
    path: readonly string[],
    attributes: Record<string, unknown>,
    wordCount: number,
  ) => {
    let text: Y.XmlText | null = null;
    asAuthor(author, (body) => {
      let parent: Y.XmlFragment | Y.XmlElement = body;
      for (const [depth, name] of path.entries()) {
        const element = new Y.XmlElement(name);
        if (depth === path.length - 1) {
          for (const [key, value] of Object.entries(attributes)) {
            element.setAttribute(key, value as string);
          }
        }
        parent.insert(parent.length, [element]);
        parent = element;
      }
      const inner = new Y.XmlText();
      parent.insert(0, [inner]);
    });
    // Find the text node in the author's own doc (the last block's innermost text).
    const locate = (body: Y.XmlFragment) => {
      let node: Y.XmlFragment | Y.XmlElement = body;
      for (const _ of path) node = node.get(node.length - 1) as Y.XmlElement;
      return node.get(0) as Y.XmlText;
    };
    let typed = 0;
    while (typed < wordCount) {
      const n = Math.min(config.wordsPerTransaction, wordCount - typed);
      const chunk = Array.from({ length: n }, pick);
      const bold = random() < 0.05;
      asAuthor(author, (body) => {
        text = locate(body);
        const prefix = text.length === 0 ? "" : " ";
        text.insert(text.length, prefix + chunk.join(" "), bold ? { bold: {} } : {});
      });
      if (random() < config.typoRate) {
        const typo = ` ${pick()}x`;
        asAuthor(author, (body) => {
          text = locate(body);
          text.insert(text.length, typo);
        });
        asAuthor(author, (body) => {
          text = locate(body);
          text.delete(text.length - typo.length, typo.length);
        });
      }
      typed += n;
    }
    words += wordCount;
    return text;
  };

  for (let s = 0; s < config.sections; s++) {
    const author = s % config.authors;
    const title = `${HEADINGS[s % HEADINGS.length]}${s >= HEADINGS.length ? ` (${Math.floor(s / HEADINGS.length) + 1})` : ""}`;
    asAuthor(author, (body) => {
      const heading = new Y.XmlElement("heading");
      heading.setAttribute("level", (s === 0 ? 1 : 2) as unknown as string);
      heading.insert(0, [new Y.XmlText(title)]);
      body.insert(body.length, [heading]);
    });
    words += title.split(/\s+/).length;
    for (let p = 0; p < config.paragraphsPerSection; p++) {
      typeBlock((author + p) % config.authors, ["paragraph"], {}, config.wordsPerParagraph);
    }
    if (config.listItemsPerSection > 0) {
      asAuthor(author, (body) => {
        body.insert(body.length, [new Y.XmlElement("bulletList")]);
      });
      for (let i = 0; i < config.listItemsPerSection; i++) {
        asAuthor(author, (body) => {
          const list = body.get(body.length - 1) as Y.XmlElement;
          const item = new Y.XmlElement("listItem");
          const paragraph = new Y.XmlElement("paragraph");
          paragraph.insert(0, [new Y.XmlText()]);
          item.insert(0, [paragraph]);
          list.insert(list.length, [item]);
        });
        let typed = 0;
        while (typed < config.wordsPerListItem) {
          const n = Math.min(config.wordsPerTransaction, config.wordsPerListItem - typed);
          const chunk = Array.from({ length: n }, pick).join(" ");
          asAuthor(author, (body) => {
            const list = body.get(body.length - 1) as Y.XmlElement;
            const item = list.get(list.length - 1) as Y.XmlElement;
            const text = (item.get(0) as Y.XmlElement).get(0) as Y.XmlText;
            text.insert(text.length, (text.length === 0 ? "" : " ") + chunk);
          });
          typed += n;
        }
        words += config.wordsPerListItem;
      }
    }
  }
  for (const doc of [main, ...authors]) doc.destroy();
  return { log, words };
}

/**
 * Store the body as the live host leaves it: every update appended, then all but the last
 * `tailEntries` merged into a snapshot by one compaction.
 */
export async function storePaperBody(
  store: Store,
  paperId: string,
  body: PaperBody,
  authorIds: readonly string[],
  tailEntries: number,
): Promise<{ snapshotBytes: number; tail: number }> {
  const ids: string[] = [];
  const at = new Date().toISOString();
  for (const { update, author } of body.log) {
    const entry = await store.documents.append(paperId, update, {
      memberId: authorIds[author % authorIds.length] ?? null,
      at,
    });
    ids.push(entry.id);
  }
  const merged = Math.max(0, body.log.length - tailEntries);
  const doc = new Y.Doc();
  for (const { update } of body.log.slice(0, merged)) Y.applyUpdate(doc, update);
  const snapshot = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  await store.documents.compact(paperId, {
    expectedVersion: 0,
    snapshot,
    mergedEntryIds: ids.slice(0, merged),
    now: at,
    retainMs: 7 * 24 * 3_600_000,
  });
  return { snapshotBytes: snapshot.length, tail: body.log.length - merged };
}

const PEOPLE = [
  {
    name: "amina.diallo",
    affiliation: "University of Dakar",
    country: "SN",
    community: "SCIENCE_TECHNOLOGY",
  },
  {
    name: "li.wei",
    affiliation: "Ministry of Foreign Affairs",
    country: "CN",
    community: "DIPLOMACY",
  },
  {
    name: "sofia.rossi",
    affiliation: "Istituto Nazionale di Oceanografia",
    country: "IT",
    community: "SCIENCE_TECHNOLOGY",
  },
  { name: "jonas.berg", affiliation: "Nordic Policy Lab", country: "NO", community: "POLICY" },
  {
    name: "maria.santos",
    affiliation: "Folha Science Desk",
    country: "BR",
    community: "JOURNALISM",
  },
  {
    name: "kwame.mensah",
    affiliation: "Accra Energy Institute",
    country: "GH",
    community: "SCIENCE_TECHNOLOGY",
  },
  { name: "elena.petrova", affiliation: "Space Law Centre", country: "BG", community: "POLICY" },
  { name: "hiro.tanaka", affiliation: "Orbital Systems Ltd", country: "JP", community: "INDUSTRY" },
  {
    name: "nadia.haddad",
    affiliation: "Embassy Science Office",
    country: "LB",
    community: "DIPLOMACY",
  },
  { name: "tom.clarke", affiliation: "Ocean Data Alliance", country: "GB", community: "OTHER" },
] as const;

export interface SeededPaper {
  paperId: string;
  /** Who asks for the paper page in the benchmark (its LEAD). */
  reader: string;
  words: number;
  snapshotBytes: number;
  tail: number;
}

/** Write the benchmark's data through the handler (and the body straight into the store). */
export async function seedPaper(
  invoke: GraphqlLambdaHandler,
  store: Store,
  config: GraphqlBenchConfig,
  body: PaperBody,
): Promise<SeededPaper> {
  const people = PEOPLE.slice(0, config.collaborators + 1);
  if (people.length < config.collaborators + 1) throw new Error("Not enough people for that.");
  const ids: string[] = [];
  for (const person of people) {
    const { updateMe } = await call<{ updateMe: { id: string } }>(
      invoke,
      person.name,
      `mutation($input: UpdateMeInput!) { updateMe(input: $input) { id } }`,
      {
        input: {
          affiliation: person.affiliation,
          country: person.country,
          community: person.community,
          expertiseTopicIds: ["oceans", "climate-change"],
        },
      },
    );
    ids.push(updateMe.id);
  }
  const lead = people[0]!.name;
  const { createWorkingGroup } = await call<{ createWorkingGroup: { id: string } }>(
    invoke,
    lead,
    `mutation { createWorkingGroup(input: { name: "Ocean observation", description: "Sharing Argo and satellite ocean data across borders", topicIds: ["oceans", "climate-change", "space"] }) { id } }`,
  );
  for (const memberId of ids.slice(1)) {
    await call(
      invoke,
      lead,
      `mutation($g: ID!, $m: ID!) { addWorkingGroupMember(input: { workingGroupId: $g, memberId: $m }) { id } }`,
      { g: createWorkingGroup.id, m: memberId },
    );
  }
  const { createPaper } = await call<{ createPaper: { id: string } }>(
    invoke,
    lead,
    `mutation($input: CreatePaperInput!) { createPaper(input: $input) { id } }`,
    {
      input: {
        workingGroupId: createWorkingGroup.id,
        title: "Open ocean observation data: a framework for sharing across borders",
        summary:
          "How states, agencies and researchers can share in-situ and satellite ocean data, with capacity building for coastal developing countries.",
        topicIds: ["oceans", "climate-change", "space"],
        diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY", "DIPLOMACY_FOR_SCIENCE"],
      },
    },
  );
  const paperId = createPaper.id;
  const roles = ["EDITOR", "COMMENTER", "VIEWER"] as const;
  for (const [i, memberId] of ids.slice(1).entries()) {
    await call(
      invoke,
      lead,
      `mutation($p: ID!, $m: ID!, $r: PaperRole!) { addCollaborator(input: { paperId: $p, memberId: $m, role: $r }) { id } }`,
      { p: paperId, m: memberId, r: roles[i % roles.length] },
    );
  }

  // The authors are the lead and the editors (collaborators 1, 4, 7… are EDITORs).
  const authorIds = [ids[0]!, ...ids.filter((_, i) => i > 0 && (i - 1) % roles.length === 0)];
  const stored = await storePaperBody(store, paperId, body, authorIds, config.document.tailEntries);

  const { paper } = await call<{ paper: { content: { text: string } } }>(
    invoke,
    lead,
    `query($p: ID!) { paper(id: $p) { content { text } } }`,
    { p: paperId },
  );
  const text = paper.content.text;
  // Commenters: the lead, editors and commenters (not viewers).
  const commenters = people.filter((_, i) => i === 0 || (i - 1) % roles.length !== 2);
  const step = Math.floor(text.length / (config.commentThreads + 1));
  const threads: string[] = [];
  for (let t = 0; t < config.commentThreads; t++) {
    let from = step * (t + 1);
    while (from > 0 && text[from - 1] !== " " && text[from - 1] !== "\n") from--;
    const to = Math.min(text.length, from + 40);
    const author = commenters[t % commenters.length]!.name;
    const { addComment } = await call<{ addComment: { id: string } }>(
      invoke,
      author,
      `mutation($input: AddCommentInput!) { addComment(input: $input) { id } }`,
      {
        input: {
          paperId,
          body: `Can we cite the source for this claim? It reads stronger than the evidence in section ${t + 1}.`,
          range: { from, to },
        },
      },
    );
    threads.push(addComment.id);
    for (let r = 0; r < config.repliesPerThread; r++) {
      await call(
        invoke,
        commenters[(t + r + 1) % commenters.length]!.name,
        `mutation($input: ReplyToCommentInput!) { replyToComment(input: $input) { id } }`,
        {
          input: {
            threadId: addComment.id,
            body: `Reply ${r + 1}: added a reference and softened it.`,
          },
        },
      );
    }
  }
  for (const threadId of threads.slice(0, config.resolvedThreads)) {
    await call(invoke, lead, `mutation($t: ID!) { resolveCommentThread(threadId: $t) { id } }`, {
      t: threadId,
    });
  }
  for (let v = 0; v < config.versions; v++) {
    await call(
      invoke,
      lead,
      `mutation($input: CreateVersionInput!) { createVersion(input: $input) { id } }`,
      { input: { paperId, name: `Draft ${v + 1}` } },
    );
  }
  for (const status of ["IN_REVIEW", "ENDORSEMENT"]) {
    await call(
      invoke,
      lead,
      `mutation($p: ID!, $s: PaperStatus!) { changePaperStatus(input: { id: $p, status: $s }) { id } }`,
      { p: paperId, s: status },
    );
  }
  for (const person of people.slice(0, config.endorsements)) {
    await call(
      invoke,
      person.name,
      `mutation($input: EndorsePaperInput!) { endorsePaper(input: $input) { createdAt } }`,
      {
        input: {
          paperId,
          organisation: person.affiliation,
          statement: "We support the framework and will share our data under it.",
        },
      },
    );
  }
  return { paperId, reader: lead, words: body.words, ...stored };
}

/** The paper page: everything the web app's paper view asks for in one query. */
export const PAPER_PAGE_QUERY = `query PaperPage($id: ID!) {
  paper(id: $id) {
    id
    title
    summary
    status
    version
    updatedAt
    diplomacyTypes
    workingGroup { id name topics { id name } }
    topics { id name }
    collaborators {
      role
      addedAt
      member { id displayName affiliation country community }
    }
    content {
      text
      outline { level text }
      wordCount
      lastEditedAt
    }
    commentThreads(first: 50) {
      edges {
        node {
          id
          resolved
          createdAt
          anchor { quote currentText }
          comments { id body createdAt edited author { id displayName } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    versions(first: 20) {
      edges { node { id name createdAt createdBy { id displayName } } }
    }
    endorsementCount
    viewerRole
    viewerCan {
      read editText comment resolveComment editMetadata manageCollaborators
      createVersion restoreVersion changeStatus endorse
    }
    allowedStatusTransitions
  }
}`;
