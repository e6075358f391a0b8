// Every resolver of the schema, assembled; the generated types check each against the schema.
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import type { Resolvers } from "../generated/resolvers.ts";
import { activityFields, activityPaperFields } from "./activity.ts";
import {
  commentAnchorFields,
  commentFields,
  commentMutations,
  commentPaperFields,
  commentThreadFields,
} from "./comments.ts";
import { endorsementFields, endorsementMutations, endorsementPaperFields } from "./endorsements.ts";
import { exportMutations } from "./exports.ts";
import {
  commentMentionFields,
  inboxMutations,
  inboxQueries,
  inboxStateFields,
  notificationFields,
} from "./inbox.ts";
import {
  invitationFields,
  invitationMutations,
  invitationQueries,
  joinRequestFields,
} from "./invitations.ts";
import { memberFields, memberMutations, memberQueries } from "./members.ts";
import { collaboratorFields, paperFields, paperMutations, paperQueries } from "./papers.ts";
import { suggestionFields, suggestionPaperFields } from "./suggestions.ts";
import {
  diplomacyTypeResultsFields,
  evidenceCitationFields,
  evidencePaperFields,
  questionResultsFields,
  surveyFields,
  surveyMutations,
  surveyQueries,
  surveyQuestionFields,
  surveyResponseFields,
  surveyResultsFields,
} from "./surveys.ts";
import { topicQueries } from "./topics.ts";
import { versionFields, versionMutations, versionPaperFields, versionQueries } from "./versions.ts";
import {
  membershipFields,
  workingGroupFields,
  workingGroupMutations,
  workingGroupQueries,
} from "./working-groups.ts";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const DateTime = new GraphQLScalarType({
  name: "DateTime",
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === "string") return value;
    throw new GraphQLError("DateTime cannot represent this value.");
  },
  parseValue(value) {
    if (typeof value === "string" && ISO_INSTANT.test(value)) return value;
    throw new GraphQLError('DateTime must be an ISO-8601 UTC string, e.g. "2026-03-01T09:30:00Z".');
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && ISO_INSTANT.test(ast.value)) return ast.value;
    throw new GraphQLError('DateTime must be an ISO-8601 UTC string, e.g. "2026-03-01T09:30:00Z".');
  },
});

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    ...memberQueries,
    ...topicQueries,
    ...workingGroupQueries,
    ...paperQueries,
    ...versionQueries,
    ...invitationQueries,
    ...surveyQueries,
    ...inboxQueries,
  },
  Mutation: {
    ...memberMutations,
    ...workingGroupMutations,
    ...paperMutations,
    ...commentMutations,
    ...versionMutations,
    ...endorsementMutations,
    ...exportMutations,
    ...invitationMutations,
    ...surveyMutations,
    ...inboxMutations,
  },
  Member: memberFields,
  WorkingGroup: workingGroupFields,
  WorkingGroupMembership: membershipFields,
  PositionPaper: {
    ...paperFields,
    ...commentPaperFields,
    ...versionPaperFields,
    ...endorsementPaperFields,
    ...activityPaperFields,
    ...evidencePaperFields,
    ...suggestionPaperFields,
  },
  Collaborator: collaboratorFields,
  CommentThread: commentThreadFields,
  CommentAnchor: commentAnchorFields,
  Comment: { ...commentFields, ...commentMentionFields },
  PaperVersion: versionFields,
  Endorsement: endorsementFields,
  ActivityEvent: activityFields,
  Invitation: invitationFields,
  JoinRequest: joinRequestFields,
  Survey: surveyFields,
  SurveyQuestion: surveyQuestionFields,
  SurveyResponse: surveyResponseFields,
  SurveyResults: surveyResultsFields,
  QuestionResults: questionResultsFields,
  DiplomacyTypeResults: diplomacyTypeResultsFields,
  EvidenceCitation: evidenceCitationFields,
  Suggestion: suggestionFields,
  Notification: notificationFields,
  InboxState: inboxStateFields,
};
