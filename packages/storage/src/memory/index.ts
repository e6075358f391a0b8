// The in-memory reference implementation of every port: the contract suite's first adapter,
// and the store for tests that do not care about durability. One module per port, over one
// shared state (state.ts).
import type { Store } from "../ports.ts";
import { activityStore } from "./activity.ts";
import { attributionStore } from "./attribution.ts";
import { chunkStore } from "./chunks.ts";
import { collaboratorStore } from "./collaborators.ts";
import { commentStore } from "./comments.ts";
import { connectionStore } from "./connections.ts";
import { documentStore } from "./documents.ts";
import { endorsementStore } from "./endorsements.ts";
import { invitationStore, joinRequestStore } from "./invitations.ts";
import { memberStore } from "./members.ts";
import { notificationStore } from "./notifications.ts";
import { paperStore } from "./papers.ts";
import { emptyState } from "./state.ts";
import { evidenceCitationStore, surveyResponseStore, surveyStore } from "./surveys.ts";
import { topicStore } from "./topics.ts";
import { versionStore } from "./versions.ts";
import { workingGroupStore } from "./working-groups.ts";

export function createMemoryStore(): Store {
  const state = emptyState();
  return {
    members: memberStore(state),
    topics: topicStore(state),
    workingGroups: workingGroupStore(state),
    papers: paperStore(state),
    collaborators: collaboratorStore(state),
    comments: commentStore(state),
    versions: versionStore(state),
    endorsements: endorsementStore(state),
    activity: activityStore(state),
    invitations: invitationStore(state),
    joinRequests: joinRequestStore(state),
    surveys: surveyStore(state),
    surveyResponses: surveyResponseStore(state),
    citations: evidenceCitationStore(state),
    notifications: notificationStore(state),
    documents: documentStore(state),
    attribution: attributionStore(state),
    connections: connectionStore(state),
    chunks: chunkStore(state),
    async close() {},
  };
}
