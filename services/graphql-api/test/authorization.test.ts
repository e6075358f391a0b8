// The authorization matrix: every operation × every kind of caller → allowed, or the code a
// client gets. Each case runs on a fresh paper so no case depends on another.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Comment,
  EXPORT_LIMITS,
  newId,
  type PaperRole,
  type PaperStatus,
  type PositionPaper,
  type SurveyResultsVisibility,
  type SurveyStatus,
  surveyQuestions,
} from "@accord/domain";
import { createMemoryStore } from "@accord/storage";
import { buildSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { typeDefs } from "../src/generated/type-defs.ts";
import { createCollabDocuments, createLocalExportFiles } from "../src/index.ts";
import { recordingLive } from "./recording-live.ts";
import { startTestApi, type TestApi } from "./support.ts";

const CALLERS = [
  "anonymous",
  "nonMember",
  "VIEWER",
  "COMMENTER",
  "EDITOR",
  "LEAD",
  "COORDINATOR",
] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = "ok" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";
const [ok, UN, FB, NF, CF] = [
  "ok",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
] as const;

/** Outcomes in CALLERS order. */
type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

interface Fixture {
  paperId: string;
  groupId: string;
  threadId: string;
  versionId: string;
  /** A pending invitation to the paper, sent by its LEAD. */
  invitationId: string;
  /** A pending request of `target` to join the group. */
  joinRequestId: string;
  /** With `own`: the caller's own invitation to the group, or own join request. */
  ownId: string;
  /** A survey of the group, asking its members (see `survey`), and a citation of it. */
  surveyId: string;
  citationId: string;
}

interface Operation {
  name: string;
  status?: PaperStatus;
  /** Collaborators who have endorsed the paper before the case runs. */
  endorsedBy?: boolean;
  /** A resolved thread instead of an open one. */
  resolvedThread?: boolean;
  /** Something of the caller's own before the case runs. */
  own?: "invitation" | "joinRequest";
  /** The group's survey: its status (DRAFT unless given) and who sees its results. */
  survey?: { status: SurveyStatus; visibility?: SurveyResultsVisibility };
  /** Allowed answers may be null (`me` for anonymous callers). */
  nullable?: boolean;
  query: string;
  variables: (fixture: Fixture, ids: Record<string, string>) => Record<string, unknown>;
  expect: Row;
}

const PAPER_FIELDS = `id title content { text } collaborators { role member { id } }
  commentThreads { edges { node { id comments { body } } } } versions { edges { node { id text } } }
  endorsements { edges { node { organisation } } } activity { edges { node { kind } } }`;

const OPERATIONS: Operation[] = [
  // Surveys: the fixture's survey belongs to the group (LEAD convenes it, EDITOR is a member)
  // and asks the group's members.
  {
    name: "survey (DRAFT)",
    query: `query($s: ID!) { survey(id: $s) { id title questions { id } permissions { edit } } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, NF, ok, ok],
  },
  {
    name: "survey (OPEN)",
    survey: { status: "OPEN" },
    query: `query($s: ID!) { survey(id: $s) { id status permissions { respond } } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, ok, ok, ok],
  },
  {
    name: "survey (CLOSED, public results)",
    survey: { status: "CLOSED", visibility: "PUBLIC" },
    query: `query($s: ID!) { survey(id: $s) { id status } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "surveys",
    query: `{ surveys { edges { node { id } } } }`,
    variables: () => ({}),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "surveyResults (OPEN)",
    survey: { status: "OPEN" },
    query: `query($s: ID!) { surveyResults(id: $s) { csv } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, CF, CF, CF],
  },
  {
    name: "surveyResults (CLOSED, members)",
    survey: { status: "CLOSED" },
    query: `query($s: ID!) { surveyResults(id: $s) { csv questions { overall { suppressed } } } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, ok, ok, ok],
  },
  {
    name: "surveyResults (CLOSED, respondents)",
    survey: { status: "CLOSED", visibility: "RESPONDENTS" },
    query: `query($s: ID!) { surveyResults(id: $s) { csv } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, FB, ok, ok],
  },
  {
    name: "surveyResults (CLOSED, public)",
    survey: { status: "CLOSED", visibility: "PUBLIC" },
    query: `query($s: ID!) { surveyResults(id: $s) { csv } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "createSurvey (working group)",
    query: `mutation($g: ID!) { createSurvey(workingGroupId: $g, input: { title: "Perceptions",
      questions: [{ kind: LIKERT, prompt: "Science informs diplomacy" }] }) { id } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "createSurvey (platform)",
    query: `mutation { createSurvey(input: { title: "Platform perceptions" }) { id } }`,
    variables: () => ({}),
    expect: [UN, FB, FB, FB, FB, FB, ok],
  },
  {
    name: "updateSurvey",
    query: `mutation($s: ID!) { updateSurvey(id: $s, expectedVersion: 1, input: { title: "Renamed",
      audience: WORKING_GROUP }) { id } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, NF, ok, ok],
  },
  {
    name: "openSurvey",
    query: `mutation($s: ID!) { openSurvey(id: $s) { id status } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, NF, ok, ok],
  },
  {
    name: "closeSurvey",
    survey: { status: "OPEN" },
    query: `mutation($s: ID!) { closeSurvey(id: $s) { id status } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, FB, ok, ok],
  },
  {
    name: "archiveSurvey",
    survey: { status: "CLOSED" },
    query: `mutation($s: ID!) { archiveSurvey(id: $s) { id status } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, FB, ok, ok],
  },
  {
    name: "respondToSurvey (OPEN)",
    survey: { status: "OPEN" },
    query: `mutation($s: ID!) { respondToSurvey(surveyId: $s, answers: [{ questionId: "q1", value: 4 }])
      { submittedAt } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [NF, NF, NF, NF, ok, ok, FB],
  },
  {
    name: "respondToSurvey (CLOSED, public)",
    survey: { status: "CLOSED", visibility: "PUBLIC" },
    query: `mutation($s: ID!) { respondToSurvey(surveyId: $s, answers: [{ questionId: "q1", value: 4 }])
      { submittedAt } }`,
    variables: (f) => ({ s: f.surveyId }),
    expect: [UN, FB, FB, FB, CF, CF, FB],
  },
  {
    name: "citeSurveyResult",
    survey: { status: "OPEN" },
    query: `mutation($p: ID!, $s: ID!) { citeSurveyResult(paperId: $p, surveyId: $s, questionId: "q1",
      mode: LIVE) { id } }`,
    variables: (f) => ({ p: f.paperId, s: f.surveyId }),
    expect: [UN, NF, FB, FB, ok, ok, FB],
  },
  {
    name: "removeEvidenceCitation",
    survey: { status: "OPEN" },
    query: `mutation($c: ID!) { removeEvidenceCitation(id: $c) }`,
    variables: (f) => ({ c: f.citationId }),
    expect: [UN, NF, FB, FB, ok, ok, FB],
  },
  {
    name: "paper evidence",
    survey: { status: "CLOSED", visibility: "PUBLIC" },
    query: `query($p: ID!) { paper(id: $p) { evidence { id question { id } results { overall { suppressed } } } } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [NF, NF, ok, ok, ok, ok, ok],
  },
  {
    name: "paper suggestions",
    query: `query($p: ID!) { paper(id: $p) { suggestions { id kind text author { id } createdAt } viewerCan { suggest } } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [NF, NF, ok, ok, ok, ok, ok],
  },
  {
    name: "paper suggestions (PUBLISHED)",
    status: "PUBLISHED",
    query: `query($p: ID!) { paper(id: $p) { suggestions { id kind } viewerCan { suggest } } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  // Exports: whoever may read the paper, comments included (they are part of what a reader sees).
  {
    name: "exportPaper",
    query: `mutation($p: ID!) { exportPaper(paperId: $p, format: MARKDOWN, includeComments: true) { url bytes } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [NF, NF, ok, ok, ok, ok, ok],
  },
  {
    name: "exportPaper (PUBLISHED)",
    status: "PUBLISHED",
    query: `mutation($p: ID!) { exportPaper(paperId: $p, format: HTML) { url bytes } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  // Reading
  {
    name: "paper",
    query: `query($p: ID!) { paper(id: $p) { ${PAPER_FIELDS} } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [NF, NF, ok, ok, ok, ok, ok],
  },
  {
    name: "paper (PUBLISHED)",
    status: "PUBLISHED",
    query: `query($p: ID!) { paper(id: $p) { ${PAPER_FIELDS} } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "version",
    query: `query($v: ID!) { version(id: $v) { id text } }`,
    variables: (f) => ({ v: f.versionId }),
    expect: [NF, NF, ok, ok, ok, ok, ok],
  },
  {
    name: "compareVersions",
    query: `query($p: ID!, $v: ID!) { compareVersions(paperId: $p, from: $v) {
      blocks { runs { text change author { id } } } authors { wordsAdded } } }`,
    variables: (f) => ({ p: f.paperId, v: f.versionId }),
    expect: [NF, NF, ok, ok, ok, ok, ok],
  },
  {
    name: "compareVersions (PUBLISHED)",
    status: "PUBLISHED",
    query: `query($p: ID!, $v: ID!) { compareVersions(paperId: $p, from: $v, to: $v) { blocks { type } } }`,
    variables: (f) => ({ p: f.paperId, v: f.versionId }),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "papers",
    query: `{ papers { edges { node { id } } } }`,
    variables: () => ({}),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "me",
    nullable: true,
    query: `{ me { id } }`,
    variables: () => ({}),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "topic",
    query: `{ topic(id: "oceans") { id name } }`,
    variables: () => ({}),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "topics",
    query: `{ topics { id } }`,
    variables: () => ({}),
    expect: [ok, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "workingGroup",
    query: `query($g: ID!) { workingGroup(id: $g) { id papers { edges { node { id } } } } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "workingGroups",
    query: `{ workingGroups { edges { node { id } } } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "members",
    query: `{ members { edges { node { id } } } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "member",
    query: `query($m: ID!) { member(id: $m) { id } }`,
    variables: (_f, ids) => ({ m: ids.target }),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "coordinators",
    query: `{ coordinators { id } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  // Members and working groups (LEAD convenes the group, EDITOR is a plain member of it)
  {
    name: "updateMe",
    query: `mutation { updateMe(input: { affiliation: "Somewhere" }) { id } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "createWorkingGroup",
    query: `mutation { createWorkingGroup(input: { name: "Another group" }) { id } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "updateWorkingGroup",
    query: `mutation($g: ID!) { updateWorkingGroup(input: { id: $g, name: "Renamed group" }) { id } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "addWorkingGroupMember",
    query: `mutation($g: ID!, $m: ID!) { addWorkingGroupMember(input: { workingGroupId: $g, memberId: $m }) { id } }`,
    variables: (f, ids) => ({ g: f.groupId, m: ids.target }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "changeWorkingGroupMemberRole",
    query: `mutation($g: ID!, $m: ID!) { changeWorkingGroupMemberRole(input: { workingGroupId: $g, memberId: $m, role: CONVENER }) { id } }`,
    variables: (f, ids) => ({ g: f.groupId, m: ids.EDITOR }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "removeWorkingGroupMember (the group's member)",
    query: `mutation($g: ID!, $m: ID!) { removeWorkingGroupMember(input: { workingGroupId: $g, memberId: $m }) { id } }`,
    variables: (f, ids) => ({ g: f.groupId, m: ids.EDITOR }),
    expect: [UN, FB, FB, FB, ok, ok, ok],
  },
  {
    name: "createPaper",
    query: `mutation($g: ID!) { createPaper(input: { workingGroupId: $g, title: "Another paper" }) { id } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, FB, FB, FB, ok, ok, ok],
  },
  // Papers
  {
    name: "updatePaper",
    query: `mutation($p: ID!) { updatePaper(input: { id: $p, title: "New title" }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, FB, FB, ok, ok, FB],
  },
  {
    name: "updatePaper (PUBLISHED)",
    status: "PUBLISHED",
    query: `mutation($p: ID!) { updatePaper(input: { id: $p, title: "New title" }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, FB, FB, FB, CF, CF, FB],
  },
  {
    name: "changePaperStatus → IN_REVIEW",
    query: `mutation($p: ID!) { changePaperStatus(input: { id: $p, status: IN_REVIEW }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, FB, FB, FB, ok, FB],
  },
  {
    name: "changePaperStatus → ARCHIVED",
    query: `mutation($p: ID!) { changePaperStatus(input: { id: $p, status: ARCHIVED }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, FB, FB, FB, ok, ok],
  },
  {
    name: "changePaperStatus PUBLISHED → ARCHIVED",
    status: "PUBLISHED",
    query: `mutation($p: ID!) { changePaperStatus(input: { id: $p, status: ARCHIVED }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "addCollaborator",
    query: `mutation($p: ID!, $m: ID!) { addCollaborator(input: { paperId: $p, memberId: $m, role: VIEWER }) { id } }`,
    variables: (f, ids) => ({ p: f.paperId, m: ids.target }),
    expect: [UN, NF, FB, FB, FB, ok, ok],
  },
  {
    name: "changeCollaboratorRole",
    query: `mutation($p: ID!, $m: ID!) { changeCollaboratorRole(input: { paperId: $p, memberId: $m, role: COMMENTER }) { id } }`,
    variables: (f, ids) => ({ p: f.paperId, m: ids.extra }),
    expect: [UN, NF, FB, FB, FB, ok, ok],
  },
  {
    name: "removeCollaborator (someone else)",
    query: `mutation($p: ID!, $m: ID!) { removeCollaborator(input: { paperId: $p, memberId: $m }) { id } }`,
    variables: (f, ids) => ({ p: f.paperId, m: ids.extra }),
    expect: [UN, NF, FB, FB, FB, ok, ok],
  },
  {
    name: "removeCollaborator (leave)",
    query: `mutation($p: ID!, $m: ID!) { removeCollaborator(input: { paperId: $p, memberId: $m }) { id } }`,
    variables: (f, ids) => ({ p: f.paperId, m: ids.self }),
    expect: [UN, NF, ok, ok, ok, CF, NF],
  },
  // Comments
  {
    name: "addComment",
    query: `mutation($p: ID!) { addComment(input: { paperId: $p, body: "A remark" }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, FB, ok, ok, ok, FB],
  },
  {
    name: "addComment (PUBLISHED)",
    status: "PUBLISHED",
    query: `mutation($p: ID!) { addComment(input: { paperId: $p, body: "A remark" }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, FB, FB, CF, CF, CF, FB],
  },
  {
    name: "replyToComment",
    query: `mutation($t: ID!) { replyToComment(input: { threadId: $t, body: "A reply" }) { id } }`,
    variables: (f) => ({ t: f.threadId }),
    expect: [UN, NF, FB, ok, ok, ok, FB],
  },
  {
    name: "editComment (the COMMENTER's)",
    query: `mutation($t: ID!) { editComment(input: { id: $t, body: "Changed" }) { id } }`,
    variables: (f) => ({ t: f.threadId }),
    expect: [UN, NF, FB, ok, FB, FB, FB],
  },
  {
    name: "resolveCommentThread",
    query: `mutation($t: ID!) { resolveCommentThread(threadId: $t) { id } }`,
    variables: (f) => ({ t: f.threadId }),
    expect: [UN, NF, FB, ok, ok, ok, FB],
  },
  {
    name: "reopenCommentThread",
    resolvedThread: true,
    query: `mutation($t: ID!) { reopenCommentThread(threadId: $t) { id } }`,
    variables: (f) => ({ t: f.threadId }),
    expect: [UN, NF, FB, ok, ok, ok, FB],
  },
  // Versions
  {
    name: "createVersion",
    query: `mutation($p: ID!) { createVersion(input: { paperId: $p, name: "Draft 2" }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, FB, FB, ok, ok, FB],
  },
  {
    name: "restoreVersion",
    query: `mutation($v: ID!) { restoreVersion(versionId: $v) { id } }`,
    variables: (f) => ({ v: f.versionId }),
    expect: [UN, NF, FB, FB, FB, ok, FB],
  },
  // Endorsements
  {
    name: "endorsePaper (ENDORSEMENT)",
    status: "ENDORSEMENT",
    query: `mutation($p: ID!) { endorsePaper(input: { paperId: $p, organisation: "Our Institute" }) { organisation } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, ok, ok, ok, ok, FB],
  },
  {
    name: "endorsePaper (DRAFT)",
    query: `mutation($p: ID!) { endorsePaper(input: { paperId: $p, organisation: "Our Institute" }) { organisation } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, CF, CF, CF, CF, FB],
  },
  {
    name: "withdrawEndorsement",
    status: "ENDORSEMENT",
    endorsedBy: true,
    query: `mutation($p: ID!) { withdrawEndorsement(paperId: $p) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, ok, ok, ok, ok, FB],
  },
  // Invitations and join requests (LEAD convenes the group, EDITOR is a plain member of it)
  {
    name: "inviteCollaborator",
    query: `mutation($p: ID!) { inviteCollaborator(input: { paperId: $p, username: "matrix-invitee", role: EDITOR }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, FB, FB, FB, ok, ok],
  },
  {
    name: "inviteCollaborator (PUBLISHED)",
    status: "PUBLISHED",
    query: `mutation($p: ID!) { inviteCollaborator(input: { paperId: $p, email: "invitee@example.org" }) { id } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "inviteGroupMember",
    query: `mutation($g: ID!) { inviteGroupMember(input: { workingGroupId: $g, email: "invitee@example.org" }) { id } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "revokeInvitation",
    query: `mutation($i: ID!) { revokeInvitation(id: $i) { id status } }`,
    variables: (f) => ({ i: f.invitationId }),
    expect: [UN, NF, FB, FB, FB, ok, ok],
  },
  {
    name: "acceptInvitation (the caller's)",
    own: "invitation",
    query: `mutation($i: ID!) { acceptInvitation(id: $i) { id status } }`,
    variables: (f) => ({ i: f.ownId }),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "acceptInvitation (someone else's)",
    query: `mutation($i: ID!) { acceptInvitation(id: $i) { id status } }`,
    variables: (f) => ({ i: f.invitationId }),
    expect: [UN, NF, NF, NF, NF, NF, NF],
  },
  {
    name: "paperInvitations",
    query: `query($p: ID!) { paperInvitations(paperId: $p) { id invitee status } }`,
    variables: (f) => ({ p: f.paperId }),
    expect: [UN, NF, FB, FB, FB, ok, ok],
  },
  {
    name: "workingGroupInvitations",
    query: `query($g: ID!) { workingGroupInvitations(workingGroupId: $g) { id } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "myInvitations",
    own: "invitation",
    query: `{ myInvitations { id targetName invitee } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "requestToJoinGroup",
    query: `mutation($g: ID!) { requestToJoinGroup(input: { workingGroupId: $g, message: "Hello" }) { id } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, ok, ok, ok, CF, CF, ok],
  },
  {
    name: "joinRequests",
    query: `query($g: ID!) { joinRequests(workingGroupId: $g) { id member { id } } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "decideJoinRequest",
    query: `mutation($r: ID!) { decideJoinRequest(input: { id: $r, approve: true }) { id status } }`,
    variables: (f) => ({ r: f.joinRequestId }),
    expect: [UN, FB, FB, FB, FB, ok, ok],
  },
  {
    name: "withdrawJoinRequest (the caller's)",
    own: "joinRequest",
    query: `mutation($r: ID!) { withdrawJoinRequest(id: $r) { id status } }`,
    variables: (f) => ({ r: f.ownId }),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "withdrawJoinRequest (someone else's)",
    query: `mutation($r: ID!) { withdrawJoinRequest(id: $r) { id status } }`,
    variables: (f) => ({ r: f.joinRequestId }),
    expect: [UN, FB, FB, FB, FB, FB, FB],
  },
  {
    name: "myJoinRequests",
    query: `{ myJoinRequests { id } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  // The inbox: each member's own; marking someone else's notification read changes nothing.
  {
    name: "inbox",
    query: `{ inbox(first: 5) { edges { node { id kind paper { id } } } } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "inboxState",
    query: `{ inboxState { unreadCount version } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "markNotificationsRead",
    query: `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { unreadCount } }`,
    variables: () => ({ ids: [newId()] }),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "markAllNotificationsRead",
    query: `mutation { markAllNotificationsRead { unreadCount } }`,
    variables: () => ({}),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
  {
    name: "requestEndorsement (ENDORSEMENT)",
    status: "ENDORSEMENT",
    query: `mutation($p: ID!, $m: ID!) { requestEndorsement(input: { paperId: $p, memberId: $m }) { id } }`,
    variables: (f, ids) => ({ p: f.paperId, m: ids.extra }),
    expect: [UN, NF, FB, FB, FB, ok, FB],
  },
  {
    name: "requestEndorsement (DRAFT)",
    query: `mutation($p: ID!, $m: ID!) { requestEndorsement(input: { paperId: $p, memberId: $m }) { id } }`,
    variables: (f, ids) => ({ p: f.paperId, m: ids.extra }),
    expect: [UN, NF, FB, FB, FB, CF, FB],
  },
  {
    name: "workingGroupActivity",
    query: `query($g: ID!) { workingGroupActivity(workingGroupId: $g) { edges { node { kind } } } }`,
    variables: (f) => ({ g: f.groupId }),
    expect: [UN, ok, ok, ok, ok, ok, ok],
  },
];

const store = createMemoryStore();
const exportsDir = mkdtempSync(join(tmpdir(), "accord-matrix-exports-"));
let api: TestApi;
const ids: Record<string, string> = {};
const tokens: Partial<Record<Caller, string>> = {};
const USERNAMES: Record<Exclude<Caller, "anonymous">, string> = {
  nonMember: "matrix-non-member",
  VIEWER: "matrix-viewer",
  COMMENTER: "matrix-commenter",
  EDITOR: "matrix-editor",
  LEAD: "matrix-lead",
  COORDINATOR: "matrix-coordinator",
};

beforeAll(async () => {
  api = await startTestApi({
    store,
    live: recordingLive(store),
    documents: createCollabDocuments(store),
    exports: {
      files: createLocalExportFiles({ dir: exportsDir, origin: () => "http://accord.test" }),
      limits: EXPORT_LIMITS,
    },
  });
  for (const [caller, username] of Object.entries(USERNAMES)) {
    const token = await api.token(username, { coordinator: caller === "COORDINATOR" });
    tokens[caller as Caller] = token;
    const response = await api.gql<{ me: { id: string } }>("{ me { id } }", {}, token);
    ids[caller] = response.data!.me.id;
  }
  for (const extra of ["target", "extra"]) {
    const response = await api.gql<{ me: { id: string } }>(
      "{ me { id } }",
      {},
      await api.token(`matrix-${extra}`),
    );
    ids[extra] = response.data!.me.id;
  }
});
afterAll(async () => {
  await api.close();
  rmSync(exportsDir, { recursive: true, force: true });
});

const EMPTY_DOCUMENT = Y.encodeStateAsUpdate(new Y.Doc());

async function fixture(operation: Operation, caller: Caller): Promise<Fixture> {
  const now = new Date().toISOString();
  const groupId = newId();
  await store.workingGroups.create(
    {
      id: groupId,
      name: "Matrix group",
      description: "",
      topicIds: [],
      createdBy: ids.LEAD!,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
    { workingGroupId: groupId, memberId: ids.LEAD!, role: "CONVENER", addedAt: now },
  );
  await store.workingGroups.addMembership({
    workingGroupId: groupId,
    memberId: ids.EDITOR!,
    role: "MEMBER",
    addedAt: now,
  });
  const paper: PositionPaper = {
    id: newId(),
    workingGroupId: groupId,
    title: "Matrix paper",
    summary: "",
    topicIds: [],
    diplomacyTypes: [],
    status: operation.status ?? "DRAFT",
    createdBy: ids.LEAD!,
    publishedAt: operation.status === "PUBLISHED" ? now : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await store.papers.create(paper, {
    paperId: paper.id,
    memberId: ids.LEAD!,
    role: "LEAD",
    addedBy: ids.LEAD!,
    addedAt: now,
  });
  const roles: [string, PaperRole][] = [
    [ids.EDITOR!, "EDITOR"],
    [ids.COMMENTER!, "COMMENTER"],
    [ids.VIEWER!, "VIEWER"],
    [ids.extra!, "VIEWER"],
  ];
  for (const [memberId, role] of roles) {
    await store.collaborators.add({
      paperId: paper.id,
      memberId,
      role,
      addedBy: ids.LEAD!,
      addedAt: now,
    });
  }
  const threadId = newId();
  const comment: Comment = {
    id: threadId,
    paperId: paper.id,
    threadId,
    authorId: ids.COMMENTER!,
    body: "A first remark",
    anchor: null,
    resolved: operation.resolvedThread ?? false,
    resolvedBy: operation.resolvedThread ? ids.COMMENTER! : null,
    resolvedAt: operation.resolvedThread ? now : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await store.comments.create(comment);
  const versionId = newId();
  await store.versions.create({
    id: versionId,
    paperId: paper.id,
    name: "First",
    createdBy: ids.EDITOR!,
    createdAt: now,
    snapshot: EMPTY_DOCUMENT,
  });
  if (operation.endorsedBy) {
    for (const memberId of [ids.LEAD!, ids.EDITOR!, ids.COMMENTER!, ids.VIEWER!]) {
      await store.endorsements.create({
        paperId: paper.id,
        memberId,
        organisation: "Org",
        statement: null,
        createdAt: now,
      });
    }
  }
  const invitationId = newId();
  await store.invitations.create({
    id: invitationId,
    target: "PAPER",
    targetId: paper.id,
    role: "COMMENTER",
    inviteeKind: "EMAIL",
    invitee: "someone@example.org",
    status: "PENDING",
    invitedBy: ids.LEAD!,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    acceptedBy: null,
    closedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  const joinRequestId = newId();
  await store.joinRequests.create({
    id: joinRequestId,
    workingGroupId: groupId,
    memberId: ids.target!,
    message: "",
    status: "PENDING",
    decidedBy: null,
    decidedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  const ownId = newId();
  if (operation.own === "invitation") {
    await store.invitations.create({
      id: ownId,
      target: "WORKING_GROUP",
      targetId: groupId,
      role: "MEMBER",
      inviteeKind: "USERNAME",
      invitee: caller === "anonymous" ? "matrix-anonymous" : USERNAMES[caller],
      status: "PENDING",
      invitedBy: ids.LEAD!,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      acceptedBy: null,
      closedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (operation.own === "joinRequest") {
    await store.joinRequests.create({
      id: ownId,
      workingGroupId: groupId,
      memberId: ids[caller] ?? ids.nonMember!,
      message: "",
      status: "PENDING",
      decidedBy: null,
      decidedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }
  const surveyId = newId();
  const surveyStatus = operation.survey?.status ?? "DRAFT";
  await store.surveys.create({
    id: surveyId,
    workingGroupId: groupId,
    title: "Matrix survey",
    introduction: "",
    audience: "WORKING_GROUP",
    audienceCommunities: [],
    opensAt: null,
    closesAt: null,
    status: surveyStatus,
    anonymous: false,
    resultsVisibility: operation.survey?.visibility ?? "MEMBERS",
    questions: surveyQuestions([{ id: "q1", kind: "LIKERT", prompt: "Science informs diplomacy" }]),
    createdBy: ids.LEAD!,
    openedAt: surveyStatus === "DRAFT" ? null : now,
    closedAt: surveyStatus === "CLOSED" ? now : null,
    pseudonymKey: "a2V5",
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  if (surveyStatus !== "DRAFT") {
    // The convener responded (RESPONDENTS visibility shows them results).
    await store.surveyResponses.put({
      surveyId,
      respondentKey: ids.LEAD!,
      memberId: ids.LEAD!,
      community: null,
      answers: [{ questionId: "q1", value: 4, choices: [], text: null }],
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }
  const citationId = newId();
  await store.citations.create({
    id: citationId,
    paperId: paper.id,
    surveyId,
    questionId: "q1",
    mode: "LIVE",
    frozenResults: null,
    citedBy: ids.LEAD!,
    citedAt: now,
  });
  return {
    paperId: paper.id,
    groupId,
    threadId,
    versionId,
    invitationId,
    joinRequestId,
    ownId,
    surveyId,
    citationId,
  };
}

describe("authorization matrix", () => {
  const cases = OPERATIONS.flatMap((operation) =>
    CALLERS.map((caller, i) => ({ operation, caller, expected: operation.expect[i]! })),
  );
  it.each(cases)("$operation.name × $caller → $expected", async ({
    operation,
    caller,
    expected,
  }) => {
    const f = await fixture(operation, caller);
    const variables = operation.variables(f, { ...ids, self: ids[caller] ?? ids.nonMember! });
    const response = await api.gql(operation.query, variables, tokens[caller] ?? null);
    const outcome = response.errors?.length ? response.errors[0]?.extensions?.code : "ok";
    expect(outcome, JSON.stringify(response.errors)).toBe(expected);
    if (expected === "ok" && !operation.nullable) {
      expect(Object.values(response.data ?? {}).every((value) => value !== null)).toBe(true);
    }
  });

  it("covers every query and mutation of the schema", () => {
    const named = new Set(
      OPERATIONS.flatMap((o) => [...o.query.matchAll(/[{(]\s*(\w+)\s*[({]/g)].map((m) => m[1])),
    );
    const schema = buildSchema(typeDefs);
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
    ];
    expect(fields.filter((field) => !named.has(field))).toEqual([]);
  });
});
