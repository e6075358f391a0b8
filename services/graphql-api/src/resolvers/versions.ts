// Named versions: snapshots of the live document, readable as text and restorable as a new edit,
// and comparable with each other or with the paper now, each change with its author.
import { compareStates, loadAuthorship } from "@accord/collab";
import {
  badInput,
  type Member,
  newId,
  notFound,
  type PaperVersion,
  TEXT_LIMITS,
  text,
} from "@accord/domain";
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

/** A version of `paperId` named by the caller; BAD_USER_INPUT for a version of another paper. */
async function versionOf(
  context: RequestContext,
  paperId: string,
  field: "from" | "to",
  id: string,
): Promise<PaperVersion> {
  const version = await context.store.versions.get(id);
  if (!version) throw notFound("version", id);
  if (version.paperId !== paperId) throw badInput(field, "This version is of another paper.");
  return version;
}

export const versionQueries: Pick<QueryResolvers, "version" | "compareVersions"> = {
  async version(_parent, { id }, context) {
    const version = await context.store.versions.get(id);
    if (!version) throw notFound("version", id);
    await paperFor(context, version.paperId, "read");
    return version;
  },

  async compareVersions(_parent, args, context) {
    const { paper } = await paperFor(context, args.paperId, "read");
    const from = await versionOf(context, paper.id, "from", args.from);
    const to = args.to ? await versionOf(context, paper.id, "to", args.to) : null;
    // The map as of now covers every edit either version holds (its tail replayed on the fly).
    const { attribution, current } = await loadAuthorship(context.store, paper.id);
    const comparison = compareStates(from.snapshot, to?.snapshot ?? current, attribution);
    const authorIds = [
      ...new Set(
        comparison.blocks.flatMap((block) =>
          block.runs.flatMap((run) => (run.authorId ? [run.authorId] : [])),
        ),
      ),
    ];
    const members = new Map<string, Member>();
    for (const [i, member] of (await context.loaders.members.loadMany(authorIds)).entries()) {
      if (member && !(member instanceof Error)) members.set(authorIds[i]!, member);
    }
    const author = (id: string | null) => (id === null ? null : (members.get(id) ?? null));
    return {
      from,
      to,
      blocks: comparison.blocks.map((block) => ({
        type: block.type,
        level: block.level,
        runs: block.runs.map((run) => ({
          text: run.text,
          change: run.change,
          author: author(run.authorId),
        })),
      })),
      authors: comparison.authors.map((entry) => ({
        author: author(entry.authorId),
        wordsAdded: entry.wordsAdded,
        wordsRemoved: entry.wordsRemoved,
      })),
    };
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
