// Per-request batching: every entity a query touches many times is read through one of these,
// so a page of papers costs a constant number of storage calls, not one per paper.
import type {
  Collaborator,
  Member,
  PositionPaper,
  Topic,
  WorkingGroup,
  WorkingGroupMembership,
} from "@accord/domain";
import type { Store } from "@accord/storage";
import DataLoader from "dataloader";
import type { PaperDocument, PaperDocuments } from "./documents.ts";

export interface Loaders {
  members: DataLoader<string, Member | null>;
  papers: DataLoader<string, PositionPaper | null>;
  workingGroups: DataLoader<string, WorkingGroup | null>;
  topics: DataLoader<string, Topic | null>;
  collaboratorsByPaper: DataLoader<string, Collaborator[]>;
  membershipsByGroup: DataLoader<string, WorkingGroupMembership[]>;
  endorsementCount: DataLoader<string, number>;
  /** Each paper's live document, opened once per request. */
  documents: DataLoader<string, PaperDocument>;
  /** Every topic (for validating topic ids), read once per request. */
  allTopics(): Promise<Topic[]>;
}

export function createLoaders(store: Store, documents: PaperDocuments | null): Loaders {
  let allTopics: Promise<Topic[]> | null = null;
  return {
    members: new DataLoader((ids) => store.members.getMany(ids)),
    papers: new DataLoader((ids) => store.papers.getMany(ids)),
    workingGroups: new DataLoader((ids) => store.workingGroups.getMany(ids)),
    topics: new DataLoader((ids) => store.topics.getMany(ids)),
    collaboratorsByPaper: new DataLoader((ids) => store.collaborators.listByPapers(ids)),
    // The ports have no batch read for these; DataLoader still de-duplicates within a request.
    membershipsByGroup: new DataLoader((ids) =>
      Promise.all(ids.map((id) => store.workingGroups.listMemberships(id))),
    ),
    endorsementCount: new DataLoader((ids) =>
      Promise.all(ids.map((id) => store.endorsements.count(id))),
    ),
    documents: new DataLoader(
      (ids) => {
        if (!documents) throw new Error("This server was started without live documents.");
        return Promise.all(ids.map((id) => documents.open(id)));
      },
      { batch: false },
    ),
    allTopics() {
      allTopics ??= store.topics.list();
      return allTopics;
    },
  };
}

/** Load many keys and keep the entities that exist (a dangling id is skipped, not an error). */
export async function loadExisting<V>(
  loader: DataLoader<string, V | null>,
  keys: readonly string[],
): Promise<V[]> {
  const values = await loader.loadMany(keys);
  return values.filter((v): v is Awaited<V> => v !== null && !(v instanceof Error)) as V[];
}
