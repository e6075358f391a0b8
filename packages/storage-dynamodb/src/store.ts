// createDynamoStore: every storage port of Accord over one DynamoDB table.
import type { Store } from "@accord/storage";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { activityStore } from "./activity.ts";
import { attributionStore } from "./attribution.ts";
import { chunkStore } from "./chunks.ts";
import { collaboratorStore } from "./collaborators.ts";
import { commentStore } from "./comments.ts";
import { connectionStore } from "./connections.ts";
import type { Db } from "./db.ts";
import { documentStore } from "./documents.ts";
import { endorsementStore } from "./endorsements.ts";
import { invitationStore, joinRequestStore } from "./invitations.ts";
import { memberStore } from "./members.ts";
import { notificationStore } from "./notifications.ts";
import { paperStore } from "./papers.ts";
import { evidenceCitationStore, surveyResponseStore, surveyStore } from "./surveys.ts";
import { topicStore } from "./topics.ts";
import { versionStore } from "./versions.ts";
import { workingGroupStore } from "./working-groups.ts";

export interface DynamoStoreOptions {
  /** A client from `createDynamoClient` (or any configured one); the store never destroys it. */
  client: DynamoDBDocumentClient | DynamoDBClient;
  tableName: string;
  /** Epoch milliseconds; the real clock by default. Used for log entry ids and expiry checks. */
  clock?: () => number;
}

export function createDynamoStore(options: DynamoStoreOptions): Store {
  const doc =
    options.client instanceof DynamoDBClient
      ? DynamoDBDocumentClient.from(options.client, {
          marshallOptions: { removeUndefinedValues: true },
        })
      : options.client;
  const db: Db = { doc, table: options.tableName, now: options.clock ?? Date.now };
  return {
    members: memberStore(db),
    topics: topicStore(db),
    workingGroups: workingGroupStore(db),
    papers: paperStore(db),
    collaborators: collaboratorStore(db),
    comments: commentStore(db),
    versions: versionStore(db),
    endorsements: endorsementStore(db),
    activity: activityStore(db),
    invitations: invitationStore(db),
    joinRequests: joinRequestStore(db),
    surveys: surveyStore(db),
    surveyResponses: surveyResponseStore(db),
    citations: evidenceCitationStore(db),
    notifications: notificationStore(db),
    documents: documentStore(db),
    attribution: attributionStore(db),
    connections: connectionStore(db),
    chunks: chunkStore(db),
    // The client belongs to the caller (one per Lambda container, shared by every store).
    async close() {},
  };
}
