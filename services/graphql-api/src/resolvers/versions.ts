// Named versions: snapshots of the live document, readable as text and restorable as a new edit.
import { newId, notFound, type PaperVersion, TEXT_LIMITS, text } from "@accord/domain";
import { paperFor } from "../access.ts";
import type { RequestContext } from "../context.ts";
import { documentsOf } from "../documents.ts";
import type {
  MutationResolvers,
  PaperVersionResolvers,
  PositionPaperResolvers,
  QueryResolvers,
} from "../generated/resolvers.ts";
import { pageRequest, toConnection } from "../paging.ts";
import { recordActivity } from "./input.ts";

/** Versions are immutable: read each snapshot once even when text and markdown are asked. */
const readings = new WeakMap<Uint8Array, { text: string; markdown: string }>();
function readVersion(context: RequestContext, version: PaperVersion) {
  let reading = readings.get(version.snapshot);
  if (!reading) {
    reading = documentsOf(context).read(version.snapshot);
    readings.set(version.snapshot, reading);
  }
  return reading;
}

export const versionQueries: Pick<QueryResolvers, "version"> = {
  async version(_parent, { id }, context) {
    const version = await context.store.versions.get(id);
    if (!version) throw notFound("version", id);
    await paperFor(context, version.paperId, "read");
    return version;
  },
};

export const versionMutations: Pick<MutationResolvers, "createVersion" | "restoreVersion"> = {
  async createVersion(_parent, { input }, context) {
    const { paper, actor } = await paperFor(context, input.paperId, "createVersion");
    const name = text("name", input.name, TEXT_LIMITS.versionName);
    const version: PaperVersion = {
      id: newId(),
      paperId: paper.id,
      name,
      createdBy: actor!.memberId,
      createdAt: context.now(),
      // Opened afresh: a version must hold the document as stored now.
      snapshot: (await documentsOf(context).open(paper.id)).snapshot(),
    };
    await context.store.versions.create(version);
    await recordActivity(context, paper.id, "VERSION_CREATED", { versionId: version.id, name });
    return version;
  },

  async restoreVersion(_parent, { versionId }, context) {
    await context.requireViewer();
    const version = await context.store.versions.get(versionId);
    if (!version) throw notFound("version", versionId);
    const { paper, actor } = await paperFor(context, version.paperId, "restoreVersion");
    const current = await documentsOf(context).open(paper.id);
    const update = current.restoreUpdate(version.snapshot);
    // Through live editing when it runs, so open editors receive the restore at once.
    if (context.live) {
      await context.live.applyServerUpdate(paper.id, update, actor!.memberId);
    } else {
      await context.store.documents.append(paper.id, update, {
        memberId: actor!.memberId,
        at: context.now(),
      });
    }
    context.loaders.documents.clear(paper.id);
    await recordActivity(context, paper.id, "VERSION_RESTORED", {
      versionId: version.id,
      name: version.name,
    });
    return paper;
  },
};

export const versionPaperFields: Pick<PositionPaperResolvers, "versions"> = {
  async versions(paper, args, context) {
    return toConnection(
      await context.store.versions.listByPaper(paper.id, pageRequest(context.limits.graphql, args)),
    );
  },
};

export const versionFields: PaperVersionResolvers = {
  async paper(version, _args, context) {
    const paper = await context.loaders.papers.load(version.paperId);
    if (!paper) throw notFound("paper", version.paperId);
    return paper;
  },
  createdBy: (version, _args, context) => context.loaders.members.load(version.createdBy),
  text: (version, _args, context) => readVersion(context, version).text,
  markdown: (version, _args, context) => readVersion(context, version).markdown,
};
