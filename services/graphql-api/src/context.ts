// The per-request context: who is calling (identity → member, created on first use), the
// services resolvers use, and the request's DataLoaders.
import type { LiveNotifier } from "@accord/collab";
import { type Actor, type Limits, type Member, nowIso, unauthenticated } from "@accord/domain";
import { type Identity, memberOfIdentity } from "@accord/identity";
import type { Logger } from "@accord/logging";
import type { Store } from "@accord/storage";
import type { PaperDocuments } from "./documents.ts";
import type { Exports } from "./exports/files.ts";
import { createLoaders, type Loaders } from "./loaders.ts";
import type { Publications } from "./publication.ts";

/** What every request shares. */
export interface Services {
  store: Store;
  /** Tells open live documents about changes; null when no live editing runs beside GraphQL. */
  live: LiveNotifier | null;
  /** Reads live documents (content, versions, anchors); null before live editing is wired. */
  documents: PaperDocuments | null;
  /** Where public pages of published papers are written; null when none are. */
  publications: Publications | null;
  /** Where exported files go and the limits of one export; null when exports are off. */
  exports: Exports | null;
  limits: Limits;
  logger: Logger;
  clock: () => Date;
}

export interface RequestContext extends Services {
  requestId: string;
  identity: Identity | null;
  loaders: Loaders;
  /** The calling member, created from the token on first use; null when anonymous. */
  viewer(): Promise<Member | null>;
  /** The calling member; UNAUTHENTICATED when anonymous. */
  requireViewer(): Promise<Member>;
  /** The caller as the role table sees them; null when anonymous. */
  actor(): Promise<Actor | null>;
  now(): string;
}

export function createRequestContext(
  services: Services,
  request: { requestId: string; identity: Identity | null },
): RequestContext {
  const loaders = createLoaders(services.store, services.documents);
  let viewer: Promise<Member | null> | null = null;
  const context: RequestContext = {
    ...services,
    requestId: request.requestId,
    identity: request.identity,
    loaders,
    viewer() {
      viewer ??= request.identity
        ? memberOfIdentity(services.store, request.identity, services.clock).then((member) => {
            loaders.members.prime(member.id, member);
            return member;
          })
        : Promise.resolve(null);
      return viewer;
    },
    async requireViewer() {
      const member = await context.viewer();
      if (!member) throw unauthenticated("Sign in to do this: send a bearer token.");
      return member;
    },
    async actor() {
      const member = await context.viewer();
      return member ? { memberId: member.id, platformRole: member.platformRole } : null;
    },
    now: () => nowIso(services.clock),
  };
  return context;
}
